-- Every model two devices of one device model both measured, at comparable batch sizes
-- (view source_comparison: measured, or interpolated log-linearly between neighbouring batch sizes).
SELECT c.*, model_label(mo.name, c.resolution_px, mo.resolution_px) AS name
FROM source_comparison c
JOIN models mo USING (model_id)
WHERE c.device_a = $device_a AND c.device_b = $device_b
ORDER BY c.settings_key, c.batch_size, mo.name, c.model_id;

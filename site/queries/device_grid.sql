-- Time per image and memory per model × resolution × batch size on one device at one settings key
-- (Bianco Table 1/2); `name` is the model's label at that resolution (macro model_label).
SELECT
    lm.model_id, model_label(mo.name, lm.resolution_px, mo.resolution_px) AS name, lm.resolution_px,
    lm.batch_size, lm.status,
    lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.throughput_img_s,
    lm.memory_mb, lm.memory_basis, lm.energy_per_image_j, lm.source, lm.citation_id
FROM latest_measurements lm
JOIN models mo USING (model_id)
WHERE lm.device_id = $device_id AND lm.settings_key = $settings_key
ORDER BY mo.name, lm.model_id, lm.resolution_px, lm.batch_size;

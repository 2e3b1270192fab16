-- Time per image of each model on each device at each batch size,
-- at each device's default settings (view default_measurements) and the model's default resolution
-- (a model timm measured at several resolutions is compared at one), for the device-vs-device comparison.
SELECT lm.model_id, mo.name, lm.device_id, lm.batch_size, lm.time_per_image_ms, lm.time_statistic
FROM default_measurements lm
JOIN models mo USING (model_id)
WHERE lm.status = 'ok' AND lm.batch_size = $batch_size
    AND lm.resolution_px IS NOT DISTINCT FROM mo.resolution_px
ORDER BY lm.model_id, lm.device_id;

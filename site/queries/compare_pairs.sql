-- Time per image of each model on each device at each batch size,
-- at each device's default settings (view default_measurements), for the device-vs-device comparison.
SELECT lm.model_id, mo.name, lm.device_id, lm.batch_size, lm.time_per_image_ms, lm.time_statistic
FROM default_measurements lm
JOIN models mo USING (model_id)
WHERE lm.status = 'ok' AND lm.batch_size = $batch_size
ORDER BY lm.model_id, lm.device_id;

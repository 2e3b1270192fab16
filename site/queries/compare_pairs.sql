-- Time per image of each model on each device at each batch size (default settings per device),
-- for the device-vs-device comparison.
WITH default_settings AS (
    SELECT device_id, arg_max(settings_key, n) AS settings_key
    FROM (SELECT device_id, settings_key, count(*) AS n FROM latest_measurements GROUP BY ALL)
    GROUP BY device_id
)
SELECT lm.model_id, mo.name, lm.device_id, lm.batch_size, lm.time_per_image_ms, lm.time_statistic
FROM latest_measurements lm
JOIN default_settings USING (device_id, settings_key)
JOIN models mo USING (model_id)
WHERE lm.status = 'ok' AND lm.batch_size = $batch_size
ORDER BY lm.model_id, lm.device_id;

-- Every model on every device: latest measurement per device × batch size at each device's default
-- settings (the settings it has most measurements with); model pages split these by model.
WITH default_settings AS (
    SELECT device_id, arg_max(settings_key, n) AS settings_key
    FROM (SELECT device_id, settings_key, count(*) AS n FROM latest_measurements GROUP BY ALL)
    GROUP BY device_id
)
SELECT
    lm.model_id, lm.device_id, d.name AS device_name, lm.settings_key, lm.batch_size, lm.status,
    lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.memory_mb, lm.memory_basis,
    lm.energy_per_image_j, lm.source, lm.citation_id
FROM latest_measurements lm
JOIN default_settings USING (device_id, settings_key)
JOIN devices d USING (device_id)
ORDER BY lm.model_id, lm.device_id, lm.batch_size;

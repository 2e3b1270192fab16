-- Speed, memory and accuracy per model × device × batch size (default settings per device), for
-- the trend charts. Capped at $cap rows.
WITH default_settings AS (
    SELECT device_id, arg_max(settings_key, n) AS settings_key
    FROM (SELECT device_id, settings_key, count(*) AS n FROM latest_measurements GROUP BY ALL)
    GROUP BY device_id
)
SELECT lm.device_id, d.name AS device_name, lm.batch_size, lm.model_id, ms.name, ms.family,
       ms.params, ms.file_size_mb, ms.gflops, ms.top1, ms.top5, ms.accuracy_source,
       lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.memory_mb, lm.memory_basis,
       lm.energy_per_image_j, lm.mean_power_w, lm.energy_method
FROM latest_measurements lm
JOIN default_settings USING (device_id, settings_key)
JOIN devices d USING (device_id)
JOIN model_summary ms USING (model_id)
WHERE lm.status = 'ok'
ORDER BY lm.device_id, lm.batch_size, lm.model_id
LIMIT $cap;

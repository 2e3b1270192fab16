-- Speed, memory and accuracy per model × device × batch size (each device's default settings: view default_measurements), for
-- the trend charts. Capped at $cap rows.
SELECT lm.device_id, d.name AS device_name, lm.batch_size, lm.model_id, ms.name, ms.family,
       ms.params, ms.file_size_mb, ms.gflops, ms.top1, ms.top5, ms.accuracy_source,
       lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.memory_mb, lm.memory_basis,
       lm.energy_per_image_j, lm.mean_power_w, lm.energy_method
FROM default_measurements lm
JOIN devices d USING (device_id)
JOIN model_summary ms USING (model_id)
WHERE lm.status = 'ok'
ORDER BY lm.device_id, lm.batch_size, lm.model_id, lm.resolution_px
LIMIT $cap;

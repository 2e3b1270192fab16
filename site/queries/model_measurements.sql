-- Every model on every device: latest measurement per device × resolution × batch size at each
-- device's default settings (view default_measurements); model pages split these by model.
SELECT
    lm.model_id, lm.device_id, d.name AS device_name, lm.settings_key, lm.resolution_px, lm.batch_size,
    lm.status,
    lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.memory_mb, lm.memory_basis,
    lm.energy_per_image_j, lm.source, lm.citation_id
FROM default_measurements lm
JOIN devices d USING (device_id)
ORDER BY lm.model_id, lm.device_id, lm.resolution_px, lm.batch_size;

-- Every model on every device: latest measurement per device × resolution × batch size at each
-- device's default settings (view default_measurements); model pages split these by model. `device`
-- names a chart line: the device, "@ 288 px" where the resolution is not the model's default.
SELECT
    lm.model_id, lm.device_id, d.name AS device_name,
    model_label(d.name, lm.resolution_px, mo.resolution_px) AS device,
    lm.settings_key, lm.resolution_px, lm.batch_size, lm.status,
    lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.memory_mb, lm.memory_basis,
    lm.energy_per_image_j, lm.source, lm.citation_id
FROM default_measurements lm
JOIN devices d USING (device_id)
JOIN models mo USING (model_id)
ORDER BY lm.model_id, lm.device_id, lm.resolution_px, lm.batch_size;

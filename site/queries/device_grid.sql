-- Time per image and memory per model × batch size on one device at one settings key (Bianco Table 1/2).
SELECT
    lm.model_id, mo.name, lm.batch_size, lm.status,
    lm.time_per_image_ms, lm.time_statistic, lm.fps, lm.throughput_img_s,
    lm.memory_mb, lm.memory_basis, lm.energy_per_image_j, lm.source, lm.citation_id
FROM latest_measurements lm
JOIN models mo USING (model_id)
WHERE lm.device_id = $device_id AND lm.settings_key = $settings_key
ORDER BY mo.name, lm.model_id, lm.batch_size;

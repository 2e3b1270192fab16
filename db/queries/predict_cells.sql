-- The model × device matrix prediction works on: log10 of every latest measured time per image,
-- one cell per model × resolution × device × settings × batch size (weights of one architecture
-- averaged in log space).
SELECT model_id, resolution_px, device_id, settings_key, batch_size,
       avg(log10(time_per_image_ms)) AS logt
FROM latest_measurements
WHERE status = 'ok' AND time_per_image_ms > 0 AND resolution_px IS NOT NULL
GROUP BY ALL
ORDER BY device_id, settings_key, batch_size, model_id, resolution_px

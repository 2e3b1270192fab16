-- Time per batch (ms) of each model × batch size asked for, on one device and settings: measured
-- (the latest run's median, else mean) where the device has it, else predicted from the device's
-- measured models at the same batch size: their median milliseconds per GFLOP × the model's GFLOPs.
-- Parameters: $device_id, $settings_key, $models (list of ids), $batch_sizes (list).
WITH asked AS (
    SELECT m AS model_id, b AS batch_size FROM unnest($models) t(m), unnest($batch_sizes) u(b)
),
measured AS (
    SELECT model_id, batch_size,
           median(coalesce(batch_median_ms, batch_mean_ms, time_per_image_ms * batch_size)) AS ms
    FROM latest_measurements
    WHERE device_id = $device_id AND settings_key = $settings_key AND status = 'ok'
    GROUP BY ALL
),
rate AS (
    SELECT me.batch_size, median(me.ms / ms.gflops) AS ms_per_gflop, count(*) AS models
    FROM measured me JOIN model_summary ms USING (model_id)
    WHERE ms.gflops > 0
    GROUP BY ALL
)
SELECT a.model_id, a.batch_size,
       coalesce(me.ms, r.ms_per_gflop * ms.gflops) AS batch_ms,
       CASE WHEN me.ms IS NOT NULL THEN 'measured'
            WHEN r.ms_per_gflop * ms.gflops IS NOT NULL THEN 'predicted' END AS basis,
       r.models AS predicted_from
FROM asked a
LEFT JOIN measured me USING (model_id, batch_size)
LEFT JOIN model_summary ms USING (model_id)
LEFT JOIN rate r USING (batch_size)
ORDER BY a.model_id, a.batch_size;

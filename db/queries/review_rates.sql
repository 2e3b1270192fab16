-- Achieved compute rate of each `ok` measurement under review: GFLOPs of the model at the measured
-- resolution (from the same run, else the model's best-known figure when it is at that resolution)
-- ÷ time per image. With the device facts that bound it.
SELECT
    m.run_id,
    m.model_id,
    m.device_id,
    m.batch_size,
    m.precision,
    m.time_per_image_ms,
    m.memory_mb,
    m.memory_basis,
    m.throughput_img_s,
    m.image_mean_ms,
    m.batch_mean_ms,
    coalesce(s.gflops, ms.gflops) AS gflops,
    coalesce(s.gflops, ms.gflops) * 1000 / m.time_per_image_ms AS achieved_gflop_s,
    d.kind AS device_kind,
    d.name AS device_name,
    d.model AS device_model,
    d.memory_mb AS device_memory_mb,
    d.cpu_threads,
    d.cpu_cores
FROM measurements_enriched m
JOIN devices d USING (device_id)
LEFT JOIN model_specs s
    ON s.run_id = m.run_id AND s.model_id = m.model_id AND s.weights IS NOT DISTINCT FROM m.weights
    AND s.resolution_px IS NOT DISTINCT FROM m.resolution_px
LEFT JOIN model_summary ms ON ms.model_id = m.model_id AND ms.resolution_px IS NOT DISTINCT FROM m.resolution_px
WHERE list_contains($new_runs, m.run_id) AND m.status = 'ok'
ORDER BY m.device_id, m.model_id, m.batch_size;

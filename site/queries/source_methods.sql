-- How each of two devices' numbers were made, per settings key: the fields that describe method,
-- from the runs behind the latest measurements (one row per device × settings key × run).
SELECT
    r.device_id, r.settings_key, r.run_id,
    run_source(r.citation_id) AS source,
    coalesce(s.year, year(r.created_at)) AS year,
    r.contributor, r.framework, r.torch, r.cuda_version, r.cudnn_version, r.driver_version,
    r.runtime, r.precision, r.precision_method, r.memory_format, r.execution, r.cudnn_benchmark,
    r.allow_tf32,
    r.warmup_iters, r.timed_iters, r.input_on_device, r.timing,
    list(DISTINCT lm.time_statistic ORDER BY lm.time_statistic) AS statistics,
    list(DISTINCT lm.batch_size ORDER BY lm.batch_size) AS batch_sizes
FROM latest_measurements lm
JOIN runs r USING (run_id)
LEFT JOIN sources s ON s.source_id = r.citation_id
WHERE lm.device_id IN ($device_a, $device_b) AND lm.status = 'ok'
GROUP BY ALL
ORDER BY r.settings_key, r.device_id, r.run_id;

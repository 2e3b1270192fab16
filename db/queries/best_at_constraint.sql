-- Bianco 2018 Table 3 as a query: models (each at each resolution measured) on a device whose
-- memory and speed meet the constraints at one batch size, best top-1 first; accuracy at the
-- measurement's resolution. Parameters (null = no constraint):
--   $device_id, $batch_size, $top, $max_memory_mb, $min_fps, $min_top1, $precision, $runtime
--   (pytorch, tensorrt …), $settings_key, $accuracy_source (null = the default preference order of
--   accuracy_for). With neither $settings_key nor $precision, one settings key: the default of the
--   device for $runtime (view device_runtime_default_settings), or the device's default (view
--   device_default_settings) when $runtime is null too, so a model is listed once.
SELECT
    lm.model_id,
    mo.name,
    lm.resolution_px,
    acc.top1,
    acc.top5,
    acc.accuracy_source,
    acc.evaluated_with AS accuracy_evaluated_with,
    lm.fps,
    lm.time_per_image_ms,
    lm.time_statistic,
    lm.memory_mb / 1024 AS memory_gb,
    lm.memory_basis,
    lm.batch_size,
    lm.settings_key,
    lm.runtime,
    lm.source AS measurement_source,
    lm.citation_id AS measurement_citation,
    lm.run_id
FROM latest_measurements lm
JOIN models mo USING (model_id)
LEFT JOIN accuracy_at($accuracy_source) acc
    ON acc.model_id = lm.model_id AND acc.resolution_px = lm.resolution_px
WHERE lm.device_id = $device_id
  AND lm.batch_size = $batch_size
  AND lm.status = 'ok'
  AND ($precision IS NULL OR lm.precision = $precision)
  AND ($runtime IS NULL OR lm.runtime = $runtime)
  AND ($settings_key IS NULL OR lm.settings_key = $settings_key)
  AND ($settings_key IS NOT NULL OR $precision IS NOT NULL OR lm.settings_key IN (
        SELECT settings_key FROM device_runtime_default_settings WHERE device_id = $device_id AND runtime = $runtime
        UNION ALL
        SELECT settings_key FROM device_default_settings WHERE device_id = $device_id AND $runtime IS NULL))
  AND ($max_memory_mb IS NULL OR lm.memory_mb <= $max_memory_mb)
  AND ($min_fps IS NULL OR lm.fps >= $min_fps)
  AND ($min_top1 IS NULL OR acc.top1 >= $min_top1)
ORDER BY acc.top1 DESC NULLS LAST, lm.fps DESC, lm.model_id, lm.resolution_px
LIMIT $top;

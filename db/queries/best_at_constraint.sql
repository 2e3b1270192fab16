-- Bianco 2018 Table 3 as a query: models (each at each resolution measured) on a device whose
-- memory and speed meet the constraints, best top-1 first; accuracy at the measurement's
-- resolution. One row per model × resolution: among its measurements that meet the limits (at
-- $batch_size, or at any batch size when it is null), the one with the highest throughput; `label`
-- is "ResNet-50 @ 288 px" where the resolution is not the model's default.
-- Parameters (null = no constraint):
--   $device_id, $batch_size, $top, $max_memory_mb, $min_fps, $min_top1, $precision, $runtime
--   (pytorch, tensorrt …), $settings_key, $accuracy_source (null = the default preference order of
--   accuracy_for). With neither $settings_key nor $precision, one settings key: the default of the
--   device for $runtime (view device_runtime_default_settings), or the device's default (view
--   device_default_settings) when $runtime is null too, so a model is listed once.
--   $include_predicted: also the device's predictions (view open_predictions, flagged
--   `predicted`; no memory figure, so they never pass a memory constraint).
WITH measured AS (
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
    lm.run_id,
    false AS predicted,
    NULL::DOUBLE AS low_ms,
    NULL::DOUBLE AS high_ms,
    model_label(mo.name, lm.resolution_px, mo.resolution_px) AS label,
    acc.weights,
    lm.implementation
FROM latest_measurements lm
JOIN models mo USING (model_id)
LEFT JOIN accuracy_at($accuracy_source) acc
    ON acc.model_id = lm.model_id AND acc.resolution_px = lm.resolution_px
WHERE lm.device_id = $device_id
  AND ($batch_size IS NULL OR lm.batch_size = $batch_size)
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
QUALIFY row_number() OVER (
    PARTITION BY lm.model_id, lm.resolution_px
    ORDER BY lm.fps DESC, lm.batch_size, lm.settings_key
) = 1
),
predicted AS (
SELECT p.model_id, mo.name, p.resolution_px, acc.top1, acc.top5, acc.accuracy_source,
       acc.evaluated_with, p.fps, p.time_per_image_ms, 'predicted (' || p.method || ')', NULL::DOUBLE,
       NULL, p.batch_size, p.settings_key, NULL, 'predicted', NULL, NULL, true, p.low_ms, p.high_ms,
       model_label(mo.name, p.resolution_px, mo.resolution_px), acc.weights, NULL
FROM open_predictions p
JOIN models mo USING (model_id)
LEFT JOIN accuracy_at($accuracy_source) acc
    ON acc.model_id = p.model_id AND acc.resolution_px = p.resolution_px
WHERE $include_predicted AND $runtime IS NULL
  AND p.device_id = $device_id AND ($batch_size IS NULL OR p.batch_size = $batch_size)
  AND ($settings_key IS NULL OR p.settings_key = $settings_key)
  AND ($precision IS NULL OR split_part(p.settings_key, '/', 1) = $precision)
  AND ($settings_key IS NOT NULL OR $precision IS NOT NULL OR p.settings_key IN (
        SELECT settings_key FROM device_default_settings WHERE device_id = $device_id))
  AND $max_memory_mb IS NULL
  AND ($min_fps IS NULL OR p.fps >= $min_fps)
  AND ($min_top1 IS NULL OR acc.top1 >= $min_top1)
  AND p.model_id NOT IN (SELECT model_id FROM measured)
)
SELECT * FROM (SELECT * FROM measured UNION ALL SELECT * FROM predicted)
ORDER BY top1 DESC NULLS LAST, fps DESC, model_id, resolution_px
LIMIT $top;

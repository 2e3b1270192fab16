-- zoobench schema v5: where sources meet, and what a runtime buys.
-- * measurements.output_max_abs_diff / output_reference: the largest absolute difference between a
--   batch's outputs and those of another runtime on the same input (torch2trt's `Max Error`).
-- * device_model_key(label), view device_models: one key per device model, from the model each
--   device reports (lower case; trademarks, parenthesised details and the vendor words NVIDIA,
--   GeForce, Tesla dropped: `NVIDIA GeForce RTX 2080 Ti` and `GeForce RTX 2080 Ti` are
--   `rtx-2080-ti`); view device_model_pairs: every two devices of one device model.
-- * view source_comparison: for each such pair, every model both measured at one settings key, at
--   comparable batch sizes, with the ratio of their times per image.
-- * view runtime_speedups: each model's time under another runtime (TensorRT …) against PyTorch
--   eager on the same device, batch size, resolution and precision.

ALTER TABLE measurements ADD COLUMN output_max_abs_diff DOUBLE;
ALTER TABLE measurements ADD COLUMN output_reference VARCHAR;

CREATE MACRO device_model_key(label) AS
    trim(regexp_replace(
        regexp_replace(regexp_replace(lower(label), '\((r|tm)\)', '', 'g'),
                       '\([^)]*\)|\b(nvidia|geforce|tesla)\b', ' ', 'g'),
        '[^a-z0-9]+', '-', 'g'), '-');

CREATE VIEW device_models AS
SELECT device_id, name, kind, vendor, model, device_model_key(coalesce(model, name)) AS device_model
FROM devices;

CREATE VIEW device_model_pairs AS
SELECT a.device_model, a.device_id AS device_a, b.device_id AS device_b
FROM device_models a
JOIN device_models b ON a.device_model = b.device_model AND a.device_id < b.device_id;

-- For each pair of devices of one device model, every model both measured at one settings key:
-- time per image on each side at a batch size one of them measured, taken as measured there
-- (how = 'measured') or, when that device measured a smaller and a larger batch size but not
-- this one, interpolated log-linearly (log time per image against log batch size) between its
-- nearest batch sizes below and above (how = 'interpolated (log-linear between batch 8 and
-- 16)'). The statistic is the median when both sides have one, else the mean;
-- ratio_b_to_a = time_b_ms / time_a_ms (above 1: device_b slower).
CREATE VIEW source_comparison AS
WITH times AS (
    SELECT device_id, model_id, resolution_px, settings_key, batch_size,
           coalesce(image_median_ms, batch_median_ms / batch_size) AS median_ms,
           coalesce(image_mean_ms, batch_mean_ms / batch_size) AS mean_ms
    FROM latest_measurements
    WHERE status = 'ok'
),
targets AS (
    SELECT DISTINCT p.device_model, p.device_a, p.device_b, t.model_id, t.resolution_px, t.settings_key,
           t.batch_size
    FROM device_model_pairs p
    JOIN times t ON t.device_id IN (p.device_a, p.device_b)
),
sides AS (
    SELECT t.*, s.side, CASE s.side WHEN 'a' THEN t.device_a ELSE t.device_b END AS device_id
    FROM targets t
    CROSS JOIN (VALUES ('a'), ('b')) s(side)
),
near AS (
    SELECT s.*, lo.batch_size AS lo_batch, lo.mean_ms AS lo_mean, lo.median_ms AS lo_median
    FROM sides s
    ASOF LEFT JOIN times lo
      ON lo.device_id = s.device_id AND lo.model_id = s.model_id AND lo.settings_key = s.settings_key
     AND lo.resolution_px IS NOT DISTINCT FROM s.resolution_px
     AND lo.batch_size <= s.batch_size
),
near2 AS (
    SELECT n.*, hi.batch_size AS hi_batch, hi.mean_ms AS hi_mean, hi.median_ms AS hi_median
    FROM near n
    ASOF LEFT JOIN times hi
      ON hi.device_id = n.device_id AND hi.model_id = n.model_id AND hi.settings_key = n.settings_key
     AND hi.resolution_px IS NOT DISTINCT FROM n.resolution_px
     AND hi.batch_size >= n.batch_size
),
-- each side's time at the target batch size: measured there, or log-linear between its nearest
-- measured batch sizes below and above (log time against log batch size)
at_target AS (
    SELECT *,
        CASE WHEN lo_batch = batch_size THEN 'measured'
             WHEN lo_batch IS NOT NULL AND hi_batch IS NOT NULL
             THEN 'interpolated (log-linear between batch ' || lo_batch || ' and ' || hi_batch || ')'
        END AS how,
        CASE WHEN lo_batch = batch_size THEN lo_mean
             WHEN lo_batch IS NOT NULL AND hi_batch IS NOT NULL
             THEN exp(ln(lo_mean) + (ln(batch_size) - ln(lo_batch)) / (ln(hi_batch) - ln(lo_batch))
                                    * (ln(hi_mean) - ln(lo_mean)))
        END AS mean_ms,
        CASE WHEN lo_batch = batch_size THEN lo_median
             WHEN lo_batch IS NOT NULL AND hi_batch IS NOT NULL
             THEN exp(ln(lo_median) + (ln(batch_size) - ln(lo_batch)) / (ln(hi_batch) - ln(lo_batch))
                                      * (ln(hi_median) - ln(lo_median)))
        END AS median_ms
    FROM near2
),
paired AS (
    SELECT a.device_model, a.device_a, a.device_b, a.model_id, a.resolution_px, a.settings_key, a.batch_size,
           a.how AS how_a, b.how AS how_b,
           CASE WHEN a.median_ms IS NOT NULL AND b.median_ms IS NOT NULL THEN 'median'
                WHEN a.mean_ms IS NOT NULL AND b.mean_ms IS NOT NULL THEN 'mean' END AS statistic,
           CASE WHEN a.median_ms IS NOT NULL AND b.median_ms IS NOT NULL THEN a.median_ms
                ELSE a.mean_ms END AS time_a_ms,
           CASE WHEN a.median_ms IS NOT NULL AND b.median_ms IS NOT NULL THEN b.median_ms
                ELSE b.mean_ms END AS time_b_ms
    FROM at_target a
    JOIN at_target b USING (device_model, device_a, device_b, model_id, resolution_px, settings_key, batch_size)
    WHERE a.side = 'a' AND b.side = 'b' AND a.how IS NOT NULL AND b.how IS NOT NULL
)
SELECT *, time_b_ms / time_a_ms AS ratio_b_to_a
FROM paired
WHERE statistic IS NOT NULL;

-- What a runtime buys: each model's time per image under another runtime (o) against PyTorch
-- eager (p), same device, model, weights, resolution, batch size, precision, precision method and
-- memory format, compared with the same statistic; speedup = p / o (above 1: the runtime is
-- faster). Throughputs, where published from their own loop, are compared as given
-- (throughput_speedup), never derived from the latency.
CREATE VIEW runtime_speedups AS
SELECT
    o.device_id, o.model_id, o.weights, o.resolution_px, o.batch_size, o.precision,
    o.precision_method, o.memory_format, o.runtime,
    p.settings_key AS pytorch_settings_key, o.settings_key,
    o.time_statistic AS statistic,
    p.time_per_image_ms AS pytorch_ms,
    o.time_per_image_ms AS runtime_ms,
    p.time_per_image_ms / o.time_per_image_ms AS speedup,
    p.throughput_img_s AS pytorch_throughput_img_s,
    o.throughput_img_s AS runtime_throughput_img_s,
    o.throughput_img_s / p.throughput_img_s AS throughput_speedup,
    o.output_max_abs_diff,
    o.output_reference,
    p.citation_id AS pytorch_citation_id,
    o.citation_id,
    p.run_id AS pytorch_run_id,
    o.run_id
FROM latest_measurements o
JOIN latest_measurements p
  ON p.device_id = o.device_id AND p.model_id = o.model_id
 AND p.weights IS NOT DISTINCT FROM o.weights AND p.resolution_px IS NOT DISTINCT FROM o.resolution_px
 AND p.batch_size = o.batch_size AND p.precision = o.precision
 AND p.precision_method IS NOT DISTINCT FROM o.precision_method
 AND p.memory_format = o.memory_format AND p.time_statistic = o.time_statistic
WHERE o.runtime <> 'pytorch' AND p.runtime = 'pytorch' AND p.execution = 'eager'
  AND o.status = 'ok' AND p.status = 'ok';

-- Each device's default settings, the ones pages show unless asked otherwise: the settings with
-- the most latest measurements; ties (e.g. one source's fp32, fp16 and fp64 runs of the same
-- models, or PyTorch and TensorRT runs) go to PyTorch, then fp32, then the smaller settings key.
-- device_runtime_default_settings: the same per device and runtime (the best-model lookup and
-- Table 3 grids show each runtime of a device).
DROP VIEW default_measurements;
DROP VIEW device_default_settings;

CREATE VIEW device_runtime_default_settings AS
SELECT device_id, runtime, settings_key, measurements
FROM (
    SELECT device_id, runtime, settings_key, precision, count(*) AS measurements
    FROM latest_measurements
    GROUP BY ALL
)
QUALIFY row_number() OVER (
    PARTITION BY device_id, runtime ORDER BY measurements DESC, (precision = 'fp32') DESC, settings_key
) = 1;

CREATE VIEW device_default_settings AS
SELECT device_id, settings_key, measurements
FROM device_runtime_default_settings
QUALIFY row_number() OVER (
    PARTITION BY device_id ORDER BY measurements DESC, (runtime = 'pytorch') DESC, settings_key
) = 1;

CREATE VIEW default_measurements AS
SELECT lm.*
FROM latest_measurements lm
JOIN device_default_settings USING (device_id, settings_key);

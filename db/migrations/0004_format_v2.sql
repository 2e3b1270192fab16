-- zoobench schema v4: measurement format v2. Resolution is part of a measurement's identity; the
-- runtime (PyTorch, TensorRT …) and how a precision was applied (autocast or cast) are part of the
-- settings; each row keeps the id of the implementation that ran (`timm:resnet50`) beside the
-- canonical model id it is filed under (`resnet50`); accuracy has its evaluation resolution,
-- crop, interpolation and the weights' pretraining data; model specs have activations.
-- Rows written before v4 get version 1's meaning: runtime PyTorch, fp16/bf16 by autocast, the
-- implementation is the model id, the resolution is the model entry's (else the model's default).

-- Views that change are recreated; views over them (model_summary, model_accuracy,
-- device_default_settings, default_measurements) are bound when queried and stay as they are.
DROP VIEW model_device_summary;
DROP MACRO TABLE accuracy_for;
DROP VIEW accuracy_ranked;
DROP VIEW latest_measurements;
DROP VIEW measurements_enriched;

ALTER TABLE runs ADD COLUMN runtime VARCHAR;             -- pytorch | tensorrt | …
ALTER TABLE runs ADD COLUMN precision_method VARCHAR;    -- autocast | cast | null
ALTER TABLE runs ADD COLUMN throughput_timing VARCHAR;   -- how throughput was measured, when apart
UPDATE runs SET runtime = 'pytorch' WHERE settings_key IS NOT NULL;
UPDATE runs SET precision_method = 'autocast' WHERE precision IN ('fp16', 'bf16');

ALTER TABLE model_specs ADD COLUMN implementation VARCHAR;   -- the id that ran, e.g. timm:resnet50
ALTER TABLE model_specs ADD COLUMN activations_m DOUBLE;     -- millions, batch 1, at resolution_px
UPDATE model_specs SET implementation = model_id;

-- The resolution of a row written before v4: its model entry's, else the model's default
-- (arguments qualified with their table, so that they bind outside the subqueries).
CREATE TEMP MACRO v1_resolution(run, model, w) AS coalesce(
    (SELECT max(s.resolution_px) FROM model_specs s
     WHERE s.run_id = run AND s.model_id = model AND s.weights IS NOT DISTINCT FROM w),
    (SELECT mo.resolution_px FROM models mo WHERE mo.model_id = model));

ALTER TABLE measurements ADD COLUMN implementation VARCHAR;
ALTER TABLE measurements ADD COLUMN resolution_px INTEGER;
ALTER TABLE measurements ADD COLUMN runtime VARCHAR;
ALTER TABLE measurements ADD COLUMN precision_method VARCHAR;
UPDATE measurements SET
    implementation = model_id,
    resolution_px = v1_resolution(measurements.run_id, measurements.model_id, measurements.weights),
    runtime = 'pytorch',
    precision_method = CASE WHEN precision IN ('fp16', 'bf16') THEN 'autocast' END;

ALTER TABLE op_breakdown ADD COLUMN implementation VARCHAR;
ALTER TABLE op_breakdown ADD COLUMN resolution_px INTEGER;
UPDATE op_breakdown SET
    implementation = model_id,
    resolution_px = v1_resolution(op_breakdown.run_id, op_breakdown.model_id, op_breakdown.weights);

ALTER TABLE accuracy ADD COLUMN implementation VARCHAR;
ALTER TABLE accuracy ADD COLUMN resolution_px INTEGER;   -- evaluation resolution
ALTER TABLE accuracy ADD COLUMN crop_pct DOUBLE;         -- 0–1
ALTER TABLE accuracy ADD COLUMN interpolation VARCHAR;
ALTER TABLE accuracy ADD COLUMN pretrain VARCHAR;        -- pretraining data of the weights: in1k, in22k …
UPDATE accuracy SET
    implementation = model_id,
    resolution_px = v1_resolution(accuracy.run_id, accuracy.model_id, accuracy.weights);
DROP MACRO v1_resolution;

-- Every measurement with its headline numbers:
--   time_per_image_ms: median per image when the run has it, else mean, else minimum
--                      (time_statistic says which; Bianco 2018 published means);
--   fps:               1000 / time_per_image_ms (images per second at that batch size);
--   memory_mb:         device memory the process held, CUDA context included (GPU), else the
--                      process's peak RSS (CPU); memory_basis says which;
--   throughput_timing: how throughput_img_s was measured when not in the latency's loop (it is
--                      kept as published, never derived from the latency).
CREATE VIEW measurements_enriched AS
WITH timed AS (
    SELECT
        m.*,
        r.created_at,
        r.source,
        r.citation_id,
        r.throughput_timing,
        r.torch AS torch_version,
        CASE
            WHEN coalesce(m.image_median_ms, m.batch_median_ms) IS NOT NULL THEN 'median'
            WHEN coalesce(m.image_mean_ms, m.batch_mean_ms) IS NOT NULL THEN 'mean'
            WHEN coalesce(m.image_min_ms, m.batch_min_ms) IS NOT NULL THEN 'min'
        END AS time_statistic,
        coalesce(m.image_median_ms, m.batch_median_ms / m.batch_size,
                 m.image_mean_ms, m.batch_mean_ms / m.batch_size,
                 m.image_min_ms, m.batch_min_ms / m.batch_size) AS time_per_image_ms
    FROM measurements m
    JOIN runs r USING (run_id)
)
SELECT
    * EXCLUDE (time_statistic, time_per_image_ms),
    time_per_image_ms,
    time_statistic,
    1000.0 / time_per_image_ms AS fps,
    coalesce(device_total_mb, host_rss_peak_mb) AS memory_mb,
    CASE
        WHEN device_total_mb IS NOT NULL THEN 'device_total'
        WHEN host_rss_peak_mb IS NOT NULL THEN 'host_rss_peak'
    END AS memory_basis
FROM timed;

-- The newest measurement for each model × resolution × weights × device × batch size × settings;
-- among equally new ones (published tables converted together), the one with the newest PyTorch.
CREATE VIEW latest_measurements AS
SELECT *
FROM measurements_enriched
QUALIFY row_number() OVER (
    PARTITION BY model_id, resolution_px, coalesce(weights, ''), device_id, batch_size, settings_key
    ORDER BY created_at DESC,
             list_transform(string_split(regexp_extract(torch_version, '^[0-9.]+'), '.'),
                            lambda x: TRY_CAST(x AS INTEGER)) DESC NULLS LAST,
             run_id DESC
) = 1;

-- ImageNet-1k validation accuracy rows ranked by the default source preference (1 = preferred):
--   1 measured by a zoobench run; 2 torchvision weight metadata; 3 pretrainedmodels README,
--   evaluation of the ported weights; 4 Bianco 2018; 5 EmBench 2019; 6 anything else (e.g. timm's
--   results, the original-framework figures the pretrainedmodels README quotes).
-- at_default_resolution: evaluated at the model's default input size. Other evaluation sets
-- (ReaL, ImageNetV2, Sketch, -A, -R) are in `accuracy`, not ranked here.
CREATE VIEW accuracy_ranked AS
SELECT
    a.*,
    coalesce(a.resolution_px = mo.resolution_px, true) AS at_default_resolution,
    CASE
        WHEN a.kind = 'measured' THEN 1
        WHEN a.source = 'torchvision' THEN 2
        WHEN a.source = 'pretrainedmodels-readme' AND a.evaluated_with = 'pytorch-port' THEN 3
        WHEN a.source = 'bianco2018' THEN 4
        WHEN a.source = 'embench2019' THEN 5
        ELSE 6
    END AS preference
FROM accuracy a
JOIN models mo USING (model_id)
WHERE a.top1 IS NOT NULL AND a.dataset = 'imagenet-1k-val';

-- One accuracy per model: the most preferred source (or only `wanted_source` when not null);
-- within it, weights at the default input size, then the best top-1, then the newest run.
-- Usable in any query: SELECT * FROM accuracy_for('bianco2018').
CREATE MACRO accuracy_for(wanted_source) AS TABLE
SELECT a.model_id, a.top1, a.top5, a.source AS accuracy_source, a.kind AS accuracy_kind,
       a.evaluated_with, a.weights, a.resolution_px, a.run_id
FROM accuracy_ranked a
JOIN runs r USING (run_id)
WHERE wanted_source IS NULL OR a.source = wanted_source
QUALIFY row_number() OVER (
    PARTITION BY a.model_id
    ORDER BY a.preference, a.at_default_resolution DESC, a.top1 DESC, r.created_at DESC, a.run_id
) = 1;

-- One accuracy per model × evaluation resolution, the same way (a measurement at a resolution
-- joins the accuracy at that resolution): SELECT * FROM accuracy_at('timm') gives, per model and
-- resolution, the best top-1 among timm's weights evaluated there.
CREATE MACRO accuracy_at(wanted_source) AS TABLE
SELECT a.model_id, a.resolution_px, a.top1, a.top5, a.source AS accuracy_source,
       a.kind AS accuracy_kind, a.evaluated_with, a.weights, a.run_id
FROM accuracy_ranked a
JOIN runs r USING (run_id)
WHERE wanted_source IS NULL OR a.source = wanted_source
QUALIFY row_number() OVER (
    PARTITION BY a.model_id, a.resolution_px
    ORDER BY a.preference, a.top1 DESC, r.created_at DESC, a.run_id
) = 1;

-- One row per model × resolution × device × settings, from the latest measurements, with the
-- accuracy at that resolution.
CREATE VIEW model_device_summary AS
SELECT
    lm.model_id,
    mo.name,
    lm.resolution_px,
    lm.device_id,
    d.name AS device_name,
    lm.settings_key,
    lm.precision,
    count(*) AS batches,
    count(*) FILTER (WHERE lm.status = 'ok') AS batches_ok,
    count(*) FILTER (WHERE lm.status = 'oom') AS batches_oom,
    max(lm.batch_size) FILTER (WHERE lm.status = 'ok') AS max_batch_ok,
    arg_min(lm.time_per_image_ms, lm.batch_size) FILTER (WHERE lm.status = 'ok') AS smallest_batch_time_per_image_ms,
    min(lm.batch_size) FILTER (WHERE lm.status = 'ok') AS smallest_batch,
    min(lm.time_per_image_ms) FILTER (WHERE lm.status = 'ok') AS best_time_per_image_ms,
    arg_min(lm.batch_size, lm.time_per_image_ms) FILTER (WHERE lm.status = 'ok') AS best_batch_size,
    max(lm.fps) FILTER (WHERE lm.status = 'ok') AS max_fps,
    min(lm.memory_mb) FILTER (WHERE lm.status = 'ok') AS min_memory_mb,
    max(lm.memory_mb) FILTER (WHERE lm.status = 'ok') AS max_memory_mb,
    min(lm.energy_per_image_j) AS min_energy_per_image_j,
    any_value(lm.time_statistic) AS time_statistic,
    max(lm.created_at) AS measured_at,
    acc.top1,
    acc.top5,
    acc.accuracy_source
FROM latest_measurements lm
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = lm.model_id AND acc.resolution_px = lm.resolution_px
GROUP BY ALL;

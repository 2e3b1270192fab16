-- zoobench schema v2: each dataset version lists its files; views for the common questions.
-- Headline numbers are derived here, in one place, each with a column that says what it is.

-- The files each dataset version added, with their content hashes (also in dataset_files, one
-- row per file); versions written before v2 are filled in from dataset_files.
ALTER TABLE dataset_versions ADD COLUMN files STRUCT(path VARCHAR, run_id VARCHAR, file_sha256 VARCHAR)[];
UPDATE dataset_versions v SET files = (
    SELECT list({'path': f.path, 'run_id': f.run_id, 'file_sha256': f.file_sha256} ORDER BY f.path)
    FROM dataset_files f WHERE f.version = v.version
);

-- Every measurement with its headline numbers:
--   time_per_image_ms: median per image when the run has it, else mean, else minimum
--                      (time_statistic says which; Bianco 2018 published means);
--   fps:               1000 / time_per_image_ms (images per second at that batch size);
--   memory_mb:         device memory the process held, CUDA context included (GPU), else the
--                      process's peak RSS (CPU); memory_basis says which.
CREATE VIEW measurements_enriched AS
SELECT
    m.*,
    r.created_at,
    r.source,
    r.citation_id,
    coalesce(m.image_median_ms, m.batch_median_ms / m.batch_size,
             m.image_mean_ms, m.batch_mean_ms / m.batch_size,
             m.image_min_ms, m.batch_min_ms / m.batch_size) AS time_per_image_ms,
    CASE
        WHEN coalesce(m.image_median_ms, m.batch_median_ms) IS NOT NULL THEN 'median'
        WHEN coalesce(m.image_mean_ms, m.batch_mean_ms) IS NOT NULL THEN 'mean'
        WHEN coalesce(m.image_min_ms, m.batch_min_ms) IS NOT NULL THEN 'min'
    END AS time_statistic,
    1000.0 / coalesce(m.image_median_ms, m.batch_median_ms / m.batch_size,
                      m.image_mean_ms, m.batch_mean_ms / m.batch_size,
                      m.image_min_ms, m.batch_min_ms / m.batch_size) AS fps,
    coalesce(m.device_total_mb, m.host_rss_peak_mb) AS memory_mb,
    CASE
        WHEN m.device_total_mb IS NOT NULL THEN 'device_total'
        WHEN m.host_rss_peak_mb IS NOT NULL THEN 'host_rss_peak'
    END AS memory_basis
FROM measurements m
JOIN runs r USING (run_id);

-- The newest measurement for each model × weights × device × batch size × settings.
CREATE VIEW latest_measurements AS
SELECT *
FROM measurements_enriched
QUALIFY row_number() OVER (
    PARTITION BY model_id, coalesce(weights, ''), device_id, batch_size, settings_key
    ORDER BY created_at DESC, run_id DESC
) = 1;

-- Accuracy rows ranked by the default source preference (1 = preferred):
--   1 measured by a zoobench run; 2 torchvision weight metadata; 3 pretrainedmodels README,
--   evaluation of the ported weights; 4 Bianco 2018; 5 EmBench 2019; 6 anything else (e.g. the
--   original-framework figures the pretrainedmodels README quotes).
-- at_default_resolution: the entry's weights run at the model's default input size.
CREATE VIEW accuracy_ranked AS
SELECT
    a.*,
    s.resolution_px,
    coalesce(s.resolution_px = mo.resolution_px, true) AS at_default_resolution,
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
LEFT JOIN model_specs s
    ON s.run_id = a.run_id AND s.model_id = a.model_id AND s.weights IS NOT DISTINCT FROM a.weights
WHERE a.top1 IS NOT NULL;

-- One accuracy per model: the most preferred source (or only `wanted_source` when not null);
-- within it, weights at the default input size, then the best top-1, then the newest run.
-- Usable in any query: SELECT * FROM accuracy_for('bianco2018').
CREATE MACRO accuracy_for(wanted_source) AS TABLE
SELECT a.model_id, a.top1, a.top5, a.source AS accuracy_source, a.kind AS accuracy_kind,
       a.evaluated_with, a.weights, a.run_id
FROM accuracy_ranked a
JOIN runs r USING (run_id)
WHERE wanted_source IS NULL OR a.source = wanted_source
QUALIFY row_number() OVER (
    PARTITION BY a.model_id
    ORDER BY a.preference, a.at_default_resolution DESC, a.top1 DESC, r.created_at DESC, a.run_id
) = 1;

CREATE VIEW model_accuracy AS SELECT * FROM accuracy_for(NULL);

-- One row per model with its best-known facts: params, file size and FLOPs from a zoobench
-- measurement first, else torchvision's metadata, else any published figure (spec_source says
-- which), and the preferred accuracy.
CREATE VIEW model_summary AS
WITH specs AS (
    SELECT s.*, r.source AS run_source, coalesce(r.citation_id, 'zoobench') AS spec_source
    FROM model_specs s JOIN runs r USING (run_id)
    WHERE s.params IS NOT NULL OR s.gflops IS NOT NULL OR s.file_size_mb IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY s.model_id
        ORDER BY (r.source = 'measured') DESC, (r.citation_id = 'torchvision') DESC,
                 (s.resolution_px IS NOT DISTINCT FROM (SELECT resolution_px FROM models m WHERE m.model_id = s.model_id)) DESC,
                 (s.gflops IS NOT NULL) DESC, r.created_at DESC, s.run_id
    ) = 1
)
SELECT mo.model_id, mo.name, mo.family, mo.year, mo.library, mo.resolution_px,
       sp.params, sp.file_size_mb, sp.gflops, sp.flops_convention, sp.spec_source,
       acc.top1, acc.top5, acc.accuracy_source, acc.accuracy_kind, acc.evaluated_with
FROM models mo
LEFT JOIN specs sp USING (model_id)
LEFT JOIN model_accuracy acc USING (model_id);

-- One row per model × device × settings, from the latest measurements.
CREATE VIEW model_device_summary AS
SELECT
    lm.model_id,
    mo.name,
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
LEFT JOIN model_accuracy acc USING (model_id)
GROUP BY ALL;

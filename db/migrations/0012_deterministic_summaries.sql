-- zoobench schema v12: summaries that come out the same on every build. Where two rows tied on
-- everything a view ordered by, it took either (a model's file size from torchvision's V1 or V2
-- weights; the best batch size when two were equally fast), so the pages and downloads could change
-- between two builds of one database. Ties are now broken: the newest weights' specs, the smaller
-- batch size.

CREATE OR REPLACE VIEW model_summary AS
WITH specs AS (
    SELECT s.*, r.source AS run_source, run_source(r.citation_id) AS spec_source
    FROM model_specs s JOIN runs r USING (run_id)
    WHERE s.params IS NOT NULL OR s.gflops IS NOT NULL OR s.file_size_mb IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY s.model_id
        ORDER BY (r.source = 'measured') DESC, (r.citation_id = 'torchvision') DESC,
                 (s.resolution_px IS NOT DISTINCT FROM (SELECT resolution_px FROM models m WHERE m.model_id = s.model_id)) DESC,
                 (s.gflops IS NOT NULL) DESC, r.created_at DESC, s.run_id, s.weights DESC NULLS LAST,
                 s.resolution_px, s.file_size_mb
    ) = 1
)
SELECT mo.model_id, mo.name, mo.family, mo.year, mo.library, mo.resolution_px,
       sp.params, sp.file_size_mb, sp.gflops, sp.flops_convention, sp.spec_source,
       acc.top1, acc.top5, acc.accuracy_source, acc.accuracy_kind, acc.evaluated_with
FROM models mo
LEFT JOIN specs sp USING (model_id)
LEFT JOIN model_accuracy acc USING (model_id);

CREATE OR REPLACE VIEW model_device_summary AS
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
    arg_min(lm.batch_size, (lm.time_per_image_ms, lm.batch_size)) FILTER (WHERE lm.status = 'ok') AS best_batch_size,
    max(lm.fps) FILTER (WHERE lm.status = 'ok') AS max_fps,
    min(lm.memory_mb) FILTER (WHERE lm.status = 'ok') AS min_memory_mb,
    max(lm.memory_mb) FILTER (WHERE lm.status = 'ok') AS max_memory_mb,
    min(lm.energy_per_image_j) AS min_energy_per_image_j,
    min(lm.time_statistic) AS time_statistic,
    max(lm.created_at) AS measured_at,
    acc.top1,
    acc.top5,
    acc.accuracy_source
FROM latest_measurements lm
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = lm.model_id AND acc.resolution_px = lm.resolution_px
GROUP BY ALL;

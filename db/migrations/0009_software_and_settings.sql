-- zoobench schema v9: what a newer PyTorch buys and what one setting buys, per model.
--   latest_per_torch(): the newest measurement per key *and PyTorch version* (latest_measurements
--     keeps only the newest PyTorch of a key, so the older versions of a device are not there);
--   differing_settings(...): which of a pair's settings differ — precision, precision_method
--     (autocast or cast; fp32 has none, so fp32 against fp16 by cast is one difference),
--     memory_format, execution — as a list of their names;
--   view software_speedups: one device, one model × resolution × batch size, two PyTorch versions;
--   view setting_speedups: one device, one PyTorch version, rows that differ in exactly one setting.
-- Both: the same runtime and the same statistic on both sides (each side's time per image, median
-- where the source has it); speedup above 1 = the newer version / the changed setting is faster.

CREATE MACRO torch_version_key(v) AS
    list_transform(string_split(regexp_extract(v, '^[0-9.]+'), '.'), lambda x: TRY_CAST(x AS INTEGER));

CREATE MACRO latest_per_torch() AS TABLE
SELECT me.*, r.cuda_version, r.citation_locator
FROM measurements_enriched me
JOIN runs r USING (run_id)
QUALIFY row_number() OVER (
    PARTITION BY me.model_id, me.resolution_px, coalesce(me.weights, ''), me.device_id, me.batch_size,
                 me.settings_key, coalesce(me.torch_version, '')
    ORDER BY me.created_at DESC, me.run_id DESC
) = 1;

CREATE MACRO differing_settings(a_precision, a_method, a_format, a_execution,
                                b_precision, b_method, b_format, b_execution) AS
    list_filter([
        CASE WHEN a_precision <> b_precision THEN 'precision' END,
        CASE WHEN a_method <> b_method THEN 'precision_method' END,
        CASE WHEN a_format <> b_format THEN 'memory_format' END,
        CASE WHEN a_execution <> b_execution THEN 'execution' END
    ], lambda x: x IS NOT NULL);

-- A setting's value as the pages name it ('fp16 autocast' for precision and precision_method,
-- 'channels_last', 'compiled'), and its
-- place in the order baseline → change (fp32 before fp16 before bf16, autocast before cast,
-- contiguous before channels_last, eager before compiled); an unknown value goes last.
CREATE MACRO setting_value(setting, precision, precision_method, memory_format, execution) AS
    CASE setting
        WHEN 'memory_format' THEN memory_format
        WHEN 'execution' THEN execution
        ELSE precision || coalesce(' ' || precision_method, '')
    END;

CREATE MACRO setting_rank(value) AS coalesce(list_position(
    ['fp32', 'tf32', 'fp16 autocast', 'fp16 cast', 'fp16', 'bf16 autocast', 'bf16 cast', 'bf16',
     'fp64 cast', 'fp64', 'contiguous', 'channels_last', 'eager', 'compiled'], value), 99);

-- Per device × model × resolution × weights × batch size × runtime, each older PyTorch version
-- against each newer one. also_differs: NULL when the two runs' settings are the same (the
-- comparison proper); else the one setting that differs too (e.g. timm's RTX 4090 ran channels_last
-- under 2.4 and contiguous under 2.9): both changed, so it says less. Pairs where two or more
-- settings differ are left out.
CREATE VIEW software_speedups AS
WITH ok AS (
    SELECT *, torch_version_key(torch_version) AS torch_key FROM latest_per_torch() WHERE status = 'ok'
)
SELECT
    n.device_id, n.model_id, n.implementation, n.weights, n.resolution_px, n.batch_size, n.runtime,
    o.torch_version AS old_torch, n.torch_version AS new_torch,
    o.cuda_version AS old_cuda, n.cuda_version AS new_cuda,
    o.settings_key AS old_settings_key, n.settings_key AS new_settings_key,
    differing_settings(o.precision, o.precision_method, o.memory_format, o.execution,
                       n.precision, n.precision_method, n.memory_format, n.execution)[1] AS also_differs,
    n.time_statistic AS statistic,
    o.time_per_image_ms AS old_ms,
    n.time_per_image_ms AS new_ms,
    o.time_per_image_ms / n.time_per_image_ms AS speedup,
    o.citation_id AS old_citation_id, n.citation_id AS new_citation_id,
    o.citation_locator AS old_citation_locator, n.citation_locator AS new_citation_locator,
    o.run_id AS old_run_id, n.run_id AS new_run_id
FROM ok o
JOIN ok n
  ON n.device_id = o.device_id AND n.model_id = o.model_id
 AND n.resolution_px IS NOT DISTINCT FROM o.resolution_px AND n.weights IS NOT DISTINCT FROM o.weights
 AND n.batch_size = o.batch_size AND n.runtime = o.runtime AND n.time_statistic = o.time_statistic
 AND o.torch_key < n.torch_key
WHERE len(differing_settings(o.precision, o.precision_method, o.memory_format, o.execution,
                             n.precision, n.precision_method, n.memory_format, n.execution)) <= 1;

-- Per device × PyTorch version × model × resolution × weights × batch size × runtime, each pair of
-- rows that differ in exactly one setting: `setting` names it, `baseline` and `changed` are its two
-- values (ordered by setting_rank), the other two settings are equal.
CREATE VIEW setting_speedups AS
WITH ok AS (
    SELECT * FROM latest_per_torch() WHERE status = 'ok'
),
pairs AS (
    SELECT a.*,
           differing_settings(a.precision, a.precision_method, a.memory_format, a.execution,
                              b.precision, b.precision_method, b.memory_format, b.execution) AS differs,
           setting_value(differs[1], a.precision, a.precision_method, a.memory_format, a.execution) AS value_a,
           setting_value(differs[1], b.precision, b.precision_method, b.memory_format, b.execution) AS value_b,
           b.settings_key AS settings_key_b, b.time_per_image_ms AS ms_b, b.citation_id AS citation_id_b,
           b.citation_locator AS citation_locator_b, b.run_id AS run_id_b
    FROM ok a
    JOIN ok b
      ON b.device_id = a.device_id AND b.model_id = a.model_id
     AND b.resolution_px IS NOT DISTINCT FROM a.resolution_px AND b.weights IS NOT DISTINCT FROM a.weights
     AND b.batch_size = a.batch_size AND b.runtime = a.runtime AND b.time_statistic = a.time_statistic
     AND b.torch_version IS NOT DISTINCT FROM a.torch_version AND b.settings_key <> a.settings_key
)
SELECT
    device_id, model_id, implementation, weights, resolution_px, batch_size, runtime, torch_version,
    cuda_version, differs[1] AS setting, value_a AS baseline, value_b AS changed,
    settings_key AS baseline_settings_key, settings_key_b AS changed_settings_key,
    time_statistic AS statistic,
    time_per_image_ms AS baseline_ms,
    ms_b AS changed_ms,
    time_per_image_ms / ms_b AS speedup,
    citation_id AS baseline_citation_id, citation_id_b AS changed_citation_id,
    citation_locator AS baseline_citation_locator, citation_locator_b AS changed_citation_locator,
    run_id AS baseline_run_id, run_id_b AS changed_run_id
FROM pairs
WHERE len(differs) = 1
  AND (setting_rank(value_a) < setting_rank(value_b)
       OR (setting_rank(value_a) = setting_rank(value_b) AND value_a < value_b));

-- zoobench schema v9: what a newer PyTorch buys and what one setting buys, per model.
--   latest_per_torch(): the newest measurement per key *and PyTorch version* (latest_measurements
--     keeps only the newest PyTorch of a key, so the older versions of a device are not there);
--   differing_settings(...): which of a pair's settings differ — precision, precision_method
--     (autocast or cast; fp32 has none, so fp32 against fp16 by cast is one difference),
--     memory_format, execution — as a list of their names;
--   measurement_pairs(): every two runs' measurements of one cell (device, model, resolution,
--     weights, batch size, runtime, statistic), what both views below are made of;
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

-- Every two measurements of one cell — the same device, model, resolution, weights, batch size and
-- runtime, timed with the same statistic — from two runs (other settings or another PyTorch
-- version), in both orders: each side's columns suffixed _a and _b, and which settings differ.
CREATE MACRO measurement_pairs() AS TABLE
WITH ok AS (
    SELECT * FROM latest_per_torch() WHERE status = 'ok'
)
SELECT
    a.device_id, a.model_id, a.implementation, a.weights, a.resolution_px, a.batch_size, a.runtime,
    a.time_statistic AS statistic,
    differing_settings(a.precision, a.precision_method, a.memory_format, a.execution,
                       b.precision, b.precision_method, b.memory_format, b.execution) AS differs,
    a.precision AS precision_a, a.precision_method AS precision_method_a,
    a.memory_format AS memory_format_a, a.execution AS execution_a,
    b.precision AS precision_b, b.precision_method AS precision_method_b,
    b.memory_format AS memory_format_b, b.execution AS execution_b,
    a.torch_version AS torch_a, b.torch_version AS torch_b,
    a.cuda_version AS cuda_a, b.cuda_version AS cuda_b,
    a.settings_key AS settings_key_a, b.settings_key AS settings_key_b,
    a.time_per_image_ms AS ms_a, b.time_per_image_ms AS ms_b,
    a.citation_id AS citation_id_a, b.citation_id AS citation_id_b,
    a.citation_locator AS citation_locator_a, b.citation_locator AS citation_locator_b,
    a.run_id AS run_id_a, b.run_id AS run_id_b
FROM ok a
JOIN ok b
  ON b.device_id = a.device_id AND b.model_id = a.model_id
 AND b.resolution_px IS NOT DISTINCT FROM a.resolution_px AND b.weights IS NOT DISTINCT FROM a.weights
 AND b.batch_size = a.batch_size AND b.runtime = a.runtime AND b.time_statistic = a.time_statistic
 AND b.run_id <> a.run_id;

-- Per device × model × resolution × weights × batch size × runtime, each older PyTorch version
-- against each newer one. also_differs: NULL when the two runs' settings are the same (the
-- comparison proper); else the one setting that differs too (e.g. timm's RTX 4090 ran channels_last
-- under 2.4 and contiguous under 2.9): both changed, so it says less. Pairs where two or more
-- settings differ are left out.
CREATE VIEW software_speedups AS
SELECT
    device_id, model_id, implementation, weights, resolution_px, batch_size, runtime,
    torch_a AS old_torch, torch_b AS new_torch, cuda_a AS old_cuda, cuda_b AS new_cuda,
    settings_key_a AS old_settings_key, settings_key_b AS new_settings_key,
    differs[1] AS also_differs, statistic,
    ms_a AS old_ms, ms_b AS new_ms, ms_a / ms_b AS speedup,
    citation_id_a AS old_citation_id, citation_id_b AS new_citation_id,
    citation_locator_a AS old_citation_locator, citation_locator_b AS new_citation_locator,
    run_id_a AS old_run_id, run_id_b AS new_run_id
FROM measurement_pairs()
WHERE torch_version_key(torch_a) < torch_version_key(torch_b) AND len(differs) <= 1;

-- Per device × PyTorch version × model × resolution × weights × batch size × runtime, each pair of
-- rows that differ in exactly one setting: `setting` names it, `baseline` and `changed` are its two
-- values (ordered by setting_rank), the other settings are equal.
CREATE VIEW setting_speedups AS
WITH one_apart AS (
    SELECT *,
           setting_value(differs[1], precision_a, precision_method_a, memory_format_a, execution_a) AS value_a,
           setting_value(differs[1], precision_b, precision_method_b, memory_format_b, execution_b) AS value_b
    FROM measurement_pairs()
    WHERE torch_a IS NOT DISTINCT FROM torch_b AND len(differs) = 1
)
SELECT
    device_id, model_id, implementation, weights, resolution_px, batch_size, runtime,
    torch_a AS torch_version, cuda_a AS cuda_version,
    differs[1] AS setting, value_a AS baseline, value_b AS changed,
    settings_key_a AS baseline_settings_key, settings_key_b AS changed_settings_key,
    statistic,
    ms_a AS baseline_ms, ms_b AS changed_ms, ms_a / ms_b AS speedup,
    citation_id_a AS baseline_citation_id, citation_id_b AS changed_citation_id,
    citation_locator_a AS baseline_citation_locator, citation_locator_b AS changed_citation_locator,
    run_id_a AS baseline_run_id, run_id_b AS changed_run_id
FROM one_apart
WHERE setting_rank(value_a) < setting_rank(value_b)
   OR (setting_rank(value_a) = setting_rank(value_b) AND value_a < value_b);

-- zoobench schema v6: each rule in one place.
--   run_source(citation_id): what a run is called where a source is named — its citation, or
--     `measured` for a zoobench measurement (model_summary said `zoobench`, the queries `measured`);
--   latest_measurements_except(runs): the newest measurement per key, leaving some runs out (the
--     pull request `zoobench review` judges); latest_measurements is it with none left out.

CREATE MACRO run_source(citation_id) AS coalesce(citation_id, 'measured');

-- The newest measurement for each model × resolution × weights × device × batch size × settings,
-- among the runs not in `excluded`; among equally new ones (published tables converted together),
-- the one with the newest PyTorch.
CREATE MACRO latest_measurements_except(excluded) AS TABLE
SELECT *
FROM measurements_enriched
WHERE NOT list_contains(excluded, run_id)
QUALIFY row_number() OVER (
    PARTITION BY model_id, resolution_px, coalesce(weights, ''), device_id, batch_size, settings_key
    ORDER BY created_at DESC,
             list_transform(string_split(regexp_extract(torch_version, '^[0-9.]+'), '.'),
                            lambda x: TRY_CAST(x AS INTEGER)) DESC NULLS LAST,
             run_id DESC
) = 1;

CREATE OR REPLACE VIEW latest_measurements AS
SELECT * FROM latest_measurements_except([]::VARCHAR[]);

-- model_summary as in schema v2, its spec_source named by run_source.
CREATE OR REPLACE VIEW model_summary AS
WITH specs AS (
    SELECT s.*, r.source AS run_source, run_source(r.citation_id) AS spec_source
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

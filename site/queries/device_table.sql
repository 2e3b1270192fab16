-- The device page where resolution, not batch size, varies (timm's benchmarks: one batch size per
-- model × resolution, 1024 or what memory allowed): one row per model × resolution × settings ×
-- PyTorch version, from its newest run (the fastest batch size there), with the specs its runs on
-- this device give at that resolution and the top-1 at that resolution (accuracy_at).
WITH specs AS (
    SELECT model_id, resolution_px, max(params) AS params, max(gflops) AS gflops,
           max(activations_m) AS activations_m
    FROM model_specs
    WHERE run_id IN (SELECT run_id FROM runs WHERE device_id = $device_id)
    GROUP BY ALL
)
SELECT me.model_id, model_label(mo.name, me.resolution_px, mo.resolution_px) AS label,
       me.resolution_px, me.settings_key, me.torch_version, me.batch_size, me.fps,
       me.time_per_image_ms, sp.params, sp.gflops, sp.activations_m, acc.top1
FROM measurements_enriched me
JOIN models mo USING (model_id)
LEFT JOIN specs sp ON sp.model_id = me.model_id AND sp.resolution_px = me.resolution_px
LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = me.model_id AND acc.resolution_px = me.resolution_px
WHERE me.device_id = $device_id AND me.status = 'ok'
QUALIFY row_number() OVER (
    PARTITION BY me.model_id, me.resolution_px, me.settings_key, me.torch_version
    ORDER BY me.created_at DESC, me.fps DESC, me.batch_size
) = 1
ORDER BY label, me.model_id, me.resolution_px;

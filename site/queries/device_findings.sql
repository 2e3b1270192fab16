-- Key findings for one device, recomputed from the data: the best top-1 at ≥ 30 images/s at batch
-- size 1, the fastest model with top-1 ≥ $min_top1 and the fastest model at any batch size, and the
-- memory floor (smallest model's memory) at batch size 1. At the device's default settings; the
-- accuracy is that at the measured resolution (the model's own only at its default resolution);
-- `label` names the model at that resolution (macro model_label: "ResNet-50 @ 288 px").
WITH ok AS (
    SELECT lm.*, mo.name, model_label(mo.name, lm.resolution_px, mo.resolution_px) AS label,
           coalesce(aa.top1, ma.top1) AS top1, coalesce(aa.accuracy_source, ma.accuracy_source) AS accuracy_source
    FROM default_measurements lm
    JOIN models mo USING (model_id)
    LEFT JOIN accuracy_at(NULL) aa ON aa.model_id = lm.model_id AND aa.resolution_px = lm.resolution_px
    LEFT JOIN model_accuracy ma ON ma.model_id = lm.model_id AND lm.resolution_px = mo.resolution_px
    WHERE lm.device_id = $device_id AND lm.status = 'ok'
)
(SELECT 'best_at_30' AS finding, model_id, name, top1, accuracy_source, fps, memory_mb, batch_size, resolution_px, label
 FROM ok WHERE batch_size = 1 AND fps >= 30 AND top1 IS NOT NULL
 ORDER BY top1 DESC, fps DESC LIMIT 1)
UNION ALL
(SELECT 'fastest_accurate', model_id, name, top1, accuracy_source, fps, memory_mb, batch_size, resolution_px, label
 FROM ok WHERE fps IS NOT NULL AND top1 >= $min_top1 ORDER BY fps DESC LIMIT 1)
UNION ALL
(SELECT 'fastest', model_id, name, top1, accuracy_source, fps, memory_mb, batch_size, resolution_px, label
 FROM ok WHERE fps IS NOT NULL ORDER BY fps DESC LIMIT 1)
UNION ALL
(SELECT 'memory_floor', model_id, name, top1, accuracy_source, fps, memory_mb, batch_size, resolution_px, label
 FROM ok WHERE batch_size = 1 AND memory_mb IS NOT NULL ORDER BY memory_mb, model_id LIMIT 1);

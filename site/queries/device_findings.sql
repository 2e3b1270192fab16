-- Key findings for one device, recomputed from the data: the best top-1 at ≥ 30 images/s at batch
-- size 1, the fastest model at any batch size, and the memory floor (smallest model's memory) at
-- batch size 1.
WITH ok AS (
    SELECT lm.*, mo.name, acc.top1, acc.accuracy_source
    FROM latest_measurements lm
    JOIN models mo USING (model_id)
    LEFT JOIN model_accuracy acc USING (model_id)
    WHERE lm.device_id = $device_id AND lm.status = 'ok'
)
(SELECT 'best_at_30' AS finding, model_id, name, top1, accuracy_source, fps, memory_mb, batch_size
 FROM ok WHERE batch_size = 1 AND fps >= 30 AND top1 IS NOT NULL
 ORDER BY top1 DESC, fps DESC LIMIT 1)
UNION ALL
(SELECT 'fastest', model_id, name, top1, accuracy_source, fps, memory_mb, batch_size
 FROM ok WHERE fps IS NOT NULL ORDER BY fps DESC LIMIT 1)
UNION ALL
(SELECT 'memory_floor', model_id, name, top1, accuracy_source, fps, memory_mb, batch_size
 FROM ok WHERE batch_size = 1 AND memory_mb IS NOT NULL ORDER BY memory_mb, model_id LIMIT 1);

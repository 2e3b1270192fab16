-- Rows the best-model lookup filters in the browser: one per device × batch size × model (default
-- settings per device), with the preferred accuracy. Capped at $cap rows, best top-1 first.
SELECT lm.device_id, lm.batch_size, lm.model_id, mo.name, acc.top1, acc.accuracy_source,
       lm.fps, lm.memory_mb
FROM default_measurements lm
JOIN models mo USING (model_id)
LEFT JOIN model_accuracy acc USING (model_id)
WHERE lm.status = 'ok' AND lm.fps IS NOT NULL
ORDER BY acc.top1 DESC NULLS LAST, lm.fps DESC, lm.model_id, lm.device_id, lm.batch_size
LIMIT $cap;

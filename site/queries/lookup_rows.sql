-- Rows the best-model lookup filters in the browser: one per device × runtime × batch size × model,
-- each device and runtime at its default settings (view device_runtime_default_settings), with the
-- preferred accuracy. Capped at $cap rows, best top-1 first.
SELECT lm.device_id, lm.runtime, lm.batch_size, lm.model_id, mo.name, acc.top1, acc.accuracy_source,
       lm.fps, lm.memory_mb
FROM latest_measurements lm
JOIN device_runtime_default_settings USING (device_id, runtime, settings_key)
JOIN models mo USING (model_id)
LEFT JOIN model_accuracy acc USING (model_id)
WHERE lm.status = 'ok' AND lm.fps IS NOT NULL
ORDER BY acc.top1 DESC NULLS LAST, lm.fps DESC, lm.model_id, lm.device_id, lm.runtime, lm.batch_size
LIMIT $cap;

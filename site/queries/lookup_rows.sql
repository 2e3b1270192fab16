-- Rows the best-model lookup filters in the browser: one per device × batch size × model (default
-- settings per device), with the preferred accuracy. Capped at $cap rows, best top-1 first.
WITH default_settings AS (
    SELECT device_id, arg_max(settings_key, n) AS settings_key
    FROM (SELECT device_id, settings_key, count(*) AS n FROM latest_measurements GROUP BY ALL)
    GROUP BY device_id
)
SELECT lm.device_id, lm.batch_size, lm.model_id, mo.name, acc.top1, acc.accuracy_source,
       lm.fps, lm.memory_mb
FROM latest_measurements lm
JOIN default_settings USING (device_id, settings_key)
JOIN models mo USING (model_id)
LEFT JOIN model_accuracy acc USING (model_id)
WHERE lm.status = 'ok' AND lm.fps IS NOT NULL
ORDER BY acc.top1 DESC NULLS LAST, lm.fps DESC, lm.model_id
LIMIT $cap;

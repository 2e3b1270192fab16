-- For each measurement of the runs under review ($new_runs) whose key (model × resolution ×
-- weights × device × batch size × settings) the database already held: the newest earlier value
-- (latest_measurements without the runs under review) and the new one.
WITH new AS (
    SELECT * FROM measurements_enriched WHERE list_contains($new_runs, run_id)
),
old AS (
    SELECT * FROM latest_measurements_except($new_runs)
)
SELECT
    n.run_id,
    n.model_id,
    n.device_id,
    n.batch_size,
    n.settings_key,
    o.status AS old_status,
    n.status AS new_status,
    o.time_per_image_ms AS old_time_per_image_ms,
    n.time_per_image_ms AS new_time_per_image_ms,
    n.time_per_image_ms / o.time_per_image_ms - 1 AS time_change,
    o.memory_mb AS old_memory_mb,
    n.memory_mb AS new_memory_mb,
    n.memory_mb / o.memory_mb - 1 AS memory_change,
    o.run_id AS old_run_id
FROM new n
JOIN old o
    ON o.model_id = n.model_id AND o.resolution_px IS NOT DISTINCT FROM n.resolution_px
   AND coalesce(o.weights, '') = coalesce(n.weights, '')
   AND o.device_id = n.device_id AND o.batch_size = n.batch_size AND o.settings_key = n.settings_key
ORDER BY n.device_id, n.model_id, n.settings_key, n.batch_size;

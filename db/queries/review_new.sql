-- What the runs under review ($new_runs) bring that the database did not hold: one row per new
-- model, device, or device × settings combination.
WITH new_runs AS (SELECT * FROM runs WHERE list_contains($new_runs, run_id)),
old_runs AS (SELECT * FROM runs WHERE NOT list_contains($new_runs, run_id))
SELECT DISTINCT 'model' AS kind, s.model_id AS id, mo.name AS name
FROM model_specs s JOIN models mo USING (model_id)
WHERE list_contains($new_runs, s.run_id)
  AND s.model_id NOT IN (SELECT model_id FROM model_specs WHERE run_id IN (SELECT run_id FROM old_runs))
UNION ALL
SELECT DISTINCT 'device', d.device_id, d.name
FROM new_runs r JOIN devices d USING (device_id)
WHERE r.device_id NOT IN (SELECT device_id FROM old_runs WHERE device_id IS NOT NULL)
UNION ALL
SELECT DISTINCT 'settings', r.device_id || ' ' || r.settings_key, d.name
FROM new_runs r JOIN devices d USING (device_id)
WHERE r.settings_key IS NOT NULL
  AND (r.device_id, r.settings_key) NOT IN (
      SELECT (device_id, settings_key) FROM old_runs WHERE settings_key IS NOT NULL)
ORDER BY 1, 2;

-- Per device: what was measured and where the numbers come from.
SELECT
    d.device_id,
    d.name,
    d.kind,
    count(DISTINCT r.run_id) AS runs,
    count(m.model_id) AS measurements,
    count(DISTINCT m.model_id) AS models,
    string_agg(DISTINCT run_source(r.citation_id), ', ') AS sources
FROM devices d
JOIN runs r USING (device_id)
LEFT JOIN measurements m USING (run_id)
GROUP BY ALL
ORDER BY d.device_id;

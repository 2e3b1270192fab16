-- Every device with how much was measured on it and by whom (sources: citation ids or 'measured').
SELECT
    d.device_id, d.name, d.kind, d.vendor, d.model, d.memory_mb, d.notes,
    count(DISTINCT m.model_id) AS models,
    count(m.model_id) AS measurements,
    count(DISTINCT m.batch_size) AS batch_sizes,
    list(DISTINCT run_source(r.citation_id) ORDER BY run_source(r.citation_id)) AS sources
FROM devices d
LEFT JOIN measurements m USING (device_id)
LEFT JOIN runs r ON r.run_id = m.run_id
GROUP BY ALL
ORDER BY d.kind, d.device_id;

-- Per source (a citation id, or `measured` for zoobench runs): files, devices, rows.
SELECT
    run_source(r.citation_id) AS source,
    any_value(s.title) AS title,
    count(DISTINCT r.run_id) AS files,
    count(DISTINCT r.device_id) AS devices,
    (SELECT count(*) FROM measurements m WHERE m.run_id IN (SELECT run_id FROM runs r2 WHERE run_source(r2.citation_id) = run_source(r.citation_id))) AS measurements,
    (SELECT count(*) FROM accuracy a WHERE a.run_id IN (SELECT run_id FROM runs r2 WHERE run_source(r2.citation_id) = run_source(r.citation_id))) AS accuracy_rows
FROM runs r
LEFT JOIN sources s ON s.source_id = r.citation_id
GROUP BY ALL
ORDER BY source;

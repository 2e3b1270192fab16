-- Who holds each citation id and device id already in the database: the fields that identify it,
-- and the file that brought it (published sources first, then the oldest run).
SELECT
    'citation' AS kind,
    s.source_id AS id,
    s.authors, s.title, s.venue, s.year, s.doi, s.url,
    NULL AS name, NULL AS device_kind, NULL AS vendor, NULL AS model, NULL AS cpu_model,
    NULL::INTEGER AS cpu_cores, NULL::DOUBLE AS memory_mb,
    (SELECT r.file_path FROM runs r WHERE r.citation_id = s.source_id
     ORDER BY r.source = 'published' DESC, r.created_at, r.run_id LIMIT 1) AS file
FROM sources s
UNION ALL
SELECT
    'device', d.device_id,
    NULL, NULL, NULL, NULL, NULL, NULL,
    d.name, d.kind, d.vendor, d.model, d.cpu_model, d.cpu_cores, d.memory_mb,
    (SELECT r.file_path FROM runs r WHERE r.device_id = d.device_id
     ORDER BY r.source = 'published' DESC, r.created_at, r.run_id LIMIT 1)
FROM devices d
ORDER BY kind, id;

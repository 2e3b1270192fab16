-- The runs behind a device's numbers: who measured, with what, and the source they cite.
SELECT
    r.run_id, r.file_path, r.created_at, r.source, r.citation_id, r.citation_locator,
    r.contributor, r.notes, r.tool_name, r.tool_version, r.git_commit,
    r.driver_version, r.cuda_version, r.cudnn_version, r.os, r.python, r.torch, r.torchvision,
    r.timm, r.framework, r.settings_key, r.precision, r.memory_format, r.execution, r.compile_mode,
    r.threads, r.cudnn_benchmark, r.allow_tf32, r.warmup_iters, r.timed_iters, r.min_seconds,
    r.input_on_device, r.timing,
    s.title AS source_title, s.year AS source_year, s.url AS source_url, s.doi AS source_doi,
    (SELECT count(*) FROM measurements m WHERE m.run_id = r.run_id) AS measurements
FROM runs r
LEFT JOIN sources s ON s.source_id = r.citation_id
WHERE r.device_id = $device_id
ORDER BY r.created_at DESC, r.run_id;

-- The newest dataset version: what every page states it shows.
SELECT version, created_at, zoobench_version, digest, files_total
FROM dataset_versions
ORDER BY version DESC
LIMIT 1;

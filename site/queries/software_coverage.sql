-- For each device and two PyTorch versions' runs of it: how many model × resolution pairs both ran
-- (at any batch size), so a page can say how many of them software_speedups could pair.
WITH ran AS (
    SELECT DISTINCT device_id, torch_version, settings_key, model_id, resolution_px
    FROM latest_per_torch()
    WHERE status = 'ok' AND torch_version IS NOT NULL
)
SELECT o.device_id, o.torch_version AS old_torch, n.torch_version AS new_torch,
       o.settings_key AS old_settings_key, n.settings_key AS new_settings_key,
       count(*) AS models_in_both
FROM ran o
JOIN ran n USING (device_id, model_id, resolution_px)
WHERE torch_version_key(o.torch_version) < torch_version_key(n.torch_version)
GROUP BY ALL;

-- The settings a device was measured with, most measurements first (the first is the page's default).
SELECT settings_key, count(*) AS measurements, count(DISTINCT model_id) AS models
FROM latest_measurements
WHERE device_id = $device_id
GROUP BY settings_key
ORDER BY measurements DESC, settings_key;

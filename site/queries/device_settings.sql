-- The settings a device was measured with: its default (view device_default_settings) first, then
-- the most measured (the first is the page's default).
SELECT lm.settings_key, count(*) AS measurements, count(DISTINCT lm.model_id) AS models
FROM latest_measurements lm
LEFT JOIN device_default_settings d USING (device_id, settings_key)
WHERE lm.device_id = $device_id
GROUP BY lm.settings_key, d.settings_key
ORDER BY (d.settings_key IS NOT NULL) DESC, measurements DESC, lm.settings_key;

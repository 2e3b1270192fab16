-- Each device's default settings and the batch size it has the most measurements at there
-- (ties: the smaller batch): the column `zoobench predict` fills by default.
SELECT device_id, settings_key, batch_size, count(*) AS models
FROM default_measurements
WHERE status = 'ok'
GROUP BY device_id, settings_key, batch_size
QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY count(*) DESC, batch_size) = 1
ORDER BY device_id

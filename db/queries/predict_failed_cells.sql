-- Cells measured without a time (out of memory, or any status but ok): a measurement, even a
-- failed one, always wins, so they are never predicted.
SELECT DISTINCT model_id, resolution_px, device_id, settings_key, batch_size
FROM latest_measurements
WHERE status <> 'ok'

-- What a runtime buys, per device × runtime × model (view runtime_speedups), with names.
SELECT s.*, mo.name, d.name AS device_name
FROM runtime_speedups s
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
ORDER BY d.name, s.device_id, s.runtime, s.precision, s.batch_size, s.speedup DESC, s.model_id;

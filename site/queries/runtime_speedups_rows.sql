-- What a runtime buys, per device × runtime × model (view runtime_speedups), with names (macro
-- model_label: "@ 288 px" where the resolution is not the model's default).
SELECT s.*, model_label(mo.name, s.resolution_px, mo.resolution_px) AS name, d.name AS device_name
FROM runtime_speedups s
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
ORDER BY d.name, s.device_id, s.runtime, s.precision, s.batch_size, s.speedup DESC, s.model_id;

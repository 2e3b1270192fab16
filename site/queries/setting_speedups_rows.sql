-- What one setting buys, per device × PyTorch version × setting change × model (view
-- setting_speedups), with names; changes in the order compile, memory format, precision, method.
SELECT s.*, mo.name, d.name AS device_name
FROM setting_speedups s
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
ORDER BY list_position(['execution', 'memory_format', 'precision', 'precision_method'], s.setting),
         setting_rank(s.baseline), setting_rank(s.changed), d.name, s.device_id, s.torch_version,
         s.speedup DESC, s.model_id, s.resolution_px;

-- What a newer PyTorch buys, per device × version pair × model (view software_speedups), with names.
SELECT s.*, mo.name, d.name AS device_name
FROM software_speedups s
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
ORDER BY d.name, s.device_id, torch_version_key(s.old_torch), torch_version_key(s.new_torch),
         s.old_settings_key, s.new_settings_key, s.speedup DESC, s.model_id, s.resolution_px;

-- Pairs of devices of one device model (view device_model_pairs), with both devices' names and
-- how many comparable measurements the view source_comparison finds for them.
SELECT p.device_model, p.device_a, da.name AS name_a, p.device_b, db.name AS name_b,
       count(c.model_id) AS comparisons
FROM device_model_pairs p
JOIN devices da ON da.device_id = p.device_a
JOIN devices db ON db.device_id = p.device_b
LEFT JOIN source_comparison c USING (device_model, device_a, device_b)
GROUP BY ALL
ORDER BY p.device_model, p.device_a, p.device_b;

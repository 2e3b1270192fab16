-- Top-1 against images/s per device (Bianco 2018 Fig. 3 on the home page): each device at its default
-- settings, each model × resolution at the batch size that gave the most images/s (the smaller on a
-- tie), with the accuracy at that resolution (the model's own only at its default resolution), the
-- model's label at that resolution (macro model_label); whether the device's runs cite `$study`.
SELECT dm.device_id, d.name AS device_name, dm.settings_key, dm.model_id, mo.name,
       model_label(mo.name, dm.resolution_px, mo.resolution_px) AS label, dm.resolution_px,
       max(dm.fps) AS fps, arg_max(dm.batch_size, (dm.fps, -dm.batch_size)) AS batch_size,
       any_value(coalesce(acc.top1, ma.top1)) AS top1,
       bool_or(r.citation_id = $study) AS in_study
FROM default_measurements dm
JOIN devices d USING (device_id)
JOIN models mo USING (model_id)
JOIN runs r ON r.run_id = dm.run_id
LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = dm.model_id AND acc.resolution_px = dm.resolution_px
LEFT JOIN model_accuracy ma ON ma.model_id = dm.model_id AND dm.resolution_px = mo.resolution_px
WHERE dm.status = 'ok' AND dm.fps > 0
GROUP BY dm.device_id, d.name, dm.settings_key, dm.model_id, mo.name, mo.resolution_px, dm.resolution_px
HAVING any_value(coalesce(acc.top1, ma.top1)) IS NOT NULL
ORDER BY dm.device_id, fps DESC, dm.model_id, dm.resolution_px;

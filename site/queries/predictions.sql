-- Predicted time per image of cells nobody measured (view open_predictions: a measured value
-- always wins), with the model's name and its label at that resolution, for device and model pages.
SELECT p.model_id, mo.name, model_label(mo.name, p.resolution_px, mo.resolution_px) AS label, p.resolution_px, p.device_id, d.name AS device_name, p.settings_key,
       p.batch_size, p.time_per_image_ms, p.fps, p.low_ms, p.high_ms, p.method, p.dataset_version
FROM open_predictions p
JOIN models mo USING (model_id)
JOIN devices d USING (device_id)
ORDER BY p.device_id, mo.name, p.model_id, p.resolution_px

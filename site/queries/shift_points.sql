-- Accuracy on each other evaluation set (ReaL, ImageNetV2, Sketch, -A, -R) beside the ImageNet-1k
-- top-1 of the same weights, evaluated the same way (source, resolution, crop, interpolation).
SELECT s.model_id, mo.name, s.source, s.weights, s.resolution_px, s.dataset,
       i.top1 AS imagenet_top1, s.top1
FROM accuracy s
JOIN accuracy i
  ON i.model_id = s.model_id AND i.source = s.source AND i.dataset = 'imagenet-1k-val'
 AND i.weights IS NOT DISTINCT FROM s.weights
 AND i.resolution_px IS NOT DISTINCT FROM s.resolution_px
 AND i.crop_pct IS NOT DISTINCT FROM s.crop_pct
 AND i.interpolation IS NOT DISTINCT FROM s.interpolation
 AND i.evaluated_with IS NOT DISTINCT FROM s.evaluated_with
JOIN models mo ON mo.model_id = s.model_id
WHERE s.dataset <> 'imagenet-1k-val' AND s.top1 IS NOT NULL AND i.top1 IS NOT NULL
ORDER BY s.model_id, s.weights, s.resolution_px, s.dataset;

-- Every accuracy figure for every model (model pages split them), in the default preference order, with its source.
SELECT a.model_id, a.source, a.kind, a.weights, a.top1, a.top5, a.dataset, a.crop, a.evaluated_with,
       a.resolution_px, a.preference, s.title AS source_title, s.year AS source_year
FROM accuracy_ranked a
LEFT JOIN sources s ON s.source_id = a.source
ORDER BY a.model_id, a.preference, a.top1 DESC;

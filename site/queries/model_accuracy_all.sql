-- Every accuracy figure for every model, on every evaluation set (model pages split them and pivot
-- the sets into columns), with its source, the run's citation and the source's rank in the default
-- preference order (accuracy_ranked; sources with no ImageNet-1k figure come last).
WITH pref AS (
    SELECT model_id, source, min(preference) AS preference FROM accuracy_ranked GROUP BY ALL
)
SELECT a.model_id, a.source, a.kind, a.weights, a.dataset, a.top1, a.top5, a.crop, a.crop_pct,
       a.interpolation, a.evaluated_with, a.pretrain, a.resolution_px,
       coalesce(p.preference, 99) AS preference, r.citation_locator,
       s.title AS source_title, s.year AS source_year, s.url AS source_url
FROM accuracy a
JOIN runs r USING (run_id)
LEFT JOIN pref p ON p.model_id = a.model_id AND p.source = a.source
LEFT JOIN sources s ON s.source_id = a.source
WHERE a.top1 IS NOT NULL OR a.top5 IS NOT NULL
ORDER BY a.model_id, preference, a.source, a.resolution_px, a.weights, a.evaluated_with,
         a.dataset <> 'imagenet-1k-val', a.dataset;

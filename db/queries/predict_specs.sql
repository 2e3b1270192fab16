-- FLOPs, parameters and activations of each model × resolution (median over the runs that give
-- them; FLOPs are always 2 per multiply-add in the database).
SELECT model_id, resolution_px,
       median(gflops) FILTER (WHERE gflops > 0) AS gflops,
       median(params) FILTER (WHERE params > 0) AS params,
       median(activations_m) FILTER (WHERE activations_m > 0) AS activations_m
FROM model_specs
WHERE resolution_px IS NOT NULL
GROUP BY ALL

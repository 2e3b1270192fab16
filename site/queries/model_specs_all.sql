-- Every spec a run gives for every model (model pages split them) (params, file size, FLOPs and their convention).
SELECT s.model_id, run_source(r.citation_id) AS source, s.weights, s.name_as_given, s.resolution_px,
       s.params, s.file_size_mb, s.gflops, s.flops_convention, s.flops_reported
FROM model_specs s
JOIN runs r USING (run_id)
ORDER BY s.model_id, source, s.weights;

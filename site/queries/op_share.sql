-- Share of time per operator type, per device × model at the smallest profiled batch (EmBench Fig. 4).
WITH per_model AS (
    SELECT device_id, model_id, min(batch_size) AS batch_size FROM op_breakdown GROUP BY ALL
), summed AS (
    SELECT o.device_id, o.model_id, o.batch_size, o.category, sum(o.time_ms) AS time_ms
    FROM op_breakdown o
    JOIN per_model USING (device_id, model_id, batch_size)
    GROUP BY ALL
)
SELECT *, time_ms / sum(time_ms) OVER (PARTITION BY device_id, model_id) AS share
FROM summed
ORDER BY device_id, model_id, category;

-- zoobench schema v11: `device_speed` takes the accuracy at the measured resolution only. Version 7
-- fell back to the model's own (default-resolution) top-1 at every resolution, so a model measured
-- at 288 px got its 224 px accuracy; a resolution without an accuracy now has none (top1 NULL), and
-- `pareto_membership` (which reads this view) leaves it out.
CREATE OR REPLACE VIEW device_speed AS
WITH col AS (
    SELECT device_id, settings_key, batch_size
    FROM default_measurements
    WHERE status = 'ok'
    GROUP BY device_id, settings_key, batch_size
    QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY count(*) DESC, batch_size) = 1
)
SELECT dm.device_id, dm.settings_key, dm.batch_size, dm.model_id, dm.resolution_px,
       exp(avg(ln(dm.time_per_image_ms))) AS time_per_image_ms,
       any_value(acc.top1) AS top1
FROM default_measurements dm
JOIN col USING (device_id, settings_key, batch_size)
LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = dm.model_id AND acc.resolution_px = dm.resolution_px
WHERE dm.status = 'ok' AND dm.time_per_image_ms > 0
GROUP BY ALL;

-- zoobench schema v7: predicted time per image, kept apart from measurements.
-- Written by `zoobench db build` and `zoobench db predict` (db/predictions.py): for each device at
-- its default settings and most-measured batch size, every model measured elsewhere but not there.
-- low_ms/high_ms: the 90 % interval of the method's held-out residuals; dataset_version: the
-- version of the data the method was fitted on.
CREATE TABLE predictions (
    model_id           VARCHAR NOT NULL,
    resolution_px      INTEGER NOT NULL,
    device_id          VARCHAR NOT NULL,
    settings_key       VARCHAR NOT NULL,
    batch_size         INTEGER NOT NULL,
    time_per_image_ms  DOUBLE NOT NULL,
    fps                DOUBLE NOT NULL,
    low_ms             DOUBLE,
    high_ms            DOUBLE,
    method             VARCHAR NOT NULL,
    dataset_version    INTEGER NOT NULL,
    fitted_at          TIMESTAMP NOT NULL
);

-- Predictions of cells nobody has measured: a measured value always wins, even one ingested
-- after the prediction was made.
CREATE VIEW open_predictions AS
SELECT p.*
FROM predictions p
WHERE NOT EXISTS (
    SELECT 1 FROM latest_measurements lm
    WHERE lm.model_id = p.model_id AND lm.resolution_px = p.resolution_px
      AND lm.device_id = p.device_id AND lm.settings_key = p.settings_key
      AND lm.batch_size = p.batch_size AND lm.status = 'ok'
);

-- Across devices (EmBench's question on the whole dataset). Each device at its default settings
-- and the batch size it has most measurements at there: one time per model × resolution (weights
-- averaged geometrically), with the accuracy at that resolution (else the model's).
CREATE VIEW device_speed AS
WITH col AS (
    SELECT device_id, settings_key, batch_size
    FROM default_measurements
    WHERE status = 'ok'
    GROUP BY device_id, settings_key, batch_size
    QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY count(*) DESC, batch_size) = 1
)
SELECT dm.device_id, dm.settings_key, dm.batch_size, dm.model_id, dm.resolution_px,
       exp(avg(ln(dm.time_per_image_ms))) AS time_per_image_ms,
       any_value(coalesce(acc.top1, ma.top1)) AS top1
FROM default_measurements dm
JOIN col USING (device_id, settings_key, batch_size)
LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = dm.model_id AND acc.resolution_px = dm.resolution_px
LEFT JOIN model_accuracy ma ON ma.model_id = dm.model_id
WHERE dm.status = 'ok' AND dm.time_per_image_ms > 0
GROUP BY ALL;

-- Rank agreement of model speed between every ordered pair of devices, over the models both
-- measured: Spearman's rho (Pearson correlation of average ranks among the shared models).
-- Kendall's tau is computed beside it by db/crossdevice.py.
CREATE VIEW rank_agreement AS
WITH pairs AS (
    SELECT a.device_id AS device_a, b.device_id AS device_b, a.model_id, a.resolution_px,
           a.time_per_image_ms AS time_a, b.time_per_image_ms AS time_b
    FROM device_speed a
    JOIN device_speed b USING (model_id, resolution_px)
),
ranked AS (
    SELECT *,
           rank() OVER (PARTITION BY device_a, device_b ORDER BY time_a)
             + (count(*) OVER (PARTITION BY device_a, device_b, time_a) - 1) / 2.0 AS rank_a,
           rank() OVER (PARTITION BY device_a, device_b ORDER BY time_b)
             + (count(*) OVER (PARTITION BY device_a, device_b, time_b) - 1) / 2.0 AS rank_b
    FROM pairs
)
SELECT device_a, device_b, count(*) AS shared_models, corr(rank_a, rank_b) AS spearman
FROM ranked
GROUP BY device_a, device_b
HAVING count(*) >= 3;

-- Accuracy–speed Pareto front of each device: a model (with a top-1) is on it when no other
-- model on that device is at least as fast and at least as accurate, and strictly better in one.
CREATE VIEW pareto_membership AS
SELECT s.device_id, s.model_id, s.resolution_px, s.time_per_image_ms, s.top1,
       NOT EXISTS (
           SELECT 1 FROM device_speed o
           WHERE o.device_id = s.device_id AND o.top1 IS NOT NULL
             AND o.time_per_image_ms <= s.time_per_image_ms AND o.top1 >= s.top1
             AND (o.time_per_image_ms < s.time_per_image_ms OR o.top1 > s.top1)
       ) AS on_front
FROM device_speed s
WHERE s.top1 IS NOT NULL;

-- How well each spec explains time per image on each device and batch size (default settings):
-- R² of the least-squares line log10(time) = a + b·log10(spec), spec = GFLOPs, parameters
-- (millions) or activations (millions).
CREATE VIEW spec_fits AS
WITH specs AS (
    SELECT model_id, resolution_px,
           median(gflops) FILTER (WHERE gflops > 0) AS gflops,
           median(params) FILTER (WHERE params > 0) / 1e6 AS params_m,
           median(activations_m) FILTER (WHERE activations_m > 0) AS activations_m
    FROM model_specs
    WHERE resolution_px IS NOT NULL
    GROUP BY ALL
),
t AS (
    SELECT dm.device_id, dm.batch_size, log10(dm.time_per_image_ms) AS y, s.*
    FROM default_measurements dm
    JOIN specs s USING (model_id, resolution_px)
    WHERE dm.status = 'ok' AND dm.time_per_image_ms > 0
),
long AS (
    SELECT device_id, batch_size, 'gflops' AS spec, y, log10(gflops) AS x FROM t WHERE gflops > 0
    UNION ALL
    SELECT device_id, batch_size, 'params', y, log10(params_m) FROM t WHERE params_m > 0
    UNION ALL
    SELECT device_id, batch_size, 'activations', y, log10(activations_m) FROM t WHERE activations_m > 0
)
SELECT device_id, batch_size, spec, count(*) AS models, regr_r2(y, x) AS r2,
       regr_slope(y, x) AS slope, regr_intercept(y, x) AS intercept
FROM long
GROUP BY device_id, batch_size, spec
HAVING count(*) >= 3;

-- zoobench schema v8: a prediction is shown only for a cell nobody has measured. Version 7 hid a
-- prediction only behind a successful measurement; a cell measured as out of memory (or with any
-- other status) is a measurement too, and wins over the prediction the same way.
CREATE OR REPLACE VIEW open_predictions AS
SELECT p.*
FROM predictions p
WHERE NOT EXISTS (
    SELECT 1 FROM latest_measurements lm
    WHERE lm.model_id = p.model_id AND lm.resolution_px = p.resolution_px
      AND lm.device_id = p.device_id AND lm.settings_key = p.settings_key
      AND lm.batch_size = p.batch_size
);

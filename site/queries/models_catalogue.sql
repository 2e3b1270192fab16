-- The model catalogue: best-known specs and the preferred accuracy, with which source each is from.
SELECT
    ms.*,
    (SELECT count(DISTINCT device_id) FROM measurements m WHERE m.model_id = ms.model_id) AS devices
FROM model_summary ms
ORDER BY ms.family, ms.year, ms.model_id;

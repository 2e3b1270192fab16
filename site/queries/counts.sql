-- How much the database holds, for the home page.
SELECT
    (SELECT count(*) FROM models) AS models,
    (SELECT count(DISTINCT model_id) FROM measurements) AS models_measured,
    (SELECT count(*) FROM devices) AS devices,
    (SELECT count(*) FROM runs) AS runs,
    (SELECT count(*) FROM measurements) AS measurements,
    (SELECT count(*) FROM accuracy) AS accuracy_rows,
    (SELECT count(*) FROM sources) AS sources;

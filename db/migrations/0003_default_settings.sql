-- zoobench schema v3: each device's default settings, the ones pages show unless asked otherwise.

-- The settings a device has the most latest measurements with (ties: the smaller settings key).
CREATE VIEW device_default_settings AS
SELECT device_id, settings_key, measurements
FROM (
    SELECT device_id, settings_key, count(*) AS measurements
    FROM latest_measurements
    GROUP BY ALL
)
QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY measurements DESC, settings_key) = 1;

-- The latest measurements of each device at its default settings.
CREATE VIEW default_measurements AS
SELECT lm.*
FROM latest_measurements lm
JOIN device_default_settings USING (device_id, settings_key);

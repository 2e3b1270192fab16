-- The settings × PyTorch version a device was measured with: one column each in the device page's
-- model × resolution table. The device's default settings (view device_default_settings) first,
-- then by settings, newest PyTorch first.
SELECT me.settings_key, me.precision, me.memory_format, me.execution, me.torch_version,
       count(*) AS measurements, count(DISTINCT me.model_id) AS models, mode(me.batch_size) AS usual_batch
FROM measurements_enriched me
LEFT JOIN device_default_settings d USING (device_id, settings_key)
WHERE me.device_id = $device_id AND me.status = 'ok'
GROUP BY me.settings_key, me.precision, me.memory_format, me.execution, me.torch_version, d.settings_key
ORDER BY (d.settings_key IS NOT NULL) DESC, me.settings_key,
         list_transform(string_split(regexp_extract(me.torch_version, '^[0-9.]+'), '.'),
                        lambda x: TRY_CAST(x AS INTEGER)) DESC NULLS LAST;

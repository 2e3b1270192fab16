-- Devices whose id equals $needle, or whose id or name contains it (case-insensitive).
SELECT device_id, name, kind
FROM devices
WHERE device_id = $needle
   OR contains(lower(device_id), lower($needle))
   OR contains(lower(name), lower($needle))
ORDER BY device_id = $needle DESC, device_id;

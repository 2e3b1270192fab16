-- One device: every column of `devices`.
SELECT * FROM devices WHERE device_id = $device_id;

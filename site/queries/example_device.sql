-- The device the SQL page's Table 3 example uses: the one with the most measurements with memory.
SELECT device_id
FROM latest_measurements
WHERE memory_mb IS NOT NULL AND status = 'ok'
GROUP BY device_id
ORDER BY count(*) DESC, device_id
LIMIT 1;

-- Bianco 2018 Table 3 for every device × runtime in one windowed query (the best page's grids):
-- per cell the rows `db/queries/best_at_constraint.sql` returns for that device, runtime and
-- limits, at the runtime's default settings (view device_runtime_default_settings) and batch size 1
-- (else the smallest batch size measured). Cells: each memory limit in $memory_gb (one cell row with
-- no memory limit where the device records no memory) × each speed limit in $min_fps; $top rows per
-- cell, best top-1 first. An empty cell is one row with a null model_id.
WITH candidates AS (
    SELECT lm.*
    FROM latest_measurements lm
    JOIN device_runtime_default_settings USING (device_id, runtime, settings_key)
    WHERE lm.status = 'ok' AND lm.fps IS NOT NULL
),
grids AS (
    SELECT device_id, runtime, if(bool_or(batch_size = 1), 1, min(batch_size)) AS batch_size,
           bool_or(memory_mb IS NOT NULL) AS has_memory
    FROM candidates
    GROUP BY ALL
),
cells AS (
    SELECT g.*, gb AS max_memory_gb, fps AS min_fps
    FROM grids g,
         unnest(if(g.has_memory, $memory_gb::DOUBLE[], [NULL::DOUBLE])) m(gb),
         unnest($min_fps::DOUBLE[]) f(fps)
),
passing AS (
    SELECT c.device_id, c.runtime, c.batch_size, c.has_memory, c.max_memory_gb, c.min_fps,
           lm.model_id, model_label(mo.name, lm.resolution_px, mo.resolution_px) AS name, lm.resolution_px,
           acc.top1, acc.accuracy_source, lm.fps,
           lm.memory_mb / 1024 AS memory_gb
    FROM cells c
    LEFT JOIN candidates lm
        ON lm.device_id = c.device_id AND lm.runtime = c.runtime AND lm.batch_size = c.batch_size
       AND (c.max_memory_gb IS NULL OR lm.memory_mb <= c.max_memory_gb * 1024) AND lm.fps >= c.min_fps
    LEFT JOIN models mo ON mo.model_id = lm.model_id
    LEFT JOIN accuracy_at(NULL) acc ON acc.model_id = lm.model_id AND acc.resolution_px = lm.resolution_px
    QUALIFY row_number() OVER (
        PARTITION BY c.device_id, c.runtime, c.max_memory_gb, c.min_fps, lm.model_id, lm.resolution_px
        ORDER BY lm.fps DESC, lm.settings_key
    ) = 1
)
SELECT *
FROM passing
QUALIFY row_number() OVER (
    PARTITION BY device_id, runtime, max_memory_gb, min_fps
    ORDER BY top1 DESC NULLS LAST, fps DESC, model_id, resolution_px
) <= $top
ORDER BY device_id, runtime, max_memory_gb NULLS FIRST, min_fps,
         top1 DESC NULLS LAST, fps DESC, model_id, resolution_px;

-- ---
-- id = "reefer_excursion"
-- title = "Reefer temperature away from its setpoint"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "telemetry_events"]
-- description = """
-- A declared reefer container reports `min_readings` or more consecutive temperatures more
-- than `tolerance_c` from its setpoint (2 °C for chilled cargo in the reference; 3 °C for
-- frozen, set per run): goods spoiled or swapped, or a "reefer" that carries something that
-- needs no cooling. The setpoint is the tracker's `setpoint_c` column (kept in the payload).
-- """
-- [params.tolerance_c]
-- type = "float"
-- default = 2.0
-- description = "degrees from the setpoint that count as an excursion"
-- [params.min_readings]
-- type = "integer"
-- default = 3
-- description = "consecutive readings outside the band that make an excursion"
-- ---
WITH readings AS (
    SELECT container_id, ts, temperature_c,
           TRY_CAST(payload->>'setpoint_c' AS DOUBLE) AS setpoint_c
    FROM telemetry_events
    WHERE container_id IS NOT NULL AND ts IS NOT NULL AND temperature_c IS NOT NULL
),
flagged AS (
    SELECT *, abs(temperature_c - setpoint_c) > $tolerance_c AS outside
    FROM readings WHERE setpoint_c IS NOT NULL
),
runs AS (
    -- consecutive readings outside the band share a run number
    SELECT *, row_number() OVER (PARTITION BY container_id ORDER BY ts)
              - row_number() OVER (PARTITION BY container_id, outside ORDER BY ts) AS run
    FROM flagged
),
excursions AS (
    SELECT container_id, min(ts) AS started, max(ts) AS ended, count(*) AS readings,
           max(abs(temperature_c - setpoint_c)) AS worst_c, arg_min(setpoint_c, (ts, setpoint_c)) AS setpoint_c
    FROM runs WHERE outside
    GROUP BY container_id, run
    HAVING count(*) >= $min_readings
),
decl AS (
    -- one row per (declaration, container), so that the join below is an equality every
    -- engine hashes (a list_contains condition is a nested loop on Spark)
    SELECT DISTINCT t.declaration_id, t.declared_at, c.container_id
    FROM (SELECT declaration_id, min(declared_at) AS declared_at
          FROM declarations WHERE container_ids IS NOT NULL GROUP BY declaration_id) t
    JOIN (SELECT declaration_id, unnest(container_ids) AS container_id
          FROM declarations WHERE container_ids IS NOT NULL) c ON c.declaration_id = t.declaration_id
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.5 + 0.1 * e.worst_c / $tolerance_c) AS score,
       printf('reefer %s was up to %.1f °C from its %.1f °C setpoint for %d readings (%s to %s)',
              e.container_id, e.worst_c, e.setpoint_c, e.readings,
              strftime(e.started, '%Y-%m-%d %H:%M'), strftime(e.ended, '%Y-%m-%d %H:%M')) AS reason,
       {'container_id': e.container_id, 'setpoint_c': e.setpoint_c, 'worst_c': round(e.worst_c, 1),
        'readings': e.readings, 'started': e.started, 'ended': e.ended} AS evidence
FROM excursions e
JOIN decl k ON k.container_id = e.container_id
  AND e.started <= k.declared_at + INTERVAL 30 DAY AND e.ended >= k.declared_at - INTERVAL 30 DAY
JOIN declarations d ON d.declaration_id = k.declaration_id

-- ---
-- id = "ais_loitering"
-- title = "Vessel loitering at sea"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "telemetry_events", "ports"]
-- description = """
-- The vessel a declaration names drifts at under `max_speed_kn` for `min_hours` or more, more
-- than `port_radius_nm` from every port (Global Fishing Watch's loitering: waiting for a
-- transfer, or for a rendezvous that AIS does not show). Consecutive slow reports at sea make
-- one episode; a faster report or a port call ends it. Linked by MMSI within 30 days.
-- """
-- [params.max_speed_kn]
-- type = "float"
-- default = 2.0
-- description = "slower than this counts as loitering"
-- [params.min_hours]
-- type = "float"
-- default = 8.0
-- description = "how long the episode lasts"
-- [params.port_radius_nm]
-- type = "float"
-- default = 20.0
-- description = "reports closer than this to a port are anchorage, not loitering"
-- ---
WITH reports AS (
    SELECT DISTINCT mmsi, ts, lat, lon, coalesce(speed_kn, 0) AS speed_kn
    FROM telemetry_events
    WHERE source = 'ais' AND ts IS NOT NULL AND lat IS NOT NULL
),
near_port AS (
    SELECT DISTINCT r.mmsi, r.ts
    FROM reports r JOIN ports p ON abs(p.lat - r.lat) < 1 AND abs(p.lon - r.lon) < 1.5
    WHERE 2 * 3440.065 * asin(sqrt(pow(sin(radians(p.lat - r.lat) / 2), 2)
          + cos(radians(r.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - r.lon) / 2), 2))) < $port_radius_nm
),
marked AS (
    SELECT r.*, r.speed_kn < $max_speed_kn AND n.ts IS NULL AS idle
    FROM reports r LEFT JOIN near_port n USING (mmsi, ts)
),
runs AS (
    -- consecutive idle reports share a run number
    SELECT *, row_number() OVER (PARTITION BY mmsi ORDER BY ts)
              - row_number() OVER (PARTITION BY mmsi, idle ORDER BY ts) AS run
    FROM marked
),
episodes AS (
    SELECT mmsi, min(ts) AS started, max(ts) AS ended, avg(lat) AS lat, avg(lon) AS lon, count(*) AS reports
    FROM runs WHERE idle
    GROUP BY mmsi, run
    HAVING date_diff('second', min(ts), max(ts)) >= $min_hours * 3600
),
decl AS (
    SELECT declaration_id, min(declared_at) AS declared_at, min(vessel_mmsi) AS vessel_mmsi
    FROM declarations WHERE vessel_mmsi IS NOT NULL GROUP BY declaration_id
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.4 + 0.1 * date_diff('second', e.started, e.ended) / 3600.0 / $min_hours) AS score,
       printf('vessel MMSI %s loitered under %.0f kn for %.1f h at sea (%.3f, %.3f) from %s',
              e.mmsi, $max_speed_kn, date_diff('second', e.started, e.ended) / 3600.0, e.lat, e.lon,
              strftime(e.started, '%Y-%m-%d %H:%M')) AS reason,
       {'mmsi': e.mmsi, 'started': e.started, 'ended': e.ended, 'at': [round(e.lat, 4), round(e.lon, 4)],
        'hours': round(date_diff('second', e.started, e.ended) / 3600.0, 2), 'reports': e.reports} AS evidence
FROM episodes e
JOIN decl k ON k.vessel_mmsi = e.mmsi
  AND e.ended >= k.declared_at - INTERVAL 30 DAY AND e.started <= k.declared_at + INTERVAL 30 DAY
JOIN declarations d ON d.declaration_id = k.declaration_id

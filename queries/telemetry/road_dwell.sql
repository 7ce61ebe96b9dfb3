-- ---
-- id = "road_dwell"
-- title = "Container stopped on the road away from known places"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "telemetry_events", "ports"]
-- description = """
-- A tracker on a declared container reports it stopped (slower than `stop_speed_kmh`, or not
-- moving between two fixes) for `min_minutes` or more, farther than `known_radius_km` from
-- every port of the `ports` table and from the container's own first and last fixes (where it
-- was stuffed and where it is delivered): a stop on the way where goods can leave or join the
-- box (reference telemetry.md §6, check 4). Night-time stops (22:00–05:00 UTC) and long ones
-- score higher. Tracker speeds are stored in knots; the parameter is in km/h, as road
-- telematics report it.
-- """
-- [params.stop_speed_kmh]
-- type = "float"
-- default = 2.0
-- description = "slower than this is stopped"
-- [params.min_minutes]
-- type = "integer"
-- default = 30
-- description = "how long a stop must last to count"
-- [params.known_radius_km]
-- type = "float"
-- default = 5.0
-- description = "stops closer than this to a port or to the track's ends are expected"
-- ---
WITH fixes AS (
    SELECT DISTINCT container_id, ts, lat, lon, speed_kn
    FROM telemetry_events
    WHERE source = 'iot' AND container_id IS NOT NULL AND ts IS NOT NULL AND lat IS NOT NULL
),
moved AS (
    -- without a reported speed, the speed implied by the previous fix
    SELECT *, coalesce(speed_kn * 1.852,
                       2 * 6371.0088 * asin(sqrt(pow(sin(radians(lat - lag(lat) OVER w) / 2), 2)
                           + cos(radians(lat)) * cos(radians(lag(lat) OVER w))
                             * pow(sin(radians(lon - lag(lon) OVER w) / 2), 2)))
                       / nullif(date_diff('second', lag(ts) OVER w, ts) / 3600.0, 0)) AS kmh,
              first_value(lat) OVER w AS lat0, first_value(lon) OVER w AS lon0,
              last_value(lat) OVER wall AS lat1, last_value(lon) OVER wall AS lon1
    FROM fixes
    WINDOW w AS (PARTITION BY container_id ORDER BY ts),
           wall AS (PARTITION BY container_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
near_port AS (
    SELECT DISTINCT m.container_id, m.ts
    FROM moved m JOIN ports p ON abs(p.lat - m.lat) < 1 AND abs(p.lon - m.lon) < 1.5
    WHERE 2 * 6371.0088 * asin(sqrt(pow(sin(radians(p.lat - m.lat) / 2), 2)
          + cos(radians(m.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - m.lon) / 2), 2))) < $known_radius_km
),
marked AS (
    SELECT m.*,
           coalesce(m.kmh, 0) < $stop_speed_kmh AND n.ts IS NULL
           AND least(
               2 * 6371.0088 * asin(sqrt(pow(sin(radians(m.lat - m.lat0) / 2), 2)
                   + cos(radians(m.lat)) * cos(radians(m.lat0)) * pow(sin(radians(m.lon - m.lon0) / 2), 2))),
               2 * 6371.0088 * asin(sqrt(pow(sin(radians(m.lat - m.lat1) / 2), 2)
                   + cos(radians(m.lat)) * cos(radians(m.lat1)) * pow(sin(radians(m.lon - m.lon1) / 2), 2)))
           ) > $known_radius_km AS stopped
    FROM moved m LEFT JOIN near_port n USING (container_id, ts)
),
runs AS (
    SELECT *, row_number() OVER (PARTITION BY container_id ORDER BY ts)
              - row_number() OVER (PARTITION BY container_id, stopped ORDER BY ts) AS run
    FROM marked
),
stops AS (
    SELECT container_id, min(ts) AS started, max(ts) AS ended, avg(lat) AS lat, avg(lon) AS lon,
           count(*) AS fixes,
           bool_or(hour(ts) >= 22 OR hour(ts) < 5) AS at_night
    FROM runs WHERE stopped
    GROUP BY container_id, run
    HAVING date_diff('second', min(ts), max(ts)) >= $min_minutes * 60
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
       least(1.0, 0.5 + CASE WHEN s.at_night THEN 0.2 ELSE 0 END
                      + 0.1 * date_diff('second', s.started, s.ended) / 60.0 / $min_minutes / 2) AS score,
       printf('container %s stopped %.0f min at (%.4f, %.4f) from %s%s, away from ports and its start and end',
              s.container_id, date_diff('second', s.started, s.ended) / 60.0, s.lat, s.lon,
              strftime(s.started, '%Y-%m-%d %H:%M'), CASE WHEN s.at_night THEN ' at night' ELSE '' END) AS reason,
       {'container_id': s.container_id, 'started': s.started, 'ended': s.ended,
        'minutes': round(date_diff('second', s.started, s.ended) / 60.0, 1),
        'at': [round(s.lat, 5), round(s.lon, 5)], 'fixes': s.fixes, 'night': s.at_night} AS evidence
FROM stops s
JOIN decl k ON k.container_id = s.container_id
  AND s.ended >= k.declared_at - INTERVAL 30 DAY AND s.started <= k.declared_at + INTERVAL 30 DAY
JOIN declarations d ON d.declaration_id = k.declaration_id

-- ---
-- id = "ais_encounter"
-- title = "Vessels meeting at sea (possible ship-to-ship transfer)"
-- severity = "high"
-- weight = 3.0
-- version = 2
-- tables = ["declarations", "telemetry_events", "ports"]
-- description = """
-- Two vessels within `distance_m` metres of each other for at least `min_hours`, both slower
-- than `max_speed_kn`, more than `port_radius_nm` from every port of the `ports` table: Global
-- Fishing Watch's "encounter", the AIS trace of a ship-to-ship transfer — cargo that joins or
-- leaves a declared voyage at sea. Every declaration carried by either vessel within 30 days of
-- the meeting is flagged, with where and when they met and who the other vessel was.
-- """
-- [params.distance_m]
-- type = "float"
-- default = 500.0
-- description = "how close the two vessels come (metres)"
-- [params.min_hours]
-- type = "float"
-- default = 2.0
-- description = "how long they stay together"
-- [params.max_speed_kn]
-- type = "float"
-- default = 2.0
-- description = "both slower than this (knots)"
-- [params.port_radius_nm]
-- type = "float"
-- default = 10.0
-- description = "meetings closer than this to a port are port calls, not encounters"
-- ---
-- Why cells: positions meet only positions in the same half hour and in neighbouring
-- 0.01-degree cells (about a kilometre), so the pairing is a hash join, not a cross product.
WITH slow AS (
    SELECT DISTINCT mmsi, ts, lat, lon
    FROM telemetry_events
    WHERE source = 'ais' AND event_type = 'position' AND ts IS NOT NULL AND lat IS NOT NULL
      AND coalesce(speed_kn, 0) < $max_speed_kn
),
near_port AS (
    SELECT DISTINCT s.mmsi, s.ts
    FROM slow s JOIN ports p ON abs(p.lat - s.lat) < 1 AND abs(p.lon - s.lon) < 1.5
    WHERE 2 * 3440.065 * asin(sqrt(pow(sin(radians(p.lat - s.lat) / 2), 2)
          + cos(radians(s.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - s.lon) / 2), 2))) < $port_radius_nm
),
at_sea AS (
    SELECT s.*, CAST(floor(s.lat * 100) AS BIGINT) AS gy, CAST(floor(s.lon * 100) AS BIGINT) AS gx,
           time_bucket(INTERVAL 30 MINUTE, s.ts) AS slot
    FROM slow s ANTI JOIN near_port n USING (mmsi, ts)
),
neighbours AS (
    SELECT b.*, b.gy + dy AS cy FROM at_sea b, (VALUES (-1), (0), (1)) t(dy)
),
pairs AS (
    SELECT a.mmsi AS vessel, b.mmsi AS other, a.ts AS t, a.lat, a.lon
    FROM at_sea a JOIN neighbours b ON b.cy = a.gy AND b.slot = a.slot AND a.mmsi < b.mmsi
    WHERE abs(b.gx - a.gx) <= 1 AND abs(epoch(a.ts) - epoch(b.ts)) <= 1800
      AND 2 * 6371008.8 * asin(sqrt(pow(sin(radians(b.lat - a.lat) / 2), 2)
          + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2))) < $distance_m
),
meetings AS (
    SELECT vessel, other, date_trunc('day', min(t)) AS day, min(t) AS started, max(t) AS ended,
           avg(lat) AS lat, avg(lon) AS lon, count(*) AS reports
    FROM pairs GROUP BY vessel, other, date_trunc('day', t)
    HAVING date_diff('second', min(t), max(t)) >= $min_hours * 3600
),
sides AS (
    SELECT vessel AS mmsi, other, started, ended, lat, lon, reports FROM meetings
    UNION ALL
    SELECT other AS mmsi, vessel AS other, started, ended, lat, lon, reports FROM meetings
),
decl AS (
    SELECT declaration_id, min(declared_at) AS declared_at, min(vessel_mmsi) AS vessel_mmsi
    FROM declarations WHERE vessel_mmsi IS NOT NULL GROUP BY declaration_id
),
linked AS (
    SELECT d.declaration_id, m.* FROM sides m JOIN decl d ON d.vessel_mmsi = m.mmsi
    WHERE m.ended >= d.declared_at - INTERVAL 30 DAY AND m.started <= d.declared_at + INTERVAL 30 DAY
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.6 + 0.1 * date_diff('second', m.started, m.ended) / 3600.0 / $min_hours) AS score,
       printf('vessel MMSI %s lay alongside MMSI %s for %.1f h at sea (%.3f, %.3f) from %s',
              m.mmsi, m.other, date_diff('second', m.started, m.ended) / 3600.0, m.lat, m.lon,
              strftime(m.started, '%Y-%m-%d %H:%M')) AS reason,
       {'mmsi': m.mmsi, 'other_mmsi': m.other, 'started': m.started, 'ended': m.ended,
        'hours': round(date_diff('second', m.started, m.ended) / 3600.0, 2), 'at': [round(m.lat, 4), round(m.lon, 4)],
        'reports': m.reports} AS evidence
FROM linked m JOIN declarations d USING (declaration_id)

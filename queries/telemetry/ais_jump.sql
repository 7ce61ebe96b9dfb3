-- ---
-- id = "ais_jump"
-- title = "Vessel positions no ship could sail between (identity or position spoofing)"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "telemetry_events"]
-- description = """
-- Two consecutive AIS positions of the vessel a declaration names (linked as in `ais_gap`,
-- within 30 days of the declaration), less than `gap_hours` apart
-- (longer silences are `ais_gap`'s), imply a speed above `max_speed_kn`: the MMSI is shared by
-- two transmitters, or a position is falsified. Both ends of the jump are in the evidence.
-- Jumps shorter than `min_distance_nm` are ignored (GPS noise between close reports).
-- """
-- [params.max_speed_kn]
-- type = "float"
-- default = 30.0
-- description = "implied speed (knots) from which a step is impossible"
-- [params.min_distance_nm]
-- type = "float"
-- default = 2.0
-- description = "steps shorter than this (nautical miles) are noise"
-- [params.gap_hours]
-- type = "float"
-- default = 12.0
-- description = "steps longer than this are gaps, left to ais_gap"
-- ---
WITH positions AS (
    SELECT DISTINCT mmsi, ts, lat, lon
    FROM telemetry_events
    WHERE source = 'ais' AND ts IS NOT NULL AND lat IS NOT NULL
),
steps AS (
    SELECT mmsi, ts AS t1, lat AS lat1, lon AS lon1,
           lag(ts) OVER w AS t0, lag(lat) OVER w AS lat0, lag(lon) OVER w AS lon0
    FROM positions
    WINDOW w AS (PARTITION BY mmsi ORDER BY ts)
),
jumps AS (
    SELECT *,
           greatest(date_diff('second', t0, t1), 1) / 3600.0 AS hours,
           2 * 3440.065 * asin(sqrt(pow(sin(radians(lat1 - lat0) / 2), 2)
               + cos(radians(lat0)) * cos(radians(lat1)) * pow(sin(radians(lon1 - lon0) / 2), 2))) AS distance_nm
    FROM steps
    WHERE t0 IS NOT NULL AND date_diff('second', t0, t1) < $gap_hours * 3600
),
impossible AS (
    SELECT * FROM jumps WHERE distance_nm >= $min_distance_nm AND distance_nm / hours > $max_speed_kn
),
identities AS (
    SELECT DISTINCT mmsi, imo FROM telemetry_events WHERE source = 'ais' AND imo IS NOT NULL
),
decl AS (
    SELECT declaration_id, min(declared_at) AS declared_at, min(vessel_mmsi) AS vessel_mmsi,
           min(vessel_imo) AS vessel_imo
    FROM declarations WHERE vessel_mmsi IS NOT NULL OR vessel_imo IS NOT NULL
    GROUP BY declaration_id
),
linked AS (
    SELECT d.declaration_id, j.* FROM impossible j JOIN decl d ON d.vessel_mmsi = j.mmsi
    WHERE j.t1 BETWEEN d.declared_at - INTERVAL 30 DAY AND d.declared_at + INTERVAL 30 DAY
    UNION
    SELECT d.declaration_id, j.* FROM impossible j JOIN identities i USING (mmsi) JOIN decl d ON d.vessel_imo = i.imo
    WHERE j.t1 BETWEEN d.declared_at - INTERVAL 30 DAY AND d.declared_at + INTERVAL 30 DAY
),
worst AS (
    -- one hit per declaration: its most impossible step (the earliest of equally fast ones)
    SELECT *, count(*) OVER (PARTITION BY declaration_id) AS jumps
    FROM linked
    QUALIFY row_number() OVER (PARTITION BY declaration_id ORDER BY distance_nm / hours DESC, t1, mmsi) = 1
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.4 + 0.2 * (w.distance_nm / w.hours) / $max_speed_kn) AS score,
       printf('vessel MMSI %s moved %.1f nm in %.1f min (%.0f kn) on %s; %d such step(s)',
              w.mmsi, w.distance_nm, w.hours * 60, w.distance_nm / w.hours,
              strftime(w.t1, '%Y-%m-%d %H:%M'), w.jumps) AS reason,
       {'mmsi': w.mmsi, 'from': [w.lat0, w.lon0], 'to': [w.lat1, w.lon1], 'at': [w.t0, w.t1],
        'distance_nm': round(w.distance_nm, 1), 'implied_speed_kn': round(w.distance_nm / w.hours, 1),
        'jumps': w.jumps} AS evidence
FROM worst w JOIN declarations d USING (declaration_id)

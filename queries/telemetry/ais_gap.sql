-- ---
-- id = "ais_gap"
-- title = "Vessel went dark (AIS gap) around the declaration"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "telemetry_events"]
-- description = """
-- The vessel a declaration names (by MMSI, or by IMO through the vessel's static reports —
-- the links of the view declaration_telemetry) stopped transmitting AIS for `gap_hours` or
-- more, and the silence began or ended between 30 days before and 30 days after the
-- declaration: the "going dark" of Global Fishing Watch's definitions, a classic cover for
-- ship-to-ship transfers and unreported port calls. The evidence gives the last position before
-- the gap, the first after it, the distance between them and the speed that distance implies;
-- a gap the vessel could not have crossed at `max_speed_kn` is scored highest. Only positions
-- with a receive time count.
-- """
-- [params.gap_hours]
-- type = "float"
-- default = 12.0
-- description = "hours without a position that make a gap"
-- [params.max_speed_kn]
-- type = "float"
-- default = 30.0
-- description = "speed above which the distance across a gap is implausible (knots)"
-- ---
-- Why gaps first: each vessel's track is scanned once and only its gaps meet the declarations
-- (a vessel carries thousands of them), which keeps the rule linear in positions.
WITH positions AS (
    SELECT DISTINCT mmsi, ts, lat, lon
    FROM telemetry_events
    WHERE source = 'ais' AND ts IS NOT NULL AND lat IS NOT NULL
),
steps AS (
    SELECT mmsi, ts AS resumed_at, lat AS lat1, lon AS lon1,
           lag(ts) OVER w AS went_dark_at, lag(lat) OVER w AS lat0, lag(lon) OVER w AS lon0
    FROM positions
    WINDOW w AS (PARTITION BY mmsi ORDER BY ts)
),
gaps AS (
    SELECT *,
           date_diff('second', went_dark_at, resumed_at) / 3600.0 AS hours,
           -- great-circle distance (haversine), nautical miles
           2 * 3440.065 * asin(sqrt(pow(sin(radians(lat1 - lat0) / 2), 2)
               + cos(radians(lat0)) * cos(radians(lat1)) * pow(sin(radians(lon1 - lon0) / 2), 2))) AS distance_nm
    FROM steps
    WHERE went_dark_at IS NOT NULL AND date_diff('second', went_dark_at, resumed_at) >= $gap_hours * 3600
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
    SELECT d.declaration_id, g.* FROM gaps g JOIN decl d ON d.vessel_mmsi = g.mmsi
    WHERE g.resumed_at >= d.declared_at - INTERVAL 30 DAY AND g.went_dark_at <= d.declared_at + INTERVAL 30 DAY
    UNION
    SELECT d.declaration_id, g.* FROM gaps g JOIN identities i USING (mmsi) JOIN decl d ON d.vessel_imo = i.imo
    WHERE g.resumed_at >= d.declared_at - INTERVAL 30 DAY AND g.went_dark_at <= d.declared_at + INTERVAL 30 DAY
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.5 + 0.5 * (g.hours / ($gap_hours * 4)) + CASE WHEN g.distance_nm / g.hours > $max_speed_kn THEN 0.5 ELSE 0 END) AS score,
       printf('vessel MMSI %s sent no AIS position for %.1f h (%s to %s), reappearing %.1f nm away (%.1f kn implied)',
              g.mmsi, g.hours, strftime(g.went_dark_at, '%Y-%m-%d %H:%M'), strftime(g.resumed_at, '%Y-%m-%d %H:%M'),
              g.distance_nm, g.distance_nm / g.hours) AS reason,
       {'mmsi': g.mmsi, 'went_dark_at': g.went_dark_at, 'resumed_at': g.resumed_at, 'hours': round(g.hours, 2),
        'before': [g.lat0, g.lon0], 'after': [g.lat1, g.lon1], 'distance_nm': round(g.distance_nm, 1),
        'implied_speed_kn': round(g.distance_nm / g.hours, 1)} AS evidence
FROM linked g JOIN declarations d USING (declaration_id)

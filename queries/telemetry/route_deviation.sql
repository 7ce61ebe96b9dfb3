-- ---
-- id = "route_deviation"
-- title = "Port calls in countries the declaration does not mention"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "telemetry_events", "ports"]
-- description = """
-- The carrying vessel's AIS track, between its last call in the declared country of export and
-- its arrival in the importing country, stops (under `stop_speed_kn` within `port_radius_nm` of
-- a port of the `ports` table) in a country that is neither the origin, the country of export,
-- the importing country nor an expected transshipment hub: goods can be loaded or swapped on an
-- undeclared leg (reference telemetry.md §6, check 3, "AIS port calls vs declared ports"). The
-- importing country is `importing_country` (set it once per workspace in clearway.toml), or
-- when that is empty the country of the call nearest the declaration in time; the arrival is
-- the call there nearest the declaration, which may be lodged up to `lodged_before_days` before
-- it. A voyage with no visible call in the export country is not judged: an absent track
-- proves nothing. Declarations carry no route geometry in the
-- canonical schema, so the port-call form of the check is the one this rule implements.
-- """
-- [params.port_radius_nm]
-- type = "float"
-- default = 5.0
-- description = "a stop closer than this to a port is a call at that port"
-- [params.stop_speed_kn]
-- type = "float"
-- default = 1.0
-- description = "reports slower than this count as stopped"
-- [params.window_days]
-- type = "integer"
-- default = 45
-- description = "how far before the declaration the voyage is looked for"
-- [params.hubs]
-- type = "string"
-- default = "AE,SG,HK,NL,BE,PA,MY,ES,MA,EG,LK,OM"
-- description = "comma-separated ISO codes of transshipment hubs whose calls are expected"
-- [params.importing_country]
-- type = "string"
-- default = ""
-- description = "ISO code of the declaring country; empty: the country of the call nearest the declaration"
-- [params.lodged_before_days]
-- type = "integer"
-- default = 10
-- description = "how long before arrival a declaration may be lodged (pre-arrival lodgement)"
-- ---
WITH stops AS (
    SELECT DISTINCT mmsi, ts, lat, lon
    FROM telemetry_events
    WHERE source = 'ais' AND ts IS NOT NULL AND lat IS NOT NULL AND coalesce(speed_kn, 0) < $stop_speed_kn
),
at_port AS (
    -- neighbouring terminals (Apapa and Tin Can) are both near: the nearest one is the call
    SELECT s.mmsi, s.ts, arg_min(p.locode, (d.nm, p.locode)) AS locode,
           arg_min(p.name, (d.nm, p.locode)) AS name, left(arg_min(p.locode, (d.nm, p.locode)), 2) AS country
    FROM stops s JOIN ports p ON abs(p.lat - s.lat) < 1 AND abs(p.lon - s.lon) < 1.5,
    LATERAL (SELECT 2 * 3440.065 * asin(sqrt(pow(sin(radians(p.lat - s.lat) / 2), 2)
             + cos(radians(s.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - s.lon) / 2), 2))) AS nm) d
    WHERE d.nm < $port_radius_nm
    GROUP BY s.mmsi, s.ts
),
numbered AS (
    -- consecutive stopped reports at the same port are one call
    SELECT *, row_number() OVER (PARTITION BY mmsi ORDER BY ts)
              - row_number() OVER (PARTITION BY mmsi, locode ORDER BY ts) AS run
    FROM at_port
),
calls AS (
    SELECT mmsi, locode, min(name) AS name, min(country) AS country,
           min(ts) AS arrived, max(ts) AS departed
    FROM numbered GROUP BY mmsi, locode, run
),
decl AS (
    SELECT declaration_id, min(declared_at) AS declared_at, min(vessel_mmsi) AS vessel_mmsi,
           list_sort(list_distinct(list(origin_country))) AS origins, arg_min(export_country, (item_no, export_country)) AS export_country
    FROM declarations
    WHERE vessel_mmsi IS NOT NULL AND export_country IS NOT NULL
    GROUP BY declaration_id
),
voyage AS (
    SELECT k.*, c.locode, c.name, c.country, c.arrived, c.departed
    FROM decl k JOIN calls c ON c.mmsi = k.vessel_mmsi
      AND c.arrived BETWEEN k.declared_at - to_days(CAST($window_days AS INTEGER))
                        AND k.declared_at + to_days(CAST($lodged_before_days AS INTEGER))
),
arrival AS (
    -- the importing country named, else the country of the call nearest the declaration
    SELECT declaration_id,
           coalesce(nullif($importing_country, ''),
                    arg_min(country, (abs(epoch(arrived) - epoch(declared_at)), arrived, country))) AS importing_country
    FROM voyage GROUP BY declaration_id
),
arrived AS (
    -- the goods arrive at the last call in the importing country around the declaration
    SELECT v.declaration_id, a.importing_country,
           arg_min(v.arrived, (abs(epoch(v.arrived) - epoch(v.declared_at)), v.arrived)) AS arrived_at
    FROM voyage v JOIN arrival a ON a.declaration_id = v.declaration_id AND v.country = a.importing_country
    GROUP BY ALL
),
loaded AS (
    -- the last call in the country of export before that opens the declared voyage
    SELECT v.declaration_id, max(v.departed) AS loaded_until, arg_max(v.name, (v.departed, v.name)) AS loading_port
    FROM voyage v JOIN arrived r ON r.declaration_id = v.declaration_id AND v.departed < r.arrived_at
    WHERE v.country = v.export_country
    GROUP BY v.declaration_id
),
undeclared AS (
    SELECT v.*, l.loading_port, r.importing_country
    FROM voyage v JOIN loaded l USING (declaration_id) JOIN arrived r USING (declaration_id)
    WHERE v.arrived > l.loaded_until AND v.arrived < r.arrived_at
      AND v.country <> v.export_country
      AND v.country <> r.importing_country
      AND NOT list_contains(v.origins, v.country)
      AND NOT list_contains(string_split(replace($hubs, ' ', ''), ','), v.country)
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.6 + 0.1 * (count(*) OVER (PARTITION BY u.declaration_id) - 1)) AS score,
       printf('vessel MMSI %s called at %s (%s, %s) on %s after loading at %s; the declaration names %s',
              u.vessel_mmsi, u.name, u.locode, u.country, strftime(u.arrived, '%Y-%m-%d'), u.loading_port,
              array_to_string(list_sort(list_distinct(list_concat(u.origins, [u.export_country, u.importing_country]))), ', ')) AS reason,
       {'mmsi': u.vessel_mmsi, 'port': u.locode, 'port_name': u.name, 'country': u.country,
        'arrived': u.arrived, 'departed': u.departed, 'loading_port': u.loading_port,
        'declared_countries': list_sort(list_distinct(list_concat(u.origins, [u.export_country, u.importing_country])))} AS evidence
FROM undeclared u
JOIN declarations d ON d.declaration_id = u.declaration_id

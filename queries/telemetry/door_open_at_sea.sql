-- ---
-- id = "door_open_outside_port"
-- title = "Container door or seal opened away from any port"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "telemetry_events", "ports"]
-- description = """
-- A tracker or e-seal on a declared container reports its door opened or its seal opened,
-- tampered with or cut more than `port_radius_nm` from every port of the `ports` table —
-- goods can leave or join the box between the places the declaration names. Events without a
-- position are judged too: an opening nobody can place is flagged with a lower score. Linked
-- by container number, from 30 days before to 30 days after the declaration.
-- """
-- [params.port_radius_nm]
-- type = "float"
-- default = 5.0
-- description = "openings closer than this to a port are treated as port handling"
-- ---
WITH openings AS (
    SELECT container_id, device_id, ts, lat, lon, event_type
    FROM telemetry_events
    WHERE container_id IS NOT NULL AND ts IS NOT NULL
      AND event_type IN ('door_open', 'seal_opened', 'seal_tampered', 'seal_cut', 'seal_tamper')
),
nearest AS (
    SELECT o.*, arg_min(p.name, (d.nm, p.name)) AS port, min(d.nm) AS port_nm
    FROM openings o
    LEFT JOIN ports p ON o.lat IS NOT NULL,
    LATERAL (SELECT 2 * 3440.065 * asin(sqrt(pow(sin(radians(p.lat - o.lat) / 2), 2)
                 + cos(radians(o.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - o.lon) / 2), 2))) AS nm) d
    GROUP BY ALL
),
outside AS (
    SELECT * FROM nearest WHERE port_nm IS NULL OR port_nm > $port_radius_nm
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
       CASE WHEN o.lat IS NULL THEN 0.5 ELSE 1.0 END AS score,
       CASE WHEN o.lat IS NULL
            THEN printf('container %s: %s at %s, without a position', o.container_id, o.event_type, strftime(o.ts, '%Y-%m-%d %H:%M'))
            ELSE printf('container %s: %s at %s, %.0f nm from the nearest port (%s)', o.container_id, o.event_type,
                        strftime(o.ts, '%Y-%m-%d %H:%M'), o.port_nm, o.port)
       END AS reason,
       {'container_id': o.container_id, 'device_id': o.device_id, 'event': o.event_type, 'at': o.ts,
        'position': [o.lat, o.lon], 'nearest_port': o.port, 'port_nm': round(o.port_nm, 1)} AS evidence
FROM outside o
JOIN decl k ON k.container_id = o.container_id
  AND o.ts BETWEEN k.declared_at - INTERVAL 30 DAY AND k.declared_at + INTERVAL 30 DAY
JOIN declarations d ON d.declaration_id = k.declaration_id

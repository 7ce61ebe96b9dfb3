-- ---
-- id = "ledger_discharge_port"
-- title = "Container discharged somewhere other than the bill of lading's port"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "ledger_records", "telemetry_events", "ports"]
-- description = """
-- The bill of lading anchored on the ledger names a port of discharge, but the container's
-- tracker last stopped at a different port (its last fix within `port_radius_nm` of a port of
-- the `ports` table, in the `window_days` after the shipped-on-board date): the box left the
-- ship where the documents say it did not (reference ledger.md §4 join keys; telemetry.md §6,
-- check 8, timeline consistency). A container never seen near a port is not judged. Only valid
-- records in verified blocks count.
-- """
-- [params.port_radius_nm]
-- type = "float"
-- default = 10.0
-- description = "a fix closer than this to a port is at that port"
-- [params.window_days]
-- type = "integer"
-- default = 90
-- description = "telemetry this many days after the shipped-on-board date is used"
-- ---
WITH bills AS (
    SELECT r.declaration_id, r.document_ref, r.payload->>'port_of_discharge' AS locode,
           TRY_CAST(r.payload->>'shipped_on_board' AS DATE) AS shipped,
           unnest(CAST(r.payload->'container_ids' AS VARCHAR[])) AS container_id
    FROM ledger_records r
    WHERE r.valid AND r.record_type = 'bill_of_lading' AND r.declaration_id IS NOT NULL
      AND r.payload->>'port_of_discharge' IS NOT NULL
),
at_ports AS (
    SELECT b.declaration_id, b.document_ref, b.locode, b.container_id, t.ts,
           arg_min(p.locode, (d.nm, p.locode)) AS port, arg_min(p.name, (d.nm, p.locode)) AS port_name
    FROM bills b
    JOIN telemetry_events t ON t.container_id = b.container_id AND t.lat IS NOT NULL
     AND t.ts BETWEEN b.shipped AND b.shipped + to_days(CAST($window_days AS INTEGER))
    JOIN ports p ON abs(p.lat - t.lat) < 1 AND abs(p.lon - t.lon) < 1.5,
    LATERAL (SELECT 2 * 3440.065 * asin(sqrt(pow(sin(radians(p.lat - t.lat) / 2), 2)
             + cos(radians(t.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - t.lon) / 2), 2))) AS nm) d
    WHERE d.nm < $port_radius_nm
    GROUP BY ALL
),
last_port AS (
    SELECT declaration_id, document_ref, locode, container_id,
           arg_max(port, (ts, port)) AS port, arg_max(port_name, (ts, port)) AS port_name, max(ts) AS at
    FROM at_ports GROUP BY ALL
),
-- neighbouring terminals of one port (Apapa and Tin Can Island) are the same discharge
judged AS (
    SELECT l.*,
           2 * 3440.065 * asin(sqrt(pow(sin(radians(n.lat - h.lat) / 2), 2)
               + cos(radians(h.lat)) * cos(radians(n.lat)) * pow(sin(radians(n.lon - h.lon) / 2), 2))) AS apart_nm
    FROM last_port l
    LEFT JOIN ports n ON n.locode = l.locode
    LEFT JOIN ports h ON h.locode = l.port
    WHERE l.port <> l.locode
)
SELECT x.declaration_id, x.item_no, 0.8 AS score,
       printf('bill %s says container %s is discharged at %s; its tracker was last at %s (%s) on %s',
              j.document_ref, j.container_id, j.locode, j.port_name, j.port, strftime(j.at, '%Y-%m-%d')) AS reason,
       {'document_ref': j.document_ref, 'container_id': j.container_id, 'port_of_discharge': j.locode,
        'last_port': j.port, 'last_port_at': j.at, 'apart_nm': round(j.apart_nm, 1)} AS evidence
FROM judged j JOIN declarations x USING (declaration_id)
WHERE j.apart_nm IS NULL OR j.apart_nm > 2 * $port_radius_nm

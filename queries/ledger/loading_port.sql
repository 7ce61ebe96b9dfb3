-- ---
-- id = "ledger_loading_port"
-- title = "Bill of lading's port of loading contradicts the container's telemetry"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "ledger_records", "telemetry_events", "ports"]
-- description = """
-- The bill of lading anchored on the ledger says a container was loaded at one port, but the
-- container's tracker (its first fix in the `window_days` before the bill's shipped-on-board
-- date and after) places it more than `radius_nm` from that port: the paper voyage is not the
-- one the box made. Ports come from the `ports` table; a port the table does not know is not
-- judged. Only valid records in verified blocks count.
-- """
-- [params.radius_nm]
-- type = "float"
-- default = 50.0
-- description = "how far from the named port the first fix may be"
-- [params.window_days]
-- type = "integer"
-- default = 45
-- description = "telemetry this many days either side of the shipped-on-board date is used"
-- ---
WITH bills AS (
    SELECT r.declaration_id, r.document_ref, r.payload->>'port_of_loading' AS locode,
           TRY_CAST(r.payload->>'shipped_on_board' AS DATE) AS shipped,
           unnest(CAST(r.payload->'container_ids' AS VARCHAR[])) AS container_id
    FROM ledger_records r
    WHERE r.valid AND r.record_type = 'bill_of_lading' AND r.declaration_id IS NOT NULL
),
first_fix AS (
    SELECT b.declaration_id, b.document_ref, b.locode, b.shipped, b.container_id,
           arg_min(t.lat, (t.ts, t.lat, t.lon)) AS lat, arg_min(t.lon, (t.ts, t.lat, t.lon)) AS lon, min(t.ts) AS at
    FROM bills b JOIN telemetry_events t
      ON t.container_id = b.container_id AND t.lat IS NOT NULL
     AND t.ts BETWEEN b.shipped - to_days(CAST($window_days AS INTEGER)) AND b.shipped + to_days(CAST($window_days AS INTEGER))
    GROUP BY ALL
),
measured AS (
    SELECT f.*, p.name AS port_name,
           2 * 3440.065 * asin(sqrt(pow(sin(radians(p.lat - f.lat) / 2), 2)
               + cos(radians(f.lat)) * cos(radians(p.lat)) * pow(sin(radians(p.lon - f.lon) / 2), 2))) AS nm
    FROM first_fix f JOIN ports p ON p.locode = f.locode
)
SELECT x.declaration_id, x.item_no,
       least(1.0, 0.5 + m.nm / 2000) AS score,
       printf('bill %s says container %s was loaded at %s (%s); its tracker''s first fix (%s) is %.0f nm away',
              m.document_ref, m.container_id, m.port_name, m.locode, strftime(m.at, '%Y-%m-%d'), m.nm) AS reason,
       {'document_ref': m.document_ref, 'container_id': m.container_id, 'port_of_loading': m.locode,
        'first_fix': [round(m.lat, 4), round(m.lon, 4)], 'first_fix_at': m.at, 'nm': round(m.nm, 1)} AS evidence
FROM measured m JOIN declarations x USING (declaration_id)
WHERE m.nm > $radius_nm

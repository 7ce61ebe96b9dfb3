-- ---
-- id = "seal_mismatch"
-- title = "Seal broken, or a seal number other than the declared one"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "telemetry_events"]
-- description = """
-- Three findings on a declared container (reference telemetry.md §6, check 2):
-- a tracker or e-seal reports the seal tampered with or cut (wherever it happens — an opening
-- at a port is handling, a cut seal is not); a seal number seen on the container (the e-seal's
-- id, DCSA `seals[]`) that is not among the declaration's seal numbers; and a seal number that
-- changes between two sightings with no inspection or reseal event (DCSA `INSP`, `RSEA`, or a
-- tracker's `seal_armed`) in between. Declared seal numbers come from the declaration export's
-- `seal_numbers` column (separated by `;` or `,`), which the declaration loader keeps in
-- `extra`. Loaders store the seal numbers they read as the payload's `seal_ids`.
-- """
-- [params.window_days]
-- type = "integer"
-- default = 30
-- description = "telemetry this many days either side of the declaration is linked to it"
-- ---
WITH declared AS (
    SELECT declaration_id, min(declared_at) AS declared_at,
           list_sort(list_distinct(flatten(list(
               list_filter(string_split(regexp_replace(coalesce(extra->>'seal_numbers', ''), '[ ,]', ';', 'g'), ';'),
                           lambda s: s <> ''))))) AS declared_seals
    FROM declarations WHERE container_ids IS NOT NULL GROUP BY declaration_id
),
decl AS (
    -- one row per (declaration, container), so that the join below is an equality every
    -- engine hashes (a list_contains condition is a nested loop on Spark)
    SELECT DISTINCT t.declaration_id, t.declared_at, t.declared_seals, c.container_id
    FROM declared t
    JOIN (SELECT declaration_id, unnest(container_ids) AS container_id
          FROM declarations WHERE container_ids IS NOT NULL) c ON c.declaration_id = t.declaration_id
),
sightings AS (
    SELECT container_id, ts, event_type, source,
           CAST(payload->'seal_ids' AS VARCHAR[]) AS seals
    FROM telemetry_events
    WHERE container_id IS NOT NULL AND ts IS NOT NULL
),
linked AS (
    SELECT k.declaration_id, k.declared_seals, s.*
    FROM sightings s JOIN decl k ON k.container_id = s.container_id
     AND s.ts BETWEEN k.declared_at - to_days(CAST($window_days AS INTEGER))
                  AND k.declared_at + to_days(CAST($window_days AS INTEGER))
),
broken AS (
    SELECT declaration_id, 1.0 AS score,
           printf('container %s: seal %s at %s', container_id, replace(event_type, 'seal_', ''),
                  strftime(ts, '%Y-%m-%d %H:%M')) AS reason,
           {'finding': 'seal broken', 'container_id': container_id, 'event': event_type, 'at': ts,
            'seen': seals, 'declared': declared_seals} AS evidence
    FROM linked WHERE event_type IN ('seal_tampered', 'seal_tamper', 'seal_cut')
),
undeclared AS (
    SELECT declaration_id, 0.9 AS score,
           printf('container %s: seal %s seen at %s is not among the declared seals %s', container_id, seal,
                  strftime(min(ts), '%Y-%m-%d %H:%M'), array_to_string(declared_seals, ', ')) AS reason,
           {'finding': 'undeclared seal', 'container_id': container_id, 'event': arg_min(event_type, (ts, event_type)),
            'at': min(ts), 'seen': [seal], 'declared': declared_seals} AS evidence
    FROM (SELECT *, unnest(seals) AS seal FROM linked WHERE array_length(declared_seals) > 0 AND seals IS NOT NULL)
    WHERE NOT list_contains(declared_seals, seal)
    GROUP BY declaration_id, container_id, seal, declared_seals
),
ordered AS (
    SELECT *,
           -- inspections and reseals since the previous sighting explain a new number
           sum(CASE WHEN event_type IN ('equipment_INSP', 'equipment_RSEA', 'seal_armed') THEN 1 ELSE 0 END)
               OVER (PARTITION BY declaration_id, container_id ORDER BY ts
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS explained
    FROM linked
),
sighted AS (
    SELECT *, lag(explained) OVER (PARTITION BY declaration_id, container_id ORDER BY ts) AS explained_before,
              lag(seals) OVER (PARTITION BY declaration_id, container_id ORDER BY ts) AS seals_before,
              lag(ts) OVER (PARTITION BY declaration_id, container_id ORDER BY ts) AS seen_before
    FROM ordered WHERE array_length(seals) > 0
),
changed AS (
    SELECT declaration_id, 0.7 AS score,
           printf('container %s: seal %s at %s replaced %s seen at %s, with no inspection or reseal between',
                  container_id, array_to_string(seals, ', '), strftime(ts, '%Y-%m-%d %H:%M'),
                  array_to_string(seals_before, ', '), strftime(seen_before, '%Y-%m-%d %H:%M')) AS reason,
           {'finding': 'seal changed', 'container_id': container_id, 'event': event_type, 'at': ts,
            'seen': seals, 'declared': declared_seals} AS evidence
    FROM sighted
    WHERE seals_before IS NOT NULL AND NOT list_has_any(seals, seals_before)
      AND explained = explained_before
      -- an undeclared number is reported as such; this finding is for declarations without seals
      AND array_length(declared_seals) = 0
)
SELECT d.declaration_id, d.item_no, f.score, f.reason, f.evidence
FROM (SELECT * FROM broken UNION ALL SELECT * FROM undeclared UNION ALL SELECT * FROM changed) f
JOIN declarations d ON d.declaration_id = f.declaration_id

-- ---
-- id = "document_reuse"
-- title = "The same commercial documents on more than one declaration"
-- severity = "medium"
-- weight = 1.5
-- version = 1
-- tables = ["declarations"]
-- description = """
-- One set of papers used to clear more than one consignment: items of different declarations
-- that repeat the same importer, exporter, tariff line, quantity, net mass and value within
-- `window_days` days, or (where the export carries one, kept in `extra.invoice_no`) the same
-- invoice number on different declarations.
-- """
-- [params.window_days]
-- type = "integer"
-- default = 2
-- description = "days within which an identical item on another declaration counts as re-use"
-- ---
WITH signed AS (
    SELECT declaration_id, item_no, declared_at, extra->>'invoice_no' AS invoice_no,
           md5(concat_ws('|', importer_id, exporter_id, hs_code, quantity, net_mass_kg, customs_value)) AS signature
    FROM declarations
    WHERE importer_id IS NOT NULL AND customs_value IS NOT NULL
),
by_signature AS (
    SELECT a.declaration_id, a.item_no, count(DISTINCT b.declaration_id) AS others, min(b.declaration_id) AS example
    FROM signed a JOIN signed b
      ON a.signature = b.signature AND a.declaration_id <> b.declaration_id
     AND b.declared_at BETWEEN a.declared_at - to_days(CAST($window_days AS INTEGER))
                           AND a.declared_at + to_days(CAST($window_days AS INTEGER))
    GROUP BY a.declaration_id, a.item_no
),
by_invoice AS (
    SELECT a.declaration_id, a.item_no, count(DISTINCT b.declaration_id) AS others, min(b.declaration_id) AS example,
           min(a.invoice_no) AS invoice_no
    FROM signed a JOIN signed b
      ON a.invoice_no = b.invoice_no AND a.declaration_id <> b.declaration_id
    WHERE a.invoice_no IS NOT NULL AND a.invoice_no <> ''
    GROUP BY a.declaration_id, a.item_no
)
SELECT declaration_id, item_no, 0.7 AS score,
       printf('the same importer, exporter, tariff line, quantity, mass and value appear on %d other declaration(s) within %d day(s), e.g. %s',
              others, $window_days, example) AS reason,
       {'check': 'identical_item', 'other_declarations': others, 'example': example}::JSON AS evidence
FROM by_signature
UNION ALL
SELECT declaration_id, item_no, 0.8,
       printf('invoice %s is also declared on %d other declaration(s), e.g. %s', invoice_no, others, example),
       {'check': 'invoice_reuse', 'invoice_no': invoice_no, 'other_declarations': others, 'example': example}::JSON
FROM by_invoice

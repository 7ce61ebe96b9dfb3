-- ---
-- id = "ledger_container_mismatch"
-- title = "Containers on the bill of lading differ from the declared ones"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "ledger_records"]
-- description = """
-- The bill of lading anchored on the ledger for a declaration lists containers the declaration
-- does not, or the declaration lists containers the bill does not: goods in an undeclared box,
-- or a declared box that never sailed under this bill. Container numbers are compared
-- normalised (upper case, no spaces or dashes). Only valid records in verified blocks count.
-- """
-- ---
WITH bills AS (
    SELECT declaration_id, document_ref, chain_id, block_number,
           list_transform(CAST(payload->'container_ids' AS VARCHAR[]),
                          lambda c: upper(replace(replace(c, ' ', ''), '-', ''))) AS on_bill
    FROM ledger_records
    WHERE valid AND record_type = 'bill_of_lading' AND declaration_id IS NOT NULL
),
declared AS (
    SELECT declaration_id, list_sort(list_distinct(flatten(list(container_ids)))) AS declared
    FROM declarations GROUP BY declaration_id
),
compared AS (
    SELECT b.*, d.declared,
           list_filter(b.on_bill, lambda c: NOT list_contains(coalesce(d.declared, []), c)) AS undeclared,
           list_filter(coalesce(d.declared, []), lambda c: NOT list_contains(b.on_bill, c)) AS not_on_bill
    FROM bills b JOIN declared d USING (declaration_id)
)
SELECT x.declaration_id, x.item_no, 0.8 AS score,
       printf('bill of lading %s lists %s; the declaration lists %s',
              c.document_ref, array_to_string(c.on_bill, ', '), array_to_string(c.declared, ', ')) AS reason,
       {'document_ref': c.document_ref, 'chain': c.chain_id, 'block': c.block_number,
        'on_bill_not_declared': c.undeclared, 'declared_not_on_bill': c.not_on_bill} AS evidence
FROM compared c JOIN declarations x USING (declaration_id)
WHERE array_length(c.undeclared) > 0 OR array_length(c.not_on_bill) > 0

-- ---
-- id = "ledger_origin_mismatch"
-- title = "Declared origin differs from the certificate of origin on the ledger"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "ledger_records"]
-- description = """
-- An item declares an origin that the certificate of origin anchored on the ledger for the same
-- declaration does not certify (its `origins`, else its `origin_country`): preference or
-- anti-dumping duty claimed on goods from elsewhere. Only
-- valid records in verified blocks count.
-- """
-- ---
WITH certificates AS (
    SELECT declaration_id, document_ref, chain_id, block_number,
           list_transform(coalesce(CAST(payload->'origins' AS VARCHAR[]), [payload->>'origin_country']),
                          lambda o: upper(o)) AS certified
    FROM ledger_records
    WHERE valid AND record_type = 'certificate_of_origin' AND declaration_id IS NOT NULL
)
SELECT d.declaration_id, d.item_no, 0.9 AS score,
       printf('item %d declares origin %s; certificate %s on %s (block %d) certifies %s',
              d.item_no, d.origin_country, c.document_ref, c.chain_id, c.block_number,
              array_to_string(c.certified, ', ')) AS reason,
       {'document_ref': c.document_ref, 'chain': c.chain_id, 'block': c.block_number,
        'declared_origin': d.origin_country, 'certified_origins': c.certified} AS evidence
FROM declarations d JOIN certificates c USING (declaration_id)
WHERE d.origin_country IS NOT NULL AND NOT list_contains(c.certified, upper(d.origin_country))

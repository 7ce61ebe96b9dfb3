-- ---
-- id = "ledger_document_problem"
-- title = "A cited document is missing, invalid, unverifiable or revoked on the ledger"
-- severity = "high"
-- weight = 3.0
-- version = 2
-- tables = ["declarations", "ledger_records", "ledger_blocks"]
-- description = """
-- For each document a declaration cites (its export's `document_refs` column, `;`-separated,
-- kept in `extra`): missing from every loaded ledger; present only in an invalid transaction or
-- in a block that failed verification (with the block's problems); or, for a document whose
-- hash a DocumentStore has revoked (an EVM `DocumentRevoked` log with that hash), revoked.
-- An OpenAttestation document fails when an offline check fails (tampered, wrong DID
-- signature, unrecognised or unsupported format) or when the loaded chain holds its store's
-- events but no `DocumentIssued` of its Merkle root, or a `DocumentRevoked` of one of its
-- hashes (`clearway ledger verify` and every ledger load keep that verdict current); the
-- reason quotes the verdict. Hashes compare without their `0x`.
-- Declarations citing nothing are not judged.
-- """
-- ---
WITH cited AS (
    SELECT DISTINCT declaration_id, trim(ref) AS document_ref
    FROM (SELECT declaration_id, unnest(string_split(extra->>'document_refs', ';')) AS ref
          FROM declarations WHERE coalesce(extra->>'document_refs', '') <> '')
    WHERE trim(ref) <> ''
),
found AS (
    SELECT c.declaration_id, c.document_ref, r.valid, r.chain_id, r.block_number, r.doc_hash,
           b.problems AS block_problems, b.verified AS block_verified, b.family, b.hash AS block_hash,
           CASE WHEN b.family = 'openattestation' THEN b.details END AS oa_details
    FROM cited c
    LEFT JOIN ledger_records r ON r.document_ref = c.document_ref
    LEFT JOIN ledger_blocks b ON b.chain_id = r.chain_id AND b.number = r.block_number AND b.load_id = r.load_id
),
judged AS (
    SELECT declaration_id, document_ref,
           bool_or(chain_id IS NOT NULL) AS on_ledger, bool_or(valid) AS valid_anywhere,
           min(chain_id) AS chain_id, min(block_number) AS block_number,
           min(doc_hash) AS doc_hash, min(family) AS family, min(block_hash) AS block_hash,
           list_sort(list_distinct(flatten(list(block_problems) FILTER (WHERE block_problems IS NOT NULL)))) AS problems,
           list_sort(list_distinct(flatten(list(oa_details) FILTER (WHERE oa_details IS NOT NULL)))) AS oa_details
    FROM found GROUP BY declaration_id, document_ref
),
revoked AS (
    SELECT DISTINCT regexp_replace(lower(doc_hash), '^0x', '', 'g') AS doc_hash FROM ledger_records
    WHERE record_type = 'document_revoked' AND valid AND doc_hash IS NOT NULL
),
findings AS (
    SELECT *, CASE WHEN NOT on_ledger THEN 'missing'
                   WHEN NOT coalesce(valid_anywhere, false) THEN 'invalid'
                   ELSE 'revoked' END AS finding
    FROM judged j
    WHERE NOT on_ledger OR NOT coalesce(valid_anywhere, false)
       OR regexp_replace(lower(j.doc_hash), '^0x', '', 'g') IN (SELECT doc_hash FROM revoked)
)
SELECT x.declaration_id, x.item_no,
       CASE f.finding WHEN 'missing' THEN 0.8 WHEN 'invalid' THEN 1.0 ELSE 0.9 END AS score,
       CASE f.finding
            WHEN 'missing' THEN printf('cites %s, which no loaded ledger holds', f.document_ref)
            WHEN 'invalid' THEN CASE WHEN f.family = 'openattestation' THEN
                 printf('cites %s, an OpenAttestation document (merkleRoot %s) that fails verification: %s',
                        f.document_ref, f.block_hash,
                        array_to_string(list_sort(list_distinct(f.problems || list_filter(f.oa_details,
                            lambda d: d LIKE 'not issued%' OR d LIKE 'not minted%' OR d LIKE 'revoked on%'))), '; '))
                 ELSE printf('cites %s, which sits on %s block %d that is not a committed fact (%s)',
                                       f.document_ref, f.chain_id, f.block_number,
                                       coalesce(nullif(array_to_string(f.problems, '; '), ''), 'invalid transaction')) END
            ELSE printf('cites %s, whose hash %s was revoked on its document store', f.document_ref, f.doc_hash)
       END AS reason,
       {'finding': f.finding, 'document_ref': f.document_ref, 'chain': f.chain_id, 'block': f.block_number,
        'doc_hash': f.doc_hash, 'problems': f.problems} AS evidence
FROM findings f JOIN declarations x USING (declaration_id)

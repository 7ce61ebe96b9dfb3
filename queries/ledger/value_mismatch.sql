-- ---
-- id = "ledger_value_mismatch"
-- title = "Declared value differs from the invoice on the ledger"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "ledger_records"]
-- description = """
-- The declaration's invoice total (the sum of its items' `invoice_value`) differs by more than
-- `tolerance` (a share of the ledger's amount) from the invoice anchored on the ledger for the
-- same declaration: undervaluation the trade documents contradict, or a ledger edited to match.
-- Only records committed as valid in a verified block count; the others are
-- `ledger_document_problem`'s. Amounts are compared in the invoice currency.
-- """
-- [params.tolerance]
-- type = "float"
-- default = 0.05
-- description = "relative difference allowed (0.05 = 5 %)"
-- ---
WITH invoices AS (
    SELECT declaration_id, min(document_ref) AS document_ref, min(chain_id) AS chain_id,
           min(block_number) AS block_number,
           sum(TRY_CAST(payload->>'invoice_value' AS DOUBLE)) AS ledger_value,
           min(payload->>'currency') AS ledger_currency
    FROM ledger_records
    WHERE valid AND record_type = 'invoice' AND declaration_id IS NOT NULL
    GROUP BY declaration_id
),
declared AS (
    SELECT declaration_id, sum(invoice_value)::DOUBLE AS declared_value, min(currency) AS currency
    FROM declarations GROUP BY declaration_id
),
gaps AS (
    SELECT i.*, d.declared_value, d.currency,
           (d.declared_value - i.ledger_value) / nullif(i.ledger_value, 0) AS rel
    FROM invoices i JOIN declared d USING (declaration_id)
    WHERE i.ledger_value > 0 AND abs(d.declared_value - i.ledger_value) > $tolerance * i.ledger_value
)
SELECT x.declaration_id, x.item_no,
       least(1.0, 0.5 + abs(g.rel)) AS score,
       printf('invoice %s on %s (block %d) says %,.2f %s; the declaration says %,.2f (%+.0f %%)',
              g.document_ref, g.chain_id, g.block_number, g.ledger_value, coalesce(g.ledger_currency, ''),
              g.declared_value, 100 * g.rel) AS reason,
       {'document_ref': g.document_ref, 'chain': g.chain_id, 'block': g.block_number,
        'ledger_value': round(g.ledger_value, 2), 'declared_value': round(g.declared_value, 2),
        'currency': g.ledger_currency, 'difference': round(g.rel, 4)} AS evidence
FROM gaps g JOIN declarations x USING (declaration_id)

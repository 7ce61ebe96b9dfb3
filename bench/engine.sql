-- The statements of bench/engine.sh: a fixed set that stands for the work clearway gives
-- DuckDB (the risk packs' scans, group-bys and windows, the loader's CSV read, the exports'
-- Parquet write, the TUI's sorted pages). Each starts with a line `-- name: what it stands for`
-- and ends with `;` at the end of a line. `{csv}` and `{out}` are replaced by the runners with
-- the generated CSV and a scratch file of their own.

-- scan_filter: a filtered scan with two aggregates (the issue's 1.85x statement)
SELECT count(*), sum(customs_value) FROM declarations WHERE origin_country <> export_country;

-- group_few: a group-by with a handful of groups (lanes)
SELECT lane, count(*), sum(customs_value), avg(net_mass_kg), max(declared_at)
FROM declarations GROUP BY lane ORDER BY lane;

-- group_many: a group-by with about a million groups (importer x HS code), top ten kept
SELECT importer_id, hs_code, count(*) AS items, sum(customs_value) AS value
FROM declarations GROUP BY ALL ORDER BY value DESC, importer_id, hs_code LIMIT 10;

-- readme_group_by: the README's query benchmark (chapter x origin, with a count distinct)
SELECT left(hs_code, 2) AS chapter, origin_country, count(*) AS items, sum(customs_value) AS value,
       avg(net_mass_kg) AS kg, count(DISTINCT importer_id) AS importers
FROM declarations GROUP BY ALL ORDER BY chapter, origin_country;

-- count_distinct: distinct counts over the whole table
SELECT count(DISTINCT declaration_id), count(DISTINCT importer_id), count(DISTINCT hs_code)
FROM declarations;

-- join: every item against its importer's average (a hash join of the table with an aggregate of itself)
WITH importer AS (SELECT importer_id, avg(customs_value) AS mean_value FROM declarations GROUP BY importer_id)
SELECT count(*), count(*) FILTER (WHERE d.customs_value > 3 * i.mean_value)
FROM declarations d JOIN importer i USING (importer_id);

-- window_rows: a moving average over each importer's last ten items (partitions, ROWS frame)
SELECT avg(moving), max(moving) FROM (
  SELECT avg(customs_value) OVER (PARTITION BY importer_id ORDER BY declared_at, declaration_id, item_no
                                  ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) AS moving
  FROM declarations);

-- window_range: items per importer in the 30 days before each item (RANGE frame over time)
SELECT max(recent), avg(recent) FROM (
  SELECT count(*) OVER (PARTITION BY importer_id ORDER BY declared_at
                        RANGE BETWEEN INTERVAL 30 DAYS PRECEDING AND CURRENT ROW) AS recent
  FROM declarations);

-- quantiles: median and quartiles of the unit value per HS chapter (the price-outlier rules)
SELECT left(hs_code, 2) AS chapter, median(customs_value / nullif(net_mass_kg, 0)) AS median_unit,
       quantile_cont(customs_value / nullif(net_mass_kg, 0), [0.25, 0.75]) AS quartiles
FROM declarations GROUP BY chapter ORDER BY chapter;

-- sort_limit: the highest-value items (the TUI's sorted first page)
SELECT declaration_id, item_no, importer_id, customs_value
FROM declarations ORDER BY customs_value DESC, declaration_id, item_no LIMIT 100;

-- strings: case folding, LIKE, a regular expression and word splitting over the goods descriptions
SELECT count(*) FILTER (WHERE lower(goods_description) LIKE '%machin%'),
       count(DISTINCT upper(left(goods_description, 12))),
       sum(length(regexp_replace(goods_description, '[^A-Za-z]', '', 'g'))),
       sum(len(string_split(goods_description, ' ')))
FROM declarations;

-- csv_read: the generated CSV read into a table (what a load does first)
CREATE OR REPLACE TEMP TABLE csv_read AS SELECT * FROM read_csv('{csv}');

-- parquet_write: the whole table written as Parquet (what an export does)
COPY (SELECT * FROM declarations) TO '{out}' (FORMAT parquet);

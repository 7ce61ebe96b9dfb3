-- ---
-- id = "origin_mismatch"
-- title = "Declared origin not where the goods came from"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations"]
-- description = """
-- The declared country of origin differs from the country the goods were exported from, and
-- that country is not a transshipment hub (`hubs`): goods made in one country and relabelled in
-- another to dodge trade-remedy duties or claim a preference. Where the export carries a
-- preference claim (`extra.preference`, e.g. from an EU DE 4/17 or ASYCUDA Preference_code
-- column kept by the loader), the score is higher.
-- """
-- [params.hubs]
-- type = "string"
-- default = "AE,SG,HK,NL,BE,PA,MY"
-- description = "comma-separated ISO codes of transshipment hubs whose re-exports are expected"
-- ---
SELECT declaration_id, item_no,
       CASE WHEN coalesce(extra->>'preference', '') NOT IN ('', '0', '100', 'none') THEN 0.9 ELSE 0.6 END AS score,
       printf('declared origin %s but exported from %s%s', origin_country, export_country,
              CASE WHEN coalesce(extra->>'preference', '') NOT IN ('', '0', '100', 'none')
                   THEN ' with preference ' || (extra->>'preference') || ' claimed' ELSE '' END) AS reason,
       {'origin_country': origin_country, 'export_country': export_country, 'hs6': left(hs_code, 6),
        'preference': extra->>'preference'} AS evidence
FROM declarations
WHERE origin_country IS NOT NULL AND export_country IS NOT NULL
  AND origin_country <> export_country
  AND NOT list_contains(string_split(replace($hubs, ' ', ''), ','), export_country)


use builtin;
use str;

set edit:completion:arg-completer[clearway] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'clearway'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'clearway'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a workspace (or migrate an existing one to this version''s schema)'
            cand provenance '3D-print design files: scan them into the workspace with their fingerprints'
            cand ledger 'Ledgers: verify the loaded chains offline'
            cand model 'The learned risk model: features, train, evaluate, score, monitor'
            cand plugin 'Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)'
            cand sample-data 'Synthetic data for trials, tests and benchmarks'
            cand demo 'Load the bundled sample into a temporary workspace and print a short report'
            cand generate 'Generate shell completions or man pages (maintainers'' tool)'
            cand inspect 'Inspection packs for the officer at the container: write one, record its result'
            cand scene 'Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html) with clearway''s WebGL viewer and VR/AR where the browser offers it'
            cand load 'Load exports into the workspace'
            cand query 'Run SQL against the workspace (read-only) and print or save the result'
            cand export 'Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar'
            cand risk 'Risk rule packs: list, check and run them'
            cand check 'Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name'
            cand plot 'Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating'
            cand report 'Write a self-contained HTML report (tables and charts, no network) to a folder'
            cand tui 'The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts'
            cand audit 'Inspect the workspace''s tamper-evident audit trail'
            cand lake 'The workspace as a Parquet lake for Spark and other engines: export it, verify it'
            cand classify 'HS code suggestions from goods descriptions: train, suggest, score, evaluate'
            cand config 'The effective settings and where each came from: defaults, the user''s config.toml, the clearway.toml beside the workspace, flags and environment (docs/configuration.md)'
            cand completions 'Print the completion script for SHELL on stdout (see the examples for where it goes)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;init'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;provenance'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file''s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)'
            cand register 'Add designs to the registry: a rights holder''s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)'
            cand check 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;provenance;scan'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;provenance;register'= {
            cand --registry 'A registry CSV to load instead of a file'
            cand --owner 'The rights holder'
            cand --licence 'The licence the design is published under'
            cand --title 'Title [default: the file''s metadata title, else its name]'
            cand --design-id 'Identifier [default: the file name without extension]'
            cand --setting 'A print setting the design prescribes (repeatable), e.g. `material=PA12`, `layer_height=0.1`, `fill_density=100%`: G-code claiming the design is held to it'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --controlled 'A controlled design (e.g. a firearm part): any match is flagged'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;provenance;check'= {
            cand --similar 'D2 similarity from which a file has a registered design''s shape'
            cand --size-tolerance 'Relative difference allowed on each principal size for a file with a design''s shape to be "similar" (that design at its size) rather than "shape_only" (another size)'
            cand --claim 'The registered design the files claim to be (from the declaration or the papers that travel with them): a file whose geometry, object names or print settings say otherwise is CONTRADICTED'
            cand --fail-on 'Exit 1 when a file matches a controlled design, or is not anchored on a ledger'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;provenance;help'= {
            cand scan 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file''s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)'
            cand register 'Add designs to the registry: a rights holder''s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)'
            cand check 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;provenance;help;scan'= {
        }
        &'clearway;provenance;help;register'= {
        }
        &'clearway;provenance;help;check'= {
        }
        &'clearway;provenance;help;help'= {
        }
        &'clearway;ledger'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Re-verify the loaded ledgers from their source files and report each block''s verdict'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;ledger;verify'= {
            cand --chain 'Only this chain'
            cand --fail-on 'Exit 1 when any block fails verification'
            cand --format 'table: a summary and the failed blocks; json: everything (csv, ndjson, markdown: one row per block); fabric: Fabric''s `ledgerutil verify` output (`[{"blockNum":…,"valid":false,"errors":[…]}]`) per chain'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;ledger;help'= {
            cand verify 'Re-verify the loaded ledgers from their source files and report each block''s verdict'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;ledger;help;verify'= {
        }
        &'clearway;ledger;help;help'= {
        }
        &'clearway;model'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand features 'Export the exact feature matrix the model uses (one row per item) to Parquet'
            cand train 'Train on the labelled items before the test period; writes a versioned model file'
            cand evaluate 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines'
            cand score 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason'
            cand monitor 'Population stability index of every feature: training period against recent items'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;model;features'= {
            cand --out 'The Parquet file to write'
            cand --run 'The risk run whose rule hits become features [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;model;train'= {
            cand --label 'The label column (the canonical `illicit`)'
            cand --revenue 'Revenue column reported beside the label in evaluation'
            cand --split 'Items declared from this date are the test period (never trained on)'
            cand --split-frac 'Train on this share of the items, by date [default: 0.8]'
            cand --out 'The model file to write'
            cand --iterations 'Boosting rounds at most (early stopping usually ends sooner)'
            cand --learning-rate 'Shrinkage per round (XGBoost''s default η)'
            cand --max-depth 'max-depth'
            cand --seed 'Seed: the same data and seed give the same model'
            cand --sampling 'Rows each tree grows from: `auto` samples with GOSS (the largest gradients and a random tenth of the rest) from 50,000 training rows, `all` never, `goss` always'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;model;evaluate'= {
            cand --run 'The risk run to compare with [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;model;score'= {
            cand --from 'Score items declared from this date [default: all]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;model;monitor'= {
            cand --since 'Recent items: declared from this date [default: the last 30 days of the data]'
            cand --threshold 'The PSI from which a feature has drifted (0.1 watch, 0.25 act, by convention)'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --fail-on-drift 'Exit 1 when a feature drifted past the threshold'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;model;help'= {
            cand features 'Export the exact feature matrix the model uses (one row per item) to Parquet'
            cand train 'Train on the labelled items before the test period; writes a versioned model file'
            cand evaluate 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines'
            cand score 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason'
            cand monitor 'Population stability index of every feature: training period against recent items'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;model;help;features'= {
        }
        &'clearway;model;help;train'= {
        }
        &'clearway;model;help;evaluate'= {
        }
        &'clearway;model;help;score'= {
        }
        &'clearway;model;help;monitor'= {
        }
        &'clearway;model;help;help'= {
        }
        &'clearway;plugin'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The plugins found, where, and whether they are approved'
            cand describe 'A plugin''s manifest: transport, limits, commands and their arguments'
            cand check 'Contract test: handshake, the announced commands against the manifest, one dry call'
            cand approve 'Trust a plugin (again): handshake, then pin its files'' sha256 in plugins.lock'
            cand call 'Call a command; JSON results are printed, tables printed or stored with --into'
            cand stream 'Run a streaming command and store its items in a table until --duration or --max-items'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;plugin;list'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plugin;describe'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plugin;check'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plugin;approve'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plugin;call'= {
            cand --arg 'An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text'
            cand --timeout 'Override the manifest''s call timeout, in milliseconds'
            cand --input-query 'Send the result of this query (read-only) as the command''s input table'
            cand --input-format 'How the input table travels: Arrow IPC (fast) or JSON rows [default: the command''s `input_format` in plugin.toml, else arrow]'
            cand --into 'Store a table result (or a JSON array of objects) in this workspace table'
            cand --format 'How to print a table result'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --yes 'Allow a command with side effects (it changes something outside clearway)'
            cand --trust 'Run a plugin that is not approved (or changed since), and pin it'
            cand --replace 'With --into: replace the table instead of appending to it'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plugin;stream'= {
            cand --arg 'An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text'
            cand --timeout 'Override the manifest''s call timeout, in milliseconds'
            cand --into 'Where the items go: telemetry_events (items carrying telemetry fields, with lineage), or any other table (created as received_at, item JSON)'
            cand --duration 'Stop after this many seconds'
            cand --max-items 'Stop after this many items'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --yes 'Allow a command with side effects (it changes something outside clearway)'
            cand --trust 'Run a plugin that is not approved (or changed since), and pin it'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plugin;help'= {
            cand list 'The plugins found, where, and whether they are approved'
            cand describe 'A plugin''s manifest: transport, limits, commands and their arguments'
            cand check 'Contract test: handshake, the announced commands against the manifest, one dry call'
            cand approve 'Trust a plugin (again): handshake, then pin its files'' sha256 in plugins.lock'
            cand call 'Call a command; JSON results are printed, tables printed or stored with --into'
            cand stream 'Run a streaming command and store its items in a table until --duration or --max-items'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;plugin;help;list'= {
        }
        &'clearway;plugin;help;describe'= {
        }
        &'clearway;plugin;help;check'= {
        }
        &'clearway;plugin;help;approve'= {
        }
        &'clearway;plugin;help;call'= {
        }
        &'clearway;plugin;help;stream'= {
        }
        &'clearway;plugin;help;help'= {
        }
        &'clearway;sample-data'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Generate deterministic synthetic declarations with planted, labelled risk patterns'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;sample-data;generate'= {
            cand --out 'Folder to write declarations.csv, ais.nmea, containers.csv, ledger.jsonl, ledger-evm.json and designs/ into'
            cand --rows 'Number of item rows'
            cand --seed 'Random seed; the same seed and row count give the same bytes'
            cand --ais-vessels 'Vessels with AIS tracks [default: one per 500 rows, 5 to 400]'
            cand --ais-every 'Minutes between two AIS reports of a vessel'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;sample-data;help'= {
            cand generate 'Generate deterministic synthetic declarations with planted, labelled risk patterns'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;sample-data;help;generate'= {
        }
        &'clearway;sample-data;help;help'= {
        }
        &'clearway;demo'= {
            cand --sample 'Folder holding the sample (declarations.csv); the bundled sample when absent'
            cand -o 'Folder for the HTML report and the charts'
            cand --out 'Folder for the HTML report and the charts'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;generate'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand completions 'Write a completion script for SHELL into DIR'
            cand man 'Write man pages (one per subcommand) into DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;generate;completions'= {
            cand --out 'out'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;generate;man'= {
            cand --out 'out'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;generate;help'= {
            cand completions 'Write a completion script for SHELL into DIR'
            cand man 'Write man pages (one per subcommand) into DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;generate;help;completions'= {
        }
        &'clearway;generate;help;man'= {
        }
        &'clearway;generate;help;help'= {
        }
        &'clearway;inspect'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand brief 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist''s hash'
            cand record 'Record an officer''s result (the result.json a pack''s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;inspect;brief'= {
            cand --out 'The pack''s folder'
            cand --run 'The risk run whose reasons the pack gives [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;inspect;record'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;inspect;help'= {
            cand brief 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist''s hash'
            cand record 'Record an officer''s result (the result.json a pack''s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;inspect;help;brief'= {
        }
        &'clearway;inspect;help;record'= {
        }
        &'clearway;inspect;help;help'= {
        }
        &'clearway;scene'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand tracks 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are'
            cand flows 'Trade by origin over the world''s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score'
            cand design 'A design file''s mesh at real size with what `provenance check` last said of it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;scene;tracks'= {
            cand --out 'The scene file: .glb, or .html for the offline viewer page'
            cand --max-tracks 'Tracks drawn, the riskiest first, then the longest'
            cand --points 'Positions kept per track: the first reported in each of N equal slices of time'
            cand --markers 'Declarations marked on the tracks, the riskiest first'
            cand --run 'The risk run colouring the scene [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;scene;flows'= {
            cand --out 'The scene file: .glb, or .html for the offline viewer page'
            cand --height 'What a column''s height shows'
            cand --max-arcs 'Arcs drawn, the largest routes first'
            cand --run 'The risk run colouring the scene [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;scene;design'= {
            cand --out 'The scene file: .glb, or .html for the offline viewer page'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;scene;help'= {
            cand tracks 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are'
            cand flows 'Trade by origin over the world''s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score'
            cand design 'A design file''s mesh at real size with what `provenance check` last said of it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;scene;help;tracks'= {
        }
        &'clearway;scene;help;flows'= {
        }
        &'clearway;scene;help;design'= {
        }
        &'clearway;scene;help;help'= {
        }
        &'clearway;load'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand declarations 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON'
            cand telemetry 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones'
            cand ledger 'Load trade-document ledger exports, verifying them as they load'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;load;declarations'= {
            cand --mapping 'Mapping profile: `canonical`, `bacuda`, or a TOML mapping file. Detected from the header when it is unambiguous'
            cand --input-format 'Input format [default: from the extension, else from the content]. (`--format` names the report''s format, as in every command.)'
            cand --on-duplicate 'Rows whose natural key is already loaded (or repeats an earlier row of the file): skip them (counted, with the earlier load), replace the stored rows (audited), or reject the whole file'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --force 'Load a file even if the same bytes were loaded before'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;load;telemetry'= {
            cand --input-format 'Input format [default: auto, from the content]'
            cand --mapping 'Tracker CSV: a TOML file naming the header of any field (`[columns]` then `ts = "Time (UTC)"`); recognised header names are used otherwise'
            cand --on-duplicate 'Rows whose natural key is already loaded (or repeats an earlier row of the file): skip them (counted, with the earlier load), replace the stored rows (audited), or reject the whole file'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --force 'Load a file even if the same bytes were loaded before'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;load;ledger'= {
            cand --input-format 'Input format [default: auto, from the content]'
            cand --chain 'Name of the chain [default: the Fabric channel, the generic chain''s own name, or `evm` / `openattestation`]'
            cand --events 'EVM: a TOML file mapping more events to records ([[event]] signature, record_type, doc_hash = topic1|topic2|topic3|data), beside the built-in DocumentStore events'
            cand --on-duplicate 'Blocks already loaded (same chain, block hash, data hash and state; a block that failed verification is never a duplicate) or repeated in the file: skip them with their records (counted, with the earlier load), replace the stored ones (audited), or reject the whole file'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --force 'Load a file even if the same bytes were loaded before'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;load;help'= {
            cand declarations 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON'
            cand telemetry 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones'
            cand ledger 'Load trade-document ledger exports, verifying them as they load'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;load;help;declarations'= {
        }
        &'clearway;load;help;telemetry'= {
        }
        &'clearway;load;help;ledger'= {
        }
        &'clearway;load;help;help'= {
        }
        &'clearway;query'= {
            cand -f 'Read the SQL from a file'
            cand --file 'Read the SQL from a file'
            cand -p 'Bind a parameter: `--param min=100` sets `$min`. Values are bound, never spliced'
            cand --param 'Bind a parameter: `--param min=100` sets `$min`. Values are bound, never spliced'
            cand --format 'Output format (parquet needs --out)'
            cand -o 'Write the result to a file instead of stdout'
            cand --out 'Write the result to a file instead of stdout'
            cand --limit 'At most this many rows (a table shows 100 unless told otherwise)'
            cand --files 'Which files the query may read: `any` file you may read, or only files under the `workspace`''s folder. Default: `[query] files` in clearway.toml, else `any`'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;export'= {
            cand --query 'Export the result of this SQL instead of a table'
            cand -p 'Bind a parameter of --query: `--param min=100` sets `$min`'
            cand --param 'Bind a parameter of --query: `--param min=100` sets `$min`'
            cand -o 'The file to write; FILE.provenance.json is written beside it'
            cand --out 'The file to write; FILE.provenance.json is written beside it'
            cand --format 'File format [default: from the extension of --out]. `json` is newline-delimited JSON'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Re-check an exported file against its provenance sidecar (hash, size, row count)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;export;verify'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;export;help'= {
            cand verify 'Re-check an exported file against its provenance sidecar (hash, size, row count)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;export;help;verify'= {
        }
        &'clearway;export;help;help'= {
        }
        &'clearway;risk'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the rules of a pack with their severity, weight and parameters'
            cand lint 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)'
            cand compile 'Compile a pack for another engine: a self-contained Apache Spark job (the rules'' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake'
            cand import 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run''s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run'
            cand evaluate 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper''s price and importer baselines — on a time split'
            cand run 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores'
            cand explain 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score'
            cand lanes 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run''s combined scores'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;risk;list'= {
            cand --pack 'A shipped pack''s name or a folder of rule files'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;lint'= {
            cand --pack 'A shipped pack''s name or a folder of rule files'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --portable 'Also report, with file, line and column, every construct that would not run identically on Apache Spark (docs/spark.md lists the checks)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;compile'= {
            cand --engine 'The engine to compile for'
            cand --out 'The job folder to write (replaced when it holds an earlier job)'
            cand --pack 'A shipped pack''s name (or several, comma-separated) or a folder of rule files'
            cand --rule 'Compile only this rule (repeatable)'
            cand -p 'Override a parameter, as for `risk run`'
            cand --param 'Override a parameter, as for `risk run`'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;import'= {
            cand --where 'Keep only declarations of this workspace for which this SQL condition over the columns of `declarations` holds (for any of their items)'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;evaluate'= {
            cand --run 'The risk run to evaluate [default: the latest]'
            cand --test-from 'First day of the test period, YYYY-MM-DD [default: the last quarter of the dates]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;run'= {
            cand --pack 'A shipped pack''s name or a folder of rule files'
            cand --rule 'Run only this rule (repeatable)'
            cand -p 'Override a parameter: `--param threshold=4` for every rule that has it, or `--param unit_value_outlier.threshold=4` for one. Bound, never spliced'
            cand --param 'Override a parameter: `--param threshold=4` for every rule that has it, or `--param unit_value_outlier.threshold=4` for one. Bound, never spliced'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --engine 'Where the rules run: the workspace''s DuckDB, or Apache Spark (a local pyspark) over a lake, writing RUN_DIR for `clearway risk import`'
            cand --lake 'With --engine spark: the lake to read (`clearway lake export --out DIR`)'
            cand --out 'With --engine spark: the run folder to write (new, or an earlier run to replace)'
            cand --master 'With --engine spark: Spark''s master URL'
            cand --python 'With --engine spark: the Python that imports pyspark 4.2 or newer [default: $CLEARWAY_PYSPARK_PYTHON, else python3]'
            cand --spark-conf 'With --engine spark: a Spark setting for the session (repeatable), e.g. `--spark-conf spark.driver.memory=8g` (a local master gets 4g unless set)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;explain'= {
            cand --run 'The risk run to read [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;lanes'= {
            cand --budget 'Shares of each office''s declarations per lane, e.g. `red=3%,yellow=7%,blue=5%`'
            cand --random 'Share of the otherwise-green declarations sent red at random as a control group'
            cand --seed 'Seed of the random control draw (the same seed draws the same declarations)'
            cand --run 'The risk run to use [default: the latest]'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;risk;help'= {
            cand list 'List the rules of a pack with their severity, weight and parameters'
            cand lint 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)'
            cand compile 'Compile a pack for another engine: a self-contained Apache Spark job (the rules'' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake'
            cand import 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run''s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run'
            cand evaluate 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper''s price and importer baselines — on a time split'
            cand run 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores'
            cand explain 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score'
            cand lanes 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run''s combined scores'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;risk;help;list'= {
        }
        &'clearway;risk;help;lint'= {
        }
        &'clearway;risk;help;compile'= {
        }
        &'clearway;risk;help;import'= {
        }
        &'clearway;risk;help;evaluate'= {
        }
        &'clearway;risk;help;run'= {
        }
        &'clearway;risk;help;explain'= {
        }
        &'clearway;risk;help;lanes'= {
        }
        &'clearway;risk;help;help'= {
        }
        &'clearway;check'= {
            cand --pack 'A shipped pack''s name or a folder of rule files'
            cand --fail-on 'Fail (exit 1) when a rule of this severity or higher has any hit'
            cand --max-hits 'Fail (exit 1) when RULE has more than N hits (repeatable)'
            cand -p 'Override a parameter, as for `risk run`'
            cand --param 'Override a parameter, as for `risk run`'
            cand --format 'Output: a table for people, JSON, or JUnit XML that CI systems display'
            cand --run 'Judge this stored risk run (one run here, or a Spark run brought in with `risk import`) instead of running the pack; its own pack decides the rules'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;plot'= {
            cand --table 'The table to draw from'
            cand --query 'A query to draw from (run read-only); instead of --table'
            cand --x 'The x column (track maps: longitude, found by name when not given)'
            cand --y 'The y column (time series and bars: summed; track maps: latitude)'
            cand --by 'One series (time series) or one track (track map) per value of this column'
            cand --value 'An aggregate SQL expression to show (heatmap, bar), e.g. `avg(CAST(illicit AS INT))` [default: count(*)]'
            cand --bins 'Histogram bins'
            cand --period 'Time-series buckets [default: by the time span]'
            cand --top 'Categories kept (bar: bars; heatmap: rows and columns)'
            cand --declaration 'Unit-value chart: the declaration to show. Track map without --table/--query: draw the journey of this declaration''s linked vessels and containers'
            cand --item 'Unit-value chart: the item [default: the one the outlier rule flagged most strongly, else the first]'
            cand --time 'Track map: the column that orders a track''s points'
            cand --event 'Track map: a column whose non-empty values are events to mark (door open, gap ...)'
            cand --title 'The chart''s title [default: one that says what is drawn]'
            cand --width 'Width in pixels'
            cand --height 'Height in pixels'
            cand -o 'The file to write: .png or .svg'
            cand --out 'The file to write: .png or .svg'
            cand --format 'Print what was drawn on stdout (kind, title, rows, rows fetched, file, timings) in this format [default: nothing on stdout; a line on stderr]'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand --log-x 'Logarithmic x axis (values <= 0 are left out and counted in the caption)'
            cand --log-y 'Logarithmic y axis (scatter)'
            cand --hits 'Scatter: draw the latest risk run''s hits on top (needs declaration_id, item_no)'
            cand --json 'The old spelling of `--format json`'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;report'= {
            cand -o 'The folder to write report.html (and its charts as SVG files) into'
            cand --out 'The folder to write report.html (and its charts as SVG files) into'
            cand --run 'The risk run to report on [default: the latest]'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;tui'= {
            cand --replay 'Run the actions of this script headless instead of an interactive session'
            cand --snapshot 'With --replay: write the final screen as text to this file (`-` for stdout)'
            cand --size 'With --replay: the terminal size, WIDTHxHEIGHT'
            cand --timings 'With --replay: write each action''s DuckDB and frame time as JSON to this file'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;audit'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show the most recent audit records'
            cand verify 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;audit;show'= {
            cand --limit 'How many records'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;audit;verify'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;audit;help'= {
            cand show 'Show the most recent audit records'
            cand verify 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;audit;help;show'= {
        }
        &'clearway;audit;help;verify'= {
        }
        &'clearway;audit;help;help'= {
        }
        &'clearway;lake'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)'
            cand export 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file''s rows and sha256)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;lake;verify'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;lake;export'= {
            cand --out 'The lake folder: created, or replaced when it holds a lake (never a folder of other files)'
            cand --tables 'Only these tables (comma-separated) [default: all]'
            cand --since 'Append the rows of the loads after LOAD_ID (the last load the lake at --out holds)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;lake;help'= {
            cand verify 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)'
            cand export 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file''s rows and sha256)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;lake;help;verify'= {
        }
        &'clearway;lake;help;export'= {
        }
        &'clearway;lake;help;help'= {
        }
        &'clearway;classify'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand train 'Train a model on the nomenclature and the classified items; writes a versioned file'
            cand score 'Suggest codes for every item into hs_suggestions (replacing the previous ones)'
            cand evaluate 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file'
            cand suggest 'The most probable HS 2022 subheadings for one description, and why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;classify;train'= {
            cand --from 'What to learn from (comma-separated). Without classified items in the workspace the model learns from the nomenclature alone, and says so'
            cand --before 'Learn only from items declared before this date (the items from it are the test period of `classify evaluate`) [default: every item]'
            cand --out 'The model file to write'
            cand --epochs 'Passes over the training items, at most: a node of the tree passes over its items only as often as 1.6 million updates need, rounded up, and at least twice'
            cand --min-df 'A term is a feature from this many training descriptions'
            cand --seed 'Seed: the same items and seed give the same model'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;classify;score'= {
            cand --model 'A model file from `classify train`'
            cand --top 'Suggestions kept per item'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;classify;evaluate'= {
            cand --model 'A model file from `classify train`'
            cand --from 'Evaluate on the items declared from this date [default: the model''s `--before`]'
            cand --file 'Evaluate on a labelled CSV file instead (columns `description` and `hs_code`)'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;classify;suggest'= {
            cand --model 'A model file from `classify train` [default: one trained on the nomenclature alone, now]'
            cand --top 'How many subheadings to suggest'
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;classify;help'= {
            cand train 'Train a model on the nomenclature and the classified items; writes a versioned file'
            cand score 'Suggest codes for every item into hs_suggestions (replacing the previous ones)'
            cand evaluate 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file'
            cand suggest 'The most probable HS 2022 subheadings for one description, and why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;classify;help;train'= {
        }
        &'clearway;classify;help;score'= {
        }
        &'clearway;classify;help;evaluate'= {
        }
        &'clearway;classify;help;suggest'= {
        }
        &'clearway;classify;help;help'= {
        }
        &'clearway;config'= {
            cand --format 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)'
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;completions'= {
            cand --workspace 'The workspace database file [default: ./clearway.duckdb]'
            cand --memory-limit 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]'
            cand --input-limit 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)'
            cand -q 'Print less narration on stderr (errors are always printed)'
            cand --quiet 'Print less narration on stderr (errors are always printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clearway;help'= {
            cand init 'Create a workspace (or migrate an existing one to this version''s schema)'
            cand provenance '3D-print design files: scan them into the workspace with their fingerprints'
            cand ledger 'Ledgers: verify the loaded chains offline'
            cand model 'The learned risk model: features, train, evaluate, score, monitor'
            cand plugin 'Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)'
            cand sample-data 'Synthetic data for trials, tests and benchmarks'
            cand demo 'Load the bundled sample into a temporary workspace and print a short report'
            cand generate 'Generate shell completions or man pages (maintainers'' tool)'
            cand inspect 'Inspection packs for the officer at the container: write one, record its result'
            cand scene 'Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html) with clearway''s WebGL viewer and VR/AR where the browser offers it'
            cand load 'Load exports into the workspace'
            cand query 'Run SQL against the workspace (read-only) and print or save the result'
            cand export 'Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar'
            cand risk 'Risk rule packs: list, check and run them'
            cand check 'Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name'
            cand plot 'Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating'
            cand report 'Write a self-contained HTML report (tables and charts, no network) to a folder'
            cand tui 'The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts'
            cand audit 'Inspect the workspace''s tamper-evident audit trail'
            cand lake 'The workspace as a Parquet lake for Spark and other engines: export it, verify it'
            cand classify 'HS code suggestions from goods descriptions: train, suggest, score, evaluate'
            cand config 'The effective settings and where each came from: defaults, the user''s config.toml, the clearway.toml beside the workspace, flags and environment (docs/configuration.md)'
            cand completions 'Print the completion script for SHELL on stdout (see the examples for where it goes)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clearway;help;init'= {
        }
        &'clearway;help;provenance'= {
            cand scan 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file''s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)'
            cand register 'Add designs to the registry: a rights holder''s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)'
            cand check 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`'
        }
        &'clearway;help;provenance;scan'= {
        }
        &'clearway;help;provenance;register'= {
        }
        &'clearway;help;provenance;check'= {
        }
        &'clearway;help;ledger'= {
            cand verify 'Re-verify the loaded ledgers from their source files and report each block''s verdict'
        }
        &'clearway;help;ledger;verify'= {
        }
        &'clearway;help;model'= {
            cand features 'Export the exact feature matrix the model uses (one row per item) to Parquet'
            cand train 'Train on the labelled items before the test period; writes a versioned model file'
            cand evaluate 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines'
            cand score 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason'
            cand monitor 'Population stability index of every feature: training period against recent items'
        }
        &'clearway;help;model;features'= {
        }
        &'clearway;help;model;train'= {
        }
        &'clearway;help;model;evaluate'= {
        }
        &'clearway;help;model;score'= {
        }
        &'clearway;help;model;monitor'= {
        }
        &'clearway;help;plugin'= {
            cand list 'The plugins found, where, and whether they are approved'
            cand describe 'A plugin''s manifest: transport, limits, commands and their arguments'
            cand check 'Contract test: handshake, the announced commands against the manifest, one dry call'
            cand approve 'Trust a plugin (again): handshake, then pin its files'' sha256 in plugins.lock'
            cand call 'Call a command; JSON results are printed, tables printed or stored with --into'
            cand stream 'Run a streaming command and store its items in a table until --duration or --max-items'
        }
        &'clearway;help;plugin;list'= {
        }
        &'clearway;help;plugin;describe'= {
        }
        &'clearway;help;plugin;check'= {
        }
        &'clearway;help;plugin;approve'= {
        }
        &'clearway;help;plugin;call'= {
        }
        &'clearway;help;plugin;stream'= {
        }
        &'clearway;help;sample-data'= {
            cand generate 'Generate deterministic synthetic declarations with planted, labelled risk patterns'
        }
        &'clearway;help;sample-data;generate'= {
        }
        &'clearway;help;demo'= {
        }
        &'clearway;help;generate'= {
            cand completions 'Write a completion script for SHELL into DIR'
            cand man 'Write man pages (one per subcommand) into DIR'
        }
        &'clearway;help;generate;completions'= {
        }
        &'clearway;help;generate;man'= {
        }
        &'clearway;help;inspect'= {
            cand brief 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist''s hash'
            cand record 'Record an officer''s result (the result.json a pack''s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole'
        }
        &'clearway;help;inspect;brief'= {
        }
        &'clearway;help;inspect;record'= {
        }
        &'clearway;help;scene'= {
            cand tracks 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are'
            cand flows 'Trade by origin over the world''s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score'
            cand design 'A design file''s mesh at real size with what `provenance check` last said of it'
        }
        &'clearway;help;scene;tracks'= {
        }
        &'clearway;help;scene;flows'= {
        }
        &'clearway;help;scene;design'= {
        }
        &'clearway;help;load'= {
            cand declarations 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON'
            cand telemetry 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones'
            cand ledger 'Load trade-document ledger exports, verifying them as they load'
        }
        &'clearway;help;load;declarations'= {
        }
        &'clearway;help;load;telemetry'= {
        }
        &'clearway;help;load;ledger'= {
        }
        &'clearway;help;query'= {
        }
        &'clearway;help;export'= {
            cand verify 'Re-check an exported file against its provenance sidecar (hash, size, row count)'
        }
        &'clearway;help;export;verify'= {
        }
        &'clearway;help;risk'= {
            cand list 'List the rules of a pack with their severity, weight and parameters'
            cand lint 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)'
            cand compile 'Compile a pack for another engine: a self-contained Apache Spark job (the rules'' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake'
            cand import 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run''s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run'
            cand evaluate 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper''s price and importer baselines — on a time split'
            cand run 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores'
            cand explain 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score'
            cand lanes 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run''s combined scores'
        }
        &'clearway;help;risk;list'= {
        }
        &'clearway;help;risk;lint'= {
        }
        &'clearway;help;risk;compile'= {
        }
        &'clearway;help;risk;import'= {
        }
        &'clearway;help;risk;evaluate'= {
        }
        &'clearway;help;risk;run'= {
        }
        &'clearway;help;risk;explain'= {
        }
        &'clearway;help;risk;lanes'= {
        }
        &'clearway;help;check'= {
        }
        &'clearway;help;plot'= {
        }
        &'clearway;help;report'= {
        }
        &'clearway;help;tui'= {
        }
        &'clearway;help;audit'= {
            cand show 'Show the most recent audit records'
            cand verify 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)'
        }
        &'clearway;help;audit;show'= {
        }
        &'clearway;help;audit;verify'= {
        }
        &'clearway;help;lake'= {
            cand verify 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)'
            cand export 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file''s rows and sha256)'
        }
        &'clearway;help;lake;verify'= {
        }
        &'clearway;help;lake;export'= {
        }
        &'clearway;help;classify'= {
            cand train 'Train a model on the nomenclature and the classified items; writes a versioned file'
            cand score 'Suggest codes for every item into hs_suggestions (replacing the previous ones)'
            cand evaluate 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file'
            cand suggest 'The most probable HS 2022 subheadings for one description, and why'
        }
        &'clearway;help;classify;train'= {
        }
        &'clearway;help;classify;score'= {
        }
        &'clearway;help;classify;evaluate'= {
        }
        &'clearway;help;classify;suggest'= {
        }
        &'clearway;help;config'= {
        }
        &'clearway;help;completions'= {
        }
        &'clearway;help;help'= {
        }
    ]
    $completions[$command]
}

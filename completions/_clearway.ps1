
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'clearway' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'clearway'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'clearway' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a workspace (or migrate an existing one to this version''s schema)')
            [CompletionResult]::new('provenance', 'provenance', [CompletionResultType]::ParameterValue, '3D-print design files: scan them into the workspace with their fingerprints')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Ledgers: verify the loaded chains offline')
            [CompletionResult]::new('model', 'model', [CompletionResultType]::ParameterValue, 'The learned risk model: features, train, evaluate, score, monitor')
            [CompletionResult]::new('plugin', 'plugin', [CompletionResultType]::ParameterValue, 'Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)')
            [CompletionResult]::new('sample-data', 'sample-data', [CompletionResultType]::ParameterValue, 'Synthetic data for trials, tests and benchmarks')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Load the bundled sample into a temporary workspace and print a short report')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions or man pages (maintainers'' tool)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Inspection packs for the officer at the container: write one, record its result')
            [CompletionResult]::new('scene', 'scene', [CompletionResultType]::ParameterValue, 'Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html) with clearway''s WebGL viewer and VR/AR where the browser offers it')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load exports into the workspace')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run SQL against the workspace (read-only) and print or save the result')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar')
            [CompletionResult]::new('risk', 'risk', [CompletionResultType]::ParameterValue, 'Risk rule packs: list, check and run them')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name')
            [CompletionResult]::new('plot', 'plot', [CompletionResultType]::ParameterValue, 'Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a self-contained HTML report (tables and charts, no network) to a folder')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Inspect the workspace''s tamper-evident audit trail')
            [CompletionResult]::new('lake', 'lake', [CompletionResultType]::ParameterValue, 'The workspace as a Parquet lake for Spark and other engines: export it, verify it')
            [CompletionResult]::new('classify', 'classify', [CompletionResultType]::ParameterValue, 'HS code suggestions from goods descriptions: train, suggest, score, evaluate')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The effective settings and where each came from: defaults, the user''s config.toml, the clearway.toml beside the workspace, flags and environment (docs/configuration.md)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout (see the examples for where it goes)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;init' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;provenance' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file''s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Add designs to the registry: a rights holder''s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;provenance;scan' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;provenance;register' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'A registry CSV to load instead of a file')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'The rights holder')
            [CompletionResult]::new('--licence', '--licence', [CompletionResultType]::ParameterName, 'The licence the design is published under')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title [default: the file''s metadata title, else its name]')
            [CompletionResult]::new('--design-id', '--design-id', [CompletionResultType]::ParameterName, 'Identifier [default: the file name without extension]')
            [CompletionResult]::new('--setting', '--setting', [CompletionResultType]::ParameterName, 'A print setting the design prescribes (repeatable), e.g. `material=PA12`, `layer_height=0.1`, `fill_density=100%`: G-code claiming the design is held to it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--controlled', '--controlled', [CompletionResultType]::ParameterName, 'A controlled design (e.g. a firearm part): any match is flagged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;provenance;check' {
            [CompletionResult]::new('--similar', '--similar', [CompletionResultType]::ParameterName, 'D2 similarity from which a file has a registered design''s shape')
            [CompletionResult]::new('--size-tolerance', '--size-tolerance', [CompletionResultType]::ParameterName, 'Relative difference allowed on each principal size for a file with a design''s shape to be "similar" (that design at its size) rather than "shape_only" (another size)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'The registered design the files claim to be (from the declaration or the papers that travel with them): a file whose geometry, object names or print settings say otherwise is CONTRADICTED')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a file matches a controlled design, or is not anchored on a ledger')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;provenance;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file''s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Add designs to the registry: a rights holder''s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;provenance;help;scan' {
            break
        }
        'clearway;provenance;help;register' {
            break
        }
        'clearway;provenance;help;check' {
            break
        }
        'clearway;provenance;help;help' {
            break
        }
        'clearway;ledger' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-verify the loaded ledgers from their source files and report each block''s verdict')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;ledger;verify' {
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Only this chain')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when any block fails verification')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'table: a summary and the failed blocks; json: everything (csv, ndjson, markdown: one row per block); fabric: Fabric''s `ledgerutil verify` output (`[{"blockNum":…,"valid":false,"errors":[…]}]`) per chain')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;ledger;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-verify the loaded ledgers from their source files and report each block''s verdict')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;ledger;help;verify' {
            break
        }
        'clearway;ledger;help;help' {
            break
        }
        'clearway;model' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('features', 'features', [CompletionResultType]::ParameterValue, 'Export the exact feature matrix the model uses (one row per item) to Parquet')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train on the labelled items before the test period; writes a versioned model file')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason')
            [CompletionResult]::new('monitor', 'monitor', [CompletionResultType]::ParameterValue, 'Population stability index of every feature: training period against recent items')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;model;features' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The Parquet file to write')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run whose rule hits become features [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;model;train' {
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label column (the canonical `illicit`)')
            [CompletionResult]::new('--revenue', '--revenue', [CompletionResultType]::ParameterName, 'Revenue column reported beside the label in evaluation')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Items declared from this date are the test period (never trained on)')
            [CompletionResult]::new('--split-frac', '--split-frac', [CompletionResultType]::ParameterName, 'Train on this share of the items, by date [default: 0.8]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The model file to write')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'Boosting rounds at most (early stopping usually ends sooner)')
            [CompletionResult]::new('--learning-rate', '--learning-rate', [CompletionResultType]::ParameterName, 'Shrinkage per round (XGBoost''s default η)')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'max-depth')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed: the same data and seed give the same model')
            [CompletionResult]::new('--sampling', '--sampling', [CompletionResultType]::ParameterName, 'Rows each tree grows from: `auto` samples with GOSS (the largest gradients and a random tenth of the rest) from 50,000 training rows, `all` never, `goss` always')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;model;evaluate' {
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run to compare with [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;model;score' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Score items declared from this date [default: all]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;model;monitor' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Recent items: declared from this date [default: the last 30 days of the data]')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'The PSI from which a feature has drifted (0.1 watch, 0.25 act, by convention)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--fail-on-drift', '--fail-on-drift', [CompletionResultType]::ParameterName, 'Exit 1 when a feature drifted past the threshold')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;model;help' {
            [CompletionResult]::new('features', 'features', [CompletionResultType]::ParameterValue, 'Export the exact feature matrix the model uses (one row per item) to Parquet')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train on the labelled items before the test period; writes a versioned model file')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason')
            [CompletionResult]::new('monitor', 'monitor', [CompletionResultType]::ParameterValue, 'Population stability index of every feature: training period against recent items')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;model;help;features' {
            break
        }
        'clearway;model;help;train' {
            break
        }
        'clearway;model;help;evaluate' {
            break
        }
        'clearway;model;help;score' {
            break
        }
        'clearway;model;help;monitor' {
            break
        }
        'clearway;model;help;help' {
            break
        }
        'clearway;plugin' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The plugins found, where, and whether they are approved')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'A plugin''s manifest: transport, limits, commands and their arguments')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Contract test: handshake, the announced commands against the manifest, one dry call')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Trust a plugin (again): handshake, then pin its files'' sha256 in plugins.lock')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call a command; JSON results are printed, tables printed or stored with --into')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Run a streaming command and store its items in a table until --duration or --max-items')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;plugin;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plugin;describe' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plugin;check' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plugin;approve' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plugin;call' {
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Override the manifest''s call timeout, in milliseconds')
            [CompletionResult]::new('--input-query', '--input-query', [CompletionResultType]::ParameterName, 'Send the result of this query (read-only) as the command''s input table')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'How the input table travels: Arrow IPC (fast) or JSON rows [default: the command''s `input_format` in plugin.toml, else arrow]')
            [CompletionResult]::new('--into', '--into', [CompletionResultType]::ParameterName, 'Store a table result (or a JSON array of objects) in this workspace table')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print a table result')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Allow a command with side effects (it changes something outside clearway)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Run a plugin that is not approved (or changed since), and pin it')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'With --into: replace the table instead of appending to it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plugin;stream' {
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Override the manifest''s call timeout, in milliseconds')
            [CompletionResult]::new('--into', '--into', [CompletionResultType]::ParameterName, 'Where the items go: telemetry_events (items carrying telemetry fields, with lineage), or any other table (created as received_at, item JSON)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this many seconds')
            [CompletionResult]::new('--max-items', '--max-items', [CompletionResultType]::ParameterName, 'Stop after this many items')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Allow a command with side effects (it changes something outside clearway)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Run a plugin that is not approved (or changed since), and pin it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plugin;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The plugins found, where, and whether they are approved')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'A plugin''s manifest: transport, limits, commands and their arguments')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Contract test: handshake, the announced commands against the manifest, one dry call')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Trust a plugin (again): handshake, then pin its files'' sha256 in plugins.lock')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call a command; JSON results are printed, tables printed or stored with --into')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Run a streaming command and store its items in a table until --duration or --max-items')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;plugin;help;list' {
            break
        }
        'clearway;plugin;help;describe' {
            break
        }
        'clearway;plugin;help;check' {
            break
        }
        'clearway;plugin;help;approve' {
            break
        }
        'clearway;plugin;help;call' {
            break
        }
        'clearway;plugin;help;stream' {
            break
        }
        'clearway;plugin;help;help' {
            break
        }
        'clearway;sample-data' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate deterministic synthetic declarations with planted, labelled risk patterns')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;sample-data;generate' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder to write declarations.csv, ais.nmea, containers.csv, ledger.jsonl, ledger-evm.json and designs/ into')
            [CompletionResult]::new('--rows', '--rows', [CompletionResultType]::ParameterName, 'Number of item rows')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed; the same seed and row count give the same bytes')
            [CompletionResult]::new('--ais-vessels', '--ais-vessels', [CompletionResultType]::ParameterName, 'Vessels with AIS tracks [default: one per 500 rows, 5 to 400]')
            [CompletionResult]::new('--ais-every', '--ais-every', [CompletionResultType]::ParameterName, 'Minutes between two AIS reports of a vessel')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;sample-data;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate deterministic synthetic declarations with planted, labelled risk patterns')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;sample-data;help;generate' {
            break
        }
        'clearway;sample-data;help;help' {
            break
        }
        'clearway;demo' {
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Folder holding the sample (declarations.csv); the bundled sample when absent')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Folder for the HTML report and the charts')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder for the HTML report and the charts')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;generate' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write a completion script for SHELL into DIR')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per subcommand) into DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;generate;completions' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'out')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;generate;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'out')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;generate;help' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write a completion script for SHELL into DIR')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per subcommand) into DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;generate;help;completions' {
            break
        }
        'clearway;generate;help;man' {
            break
        }
        'clearway;generate;help;help' {
            break
        }
        'clearway;inspect' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist''s hash')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record an officer''s result (the result.json a pack''s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;inspect;brief' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The pack''s folder')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run whose reasons the pack gives [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;inspect;record' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;inspect;help' {
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist''s hash')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record an officer''s result (the result.json a pack''s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;inspect;help;brief' {
            break
        }
        'clearway;inspect;help;record' {
            break
        }
        'clearway;inspect;help;help' {
            break
        }
        'clearway;scene' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('tracks', 'tracks', [CompletionResultType]::ParameterValue, 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are')
            [CompletionResult]::new('flows', 'flows', [CompletionResultType]::ParameterValue, 'Trade by origin over the world''s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score')
            [CompletionResult]::new('design', 'design', [CompletionResultType]::ParameterValue, 'A design file''s mesh at real size with what `provenance check` last said of it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;scene;tracks' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The scene file: .glb, or .html for the offline viewer page')
            [CompletionResult]::new('--max-tracks', '--max-tracks', [CompletionResultType]::ParameterName, 'Tracks drawn, the riskiest first, then the longest')
            [CompletionResult]::new('--points', '--points', [CompletionResultType]::ParameterName, 'Positions kept per track: the first reported in each of N equal slices of time')
            [CompletionResult]::new('--markers', '--markers', [CompletionResultType]::ParameterName, 'Declarations marked on the tracks, the riskiest first')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run colouring the scene [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;scene;flows' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The scene file: .glb, or .html for the offline viewer page')
            [CompletionResult]::new('--height', '--height', [CompletionResultType]::ParameterName, 'What a column''s height shows')
            [CompletionResult]::new('--max-arcs', '--max-arcs', [CompletionResultType]::ParameterName, 'Arcs drawn, the largest routes first')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run colouring the scene [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;scene;design' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The scene file: .glb, or .html for the offline viewer page')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;scene;help' {
            [CompletionResult]::new('tracks', 'tracks', [CompletionResultType]::ParameterValue, 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are')
            [CompletionResult]::new('flows', 'flows', [CompletionResultType]::ParameterValue, 'Trade by origin over the world''s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score')
            [CompletionResult]::new('design', 'design', [CompletionResultType]::ParameterValue, 'A design file''s mesh at real size with what `provenance check` last said of it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;scene;help;tracks' {
            break
        }
        'clearway;scene;help;flows' {
            break
        }
        'clearway;scene;help;design' {
            break
        }
        'clearway;scene;help;help' {
            break
        }
        'clearway;load' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('declarations', 'declarations', [CompletionResultType]::ParameterValue, 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON')
            [CompletionResult]::new('telemetry', 'telemetry', [CompletionResultType]::ParameterValue, 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Load trade-document ledger exports, verifying them as they load')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;load;declarations' {
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Mapping profile: `canonical`, `bacuda`, or a TOML mapping file. Detected from the header when it is unambiguous')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Input format [default: from the extension, else from the content]. (`--format` names the report''s format, as in every command.)')
            [CompletionResult]::new('--on-duplicate', '--on-duplicate', [CompletionResultType]::ParameterName, 'Rows whose natural key is already loaded (or repeats an earlier row of the file): skip them (counted, with the earlier load), replace the stored rows (audited), or reject the whole file')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Load a file even if the same bytes were loaded before')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;load;telemetry' {
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Input format [default: auto, from the content]')
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Tracker CSV: a TOML file naming the header of any field (`[columns]` then `ts = "Time (UTC)"`); recognised header names are used otherwise')
            [CompletionResult]::new('--on-duplicate', '--on-duplicate', [CompletionResultType]::ParameterName, 'Rows whose natural key is already loaded (or repeats an earlier row of the file): skip them (counted, with the earlier load), replace the stored rows (audited), or reject the whole file')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Load a file even if the same bytes were loaded before')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;load;ledger' {
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Input format [default: auto, from the content]')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Name of the chain [default: the Fabric channel, the generic chain''s own name, or `evm` / `openattestation`]')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'EVM: a TOML file mapping more events to records ([[event]] signature, record_type, doc_hash = topic1|topic2|topic3|data), beside the built-in DocumentStore events')
            [CompletionResult]::new('--on-duplicate', '--on-duplicate', [CompletionResultType]::ParameterName, 'Blocks already loaded (same chain, block hash, data hash and state; a block that failed verification is never a duplicate) or repeated in the file: skip them with their records (counted, with the earlier load), replace the stored ones (audited), or reject the whole file')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Load a file even if the same bytes were loaded before')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;load;help' {
            [CompletionResult]::new('declarations', 'declarations', [CompletionResultType]::ParameterValue, 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON')
            [CompletionResult]::new('telemetry', 'telemetry', [CompletionResultType]::ParameterValue, 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Load trade-document ledger exports, verifying them as they load')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;load;help;declarations' {
            break
        }
        'clearway;load;help;telemetry' {
            break
        }
        'clearway;load;help;ledger' {
            break
        }
        'clearway;load;help;help' {
            break
        }
        'clearway;query' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the SQL from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the SQL from a file')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Bind a parameter: `--param min=100` sets `$min`. Values are bound, never spliced')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Bind a parameter: `--param min=100` sets `$min`. Values are bound, never spliced')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (parquet needs --out)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the result to a file instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the result to a file instead of stdout')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many rows (a table shows 100 unless told otherwise)')
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'Which files the query may read: `any` file you may read, or only files under the `workspace`''s folder. Default: `[query] files` in clearway.toml, else `any`')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;export' {
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Export the result of this SQL instead of a table')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Bind a parameter of --query: `--param min=100` sets `$min`')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Bind a parameter of --query: `--param min=100` sets `$min`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The file to write; FILE.provenance.json is written beside it')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The file to write; FILE.provenance.json is written beside it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'File format [default: from the extension of --out]. `json` is newline-delimited JSON')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-check an exported file against its provenance sidecar (hash, size, row count)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;export;verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;export;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-check an exported file against its provenance sidecar (hash, size, row count)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;export;help;verify' {
            break
        }
        'clearway;export;help;help' {
            break
        }
        'clearway;risk' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the rules of a pack with their severity, weight and parameters')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)')
            [CompletionResult]::new('compile', 'compile', [CompletionResultType]::ParameterValue, 'Compile a pack for another engine: a self-contained Apache Spark job (the rules'' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run''s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper''s price and importer baselines — on a time split')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score')
            [CompletionResult]::new('lanes', 'lanes', [CompletionResultType]::ParameterValue, 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run''s combined scores')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;risk;list' {
            [CompletionResult]::new('--pack', '--pack', [CompletionResultType]::ParameterName, 'A shipped pack''s name or a folder of rule files')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;lint' {
            [CompletionResult]::new('--pack', '--pack', [CompletionResultType]::ParameterName, 'A shipped pack''s name or a folder of rule files')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--portable', '--portable', [CompletionResultType]::ParameterName, 'Also report, with file, line and column, every construct that would not run identically on Apache Spark (docs/spark.md lists the checks)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;compile' {
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'The engine to compile for')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The job folder to write (replaced when it holds an earlier job)')
            [CompletionResult]::new('--pack', '--pack', [CompletionResultType]::ParameterName, 'A shipped pack''s name (or several, comma-separated) or a folder of rule files')
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'Compile only this rule (repeatable)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Override a parameter, as for `risk run`')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Override a parameter, as for `risk run`')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;import' {
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Keep only declarations of this workspace for which this SQL condition over the columns of `declarations` holds (for any of their items)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;evaluate' {
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run to evaluate [default: the latest]')
            [CompletionResult]::new('--test-from', '--test-from', [CompletionResultType]::ParameterName, 'First day of the test period, YYYY-MM-DD [default: the last quarter of the dates]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;run' {
            [CompletionResult]::new('--pack', '--pack', [CompletionResultType]::ParameterName, 'A shipped pack''s name or a folder of rule files')
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'Run only this rule (repeatable)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Override a parameter: `--param threshold=4` for every rule that has it, or `--param unit_value_outlier.threshold=4` for one. Bound, never spliced')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Override a parameter: `--param threshold=4` for every rule that has it, or `--param unit_value_outlier.threshold=4` for one. Bound, never spliced')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Where the rules run: the workspace''s DuckDB, or Apache Spark (a local pyspark) over a lake, writing RUN_DIR for `clearway risk import`')
            [CompletionResult]::new('--lake', '--lake', [CompletionResultType]::ParameterName, 'With --engine spark: the lake to read (`clearway lake export --out DIR`)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'With --engine spark: the run folder to write (new, or an earlier run to replace)')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'With --engine spark: Spark''s master URL')
            [CompletionResult]::new('--python', '--python', [CompletionResultType]::ParameterName, 'With --engine spark: the Python that imports pyspark 4.2 or newer [default: $CLEARWAY_PYSPARK_PYTHON, else python3]')
            [CompletionResult]::new('--spark-conf', '--spark-conf', [CompletionResultType]::ParameterName, 'With --engine spark: a Spark setting for the session (repeatable), e.g. `--spark-conf spark.driver.memory=8g` (a local master gets 4g unless set)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;explain' {
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run to read [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;lanes' {
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'Shares of each office''s declarations per lane, e.g. `red=3%,yellow=7%,blue=5%`')
            [CompletionResult]::new('--random', '--random', [CompletionResultType]::ParameterName, 'Share of the otherwise-green declarations sent red at random as a control group')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the random control draw (the same seed draws the same declarations)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run to use [default: the latest]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;risk;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the rules of a pack with their severity, weight and parameters')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)')
            [CompletionResult]::new('compile', 'compile', [CompletionResultType]::ParameterValue, 'Compile a pack for another engine: a self-contained Apache Spark job (the rules'' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run''s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper''s price and importer baselines — on a time split')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score')
            [CompletionResult]::new('lanes', 'lanes', [CompletionResultType]::ParameterValue, 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run''s combined scores')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;risk;help;list' {
            break
        }
        'clearway;risk;help;lint' {
            break
        }
        'clearway;risk;help;compile' {
            break
        }
        'clearway;risk;help;import' {
            break
        }
        'clearway;risk;help;evaluate' {
            break
        }
        'clearway;risk;help;run' {
            break
        }
        'clearway;risk;help;explain' {
            break
        }
        'clearway;risk;help;lanes' {
            break
        }
        'clearway;risk;help;help' {
            break
        }
        'clearway;check' {
            [CompletionResult]::new('--pack', '--pack', [CompletionResultType]::ParameterName, 'A shipped pack''s name or a folder of rule files')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Fail (exit 1) when a rule of this severity or higher has any hit')
            [CompletionResult]::new('--max-hits', '--max-hits', [CompletionResultType]::ParameterName, 'Fail (exit 1) when RULE has more than N hits (repeatable)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Override a parameter, as for `risk run`')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Override a parameter, as for `risk run`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: a table for people, JSON, or JUnit XML that CI systems display')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Judge this stored risk run (one run here, or a Spark run brought in with `risk import`) instead of running the pack; its own pack decides the rules')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;plot' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The table to draw from')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'A query to draw from (run read-only); instead of --table')
            [CompletionResult]::new('--x', '--x', [CompletionResultType]::ParameterName, 'The x column (track maps: longitude, found by name when not given)')
            [CompletionResult]::new('--y', '--y', [CompletionResultType]::ParameterName, 'The y column (time series and bars: summed; track maps: latitude)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'One series (time series) or one track (track map) per value of this column')
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'An aggregate SQL expression to show (heatmap, bar), e.g. `avg(CAST(illicit AS INT))` [default: count(*)]')
            [CompletionResult]::new('--bins', '--bins', [CompletionResultType]::ParameterName, 'Histogram bins')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'Time-series buckets [default: by the time span]')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Categories kept (bar: bars; heatmap: rows and columns)')
            [CompletionResult]::new('--declaration', '--declaration', [CompletionResultType]::ParameterName, 'Unit-value chart: the declaration to show. Track map without --table/--query: draw the journey of this declaration''s linked vessels and containers')
            [CompletionResult]::new('--item', '--item', [CompletionResultType]::ParameterName, 'Unit-value chart: the item [default: the one the outlier rule flagged most strongly, else the first]')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Track map: the column that orders a track''s points')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Track map: a column whose non-empty values are events to mark (door open, gap ...)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The chart''s title [default: one that says what is drawn]')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Width in pixels')
            [CompletionResult]::new('--height', '--height', [CompletionResultType]::ParameterName, 'Height in pixels')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The file to write: .png or .svg')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The file to write: .png or .svg')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print what was drawn on stdout (kind, title, rows, rows fetched, file, timings) in this format [default: nothing on stdout; a line on stderr]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('--log-x', '--log-x', [CompletionResultType]::ParameterName, 'Logarithmic x axis (values <= 0 are left out and counted in the caption)')
            [CompletionResult]::new('--log-y', '--log-y', [CompletionResultType]::ParameterName, 'Logarithmic y axis (scatter)')
            [CompletionResult]::new('--hits', '--hits', [CompletionResultType]::ParameterName, 'Scatter: draw the latest risk run''s hits on top (needs declaration_id, item_no)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'The old spelling of `--format json`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;report' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder to write report.html (and its charts as SVG files) into')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The folder to write report.html (and its charts as SVG files) into')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'The risk run to report on [default: the latest]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;tui' {
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'Run the actions of this script headless instead of an interactive session')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'With --replay: write the final screen as text to this file (`-` for stdout)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'With --replay: the terminal size, WIDTHxHEIGHT')
            [CompletionResult]::new('--timings', '--timings', [CompletionResultType]::ParameterName, 'With --replay: write each action''s DuckDB and frame time as JSON to this file')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;audit' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the most recent audit records')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;audit;show' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many records')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;audit;verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;audit;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the most recent audit records')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;audit;help;show' {
            break
        }
        'clearway;audit;help;verify' {
            break
        }
        'clearway;audit;help;help' {
            break
        }
        'clearway;lake' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file''s rows and sha256)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;lake;verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;lake;export' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The lake folder: created, or replaced when it holds a lake (never a folder of other files)')
            [CompletionResult]::new('--tables', '--tables', [CompletionResultType]::ParameterName, 'Only these tables (comma-separated) [default: all]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Append the rows of the loads after LOAD_ID (the last load the lake at --out holds)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;lake;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file''s rows and sha256)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;lake;help;verify' {
            break
        }
        'clearway;lake;help;export' {
            break
        }
        'clearway;lake;help;help' {
            break
        }
        'clearway;classify' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train a model on the nomenclature and the classified items; writes a versioned file')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Suggest codes for every item into hs_suggestions (replacing the previous ones)')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'The most probable HS 2022 subheadings for one description, and why')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;classify;train' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'What to learn from (comma-separated). Without classified items in the workspace the model learns from the nomenclature alone, and says so')
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Learn only from items declared before this date (the items from it are the test period of `classify evaluate`) [default: every item]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The model file to write')
            [CompletionResult]::new('--epochs', '--epochs', [CompletionResultType]::ParameterName, 'Passes over the training items, at most: a node of the tree passes over its items only as often as 1.6 million updates need, rounded up, and at least twice')
            [CompletionResult]::new('--min-df', '--min-df', [CompletionResultType]::ParameterName, 'A term is a feature from this many training descriptions')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed: the same items and seed give the same model')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;classify;score' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'A model file from `classify train`')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Suggestions kept per item')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;classify;evaluate' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'A model file from `classify train`')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Evaluate on the items declared from this date [default: the model''s `--before`]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Evaluate on a labelled CSV file instead (columns `description` and `hs_code`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;classify;suggest' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'A model file from `classify train` [default: one trained on the nomenclature alone, now]')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many subheadings to suggest')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;classify;help' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train a model on the nomenclature and the classified items; writes a versioned file')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Suggest codes for every item into hs_suggestions (replacing the previous ones)')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'The most probable HS 2022 subheadings for one description, and why')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;classify;help;train' {
            break
        }
        'clearway;classify;help;score' {
            break
        }
        'clearway;classify;help;evaluate' {
            break
        }
        'clearway;classify;help;suggest' {
            break
        }
        'clearway;classify;help;help' {
            break
        }
        'clearway;config' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;completions' {
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace database file [default: ./clearway.duckdb]')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]')
            [CompletionResult]::new('--input-limit', '--input-limit', [CompletionResultType]::ParameterName, 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip''s parts together, 512MiB)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print less narration on stderr (errors are always printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clearway;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a workspace (or migrate an existing one to this version''s schema)')
            [CompletionResult]::new('provenance', 'provenance', [CompletionResultType]::ParameterValue, '3D-print design files: scan them into the workspace with their fingerprints')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Ledgers: verify the loaded chains offline')
            [CompletionResult]::new('model', 'model', [CompletionResultType]::ParameterValue, 'The learned risk model: features, train, evaluate, score, monitor')
            [CompletionResult]::new('plugin', 'plugin', [CompletionResultType]::ParameterValue, 'Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)')
            [CompletionResult]::new('sample-data', 'sample-data', [CompletionResultType]::ParameterValue, 'Synthetic data for trials, tests and benchmarks')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Load the bundled sample into a temporary workspace and print a short report')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate shell completions or man pages (maintainers'' tool)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Inspection packs for the officer at the container: write one, record its result')
            [CompletionResult]::new('scene', 'scene', [CompletionResultType]::ParameterValue, 'Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html) with clearway''s WebGL viewer and VR/AR where the browser offers it')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load exports into the workspace')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Run SQL against the workspace (read-only) and print or save the result')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar')
            [CompletionResult]::new('risk', 'risk', [CompletionResultType]::ParameterValue, 'Risk rule packs: list, check and run them')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name')
            [CompletionResult]::new('plot', 'plot', [CompletionResultType]::ParameterValue, 'Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a self-contained HTML report (tables and charts, no network) to a folder')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Inspect the workspace''s tamper-evident audit trail')
            [CompletionResult]::new('lake', 'lake', [CompletionResultType]::ParameterValue, 'The workspace as a Parquet lake for Spark and other engines: export it, verify it')
            [CompletionResult]::new('classify', 'classify', [CompletionResultType]::ParameterValue, 'HS code suggestions from goods descriptions: train, suggest, score, evaluate')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The effective settings and where each came from: defaults, the user''s config.toml, the clearway.toml beside the workspace, flags and environment (docs/configuration.md)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for SHELL on stdout (see the examples for where it goes)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clearway;help;init' {
            break
        }
        'clearway;help;provenance' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file''s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Add designs to the registry: a rights holder''s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`')
            break
        }
        'clearway;help;provenance;scan' {
            break
        }
        'clearway;help;provenance;register' {
            break
        }
        'clearway;help;provenance;check' {
            break
        }
        'clearway;help;ledger' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-verify the loaded ledgers from their source files and report each block''s verdict')
            break
        }
        'clearway;help;ledger;verify' {
            break
        }
        'clearway;help;model' {
            [CompletionResult]::new('features', 'features', [CompletionResultType]::ParameterValue, 'Export the exact feature matrix the model uses (one row per item) to Parquet')
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train on the labelled items before the test period; writes a versioned model file')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason')
            [CompletionResult]::new('monitor', 'monitor', [CompletionResultType]::ParameterValue, 'Population stability index of every feature: training period against recent items')
            break
        }
        'clearway;help;model;features' {
            break
        }
        'clearway;help;model;train' {
            break
        }
        'clearway;help;model;evaluate' {
            break
        }
        'clearway;help;model;score' {
            break
        }
        'clearway;help;model;monitor' {
            break
        }
        'clearway;help;plugin' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The plugins found, where, and whether they are approved')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'A plugin''s manifest: transport, limits, commands and their arguments')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Contract test: handshake, the announced commands against the manifest, one dry call')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Trust a plugin (again): handshake, then pin its files'' sha256 in plugins.lock')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call a command; JSON results are printed, tables printed or stored with --into')
            [CompletionResult]::new('stream', 'stream', [CompletionResultType]::ParameterValue, 'Run a streaming command and store its items in a table until --duration or --max-items')
            break
        }
        'clearway;help;plugin;list' {
            break
        }
        'clearway;help;plugin;describe' {
            break
        }
        'clearway;help;plugin;check' {
            break
        }
        'clearway;help;plugin;approve' {
            break
        }
        'clearway;help;plugin;call' {
            break
        }
        'clearway;help;plugin;stream' {
            break
        }
        'clearway;help;sample-data' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate deterministic synthetic declarations with planted, labelled risk patterns')
            break
        }
        'clearway;help;sample-data;generate' {
            break
        }
        'clearway;help;demo' {
            break
        }
        'clearway;help;generate' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Write a completion script for SHELL into DIR')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per subcommand) into DIR')
            break
        }
        'clearway;help;generate;completions' {
            break
        }
        'clearway;help;generate;man' {
            break
        }
        'clearway;help;inspect' {
            [CompletionResult]::new('brief', 'brief', [CompletionResultType]::ParameterValue, 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist''s hash')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Record an officer''s result (the result.json a pack''s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole')
            break
        }
        'clearway;help;inspect;brief' {
            break
        }
        'clearway;help;inspect;record' {
            break
        }
        'clearway;help;scene' {
            [CompletionResult]::new('tracks', 'tracks', [CompletionResultType]::ParameterValue, 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are')
            [CompletionResult]::new('flows', 'flows', [CompletionResultType]::ParameterValue, 'Trade by origin over the world''s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score')
            [CompletionResult]::new('design', 'design', [CompletionResultType]::ParameterValue, 'A design file''s mesh at real size with what `provenance check` last said of it')
            break
        }
        'clearway;help;scene;tracks' {
            break
        }
        'clearway;help;scene;flows' {
            break
        }
        'clearway;help;scene;design' {
            break
        }
        'clearway;help;load' {
            [CompletionResult]::new('declarations', 'declarations', [CompletionResultType]::ParameterValue, 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON')
            [CompletionResult]::new('telemetry', 'telemetry', [CompletionResultType]::ParameterValue, 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones')
            [CompletionResult]::new('ledger', 'ledger', [CompletionResultType]::ParameterValue, 'Load trade-document ledger exports, verifying them as they load')
            break
        }
        'clearway;help;load;declarations' {
            break
        }
        'clearway;help;load;telemetry' {
            break
        }
        'clearway;help;load;ledger' {
            break
        }
        'clearway;help;query' {
            break
        }
        'clearway;help;export' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-check an exported file against its provenance sidecar (hash, size, row count)')
            break
        }
        'clearway;help;export;verify' {
            break
        }
        'clearway;help;risk' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the rules of a pack with their severity, weight and parameters')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)')
            [CompletionResult]::new('compile', 'compile', [CompletionResultType]::ParameterValue, 'Compile a pack for another engine: a self-contained Apache Spark job (the rules'' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run''s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper''s price and importer baselines — on a time split')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score')
            [CompletionResult]::new('lanes', 'lanes', [CompletionResultType]::ParameterValue, 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run''s combined scores')
            break
        }
        'clearway;help;risk;list' {
            break
        }
        'clearway;help;risk;lint' {
            break
        }
        'clearway;help;risk;compile' {
            break
        }
        'clearway;help;risk;import' {
            break
        }
        'clearway;help;risk;evaluate' {
            break
        }
        'clearway;help;risk;run' {
            break
        }
        'clearway;help;risk;explain' {
            break
        }
        'clearway;help;risk;lanes' {
            break
        }
        'clearway;help;check' {
            break
        }
        'clearway;help;plot' {
            break
        }
        'clearway;help;report' {
            break
        }
        'clearway;help;tui' {
            break
        }
        'clearway;help;audit' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the most recent audit records')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)')
            break
        }
        'clearway;help;audit;show' {
            break
        }
        'clearway;help;audit;verify' {
            break
        }
        'clearway;help;lake' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file''s rows and sha256)')
            break
        }
        'clearway;help;lake;verify' {
            break
        }
        'clearway;help;lake;export' {
            break
        }
        'clearway;help;classify' {
            [CompletionResult]::new('train', 'train', [CompletionResultType]::ParameterValue, 'Train a model on the nomenclature and the classified items; writes a versioned file')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Suggest codes for every item into hs_suggestions (replacing the previous ones)')
            [CompletionResult]::new('evaluate', 'evaluate', [CompletionResultType]::ParameterValue, 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'The most probable HS 2022 subheadings for one description, and why')
            break
        }
        'clearway;help;classify;train' {
            break
        }
        'clearway;help;classify;score' {
            break
        }
        'clearway;help;classify;evaluate' {
            break
        }
        'clearway;help;classify;suggest' {
            break
        }
        'clearway;help;config' {
            break
        }
        'clearway;help;completions' {
            break
        }
        'clearway;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_clearway_global_optspecs
    string join \n workspace= memory-limit= input-limit= q/quiet h/help V/version
end

function __fish_clearway_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_clearway_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_clearway_using_subcommand
    set -l cmd (__fish_clearway_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c clearway -n "__fish_clearway_needs_command" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_needs_command" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_needs_command" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_needs_command" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_needs_command" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "init" -d 'Create a workspace (or migrate an existing one to this version\'s schema)'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "provenance" -d '3D-print design files: scan them into the workspace with their fingerprints'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "ledger" -d 'Ledgers: verify the loaded chains offline'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "model" -d 'The learned risk model: features, train, evaluate, score, monitor'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "plugin" -d 'Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "sample-data" -d 'Synthetic data for trials, tests and benchmarks'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "demo" -d 'Load the bundled sample into a temporary workspace and print a short report'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "generate" -d 'Generate shell completions or man pages (maintainers\' tool)'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "inspect" -d 'Inspection packs for the officer at the container: write one, record its result'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "scene" -d 'Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html) with clearway\'s WebGL viewer and VR/AR where the browser offers it'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "load" -d 'Load exports into the workspace'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "query" -d 'Run SQL against the workspace (read-only) and print or save the result'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "export" -d 'Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "risk" -d 'Risk rule packs: list, check and run them'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "check" -d 'Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "plot" -d 'Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "report" -d 'Write a self-contained HTML report (tables and charts, no network) to a folder'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "tui" -d 'The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "audit" -d 'Inspect the workspace\'s tamper-evident audit trail'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "lake" -d 'The workspace as a Parquet lake for Spark and other engines: export it, verify it'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "classify" -d 'HS code suggestions from goods descriptions: train, suggest, score, evaluate'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "config" -d 'The effective settings and where each came from: defaults, the user\'s config.toml, the clearway.toml beside the workspace, flags and environment (docs/configuration.md)'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "completions" -d 'Print the completion script for SHELL on stdout (see the examples for where it goes)'
complete -c clearway -n "__fish_clearway_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand init" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand init" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand init" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand init" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand init" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand init" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -f -a "scan" -d 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file\'s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -f -a "register" -d 'Add designs to the registry: a rights holder\'s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -f -a "check" -d 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and not __fish_seen_subcommand_from scan register check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from scan" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l registry -d 'A registry CSV to load instead of a file' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l owner -d 'The rights holder' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l licence -d 'The licence the design is published under' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l title -d 'Title [default: the file\'s metadata title, else its name]' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l design-id -d 'Identifier [default: the file name without extension]' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l setting -d 'A print setting the design prescribes (repeatable), e.g. `material=PA12`, `layer_height=0.1`, `fill_density=100%`: G-code claiming the design is held to it' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -l controlled -d 'A controlled design (e.g. a firearm part): any match is flagged'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from register" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l similar -d 'D2 similarity from which a file has a registered design\'s shape' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l size-tolerance -d 'Relative difference allowed on each principal size for a file with a design\'s shape to be "similar" (that design at its size) rather than "shape_only" (another size)' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l claim -d 'The registered design the files claim to be (from the declaration or the papers that travel with them): a file whose geometry, object names or print settings say otherwise is CONTRADICTED' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l fail-on -d 'Exit 1 when a file matches a controlled design, or is not anchored on a ledger' -r -f -a "controlled\t''
unanchored\t''"
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from help" -f -a "scan" -d 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file\'s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from help" -f -a "register" -d 'Add designs to the registry: a rights holder\'s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from help" -f -a "check" -d 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`'
complete -c clearway -n "__fish_clearway_using_subcommand provenance; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Re-verify the loaded ledgers from their source files and report each block\'s verdict'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l chain -d 'Only this chain' -r
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l fail-on -d 'Exit 1 when any block fails verification' -r -f -a "any\t'Any block that fails verification'"
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l format -d 'table: a summary and the failed blocks; json: everything (csv, ndjson, markdown: one row per block); fabric: Fabric\'s `ledgerutil verify` output (`[{"blockNum":…,"valid":false,"errors":[…]}]`) per chain' -r -f -a "table\t''
csv\t''
json\t''
ndjson\t''
markdown\t''
fabric\t''"
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-verify the loaded ledgers from their source files and report each block\'s verdict'
complete -c clearway -n "__fish_clearway_using_subcommand ledger; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -f -a "features" -d 'Export the exact feature matrix the model uses (one row per item) to Parquet'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -f -a "train" -d 'Train on the labelled items before the test period; writes a versioned model file'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -f -a "evaluate" -d 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -f -a "score" -d 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -f -a "monitor" -d 'Population stability index of every feature: training period against recent items'
complete -c clearway -n "__fish_clearway_using_subcommand model; and not __fish_seen_subcommand_from features train evaluate score monitor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -l out -d 'The Parquet file to write' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -l run -d 'The risk run whose rule hits become features [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from features" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l label -d 'The label column (the canonical `illicit`)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l revenue -d 'Revenue column reported beside the label in evaluation' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l split -d 'Items declared from this date are the test period (never trained on)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l split-frac -d 'Train on this share of the items, by date [default: 0.8]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l out -d 'The model file to write' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l iterations -d 'Boosting rounds at most (early stopping usually ends sooner)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l learning-rate -d 'Shrinkage per round (XGBoost\'s default η)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l max-depth -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l seed -d 'Seed: the same data and seed give the same model' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l sampling -d 'Rows each tree grows from: `auto` samples with GOSS (the largest gradients and a random tenth of the rest) from 50,000 training rows, `all` never, `goss` always' -r -f -a "auto\t'GOSS from [`GOSS_FROM_ROWS`] training rows, every row below'
all\t'Every row for every tree (XGBoost\'s default)'
goss\t'Gradient-based one-side sampling whatever the size'"
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from train" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -l run -d 'The risk run to compare with [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from evaluate" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -l from -d 'Score items declared from this date [default: all]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from score" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l since -d 'Recent items: declared from this date [default: the last 30 days of the data]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l threshold -d 'The PSI from which a feature has drifted (0.1 watch, 0.25 act, by convention)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -l fail-on-drift -d 'Exit 1 when a feature drifted past the threshold'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from monitor" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "features" -d 'Export the exact feature matrix the model uses (one row per item) to Parquet'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "train" -d 'Train on the labelled items before the test period; writes a versioned model file'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "evaluate" -d 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "score" -d 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "monitor" -d 'Population stability index of every feature: training period against recent items'
complete -c clearway -n "__fish_clearway_using_subcommand model; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "list" -d 'The plugins found, where, and whether they are approved'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "describe" -d 'A plugin\'s manifest: transport, limits, commands and their arguments'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "check" -d 'Contract test: handshake, the announced commands against the manifest, one dry call'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "approve" -d 'Trust a plugin (again): handshake, then pin its files\' sha256 in plugins.lock'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "call" -d 'Call a command; JSON results are printed, tables printed or stored with --into'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "stream" -d 'Run a streaming command and store its items in a table until --duration or --max-items'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and not __fish_seen_subcommand_from list describe check approve call stream help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from approve" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l arg -d 'An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l timeout -d 'Override the manifest\'s call timeout, in milliseconds' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l input-query -d 'Send the result of this query (read-only) as the command\'s input table' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l input-format -d 'How the input table travels: Arrow IPC (fast) or JSON rows [default: the command\'s `input_format` in plugin.toml, else arrow]' -r -f -a "arrow\t'Arrow IPC stream (fast, typed)'
json\t'JSON rows (an array of objects)'"
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l into -d 'Store a table result (or a JSON array of objects) in this workspace table' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l format -d 'How to print a table result' -r -f -a "table\t''
csv\t''
json\t''
ndjson\t''
markdown\t''
html\t''
parquet\t''"
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l yes -d 'Allow a command with side effects (it changes something outside clearway)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l trust -d 'Run a plugin that is not approved (or changed since), and pin it'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -l replace -d 'With --into: replace the table instead of appending to it'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from call" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l arg -d 'An argument, KEY=VALUE (repeatable); the value is JSON when it parses as JSON, else text' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l timeout -d 'Override the manifest\'s call timeout, in milliseconds' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l into -d 'Where the items go: telemetry_events (items carrying telemetry fields, with lineage), or any other table (created as received_at, item JSON)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l duration -d 'Stop after this many seconds' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l max-items -d 'Stop after this many items' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l yes -d 'Allow a command with side effects (it changes something outside clearway)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -l trust -d 'Run a plugin that is not approved (or changed since), and pin it'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from stream" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "list" -d 'The plugins found, where, and whether they are approved'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "describe" -d 'A plugin\'s manifest: transport, limits, commands and their arguments'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "check" -d 'Contract test: handshake, the announced commands against the manifest, one dry call'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Trust a plugin (again): handshake, then pin its files\' sha256 in plugins.lock'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "call" -d 'Call a command; JSON results are printed, tables printed or stored with --into'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "stream" -d 'Run a streaming command and store its items in a table until --duration or --max-items'
complete -c clearway -n "__fish_clearway_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -f -a "generate" -d 'Generate deterministic synthetic declarations with planted, labelled risk patterns'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and not __fish_seen_subcommand_from generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l out -d 'Folder to write declarations.csv, ais.nmea, containers.csv, ledger.jsonl, ledger-evm.json and designs/ into' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l rows -d 'Number of item rows' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l seed -d 'Random seed; the same seed and row count give the same bytes' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l ais-vessels -d 'Vessels with AIS tracks [default: one per 500 rows, 5 to 400]' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l ais-every -d 'Minutes between two AIS reports of a vessel' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Generate deterministic synthetic declarations with planted, labelled risk patterns'
complete -c clearway -n "__fish_clearway_using_subcommand sample-data; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand demo" -l sample -d 'Folder holding the sample (declarations.csv); the bundled sample when absent' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand demo" -s o -l out -d 'Folder for the HTML report and the charts' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand demo" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand demo" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand demo" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand demo" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand demo" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand demo" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "completions" -d 'Write a completion script for SHELL into DIR'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "man" -d 'Write man pages (one per subcommand) into DIR'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and not __fish_seen_subcommand_from completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -l out -r -F
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from completions" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -l out -r -F
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from man" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "completions" -d 'Write a completion script for SHELL into DIR'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "man" -d 'Write man pages (one per subcommand) into DIR'
complete -c clearway -n "__fish_clearway_using_subcommand generate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -f -a "brief" -d 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist\'s hash'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -f -a "record" -d 'Record an officer\'s result (the result.json a pack\'s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and not __fish_seen_subcommand_from brief record help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -l out -d 'The pack\'s folder' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -l run -d 'The risk run whose reasons the pack gives [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from brief" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from record" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "brief" -d 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist\'s hash'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "record" -d 'Record an officer\'s result (the result.json a pack\'s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole'
complete -c clearway -n "__fish_clearway_using_subcommand inspect; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -f -a "tracks" -d 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -f -a "flows" -d 'Trade by origin over the world\'s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -f -a "design" -d 'A design file\'s mesh at real size with what `provenance check` last said of it'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and not __fish_seen_subcommand_from tracks flows design help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l out -d 'The scene file: .glb, or .html for the offline viewer page' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l max-tracks -d 'Tracks drawn, the riskiest first, then the longest' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l points -d 'Positions kept per track: the first reported in each of N equal slices of time' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l markers -d 'Declarations marked on the tracks, the riskiest first' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l run -d 'The risk run colouring the scene [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from tracks" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l out -d 'The scene file: .glb, or .html for the offline viewer page' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l height -d 'What a column\'s height shows' -r -f -a "value\t'The sum of customs value'
items\t'Declaration items'
risk\t'The highest risk score of the origin\'s declarations in the run'"
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l max-arcs -d 'Arcs drawn, the largest routes first' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l run -d 'The risk run colouring the scene [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from flows" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -l out -d 'The scene file: .glb, or .html for the offline viewer page' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from design" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from help" -f -a "tracks" -d 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from help" -f -a "flows" -d 'Trade by origin over the world\'s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from help" -f -a "design" -d 'A design file\'s mesh at real size with what `provenance check` last said of it'
complete -c clearway -n "__fish_clearway_using_subcommand scene; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -f -a "declarations" -d 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -f -a "telemetry" -d 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -f -a "ledger" -d 'Load trade-document ledger exports, verifying them as they load'
complete -c clearway -n "__fish_clearway_using_subcommand load; and not __fish_seen_subcommand_from declarations telemetry ledger help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l mapping -d 'Mapping profile: `canonical`, `bacuda`, or a TOML mapping file. Detected from the header when it is unambiguous' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l input-format -d 'Input format [default: from the extension, else from the content]. (`--format` names the report\'s format, as in every command.)' -r -f -a "csv\t''
parquet\t''
json\t''
ndjson\t''"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l on-duplicate -d 'Rows whose natural key is already loaded (or repeats an earlier row of the file): skip them (counted, with the earlier load), replace the stored rows (audited), or reject the whole file' -r -f -a "skip\t'Keep the stored row; the file\'s duplicate is counted, not loaded'
replace\t'The file\'s row replaces the stored one; an audit entry records what changed'
reject\t'Any duplicate fails the load; nothing is loaded'"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -l force -d 'Load a file even if the same bytes were loaded before'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from declarations" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l input-format -d 'Input format [default: auto, from the content]' -r -f -a "auto\t''
iot-csv\t''
iot-json\t''
ais-nmea\t''
ais-csv\t''
dcsa\t''
drone-csv\t''"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l mapping -d 'Tracker CSV: a TOML file naming the header of any field (`[columns]` then `ts = "Time (UTC)"`); recognised header names are used otherwise' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l on-duplicate -d 'Rows whose natural key is already loaded (or repeats an earlier row of the file): skip them (counted, with the earlier load), replace the stored rows (audited), or reject the whole file' -r -f -a "skip\t'Keep the stored row; the file\'s duplicate is counted, not loaded'
replace\t'The file\'s row replaces the stored one; an audit entry records what changed'
reject\t'Any duplicate fails the load; nothing is loaded'"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -l force -d 'Load a file even if the same bytes were loaded before'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from telemetry" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l input-format -d 'Input format [default: auto, from the content]' -r -f -a "auto\t''
fabric-blockfile\t''
fabric-block\t''
fabric-json\t''
evm-jsonrpc\t''
openattestation\t''
generic-jsonl\t''"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l chain -d 'Name of the chain [default: the Fabric channel, the generic chain\'s own name, or `evm` / `openattestation`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l events -d 'EVM: a TOML file mapping more events to records ([[event]] signature, record_type, doc_hash = topic1|topic2|topic3|data), beside the built-in DocumentStore events' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l on-duplicate -d 'Blocks already loaded (same chain, block hash, data hash and state; a block that failed verification is never a duplicate) or repeated in the file: skip them with their records (counted, with the earlier load), replace the stored ones (audited), or reject the whole file' -r -f -a "skip\t'Keep the stored row; the file\'s duplicate is counted, not loaded'
replace\t'The file\'s row replaces the stored one; an audit entry records what changed'
reject\t'Any duplicate fails the load; nothing is loaded'"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -l force -d 'Load a file even if the same bytes were loaded before'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from ledger" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "declarations" -d 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "telemetry" -d 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "ledger" -d 'Load trade-document ledger exports, verifying them as they load'
complete -c clearway -n "__fish_clearway_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand query" -s f -l file -d 'Read the SQL from a file' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand query" -s p -l param -d 'Bind a parameter: `--param min=100` sets `$min`. Values are bound, never spliced' -r
complete -c clearway -n "__fish_clearway_using_subcommand query" -l format -d 'Output format (parquet needs --out)' -r -f -a "table\t''
csv\t''
json\t''
ndjson\t''
markdown\t''
html\t''
parquet\t''"
complete -c clearway -n "__fish_clearway_using_subcommand query" -s o -l out -d 'Write the result to a file instead of stdout' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand query" -l limit -d 'At most this many rows (a table shows 100 unless told otherwise)' -r
complete -c clearway -n "__fish_clearway_using_subcommand query" -l files -d 'Which files the query may read: `any` file you may read, or only files under the `workspace`\'s folder. Default: `[query] files` in clearway.toml, else `any`' -r -f -a "any\t'Any file the user running clearway may read'
workspace\t'Only files under the workspace\'s folder'"
complete -c clearway -n "__fish_clearway_using_subcommand query" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand query" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand query" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand query" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand query" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -l query -d 'Export the result of this SQL instead of a table' -r
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -s p -l param -d 'Bind a parameter of --query: `--param min=100` sets `$min`' -r
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -s o -l out -d 'The file to write; FILE.provenance.json is written beside it' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -l format -d 'File format [default: from the extension of --out]. `json` is newline-delimited JSON' -r -f -a "csv\t''
parquet\t''
json\t''"
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -a "verify" -d 'Re-check an exported file against its provenance sidecar (hash, size, row count)'
complete -c clearway -n "__fish_clearway_using_subcommand export; and not __fish_seen_subcommand_from verify help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-check an exported file against its provenance sidecar (hash, size, row count)'
complete -c clearway -n "__fish_clearway_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "list" -d 'List the rules of a pack with their severity, weight and parameters'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "lint" -d 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "compile" -d 'Compile a pack for another engine: a self-contained Apache Spark job (the rules\' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "import" -d 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run\'s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "evaluate" -d 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper\'s price and importer baselines — on a time split'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "run" -d 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "explain" -d 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "lanes" -d 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run\'s combined scores'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and not __fish_seen_subcommand_from list lint compile import evaluate run explain lanes help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -l pack -d 'A shipped pack\'s name or a folder of rule files' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -l pack -d 'A shipped pack\'s name or a folder of rule files' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -l portable -d 'Also report, with file, line and column, every construct that would not run identically on Apache Spark (docs/spark.md lists the checks)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l engine -d 'The engine to compile for' -r -f -a "spark\t'Apache Spark 4 (spark-submit, Databricks, EMR, Dataproc, …)'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l out -d 'The job folder to write (replaced when it holds an earlier job)' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l pack -d 'A shipped pack\'s name (or several, comma-separated) or a folder of rule files' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l rule -d 'Compile only this rule (repeatable)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -s p -l param -d 'Override a parameter, as for `risk run`' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from compile" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -l where -d 'Keep only declarations of this workspace for which this SQL condition over the columns of `declarations` holds (for any of their items)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -l run -d 'The risk run to evaluate [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -l test-from -d 'First day of the test period, YYYY-MM-DD [default: the last quarter of the dates]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from evaluate" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l pack -d 'A shipped pack\'s name or a folder of rule files' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l rule -d 'Run only this rule (repeatable)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -s p -l param -d 'Override a parameter: `--param threshold=4` for every rule that has it, or `--param unit_value_outlier.threshold=4` for one. Bound, never spliced' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l engine -d 'Where the rules run: the workspace\'s DuckDB, or Apache Spark (a local pyspark) over a lake, writing RUN_DIR for `clearway risk import`' -r -f -a "duckdb\t'The workspace\'s embedded DuckDB (writes risk_runs, risk_hits and risk_scores)'
spark\t'Apache Spark through a local pyspark, over a lake (writes a run folder)'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l lake -d 'With --engine spark: the lake to read (`clearway lake export --out DIR`)' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l out -d 'With --engine spark: the run folder to write (new, or an earlier run to replace)' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l master -d 'With --engine spark: Spark\'s master URL' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l python -d 'With --engine spark: the Python that imports pyspark 4.2 or newer [default: $CLEARWAY_PYSPARK_PYTHON, else python3]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l spark-conf -d 'With --engine spark: a Spark setting for the session (repeatable), e.g. `--spark-conf spark.driver.memory=8g` (a local master gets 4g unless set)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -l run -d 'The risk run to read [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from explain" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l budget -d 'Shares of each office\'s declarations per lane, e.g. `red=3%,yellow=7%,blue=5%`' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l random -d 'Share of the otherwise-green declarations sent red at random as a control group' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l seed -d 'Seed of the random control draw (the same seed draws the same declarations)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l run -d 'The risk run to use [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from lanes" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the rules of a pack with their severity, weight and parameters'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "compile" -d 'Compile a pack for another engine: a self-contained Apache Spark job (the rules\' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "import" -d 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run\'s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "evaluate" -d 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper\'s price and importer baselines — on a time split'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "lanes" -d 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run\'s combined scores'
complete -c clearway -n "__fish_clearway_using_subcommand risk; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand check" -l pack -d 'A shipped pack\'s name or a folder of rule files' -r
complete -c clearway -n "__fish_clearway_using_subcommand check" -l fail-on -d 'Fail (exit 1) when a rule of this severity or higher has any hit' -r -f -a "low\t''
medium\t''
high\t''"
complete -c clearway -n "__fish_clearway_using_subcommand check" -l max-hits -d 'Fail (exit 1) when RULE has more than N hits (repeatable)' -r
complete -c clearway -n "__fish_clearway_using_subcommand check" -s p -l param -d 'Override a parameter, as for `risk run`' -r
complete -c clearway -n "__fish_clearway_using_subcommand check" -l format -d 'Output: a table for people, JSON, or JUnit XML that CI systems display' -r -f -a "table\t''
csv\t''
json\t''
ndjson\t''
markdown\t''
junit\t''"
complete -c clearway -n "__fish_clearway_using_subcommand check" -l run -d 'Judge this stored risk run (one run here, or a Spark run brought in with `risk import`) instead of running the pack; its own pack decides the rules' -r
complete -c clearway -n "__fish_clearway_using_subcommand check" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand check" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand check" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand check" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand check" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand check" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l table -d 'The table to draw from' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l query -d 'A query to draw from (run read-only); instead of --table' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l x -d 'The x column (track maps: longitude, found by name when not given)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l y -d 'The y column (time series and bars: summed; track maps: latitude)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l by -d 'One series (time series) or one track (track map) per value of this column' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l value -d 'An aggregate SQL expression to show (heatmap, bar), e.g. `avg(CAST(illicit AS INT))` [default: count(*)]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l bins -d 'Histogram bins' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l period -d 'Time-series buckets [default: by the time span]' -r -f -a "day\t''
week\t''
month\t''"
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l top -d 'Categories kept (bar: bars; heatmap: rows and columns)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l declaration -d 'Unit-value chart: the declaration to show. Track map without --table/--query: draw the journey of this declaration\'s linked vessels and containers' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l item -d 'Unit-value chart: the item [default: the one the outlier rule flagged most strongly, else the first]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l time -d 'Track map: the column that orders a track\'s points' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l event -d 'Track map: a column whose non-empty values are events to mark (door open, gap ...)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l title -d 'The chart\'s title [default: one that says what is drawn]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l width -d 'Width in pixels' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l height -d 'Height in pixels' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -s o -l out -d 'The file to write: .png or .svg' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l format -d 'Print what was drawn on stdout (kind, title, rows, rows fetched, file, timings) in this format [default: nothing on stdout; a line on stderr]' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l log-x -d 'Logarithmic x axis (values <= 0 are left out and counted in the caption)'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l log-y -d 'Logarithmic y axis (scatter)'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l hits -d 'Scatter: draw the latest risk run\'s hits on top (needs declaration_id, item_no)'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -l json -d 'The old spelling of `--format json`'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand plot" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand report" -s o -l out -d 'The folder to write report.html (and its charts as SVG files) into' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand report" -l run -d 'The risk run to report on [default: the latest]' -r
complete -c clearway -n "__fish_clearway_using_subcommand report" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand report" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand report" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand report" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand report" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand report" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l replay -d 'Run the actions of this script headless instead of an interactive session' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l snapshot -d 'With --replay: write the final screen as text to this file (`-` for stdout)' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l size -d 'With --replay: the terminal size, WIDTHxHEIGHT' -r
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l timings -d 'With --replay: write each action\'s DuckDB and frame time as JSON to this file' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand tui" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand tui" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand tui" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand tui" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -f -a "show" -d 'Show the most recent audit records'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -f -a "verify" -d 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and not __fish_seen_subcommand_from show verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -l limit -d 'How many records' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the most recent audit records'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)'
complete -c clearway -n "__fish_clearway_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -f -a "verify" -d 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -f -a "export" -d 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file\'s rows and sha256)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and not __fish_seen_subcommand_from verify export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -l out -d 'The lake folder: created, or replaced when it holds a lake (never a folder of other files)' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -l tables -d 'Only these tables (comma-separated) [default: all]' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -l since -d 'Append the rows of the loads after LOAD_ID (the last load the lake at --out holds)' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file\'s rows and sha256)'
complete -c clearway -n "__fish_clearway_using_subcommand lake; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -f -a "train" -d 'Train a model on the nomenclature and the classified items; writes a versioned file'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -f -a "score" -d 'Suggest codes for every item into hs_suggestions (replacing the previous ones)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -f -a "evaluate" -d 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -f -a "suggest" -d 'The most probable HS 2022 subheadings for one description, and why'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and not __fish_seen_subcommand_from train score evaluate suggest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l from -d 'What to learn from (comma-separated). Without classified items in the workspace the model learns from the nomenclature alone, and says so' -r -f -a "nomenclature\t'The chapters, headings and subheadings of HS 2022 with their texts'
history\t'The workspace\'s described and classified items'"
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l before -d 'Learn only from items declared before this date (the items from it are the test period of `classify evaluate`) [default: every item]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l out -d 'The model file to write' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l epochs -d 'Passes over the training items, at most: a node of the tree passes over its items only as often as 1.6 million updates need, rounded up, and at least twice' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l min-df -d 'A term is a feature from this many training descriptions' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l seed -d 'Seed: the same items and seed give the same model' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from train" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -l model -d 'A model file from `classify train`' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -l top -d 'Suggestions kept per item' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from score" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l model -d 'A model file from `classify train`' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l from -d 'Evaluate on the items declared from this date [default: the model\'s `--before`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l file -d 'Evaluate on a labelled CSV file instead (columns `description` and `hs_code`)' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from evaluate" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -l model -d 'A model file from `classify train` [default: one trained on the nomenclature alone, now]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -l top -d 'How many subheadings to suggest' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md). `--report` is the old spelling' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from suggest" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from help" -f -a "train" -d 'Train a model on the nomenclature and the classified items; writes a versioned file'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from help" -f -a "score" -d 'Suggest codes for every item into hs_suggestions (replacing the previous ones)'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from help" -f -a "evaluate" -d 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from help" -f -a "suggest" -d 'The most probable HS 2022 subheadings for one description, and why'
complete -c clearway -n "__fish_clearway_using_subcommand classify; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand config" -l format -d 'How to print the result: `table` for people; `csv`, `json`, `ndjson` or `markdown` for programs (docs/output.md)' -r -f -a "table\t'Text for people: aligned, summarised, with notes'
csv\t'One row per record, a header first (RFC 4180)'
json\t'The whole report as one JSON document (the shapes of docs/output.md)'
ndjson\t'One JSON object per record and line'
markdown\t'One row per record as a Markdown table'"
complete -c clearway -n "__fish_clearway_using_subcommand config" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand config" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand config" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand config" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clearway -n "__fish_clearway_using_subcommand config" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand completions" -l workspace -d 'The workspace database file [default: ./clearway.duckdb]' -r -F
complete -c clearway -n "__fish_clearway_using_subcommand completions" -l memory-limit -d 'The most memory DuckDB may use before it spills to disk, e.g. 3GB, 500MB or 50% [default: 3GB; 1500MB for `load declarations`, 400MB for `tui`]' -r
complete -c clearway -n "__fish_clearway_using_subcommand completions" -l input-limit -d 'Sets a bound on input, NAME=SIZE (repeatable; over `[limits]` in clearway.toml): max_file_bytes (a file read whole, default 512MiB), max_line_bytes (one line, 16MiB), max_part_bytes (one inflated zip part, 256MiB), max_package_bytes (a zip\'s parts together, 512MiB)' -r
complete -c clearway -n "__fish_clearway_using_subcommand completions" -s q -l quiet -d 'Print less narration on stderr (errors are always printed)'
complete -c clearway -n "__fish_clearway_using_subcommand completions" -s h -l help -d 'Print help'
complete -c clearway -n "__fish_clearway_using_subcommand completions" -s V -l version -d 'Print version'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "init" -d 'Create a workspace (or migrate an existing one to this version\'s schema)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "provenance" -d '3D-print design files: scan them into the workspace with their fingerprints'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "ledger" -d 'Ledgers: verify the loaded chains offline'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "model" -d 'The learned risk model: features, train, evaluate, score, monitor'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "plugin" -d 'Plugins: outside services (scoring models, drone feeds, ledger nodes, identity checks)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "sample-data" -d 'Synthetic data for trials, tests and benchmarks'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "demo" -d 'Load the bundled sample into a temporary workspace and print a short report'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "generate" -d 'Generate shell completions or man pages (maintainers\' tool)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "inspect" -d 'Inspection packs for the officer at the container: write one, record its result'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "scene" -d 'Big data as 3D scenes: glTF binary (.glb) for any viewer, or an offline page (.html) with clearway\'s WebGL viewer and VR/AR where the browser offers it'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "load" -d 'Load exports into the workspace'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "query" -d 'Run SQL against the workspace (read-only) and print or save the result'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "export" -d 'Export a table or a query to CSV, Parquet or JSON, with a provenance sidecar'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "risk" -d 'Risk rule packs: list, check and run them'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "check" -d 'Run a risk pack for CI and fail (exit 1) on what --fail-on / --max-hits name'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "plot" -d 'Draw a chart of a table or query to PNG or SVG; DuckDB does the aggregating'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "report" -d 'Write a self-contained HTML report (tables and charts, no network) to a folder'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "tui" -d 'The interactive workbench: catalog, SQL editor, result grid, risks and cases, charts'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "audit" -d 'Inspect the workspace\'s tamper-evident audit trail'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "lake" -d 'The workspace as a Parquet lake for Spark and other engines: export it, verify it'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "classify" -d 'HS code suggestions from goods descriptions: train, suggest, score, evaluate'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "config" -d 'The effective settings and where each came from: defaults, the user\'s config.toml, the clearway.toml beside the workspace, flags and environment (docs/configuration.md)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "completions" -d 'Print the completion script for SHELL on stdout (see the examples for where it goes)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and not __fish_seen_subcommand_from init provenance ledger model plugin sample-data demo generate inspect scene load query export risk check plot report tui audit lake classify config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from provenance" -f -a "scan" -d 'Read design files (STL, 3MF, OBJ, AMF, G-code, .bgcode; folders are searched) into `design_files`: per mesh its size, area, volume, watertightness and fingerprints — the file\'s sha256, the canonical geometry hashes cgh-v1 (same triangles in any order, format or position) and cgh-v2 (also in any rotation; a mirror image differs), the principal sizes and chirality, and a D2 shape distribution (survives rotation, scale and re-meshing)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from provenance" -f -a "register" -d 'Add designs to the registry: a rights holder\'s catalogue, or a list of controlled designs. From a design file (each mesh one entry, with its sha256, cgh-v1, cgh-v2, principal sizes and D2), or from a registry CSV (`design_id,title,owner,licence,controlled,sha256,fingerprint,cgh_v2`)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from provenance" -f -a "check" -d 'Judge design files against the registry and the loaded ledgers: exact match, same geometry in another file (any position or rotation), its mirror image, similar (same shape and size, with a score), the shape at another size (shape_only, with the size ratio) or unknown; controlled designs; licence and designer metadata missing or contradicting the registry; anchored in a verified ledger record or not. Writes `provenance_checks`'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from ledger" -f -a "verify" -d 'Re-verify the loaded ledgers from their source files and report each block\'s verdict'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "features" -d 'Export the exact feature matrix the model uses (one row per item) to Parquet'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "train" -d 'Train on the labelled items before the test period; writes a versioned model file'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "evaluate" -d 'AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period, beside the combined rule score, each rule and the DATE baselines'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "score" -d 'Score items into model_scores (rule `model_score` of pack `scoring` reads them), each with its top feature contributions as the reason'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from model" -f -a "monitor" -d 'Population stability index of every feature: training period against recent items'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "list" -d 'The plugins found, where, and whether they are approved'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "describe" -d 'A plugin\'s manifest: transport, limits, commands and their arguments'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "check" -d 'Contract test: handshake, the announced commands against the manifest, one dry call'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "approve" -d 'Trust a plugin (again): handshake, then pin its files\' sha256 in plugins.lock'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "call" -d 'Call a command; JSON results are printed, tables printed or stored with --into'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "stream" -d 'Run a streaming command and store its items in a table until --duration or --max-items'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from sample-data" -f -a "generate" -d 'Generate deterministic synthetic declarations with planted, labelled risk patterns'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "completions" -d 'Write a completion script for SHELL into DIR'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from generate" -f -a "man" -d 'Write man pages (one per subcommand) into DIR'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "brief" -d 'Write the inspection pack of one declaration to DIR (DIR must not exist or be empty): index.html, checklist.json, journey.svg and design-N.glb; the pack is recorded in the workspace with its checklist\'s hash'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from inspect" -f -a "record" -d 'Record an officer\'s result (the result.json a pack\'s page saves): answers become annotations, `inspected`/`illicit`/`revenue_recovered` are set, each with an audit entry. A result for another pack, an altered checklist or a pack recorded before is refused whole'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from scene" -f -a "tracks" -d 'A space-time cube of vessel and container tracks (longitude, latitude, time upwards), coloured by risk, the declarations they carry as markers. DuckDB thins the positions: at most --max-tracks × --points are drawn, however many rows there are'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from scene" -f -a "flows" -d 'Trade by origin over the world\'s coastlines: a column per origin country, routes through a third country as arcs, coloured by mean risk score'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from scene" -f -a "design" -d 'A design file\'s mesh at real size with what `provenance check` last said of it'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "declarations" -d 'Load customs declarations (item level) from CSV, Parquet, JSON or NDJSON'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "telemetry" -d 'Load telemetry into telemetry_events: AIS, trackers, e-seals, reefers, DCSA, drones'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "ledger" -d 'Load trade-document ledger exports, verifying them as they load'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "verify" -d 'Re-check an exported file against its provenance sidecar (hash, size, row count)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "list" -d 'List the rules of a pack with their severity, weight and parameters'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "lint" -d 'Check every rule of a pack: header, SQL against the workspace schema, output columns, declared tables and parameters (exit 2 when any rule is broken)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "compile" -d 'Compile a pack for another engine: a self-contained Apache Spark job (the rules\' Spark SQL, their resolved parameters, the combined score and a PySpark driver) that `spark-submit JOB/driver.py --lake DIR --out RUN` runs against a lake'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "import" -d 'Bring a Spark run (`risk run --engine spark --out RUN_DIR`) into the workspace as one more risk run, after checking every file against the run\'s record; `risk explain`, `risk lanes`, `check`, `risk evaluate` and the TUI then read it like any run'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "evaluate" -d 'Precision, recall and revenue captured at 1, 2, 5 and 10 % inspected — for the combined score, each rule and the DATE paper\'s price and importer baselines — on a time split'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "run" -d 'Run a pack (or some of its rules) and write risk_runs, risk_hits and risk_scores'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "explain" -d 'Show why a declaration scores what it does: every rule that fired, its evidence, the contributions and the combined score'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from risk" -f -a "lanes" -d 'Assign selectivity lanes (red, yellow, blue, green) per office under an inspection budget, with a reproducible random control share, from a run\'s combined scores'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "show" -d 'Show the most recent audit records'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Walk the hash chain and report edited or deleted rows (exit 1 when any are found)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from lake" -f -a "verify" -d 'Re-hash every file of a lake against its manifest and look for files it does not list (exit 1 when any file is missing, altered or unlisted)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from lake" -f -a "export" -d 'Write every canonical table as zstd Parquet under DIR/<table>/ with a manifest (DIR/_clearway/manifest.json: versions, loads, each file\'s rows and sha256)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from classify" -f -a "train" -d 'Train a model on the nomenclature and the classified items; writes a versioned file'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from classify" -f -a "score" -d 'Suggest codes for every item into hs_suggestions (replacing the previous ones)'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from classify" -f -a "evaluate" -d 'Top-1 and top-3 accuracy at HS6, HS4 and HS2 on the items after the training period, or on a labelled file'
complete -c clearway -n "__fish_clearway_using_subcommand help; and __fish_seen_subcommand_from classify" -f -a "suggest" -d 'The most probable HS 2022 subheadings for one description, and why'

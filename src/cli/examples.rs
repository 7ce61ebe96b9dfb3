//! The examples at the end of the main commands' `--help` and in their man pages' EXAMPLES
//! section. They use the files the repository ships (sample-data/), run from the checkout;
//! `tests/it/cli.rs` parses every one with the real command line, so an example cannot name a
//! flag that does not exist.

/// One example: what it does, and the command line (without a leading `$ `).
pub type Example = (&'static str, &'static str);

/// Examples by command path (`""` is `clearway` itself).
pub const EXAMPLES: &[(&str, &[Example])] = &[
    (
        "",
        &[
            ("Everything on the bundled sample, in a temporary workspace", "clearway demo"),
            (
                "Load the sample, run the risk rules, explain a declaration",
                "clearway load declarations sample-data/declarations.csv && clearway risk run && clearway risk explain DCL25-00000-000001",
            ),
        ],
    ),
    (
        "inspect brief",
        &[
            ("The pack of a red-lane declaration, for the officer's tablet", "clearway inspect brief DCL25-00000-000001 --out pack"),
        ],
    ),
    (
        "inspect record",
        &[
            ("The officer's answers back, with the photos beside the result", "clearway inspect record pack/result.json"),
        ],
    ),
    (
        "scene tracks",
        &[
            ("Tracks in space and time as a page to open offline", "clearway scene tracks --out tracks.html"),
            ("The 200 riskiest tracks as glTF for a headset", "clearway scene tracks --max-tracks 200 --out tracks.glb"),
        ],
    ),
    (
        "scene flows",
        &[("Trade by origin, columns as tall as the highest risk score", "clearway scene flows --height risk --out flows.html")],
    ),
    (
        "scene design",
        &[("A design file at real size, for AR beside the part", "clearway scene design sample-data/designs/incoming/tee_rotated.stl --out tee.html")],
    ),
    (
        "load declarations",
        &[
            ("Load an export (the format and mapping are detected)", "clearway load declarations sample-data/declarations.csv"),
            ("A zstd- or gzip-compressed export loads as it is", "clearway load declarations declarations.csv.zst"),
            ("The load report as JSON, for a CI job", "clearway load declarations exports/*.csv --format json"),
        ],
    ),
    (
        "load telemetry",
        &[
            ("AIS NMEA and a container tracker export", "clearway load telemetry sample-data/ais.nmea sample-data/containers.csv"),
            ("Name the format when the content does not tell it", "clearway load telemetry --input-format iot-csv tracker.csv"),
        ],
    ),
    (
        "load ledger",
        &[
            ("A generic JSONL chain and an EVM export, verified as they load", "clearway load ledger sample-data/ledger.jsonl sample-data/ledger-evm.json"),
        ],
    ),
    (
        "query",
        &[
            ("An ad-hoc question", "clearway query \"SELECT origin_country, count(*) AS items FROM declarations GROUP BY ALL ORDER BY items DESC\""),
            ("A bound parameter (never spliced into the SQL)", "clearway query 'SELECT * FROM declarations WHERE customs_value > $min' --param min=100000 --format csv"),
            ("The result to a Parquet file", "clearway query \"SELECT * FROM risk_scores\" --format parquet --out scores.parquet"),
        ],
    ),
    (
        "export",
        &[
            ("A table to Parquet, with its provenance sidecar", "clearway export declarations --out declarations.parquet"),
            ("A query to CSV", "clearway export --query \"SELECT * FROM risk_scores\" --out scores.csv"),
        ],
    ),
    (
        "risk run",
        &[
            ("Run the default pack", "clearway risk run"),
            ("One rule with a parameter changed", "clearway risk run --rule unit_value_outlier --param threshold=4"),
            ("The run report as JSON", "clearway risk run --format json"),
        ],
    ),
    (
        "risk explain",
        &[
            ("Why a declaration scores what it does", "clearway risk explain DCL25-00000-000001"),
            ("The rules that fired, one JSON object per line", "clearway risk explain DCL25-00000-000001 --format ndjson"),
        ],
    ),
    (
        "risk lanes",
        &[
            ("Red 3 %, yellow 7 % per office, 1 % random control", "clearway risk lanes --budget red=3%,yellow=7% --random 1"),
        ],
    ),
    (
        "check",
        &[
            ("Fail the CI job (exit 1) when a high-severity rule fires", "clearway check --fail-on high"),
            ("JUnit XML for the CI system", "clearway check --fail-on high --format junit > risk.xml"),
        ],
    ),
    (
        "plot",
        &[
            ("Mass against value, log scales, risk hits on top", "clearway plot scatter --table declarations --x net_mass_kg --y customs_value --log-x --log-y --hits --out scatter.png"),
        ],
    ),
    (
        "report",
        &[("A self-contained HTML report of the latest run", "clearway report --out report/")],
    ),
    (
        "tui",
        &[("The workbench on the current workspace", "clearway tui")],
    ),
    (
        "audit verify",
        &[
            ("Walk the audit trail (exit 1 when anything was edited)", "clearway audit verify"),
            ("The verdict as JSON for a CI job", "clearway audit verify --format json"),
        ],
    ),
    (
        "lake export",
        &[("The workspace as a Parquet lake for Spark", "clearway lake export --out lake/")],
    ),
    (
        "classify suggest",
        &[(
            "HS subheadings for a goods description",
            "clearway classify suggest \"ROUTER WIFI6 TP-LINK AX1500 20PCS\"",
        )],
    ),
    (
        "config",
        &[
            ("Every setting, its value and where it came from", "clearway config"),
            ("The same for a script", "clearway config --format json"),
        ],
    ),
    (
        "completions",
        &[
            ("Bash completion for the current user", "clearway completions bash > ~/.local/share/bash-completion/completions/clearway"),
            ("zsh", "clearway completions zsh > ~/.zfunc/_clearway"),
        ],
    ),
];

/// The examples as the end of a help text.
pub fn help_text(examples: &[Example]) -> String {
    let mut text = String::from("Examples:\n");
    for (what, line) in examples {
        text.push_str(&format!("  {what}:\n    $ {line}\n"));
    }
    text
}

/// The examples as a man page's EXAMPLES section (roff).
pub fn roff(examples: &[Example]) -> String {
    let mut text = String::from(".SH EXAMPLES\n");
    for (what, line) in examples {
        text.push_str(&format!(
            ".TP\n{}\n.nf\n\\fB$ {}\\fR\n.fi\n",
            roff_escape(what),
            roff_escape(line)
        ));
    }
    text
}

/// Text safe in a roff line: backslashes and hyphens escaped, a leading dot or quote guarded.
pub fn roff_escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

//! Statements in a text of SQL: where each one starts and ends, and what DuckDB says it is.
//!
//! Why it exists: the analyst's SQL arrives as a text that may hold several statements (the
//! TUI's editor buffer, a file given to `clearway query`). Splitting it on every `;` cuts
//! `SELECT 'a;b'` in two, and deciding "is this a query?" from the first keyword lets
//! `WITH x AS (…) INSERT …` or `SELECT 1; DROP TABLE t` through. This module owns both
//! answers, for every front end.
//!
//! **Where statements end** ([`split`], [`statement_at`], [`last_statement`]) is decided by a
//! small lexer that knows what DuckDB's lexer knows about `;`: it is inert inside single-quoted
//! strings (`''` escapes a quote; in `E'…'` a backslash escapes too), double-quoted identifiers
//! (`""`), `--` line comments, nested `/* */` block comments and dollar quoting (`$$…$$`,
//! `$tag$…$tag$`). Every statement keeps its byte range, so the pieces joined give the text
//! back and the statement under a cursor is found by range. No database is needed, so the
//! editor can split as the analyst types.
//!
//! **What a statement is** ([`statement_kinds`], [`statement_kind`], [`require_query`]) is
//! decided by DuckDB's own parser, asked through the connection the statement will run on:
//! `SELECT json_serialize_sql(?)`, the text bound as a parameter. DuckDB parses the text with
//! the dialect and settings of that connection and serialises it only when every statement in
//! it is what its parser types `SELECT_STATEMENT` — SELECT, WITH … SELECT, FROM-first, VALUES,
//! TABLE, DESCRIBE, SUMMARIZE, SHOW, UNPIVOT and PIVOT … IN (…) all are; INSERT (also behind a
//! WITH), UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, COPY, SET, PRAGMA, INSTALL, LOAD,
//! EXPORT, CALL are not. It answers with the number of statements, a syntax error with its
//! position, or "only SELECT statements can be serialized". A comment hiding a keyword, or a
//! second statement after a `;`, is therefore seen exactly as DuckDB will see it.
//!
//! Why not `duckdb_prepared_statement_type` on a prepared statement, which would name every
//! statement type: the duckdb crate (1.20000.1) keeps both the raw connection and that call
//! private (`RawStatement::is_dml_statement`), and its `Connection::prepare` *executes* every
//! statement but the last when given several — asking it about `DROP TABLE t; SELECT 1` would
//! drop the table. A private in-memory database reached through the C API can extract and
//! prepare statements, but preparing binds names against its own empty catalog, so
//! `DELETE FROM declarations` comes back `INVALID`. The parser's type, through
//! `json_serialize_sql`, is the most exact answer reachable, and asking it changes nothing.
//!
//! Two statements are queries although DuckDB's parser does not type them SELECT: `EXPLAIN
//! [ANALYZE] <query>` (an explain statement; the statement it explains is classified by DuckDB
//! in turn) and a PIVOT whose values come from the data (`PIVOT t ON b USING sum(a)`, which
//! DuckDB's parser expands into a temporary enum type for the values and the SELECT). They are
//! recognised by their opening keyword — which in DuckDB's grammar opens nothing else — only
//! after DuckDB has parsed the statement. The verb a refusal names (`DELETE is not a query`)
//! is read from the text for the message; it never decides anything.

use crate::error::Error;
use miette::NamedSource;
use std::fmt;
use std::ops::Range;

/// One statement of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    /// Where the statement sits in the text, its terminating `;` included when it has one.
    /// The ranges of [`split`] follow each other and cover the whole text.
    pub range: Range<usize>,
    /// The statement's SQL: the range without its `;`, surrounding white space trimmed.
    pub sql: &'a str,
    /// Nothing but white space and comments: there is nothing to run.
    pub blank: bool,
    /// Where `sql` starts in the text.
    sql_start: usize,
    /// Where the statement ends before its `;` (the end of `range` when it has none).
    body_end: usize,
}

impl<'a> Statement<'a> {
    /// Where [`Statement::sql`] sits in the text.
    pub fn sql_range(&self) -> Range<usize> {
        self.sql_start..self.sql_start + self.sql.len()
    }

    /// The statement's SQL without the comments after its last word: what runs. A trailing
    /// `-- note` would otherwise swallow whatever follows the statement when it is wrapped
    /// (`SELECT * FROM (… -- note)`).
    pub fn code(&self) -> &'a str {
        let end = Lexer::new(self.sql)
            .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Comment))
            .last()
            .map_or(0, |t| t.range.end);
        &self.sql[..end]
    }
}

/// The statements of `text`, in order: every `;` outside strings, quoted identifiers,
/// comments and dollar quotes ends one. Joining the ranges gives the text back; a text that
/// ends in `;` has no empty statement after it.
pub fn split(text: &str) -> Vec<Statement<'_>> {
    let mut statements = Vec::new();
    let mut start = 0;
    let mut blank = true;
    for token in Lexer::new(text) {
        match token.kind {
            TokenKind::Semicolon => {
                statements.push(statement(
                    text,
                    start..token.range.end,
                    token.range.start,
                    blank,
                ));
                start = token.range.end;
                blank = true;
            }
            TokenKind::Space | TokenKind::Comment => {}
            _ => blank = false,
        }
    }
    if start < text.len() {
        statements.push(statement(text, start..text.len(), text.len(), blank));
    }
    statements
}

fn statement(text: &str, range: Range<usize>, body_end: usize, blank: bool) -> Statement<'_> {
    let body = &text[range.start..body_end];
    let sql = body.trim();
    let sql_start = range.start + (body.len() - body.trim_start().len());
    Statement {
        range,
        sql,
        blank,
        sql_start,
        body_end,
    }
}

/// The statement holding byte `offset` of `text` (a cursor on a `;` belongs to the statement
/// it ends); past a blank one, the next that is not blank; past the last, the last. `None` when
/// the text holds nothing to run.
pub fn statement_at(text: &str, offset: usize) -> Option<Statement<'_>> {
    let statements = split(text);
    let found = statements
        .iter()
        .position(|s| !s.blank && offset <= s.body_end)
        .or_else(|| statements.iter().rposition(|s| !s.blank))?;
    statements.into_iter().nth(found)
}

/// The last statement of `text` that is not blank.
pub fn last_statement(text: &str) -> Option<Statement<'_>> {
    split(text).into_iter().rev().find(|s| !s.blank)
}

/// What a statement is, as DuckDB's parser types it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementKind {
    /// A SELECT statement to DuckDB's parser: SELECT, WITH … SELECT, FROM-first, VALUES,
    /// TABLE, DESCRIBE, SUMMARIZE, SHOW, UNPIVOT, PIVOT with its values listed.
    Select,
    /// A PIVOT whose values are read from the data (DuckDB defines a temporary enum type for
    /// them, then selects).
    Pivot,
    /// `EXPLAIN [ANALYZE]` of a query.
    Explain,
    /// Anything else: it changes data, the schema, settings, extensions or files. The verb as
    /// written (`INSERT`, `DROP`, `EXPLAIN ANALYZE DELETE`), for messages.
    Other(String),
}

impl StatementKind {
    /// Reads and changes nothing in the workspace: what the TUI's editor and `clearway query`
    /// may run.
    pub fn is_query(&self) -> bool {
        !matches!(self, StatementKind::Other(_))
    }

    /// How messages name it.
    pub fn name(&self) -> &str {
        match self {
            StatementKind::Select => "SELECT",
            StatementKind::Pivot => "PIVOT",
            StatementKind::Explain => "EXPLAIN",
            StatementKind::Other(verb) => verb,
        }
    }
}

/// A statement of a text with its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    /// Where the statement's SQL sits in the text (without its `;`).
    pub range: Range<usize>,
    pub kind: StatementKind,
}

/// Why a text cannot run as one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing but white space and comments.
    Empty,
    /// DuckDB cannot parse the text; `at` is the byte DuckDB points at, when it says.
    Syntax { message: String, at: Option<usize> },
    /// More than one statement where one runs.
    Several { kinds: Vec<StatementKind> },
    /// One statement, and not a query; `at` is where it sits in the text.
    NotAQuery { verb: String, at: Range<usize> },
    /// DuckDB counts the statements differently from [`split`] (a construct the lexer does not
    /// know): nothing is run rather than the wrong piece.
    Disagreement { duckdb: usize, clearway: usize },
    /// DuckDB did not answer (the message says why).
    Unanswered(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => f.write_str("nothing to run"),
            Refusal::Syntax { message, .. } => f.write_str(message),
            Refusal::Several { kinds } => write!(
                f,
                "{} statements ({}) where one runs at a time",
                kinds.len(),
                kinds
                    .iter()
                    .map(StatementKind::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Refusal::NotAQuery { verb, .. } => write!(f, "{verb} is not a query"),
            Refusal::Disagreement { duckdb, clearway } => write!(
                f,
                "DuckDB reads {duckdb} statements here where clearway reads {clearway}"
            ),
            Refusal::Unanswered(why) => write!(f, "DuckDB could not classify the SQL: {why}"),
        }
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Empty => "write a query (SELECT, FROM, DESCRIBE, SUMMARIZE, …)",
            Refusal::Syntax { .. } => {
                "check the SQL syntax at the marked position (DuckDB's dialect: https://duckdb.org/docs/sql/introduction)"
            }
            Refusal::Several { .. } | Refusal::Disagreement { .. } => {
                "run one statement at a time"
            }
            Refusal::NotAQuery { .. } => {
                "only queries run here; change data with clearway's commands (load, risk run, …)"
            }
            Refusal::Unanswered(_) => "report this, with the SQL",
        }
    }

    /// The refusal as a diagnostic that points into `sql` (named `source_name`).
    pub fn into_error(self, sql: &str, source_name: &str) -> Error {
        let at: Option<miette::SourceSpan> = match &self {
            Refusal::Syntax { at: Some(at), .. } => {
                let at = (*at).min(sql.len());
                let len = sql[at..]
                    .find(char::is_whitespace)
                    .unwrap_or(sql.len() - at)
                    .max(1)
                    .min(sql.len() - at);
                Some((at, len).into())
            }
            Refusal::NotAQuery { at, .. } => Some((at.start, at.len()).into()),
            _ => None,
        };
        Error::Sql {
            message: self.to_string(),
            help: self.help().to_string(),
            src: Some(NamedSource::new(source_name, sql.to_string())),
            at,
        }
    }
}

/// Every statement of `text` with its kind, as DuckDB's parser types it (see the module doc).
pub fn statement_kinds(conn: &duckdb::Connection, text: &str) -> Result<Vec<Classified>, Refusal> {
    let statements: Vec<Statement> = split(text).into_iter().filter(|s| !s.blank).collect();
    match parse(conn, text)? {
        Parsed::Syntax { message, at } => Err(Refusal::Syntax { message, at }),
        Parsed::Selects(n) if n != statements.len() => Err(Refusal::Disagreement {
            duckdb: n,
            clearway: statements.len(),
        }),
        Parsed::Selects(_) => Ok(statements
            .iter()
            .map(|s| Classified {
                range: s.sql_range(),
                kind: StatementKind::Select,
            })
            .collect()),
        Parsed::NotOnlySelects => statements
            .iter()
            .map(|s| {
                let kind = classify(conn, s.sql).map_err(|r| shifted(r, s.sql_start))?;
                Ok(Classified {
                    range: s.sql_range(),
                    kind,
                })
            })
            .collect(),
    }
}

/// The kind of the one statement in `sql`; a refusal when it holds none or several.
pub fn statement_kind(conn: &duckdb::Connection, sql: &str) -> Result<StatementKind, Refusal> {
    only_statement(conn, sql).map(|c| c.kind)
}

/// The kind of the one statement in `sql` when it is a query — what the TUI's editor runs and
/// `clearway query` can; otherwise why not.
pub fn require_query(conn: &duckdb::Connection, sql: &str) -> Result<StatementKind, Refusal> {
    let statement = only_statement(conn, sql)?;
    match statement.kind {
        StatementKind::Other(verb) => Err(Refusal::NotAQuery {
            verb,
            at: statement.range,
        }),
        kind => Ok(kind),
    }
}

/// The guard of `clearway query`: the text runs only if DuckDB's parser reads exactly one
/// query in it. The workspace is opened read-only for `query`, but a read-only workspace does
/// not stop `ATTACH 'other.duckdb' (READ_WRITE)`, `COPY … TO`, `EXPORT DATABASE`, `INSTALL`,
/// `LOAD` or `SET`, and DuckDB's prepare runs every statement before the last — so nothing but
/// one query is let through. A text DuckDB cannot parse is left to the prepare that follows,
/// whose syntax error (with its position) is the one users know; an unparsable text runs nothing.
pub fn require_read_only_query(
    conn: &duckdb::Connection,
    sql: &str,
    source_name: &str,
) -> Result<(), Error> {
    match require_query(conn, sql) {
        Ok(_) | Err(Refusal::Empty) | Err(Refusal::Syntax { .. }) => Ok(()),
        Err(refusal) => {
            let mut error = refusal.into_error(sql, source_name);
            if let Error::Sql { message, .. } = &mut error {
                message.push_str(": `clearway query` is read-only and runs one query");
            }
            Err(error)
        }
    }
}

/// `sql` as one query that clearway may wrap in its own statement (`COPY (…) TO`,
/// `DESCRIBE SELECT * FROM (…)`): anything else is refused, a syntax error included — text
/// that does not parse alone can close the wrapper's parenthesis and start statements of its
/// own (`SELECT 1) TO 'x'; ATTACH …; COPY (SELECT 1`), which duckdb-rs's `prepare` would run.
pub fn require_wrappable_query(
    conn: &duckdb::Connection,
    sql: &str,
    source_name: &str,
) -> Result<StatementKind, Error> {
    require_query(conn, sql).map_err(|refusal| {
        let mut error = refusal.into_error(sql, source_name);
        if let Error::Sql { message, .. } = &mut error {
            message.push_str(": clearway runs one query here, read-only");
        }
        error
    })
}

fn only_statement(conn: &duckdb::Connection, sql: &str) -> Result<Classified, Refusal> {
    let mut kinds = statement_kinds(conn, sql)?;
    match kinds.len() {
        0 => Err(Refusal::Empty),
        1 => Ok(kinds.remove(0)),
        _ => Err(Refusal::Several {
            kinds: kinds.into_iter().map(|c| c.kind).collect(),
        }),
    }
}

/// A refusal about a statement, with its position moved from the statement to the text.
fn shifted(refusal: Refusal, by: usize) -> Refusal {
    match refusal {
        Refusal::Syntax { message, at } => Refusal::Syntax {
            message,
            at: at.map(|a| a + by),
        },
        other => other,
    }
}

/// The kind of one statement (`sql` holds one per [`split`]).
fn classify(conn: &duckdb::Connection, sql: &str) -> Result<StatementKind, Refusal> {
    match parse(conn, sql)? {
        Parsed::Selects(1) => Ok(StatementKind::Select),
        Parsed::Selects(n) => Err(Refusal::Disagreement {
            duckdb: n,
            clearway: 1,
        }),
        Parsed::Syntax { message, at } => Err(Refusal::Syntax { message, at }),
        Parsed::NotOnlySelects => classify_other(conn, sql),
    }
}

/// A statement DuckDB's parser does not type SELECT: an EXPLAIN of a query, a PIVOT over
/// values from the data, or something that is not a query.
fn classify_other(conn: &duckdb::Connection, sql: &str) -> Result<StatementKind, Refusal> {
    let words = leading_words(sql, 2);
    match words.first().map(|(w, _)| w.as_str()) {
        Some("EXPLAIN") => classify_explain(conn, sql, &words),
        Some("PIVOT" | "PIVOT_WIDER") => Ok(StatementKind::Pivot),
        _ => Ok(StatementKind::Other(
            verb(sql).unwrap_or_else(|| "the statement".into()),
        )),
    }
}

/// `EXPLAIN [ANALYZE] [(options)] statement`: a query when DuckDB types the explained
/// statement as one.
fn classify_explain(
    conn: &duckdb::Connection,
    sql: &str,
    words: &[(String, usize)],
) -> Result<StatementKind, Refusal> {
    let (peeled, rest_at) = match words.get(1) {
        Some((w, end)) if w == "ANALYZE" || w == "ANALYSE" => (format!("EXPLAIN {w}"), *end),
        _ => ("EXPLAIN".to_string(), words[0].1),
    };
    let rest = &sql[rest_at..];
    // the explained statement, and (when it opens with a parenthesis) what follows an option
    // list such as `(FORMAT JSON)`
    let candidates = std::iter::once(rest).chain(after_parenthesised_group(rest));
    for candidate in candidates {
        match classify(conn, candidate) {
            Ok(kind) if kind.is_query() => return Ok(StatementKind::Explain),
            Err(Refusal::Unanswered(why)) => return Err(Refusal::Unanswered(why)),
            _ => {}
        }
    }
    let inner = verb(rest).map(|v| format!(" {v}")).unwrap_or_default();
    Ok(StatementKind::Other(format!("{peeled}{inner}")))
}

/// What DuckDB's parser says of a text.
enum Parsed {
    /// Every statement is a SELECT statement; how many there are.
    Selects(usize),
    /// At least one statement is not a SELECT statement.
    NotOnlySelects,
    /// The text does not parse.
    Syntax { message: String, at: Option<usize> },
}

/// The message `json_serialize_sql` answers with when a statement is not a SELECT statement.
const NOT_SELECT: &str = "Only SELECT statements can be serialized to json!";

/// Asks DuckDB's parser about `sql` (bound as a parameter: the text is never part of the
/// statement that asks).
fn parse(conn: &duckdb::Connection, sql: &str) -> Result<Parsed, Refusal> {
    let json: String = conn
        .query_row("SELECT json_serialize_sql(?)", [sql], |r| r.get(0))
        .map_err(|e| Refusal::Unanswered(e.to_string()))?;
    let answer: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| Refusal::Unanswered(e.to_string()))?;
    if answer["error"] != serde_json::Value::Bool(true) {
        let count = answer["statements"].as_array().map_or(0, Vec::len);
        return Ok(Parsed::Selects(count));
    }
    let message = answer["error_message"].as_str().unwrap_or_default();
    if answer["error_type"] == "not implemented" && message == NOT_SELECT {
        return Ok(Parsed::NotOnlySelects);
    }
    let kind = answer["error_type"].as_str().unwrap_or("parser");
    Ok(Parsed::Syntax {
        // as DuckDB words it when the statement runs: "Parser Error: syntax error at …"
        message: format!("{} Error: {message}", capitalised(kind)),
        at: answer["position"].as_str().and_then(|p| p.parse().ok()),
    })
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The first `n` tokens of `sql` past white space and comments, as long as they are words:
/// each upper-cased, with the offset where it ends.
fn leading_words(sql: &str, n: usize) -> Vec<(String, usize)> {
    Lexer::new(sql)
        .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Comment))
        .take(n)
        .take_while(|t| t.kind == TokenKind::Word)
        .map(|t| (sql[t.range.clone()].to_ascii_uppercase(), t.range.end))
        .collect()
}

/// The text after a parenthesised group that opens `sql` (past white space and comments).
fn after_parenthesised_group(sql: &str) -> Option<&str> {
    let mut depth = 0usize;
    for token in Lexer::new(sql) {
        match token.kind {
            TokenKind::Space | TokenKind::Comment => {}
            TokenKind::Open => depth += 1,
            TokenKind::Close if depth == 1 => return Some(&sql[token.range.end..]),
            TokenKind::Close => depth = depth.checked_sub(1)?,
            _ if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// The statement's verb as written, for messages: its first word, or for a statement opening
/// with WITH the first word after its common table expressions (`WITH x AS (…) INSERT`).
fn verb(sql: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut with = false;
    let mut after_group = false;
    for token in Lexer::new(sql) {
        match token.kind {
            TokenKind::Space | TokenKind::Comment => continue,
            TokenKind::Open => depth += 1,
            TokenKind::Close => {
                depth = depth.saturating_sub(1);
                after_group = depth == 0;
                continue;
            }
            TokenKind::Word if depth == 0 => {
                let word = sql[token.range].to_ascii_uppercase();
                if !with {
                    if word != "WITH" {
                        return Some(word);
                    }
                    with = true;
                } else if after_group
                    && !matches!(word.as_str(), "AS" | "NOT" | "MATERIALIZED" | "RECURSIVE")
                {
                    return Some(word);
                }
            }
            _ => {}
        }
        after_group = false;
    }
    with.then(|| "WITH".to_string())
}

/// What the lexer tells apart: enough to find statement ends, words and parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Space,
    /// `-- …` to the end of the line, or `/* … */` (nested).
    Comment,
    /// A string, a quoted identifier or a dollar-quoted string: no `;` inside ends anything.
    Quoted,
    /// A keyword, identifier, number or parameter (`$name`, `$1`).
    Word,
    Semicolon,
    Open,
    Close,
    /// Any other character (operators, commas, dots).
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: TokenKind,
    range: Range<usize>,
}

/// Bytes that continue a word. Bytes of multi-byte characters count, so a token never ends
/// inside a character: every boundary the lexer draws is at an ASCII byte or the end.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// An unterminated string, identifier, comment or dollar quote runs to the end of the text
/// (DuckDB reports it when the statement is run).
struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    /// The end of the run of bytes from `from` that satisfy `keep`.
    fn run(&self, from: usize, keep: impl Fn(u8) -> bool) -> usize {
        self.bytes[from..]
            .iter()
            .position(|b| !keep(*b))
            .map_or(self.bytes.len(), |n| from + n)
    }

    fn line_comment_end(&self, from: usize) -> usize {
        self.run(from, |b| b != b'\n')
    }

    /// Block comments nest, as in DuckDB: `/* a /* b */ ; */` is one comment.
    fn block_comment_end(&self, from: usize) -> usize {
        let mut depth = 0usize;
        let mut i = from;
        while i + 1 < self.bytes.len() {
            match (self.bytes[i], self.bytes[i + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    /// The end of a string or quoted identifier opened by `quote` at `from`: a doubled quote is
    /// one quote character; with `backslash` (E'…' strings) a backslash escapes the next byte.
    fn quoted_end(&self, from: usize, quote: u8, backslash: bool) -> usize {
        let mut i = from + 1;
        while let Some(b) = self.byte(i) {
            let escaped =
                (backslash && b == b'\\') || (b == quote && self.byte(i + 1) == Some(quote));
            if escaped {
                i += 2;
            } else if b == quote {
                return i + 1;
            } else {
                i += 1;
            }
        }
        self.bytes.len()
    }

    /// The length of the dollar-quote delimiter opening at `from` (`$$` or `$tag$`), if one
    /// does; `$1` and `$name` are parameters.
    fn dollar_delimiter(&self, from: usize) -> Option<usize> {
        let tag_start = from + 1;
        let starts_tag = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b >= 0x80;
        let tag_end = match self.byte(tag_start)? {
            b'$' => tag_start,
            b if starts_tag(b) => self.run(tag_start, is_word_byte),
            _ => return None,
        };
        (self.byte(tag_end) == Some(b'$')).then_some(tag_end + 1 - from)
    }

    fn dollar_quote_end(&self, from: usize, delimiter_len: usize) -> usize {
        let delimiter = &self.text[from..from + delimiter_len];
        let body = from + delimiter_len;
        self.text[body..]
            .find(delimiter)
            .map_or(self.bytes.len(), |n| body + n + delimiter_len)
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.at;
        let first = self.byte(start)?;
        let next = self.byte(start + 1);
        let (kind, end) = match first {
            b if b.is_ascii_whitespace() => (
                TokenKind::Space,
                self.run(start, |b| b.is_ascii_whitespace()),
            ),
            b'-' if next == Some(b'-') => (TokenKind::Comment, self.line_comment_end(start)),
            b'/' if next == Some(b'*') => (TokenKind::Comment, self.block_comment_end(start)),
            b'\'' | b'"' => (TokenKind::Quoted, self.quoted_end(start, first, false)),
            b'$' => match self.dollar_delimiter(start) {
                Some(len) => (TokenKind::Quoted, self.dollar_quote_end(start, len)),
                None => (TokenKind::Word, self.run(start + 1, is_word_byte)),
            },
            b';' => (TokenKind::Semicolon, start + 1),
            b'(' => (TokenKind::Open, start + 1),
            b')' => (TokenKind::Close, start + 1),
            b if is_word_byte(b) => {
                let end = self.run(start, |b| is_word_byte(b) || b == b'$');
                // E'…': a string in which a backslash escapes the next character
                if end == start + 1 && matches!(b, b'e' | b'E') && self.byte(end) == Some(b'\'') {
                    (TokenKind::Quoted, self.quoted_end(end, b'\'', true))
                } else {
                    (TokenKind::Word, end)
                }
            }
            _ => (TokenKind::Other, start + 1),
        };
        let end = end.min(self.bytes.len());
        self.at = end;
        Some(Token {
            kind,
            range: start..end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(text: &str) -> Vec<&str> {
        split(text)
            .into_iter()
            .filter(|s| !s.blank)
            .map(|s| s.sql)
            .collect()
    }

    fn conn() -> duckdb::Connection {
        duckdb::Connection::open_in_memory().unwrap()
    }

    #[test]
    fn semicolons_end_statements() {
        assert_eq!(
            sqls("SELECT 1;\nSELECT 2;\nSELECT 3"),
            ["SELECT 1", "SELECT 2", "SELECT 3"]
        );
        assert_eq!(sqls("SELECT 1;"), ["SELECT 1"]);
        assert_eq!(
            split("SELECT 1;").len(),
            1,
            "no empty statement after the last ;"
        );
        assert!(sqls("").is_empty() && sqls(" ;\n ; ").is_empty());
    }

    #[test]
    fn a_semicolon_in_a_string_is_text() {
        assert_eq!(sqls("SELECT 'a;b'"), ["SELECT 'a;b'"]);
        assert_eq!(
            sqls("SELECT 'it''s; fine'; SELECT 2"),
            ["SELECT 'it''s; fine'", "SELECT 2"]
        );
        // E'…': a backslash escapes the quote, so the string goes on past `\';`
        assert_eq!(
            sqls(r"SELECT E'a\';b'; SELECT 2"),
            [r"SELECT E'a\';b'", "SELECT 2"]
        );
        // not an E-string: a backslash is an ordinary character
        assert_eq!(sqls(r"SELECT 'a\'; SELECT 2"), [r"SELECT 'a\'", "SELECT 2"]);
    }

    #[test]
    fn a_semicolon_in_a_quoted_identifier_is_text() {
        assert_eq!(
            sqls("SELECT 1 AS \"a;\"\"b\"; SELECT 2"),
            ["SELECT 1 AS \"a;\"\"b\"", "SELECT 2"]
        );
    }

    #[test]
    fn a_semicolon_in_a_line_comment_is_text() {
        assert_eq!(
            sqls("SELECT 1 -- one; two\n, 2; SELECT 3"),
            ["SELECT 1 -- one; two\n, 2", "SELECT 3"]
        );
        assert_eq!(sqls("SELECT 1 -- the end;"), ["SELECT 1 -- the end;"]);
    }

    #[test]
    fn a_semicolon_in_a_block_comment_is_text_and_block_comments_nest() {
        assert_eq!(
            sqls("SELECT /* a; */ 1; SELECT 2"),
            ["SELECT /* a; */ 1", "SELECT 2"]
        );
        assert_eq!(
            sqls("SELECT /* a /* b */ ; */ 1; SELECT 2"),
            ["SELECT /* a /* b */ ; */ 1", "SELECT 2"]
        );
    }

    #[test]
    fn a_semicolon_in_a_dollar_quote_is_text() {
        assert_eq!(
            sqls("SELECT $$a;b$$; SELECT 2"),
            ["SELECT $$a;b$$", "SELECT 2"]
        );
        assert_eq!(
            sqls("SELECT $t$a;$$;b$t$; SELECT 2"),
            ["SELECT $t$a;$$;b$t$", "SELECT 2"]
        );
        // parameters and `$` inside identifiers open no quote
        assert_eq!(
            sqls("SELECT $1, $name, a$b; SELECT 2"),
            ["SELECT $1, $name, a$b", "SELECT 2"]
        );
    }

    #[test]
    fn unterminated_quotes_and_comments_run_to_the_end() {
        assert_eq!(sqls("SELECT 'a; SELECT 2"), ["SELECT 'a; SELECT 2"]);
        assert_eq!(sqls("SELECT /* a; SELECT 2"), ["SELECT /* a; SELECT 2"]);
        assert_eq!(sqls("SELECT $x$ a; SELECT 2"), ["SELECT $x$ a; SELECT 2"]);
    }

    #[test]
    fn the_code_of_a_statement_leaves_out_trailing_comments_only() {
        let statements = split("-- head\nSELECT 1 /* a */ -- b; c\n; SELECT '--' -- d");
        let codes: Vec<&str> = statements.iter().map(Statement::code).collect();
        assert_eq!(codes, ["-- head\nSELECT 1", "SELECT '--'"]);
        assert_eq!(split("-- only").first().map(Statement::code), Some(""));
    }

    #[test]
    fn comment_only_statements_are_blank() {
        let statements = split("SELECT 1; -- done\n/* really */;");
        assert_eq!(
            statements.iter().map(|s| s.blank).collect::<Vec<_>>(),
            [false, true]
        );
    }

    #[test]
    fn multibyte_text_splits_on_character_boundaries() {
        let text = "SELECT 'é;ü' AS ñ; SELECT '日本;語'";
        assert_eq!(sqls(text), ["SELECT 'é;ü' AS ñ", "SELECT '日本;語'"]);
    }

    #[test]
    fn ranges_cover_the_text_and_point_at_each_statement() {
        let text = "  SELECT 1 ;\n\n SELECT 'x;y'  ;-- c\n";
        let statements = split(text);
        assert_eq!(statements.len(), 3);
        assert_eq!(&text[statements[0].range.clone()], "  SELECT 1 ;");
        assert_eq!(&text[statements[1].sql_range()], "SELECT 'x;y'");
        assert!(statements[2].blank);
    }

    #[test]
    fn the_statement_at_a_cursor_is_found_by_range() {
        let text = "SELECT 'a;b';\nSELECT 2;\n\nSELECT 3";
        let at = |offset| statement_at(text, offset).map(|s| s.sql);
        assert_eq!(at(0), Some("SELECT 'a;b'"));
        assert_eq!(at(9), Some("SELECT 'a;b'"), "inside the string");
        assert_eq!(at(12), Some("SELECT 'a;b'"), "on its ;");
        assert_eq!(at(13), Some("SELECT 2"), "after its ;");
        assert_eq!(at(text.len()), Some("SELECT 3"));
        assert_eq!(at(text.len() + 10), Some("SELECT 3"), "past the end");
        // a cursor in a blank stretch at the end: the last statement
        assert_eq!(
            statement_at("SELECT 1;\n-- done", 15).map(|s| s.sql),
            Some("SELECT 1")
        );
        assert_eq!(statement_at(" ; -- nothing", 0), None);
        assert_eq!(last_statement(text).map(|s| s.sql), Some("SELECT 3"));
    }

    /// A small deterministic generator of texts: SELECTs built from pieces that hide `;`, `'`,
    /// `--` and `/*` in every construct the lexer knows, joined by `;` with blanks between.
    fn generated_texts(count: usize) -> Vec<(String, usize)> {
        use rand::{Rng, SeedableRng};
        const PIECES: &[&str] = &[
            "'a;b'",
            "'it''s;'",
            "E'x\\';y'",
            "\"c;\"\"d\"",
            "$$p;q$$",
            "$t$ ; $$ ; $t$",
            "/* x; /* y; */ z; */ 1",
            "-- c; d\n 2",
            "'--;'",
            "'/*'",
            "\"/*\"",
            "3",
            "'日本;語'",
            "E'\\\\'",
        ];
        const GAPS: &[&str] = &[" ", "\n", " -- note;\n", " /* ; */ ", "\n\n  ", ""];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(18);
        (0..count)
            .map(|_| {
                let statements = rng.random_range(1..5);
                let mut text = String::new();
                for i in 0..statements {
                    if i > 0 {
                        text.push(';');
                    }
                    text.push_str(GAPS[rng.random_range(0..GAPS.len())]);
                    text.push_str("SELECT ");
                    let columns = rng.random_range(1..4);
                    for c in 0..columns {
                        if c > 0 {
                            text.push_str(", ");
                        }
                        text.push_str(PIECES[rng.random_range(0..PIECES.len())]);
                        text.push_str(&format!(" AS c{c}"));
                    }
                    text.push_str(GAPS[rng.random_range(0..GAPS.len())]);
                }
                if rng.random_bool(0.5) {
                    text.push(';');
                }
                (text, statements)
            })
            .collect()
    }

    #[test]
    fn splitting_then_joining_gives_the_text_back_and_duckdb_agrees_on_every_end() {
        let conn = conn();
        for (text, expected) in generated_texts(300) {
            let statements = split(&text);
            let joined: String = statements.iter().map(|s| &text[s.range.clone()]).collect();
            assert_eq!(joined, text);
            for pair in statements.windows(2) {
                assert_eq!(pair[0].range.end, pair[1].range.start, "{text:?}");
                assert!(text[pair[0].range.clone()].ends_with(';'), "{text:?}");
            }
            let real: Vec<&Statement> = statements.iter().filter(|s| !s.blank).collect();
            assert_eq!(real.len(), expected, "{text:?}");
            // DuckDB reads the same statements, and each piece alone is one of them
            let kinds = statement_kinds(&conn, &text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(kinds.len(), expected, "{text:?}");
            for s in real {
                assert_eq!(
                    statement_kind(&conn, s.sql),
                    Ok(StatementKind::Select),
                    "{:?}",
                    s.sql
                );
            }
        }
    }

    fn refused(sql: &str) -> String {
        match require_query(&conn(), sql) {
            Ok(kind) => panic!("{sql:?} accepted as {kind:?}"),
            Err(refusal) => refusal.to_string(),
        }
    }

    #[test]
    fn queries_of_every_shape_are_accepted() {
        let conn = conn();
        for (sql, kind) in [
            ("SELECT 1", StatementKind::Select),
            ("  -- top\n select 1", StatementKind::Select),
            ("(SELECT 1)", StatementKind::Select),
            ("SELECT 'a;b'", StatementKind::Select),
            ("SELECT 1;", StatementKind::Select),
            (
                "WITH x AS (SELECT 1) SELECT * FROM x",
                StatementKind::Select,
            ),
            ("FROM declarations", StatementKind::Select),
            ("FROM declarations SELECT hs_code", StatementKind::Select),
            ("VALUES (1), (2)", StatementKind::Select),
            ("TABLE declarations", StatementKind::Select),
            ("DESCRIBE declarations", StatementKind::Select),
            ("summarize declarations", StatementKind::Select),
            ("SHOW TABLES", StatementKind::Select),
            ("SHOW declarations", StatementKind::Select),
            ("UNPIVOT t ON a INTO NAME k VALUE v", StatementKind::Select),
            (
                "PIVOT t ON b IN ('x', 'y') USING sum(a)",
                StatementKind::Select,
            ),
            ("PIVOT t ON b USING sum(a)", StatementKind::Pivot),
            (
                "/* values from the data */ pivot t ON b",
                StatementKind::Pivot,
            ),
            ("EXPLAIN SELECT 1", StatementKind::Explain),
            ("explain analyze FROM declarations", StatementKind::Explain),
            ("EXPLAIN (FORMAT JSON) SELECT 1", StatementKind::Explain),
            ("EXPLAIN (SELECT 1)", StatementKind::Explain),
        ] {
            assert_eq!(require_query(&conn, sql), Ok(kind), "{sql}");
        }
    }

    #[test]
    fn statements_that_change_things_are_refused_by_what_duckdb_parses() {
        for (sql, verb) in [
            ("INSERT INTO t VALUES (1)", "INSERT"),
            ("UPDATE t SET a = 1", "UPDATE"),
            ("DELETE FROM declarations", "DELETE"),
            ("CREATE TABLE u AS SELECT 1", "CREATE"),
            ("DROP TABLE t", "DROP"),
            ("ALTER TABLE t ADD COLUMN c INT", "ALTER"),
            ("ATTACH 'other.duckdb' AS o", "ATTACH"),
            ("DETACH o", "DETACH"),
            ("COPY t TO 'out.csv'", "COPY"),
            ("SET threads = 1", "SET"),
            ("PRAGMA version", "PRAGMA"),
            ("INSTALL httpfs", "INSTALL"),
            ("LOAD httpfs", "LOAD"),
            ("EXPORT DATABASE 'dump'", "EXPORT"),
            ("CALL pragma_version()", "CALL"),
            ("CHECKPOINT", "CHECKPOINT"),
            ("BEGIN TRANSACTION", "BEGIN"),
            (
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
                "INSERT",
            ),
            (
                "WITH RECURSIVE x(n) AS (SELECT 1) DELETE FROM t WHERE a IN (FROM x)",
                "DELETE",
            ),
            ("/* SELECT */ DROP TABLE t", "DROP"),
            ("-- SELECT\nDROP TABLE t", "DROP"),
            ("EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN ANALYZE DELETE"),
            ("EXPLAIN INSERT INTO t VALUES (1)", "EXPLAIN INSERT"),
        ] {
            assert_eq!(refused(sql), format!("{verb} is not a query"), "{sql}");
        }
    }

    #[test]
    fn a_second_statement_is_never_smuggled_in() {
        assert_eq!(
            refused("SELECT 1; DROP TABLE t"),
            "2 statements (SELECT, DROP) where one runs at a time"
        );
        assert_eq!(
            refused("SELECT 1; SELECT 2"),
            "2 statements (SELECT, SELECT) where one runs at a time"
        );
        // a parenthesis that would close a wrapping subquery: DuckDB cannot parse it alone
        assert!(refused("SELECT 1) ; DROP TABLE t; SELECT (1").starts_with("Parser Error"));
        assert!(refused("SELECT 1) UNION (SELECT 2").starts_with("Parser Error"));
    }

    #[test]
    fn empty_text_and_syntax_errors_are_refused_with_duckdbs_words() {
        assert_eq!(refused("  "), "nothing to run");
        assert_eq!(refused("-- only a comment\n"), "nothing to run");
        assert_eq!(
            refused("SELEC 1"),
            "Parser Error: syntax error at or near \"SELEC\""
        );
        let conn = conn();
        let text = "SELECT 1; SELECT * FORM t";
        assert_eq!(
            statement_kinds(&conn, text),
            Err(Refusal::Syntax {
                message: "Parser Error: syntax error at or near \"t\"".into(),
                at: Some(text.len() - 1),
            })
        );
    }

    #[test]
    fn every_statement_of_a_text_is_classified_with_its_range() {
        let text = "SELECT 1;\n  DELETE FROM t;\nEXPLAIN SELECT 2";
        let kinds = statement_kinds(&conn(), text).unwrap();
        let found: Vec<(&str, StatementKind)> = kinds
            .iter()
            .map(|c| (&text[c.range.clone()], c.kind.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("SELECT 1", StatementKind::Select),
                ("DELETE FROM t", StatementKind::Other("DELETE".into())),
                ("EXPLAIN SELECT 2", StatementKind::Explain),
            ]
        );
    }

    #[test]
    fn a_refusal_becomes_a_diagnostic_pointing_at_the_statement() {
        let sql = "  DROP TABLE t";
        let refusal = require_query(&conn(), sql).unwrap_err();
        assert_eq!(
            refusal,
            Refusal::NotAQuery {
                verb: "DROP".into(),
                at: 2..sql.len()
            }
        );
        match refusal.into_error(sql, "query") {
            Error::Sql {
                message, help, at, ..
            } => {
                assert_eq!(message, "DROP is not a query");
                assert!(help.contains("clearway's commands"), "{help}");
                assert_eq!(at, Some((2, sql.len() - 2).into()));
            }
            other => panic!("{other:?}"),
        }
        match require_query(&conn(), "SELECT * FORM t")
            .unwrap_err()
            .into_error("SELECT * FORM t", "query")
        {
            Error::Sql { at, .. } => assert_eq!(at, Some((14, 1).into())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn asking_changes_nothing() {
        let conn = conn();
        conn.execute_batch("CREATE TABLE t AS SELECT 1 AS a")
            .unwrap();
        for sql in [
            "DROP TABLE t",
            "DROP TABLE t; SELECT 1",
            "SELECT 1; DROP TABLE t",
            "DELETE FROM t",
        ] {
            assert!(require_query(&conn, sql).is_err(), "{sql}");
        }
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }
}

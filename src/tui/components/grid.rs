//! The result grid: one result, paged. It owns what is known of the result (its relation,
//! columns, size), the cursor and the window, and the cached pages around the window; moving
//! returns the page fetches the new window needs, and the cache is trimmed as it goes, so a
//! ten-million-row result costs a few pages of memory.

use super::{block, clip, Component, Look};
use crate::sql::types::is_numeric_type;
use crate::tui::action::Action;
use crate::tui::worker::{Columns, Job};
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;
use std::collections::{BTreeMap, BTreeSet};

/// Rows fetched per page of a result.
pub const PAGE: u64 = 200;
/// Pages kept around the visible window; the rest are dropped (memory stays flat).
pub const KEEP_PAGES: u64 = 3;

/// One result: where its rows live, what is known of its size, and the cached pages.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub id: u64,
    /// The relation pages are read from (a temp table or a quoted table name).
    pub source: String,
    /// The result before sort and filter.
    pub base: String,
    pub columns: Columns,
    /// Exact row count once counted.
    pub rows: Option<u64>,
    /// Rows known to exist so far (the status line says "≥ N" until counted).
    pub seen: u64,
    pub row: u64,
    pub col: usize,
    pub top: u64,
    pub left: usize,
    pub pages: BTreeMap<u64, Vec<Vec<String>>>,
    pub pending: BTreeSet<u64>,
    pub widths: Vec<u16>,
    pub sort: Option<(String, bool)>,
    pub filter: Option<String>,
    pub find: Option<String>,
    pub seconds: f64,
    pub height: u64,
}

impl Grid {
    pub fn cell(&self, row: u64, col: usize) -> Option<&str> {
        let page = row / PAGE * PAGE;
        self.pages
            .get(&page)?
            .get((row - page) as usize)?
            .get(col)
            .map(String::as_str)
    }

    pub fn row_values(&self, row: u64) -> Option<&Vec<String>> {
        let page = row / PAGE * PAGE;
        self.pages.get(&page)?.get((row - page) as usize)
    }

    fn last_row(&self) -> Option<u64> {
        self.rows.map(|n| n.saturating_sub(1))
    }

    pub fn column_name(&self) -> Option<&str> {
        self.columns.get(self.col).map(|c| c.0.as_str())
    }

    pub fn column_type(&self) -> &str {
        self.columns
            .get(self.col)
            .map(|c| c.1.as_str())
            .unwrap_or("")
    }

    /// Widths from the header and the values of the first page, capped so one long text
    /// column cannot push the others off screen.
    fn measure(&mut self) {
        let sample = self.pages.get(&0);
        self.widths = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let longest = sample
                    .map(|rows| {
                        rows.iter()
                            .map(|r| r.get(i).map(|v| v.chars().count()).unwrap_or(0))
                            .max()
                            .unwrap_or(0)
                    })
                    .unwrap_or(0);
                // room for the sort marker
                longest.max(name.chars().count() + 2).clamp(3, 40) as u16
            })
            .collect();
    }

    /// Keeps the cursor inside the result and the window around the cursor; returns the page
    /// fetches the new window needs.
    pub fn settle(&mut self) -> Vec<Job> {
        if let Some(last) = self.last_row() {
            self.row = self.row.min(last);
        }
        let height = self.height.max(1);
        if self.row < self.top {
            self.top = self.row;
        } else if self.row >= self.top + height {
            self.top = self.row + 1 - height;
        }
        let first = self.top / PAGE * PAGE;
        let last = (self.top + height) / PAGE * PAGE;
        self.pages
            .retain(|p, _| *p + KEEP_PAGES * PAGE >= first && *p <= last + KEEP_PAGES * PAGE);
        let mut jobs = Vec::new();
        let mut page = first;
        while page <= last {
            let beyond = self.rows.is_some_and(|n| page >= n && page > 0);
            if !beyond && !self.pages.contains_key(&page) && self.pending.insert(page) {
                jobs.push(Job::Page {
                    id: self.id,
                    source: self.source.clone(),
                    offset: page,
                    limit: PAGE,
                });
            }
            page += PAGE;
        }
        jobs
    }

    /// A new result `id` is on its way: it will not inherit the current sort, filter or find.
    pub fn expect_new(&mut self, id: u64) {
        self.id = id;
        self.sort = None;
        self.filter = None;
        self.find = None;
    }

    /// The current result sorted or filtered anew is on its way as `id`.
    pub fn expect_derived(&mut self, id: u64) {
        self.id = id;
    }

    /// Result `id` is ready: a fresh grid over `source` (a sorted or filtered view keeps its
    /// base, sort, filter and column); returns the first page's fetch and the count.
    pub fn show_result(
        &mut self,
        id: u64,
        source: String,
        columns: Columns,
        seconds: f64,
    ) -> Vec<Job> {
        let derived = self.sort.is_some() || self.filter.is_some();
        let keep = derived.then(|| {
            (
                self.base.clone(),
                self.sort.clone(),
                self.filter.clone(),
                self.col,
            )
        });
        *self = Grid {
            id,
            source: source.clone(),
            base: source.clone(),
            columns,
            seconds,
            height: self.height,
            ..Grid::default()
        };
        if let Some((base, sort, filter, col)) = keep {
            self.base = base;
            self.sort = sort;
            self.filter = filter;
            self.col = col.min(self.columns.len().saturating_sub(1));
        }
        // the first page before the exact count: rows appear as soon as they can
        let mut jobs = self.settle();
        jobs.push(Job::Count { id, source });
        jobs
    }

    /// The exact row count is known.
    pub fn counted(&mut self, rows: u64) -> Vec<Job> {
        self.rows = Some(rows);
        self.seen = rows;
        self.settle()
    }

    /// A page of rows arrived; a short one tells where the result ends.
    pub fn page(&mut self, offset: u64, rows: Vec<Vec<String>>) -> Vec<Job> {
        self.pending.remove(&offset);
        self.seen = self.seen.max(offset + rows.len() as u64);
        if rows.len() < PAGE as usize && self.rows.is_none() {
            self.rows = Some(offset + rows.len() as u64);
        }
        let first = offset == 0;
        self.pages.insert(offset, rows);
        if first {
            self.measure();
        }
        self.settle()
    }

    /// Back to the result before sort and filter, as `id`.
    pub fn clear_derivation(&mut self, id: u64) -> Vec<Job> {
        self.filter = None;
        self.sort = None;
        self.source = self.base.clone();
        self.id = id;
        self.pages.clear();
        self.pending.clear();
        self.row = 0;
        self.top = 0;
        let mut jobs = vec![Job::Count {
            id,
            source: self.source.clone(),
        }];
        jobs.extend(self.settle());
        jobs
    }

    /// The next row after the cursor whose current column contains the find text (any case),
    /// searched in the cached pages; the status line's message and the fetches the move needs.
    /// `None` when there is nothing to find.
    pub fn find_next(&mut self) -> Option<(String, Vec<Job>)> {
        let needle = self.find.clone()?.to_lowercase();
        let col = self.col;
        // search the cached pages after the cursor; the status line says when the search
        // reached the end of what is loaded
        let start = self.row + 1;
        let hit = self
            .pages
            .iter()
            .flat_map(|(offset, rows)| {
                rows.iter()
                    .enumerate()
                    .map(move |(i, r)| (offset + i as u64, r))
            })
            .find(|(n, r)| {
                *n >= start
                    && r.get(col)
                        .is_some_and(|v| v.to_lowercase().contains(&needle))
            });
        Some(match hit {
            Some((n, _)) => {
                self.row = n;
                (
                    format!("found \"{needle}\" at row {}", n + 1),
                    self.settle(),
                )
            }
            None => {
                let loaded = self.pages.keys().next_back().map(|p| p + PAGE).unwrap_or(0);
                (format!("\"{needle}\" not found in rows {}–{loaded} (loaded); PageDown loads more, or Filter searches everything", start + 1), vec![])
            }
        })
    }

    /// The value under the cursor.
    pub fn copy_cell(&self) -> Option<String> {
        self.cell(self.row, self.col).map(String::from)
    }

    /// The row under the cursor, tab-separated.
    pub fn copy_row(&self) -> Option<String> {
        self.row_values(self.row).map(|r| r.join("\t"))
    }

    /// The header and the rows in the window, tab-separated.
    pub fn copy_visible(&self) -> Option<String> {
        let header = self
            .columns
            .iter()
            .map(|c| c.0.as_str())
            .collect::<Vec<_>>()
            .join("\t");
        let rows: Vec<String> = (self.top..self.top + self.height)
            .filter_map(|r| self.row_values(r))
            .map(|r| r.join("\t"))
            .collect();
        (!rows.is_empty()).then(|| {
            std::iter::once(header)
                .chain(rows)
                .collect::<Vec<_>>()
                .join("\n")
        })
    }
}

impl Component for Grid {
    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        use Action::*;
        let g = self;
        if g.columns.is_empty() {
            return vec![];
        }
        let page = g.height.max(1);
        match action {
            Up => g.row = g.row.saturating_sub(1),
            Down => g.row += u64::from(g.rows.is_none_or(|n| g.row + 1 < n)),
            PageUp => g.row = g.row.saturating_sub(page),
            PageDown => g.row += page,
            Top => g.row = 0,
            Bottom => {
                g.row = g
                    .rows
                    .map(|n| n.saturating_sub(1))
                    .unwrap_or(g.seen.saturating_sub(1))
            }
            GotoRow(n) => g.row = n.saturating_sub(1),
            Left => g.col = g.col.saturating_sub(1),
            Right => g.col = (g.col + 1).min(g.columns.len().saturating_sub(1)),
            _ => {}
        }
        if g.col < g.left {
            g.left = g.col;
        }
        g.settle()
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let (theme, focused) = (look.theme, look.focused);
        let g = self;
        // header and borders take 3 rows
        g.height = u64::from(area.height.saturating_sub(3));
        let title = if g.columns.is_empty() {
            " Result ".to_string()
        } else {
            format!(" Result · {} ", describe_source(&g.source))
        };
        let outer = block(title, focused, theme);
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        if g.columns.is_empty() {
            frame.render_widget(
                Paragraph::new("Run a query (F5) or open a table from the catalog (Enter).")
                    .style(theme.dim()),
                inner,
            );
            return;
        }
        let last_visible = g.top + g.height;
        let number_width = (last_visible.max(1).to_string().len() as u16).max(3);
        // the first column stays; the others scroll so the current one is visible
        let mut widths = vec![number_width];
        let mut shown: Vec<usize> = vec![0];
        let mut used = number_width + 1 + g.widths.first().copied().unwrap_or(3) + 1;
        if g.col > 0 && g.col < g.left.max(1) {
            g.left = g.col;
        }
        let mut start = g.left.max(1);
        loop {
            let fits = |from: usize| {
                let mut w = used;
                (from..=g.col.max(from)).all(|c| {
                    w += g.widths.get(c).copied().unwrap_or(3) + 1;
                    w <= inner.width
                })
            };
            if g.col == 0 || start >= g.col || fits(start) {
                break;
            }
            start += 1;
        }
        g.left = start;
        widths.push(g.widths.first().copied().unwrap_or(3));
        for c in start..g.columns.len() {
            let w = g.widths.get(c).copied().unwrap_or(3);
            if used + w + 1 > inner.width && shown.len() > 1 {
                break;
            }
            used += w + 1;
            widths.push(w);
            shown.push(c);
        }
        let header = Row::new(
            std::iter::once(Cell::from("#")).chain(shown.iter().map(|c| {
                let (name, _) = &g.columns[*c];
                let marker = match &g.sort {
                    Some((s, desc)) if s == name => {
                        if *desc {
                            " ↓"
                        } else {
                            " ↑"
                        }
                    }
                    _ => "",
                };
                let style = if *c == g.col && focused {
                    theme.accent().add_modifier(Modifier::BOLD)
                } else {
                    Style::new().add_modifier(Modifier::BOLD)
                };
                Cell::from(format!("{name}{marker}")).style(style)
            })),
        );
        let rows = (g.top..last_visible)
            .filter(|r| g.rows.is_none_or(|n| *r < n))
            .map(|r| {
                let values = g.row_values(r);
                let cells = std::iter::once(
                    Cell::from(format!("{:>w$}", r + 1, w = number_width as usize))
                        .style(theme.dim()),
                )
                .chain(shown.iter().enumerate().map(|(i, c)| {
                    let text = values
                        .and_then(|v| v.get(*c))
                        .map(String::as_str)
                        .unwrap_or("…");
                    let w = widths[i + 1] as usize;
                    let clipped = clip(text, w);
                    let aligned = if is_numeric_type(&g.columns[*c].1) {
                        format!("{clipped:>w$}")
                    } else {
                        clipped
                    };
                    let style = if r == g.row && *c == g.col && focused {
                        theme.selected().add_modifier(Modifier::BOLD)
                    } else if text == "NULL" {
                        theme.dim()
                    } else {
                        Style::new()
                    };
                    Cell::from(aligned).style(style)
                }));
                let row = Row::new(cells);
                if r == g.row {
                    row.add_modifier(Modifier::UNDERLINED)
                } else {
                    row
                }
            });
        let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
        frame.render_widget(
            Table::new(rows, constraints)
                .header(header)
                .column_spacing(1),
            inner,
        );
    }
}

fn describe_source(source: &str) -> String {
    if source.starts_with("_cw_result_") {
        "query result".into()
    } else if source.starts_with('(') {
        "sorted/filtered view".into()
    } else {
        source.trim_matches('"').to_string()
    }
}

/// "rows 12,345 (exact) · window 1–40 · sorted by x ↓ · filtered by …".
pub fn status_line(g: &Grid) -> String {
    if g.columns.is_empty() {
        return String::new();
    }
    let rows = match g.rows {
        Some(n) => format!("{} rows", crate::output::group_thousands(n as i64)),
        None => format!(
            "≥ {} rows (counting)",
            crate::output::group_thousands(g.seen as i64)
        ),
    };
    let last = g
        .rows
        .map(|n| n.min(g.top + g.height))
        .unwrap_or(g.top + g.height);
    let mut parts = vec![
        rows,
        format!(
            "row {} · rows {}–{}",
            thousands(g.row + 1),
            thousands((g.top + 1).min(last.max(1))),
            thousands(last)
        ),
        format!(
            "col {}/{} {}",
            g.col + 1,
            g.columns.len(),
            g.column_name().unwrap_or("")
        ),
    ];
    if let Some((c, desc)) = &g.sort {
        parts.push(format!("sorted by {c} {}", if *desc { "↓" } else { "↑" }));
    }
    if let Some(f) = &g.filter {
        parts.push(format!("filtered by {f}"));
    }
    parts.join(" · ")
}

fn thousands(n: u64) -> String {
    crate::output::group_thousands(n as i64)
}

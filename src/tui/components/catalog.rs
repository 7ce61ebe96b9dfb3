//! The catalog pane: the workspace's tables and views with their row counts, the rule pack's
//! rules, and each load's report and rejects. It owns the catalog the worker read and the
//! selected line; Enter on a line is turned into work by the app ([`CatalogPane::selected`]).

use super::{block, Component, Look};
use crate::tui::action::Action;
use crate::tui::worker::{Catalog, Job};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A line of the catalog that Enter can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Table(usize),
    Rule(usize),
    /// A load's report (every field of its `loads` row).
    LoadReport(i64),
    /// The rows a load rejected, with line, stage and reason.
    LoadRejects(i64),
}

/// The catalog's selectable lines, in display order: tables, the pack's rules, then each load's
/// report and rejects.
pub fn catalog_entries(catalog: &Catalog) -> Vec<Entry> {
    (0..catalog.tables.len())
        .map(Entry::Table)
        .chain((0..catalog.rules.len()).map(Entry::Rule))
        .chain(
            catalog
                .loads
                .iter()
                .flat_map(|l| [Entry::LoadReport(l.0), Entry::LoadRejects(l.0)]),
        )
        .collect()
}

#[derive(Default)]
pub struct CatalogPane {
    catalog: Catalog,
    selected: usize,
}

impl CatalogPane {
    /// A new catalog from the worker; the selection stays on its line where it still exists.
    pub fn set(&mut self, catalog: Catalog) {
        self.catalog = catalog;
        self.selected = self
            .selected
            .min(catalog_entries(&self.catalog).len().saturating_sub(1));
    }

    /// The line Enter opens.
    pub fn selected(&self) -> Option<Entry> {
        catalog_entries(&self.catalog).get(self.selected).cloned()
    }

    pub fn table_name(&self, i: usize) -> Option<&str> {
        self.catalog.tables.get(i).map(|t| t.name.as_str())
    }

    /// A rule's SQL with its header comments, to open in a buffer.
    pub fn rule_text(&self, i: usize) -> Option<&str> {
        self.catalog.rules.get(i).map(|r| r.text.as_str())
    }

    /// Names the editor completes: tables and their columns, rule ids, functions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.catalog
            .tables
            .iter()
            .flat_map(|t| {
                std::iter::once(t.name.as_str()).chain(t.columns.iter().map(|c| c.0.as_str()))
            })
            .chain(self.catalog.rules.iter().map(|r| r.id.as_str()))
            .chain(self.catalog.functions.iter().map(String::as_str))
    }
}

impl Component for CatalogPane {
    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        let n = catalog_entries(&self.catalog).len();
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(n.saturating_sub(1)),
            Action::Top => 0,
            Action::Bottom => n.saturating_sub(1),
            _ => self.selected,
        };
        vec![]
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let (theme, focused) = (look.theme, look.focused);
        let inner_width = area.width.saturating_sub(2) as usize;
        let right = |label: &str, count: String| {
            let width = inner_width.saturating_sub(count.chars().count() + 1);
            let label: String = label.chars().take(width).collect();
            format!("{label:<width$} {count}")
        };
        let mut lines: Vec<Line> = Vec::new();
        let mut selected = 0u16;
        for (i, entry) in catalog_entries(&self.catalog).into_iter().enumerate() {
            let (text, empty) = match entry {
                Entry::Table(t) => {
                    let t = &self.catalog.tables[t];
                    let count = if t.rows < 0 {
                        "view".to_string()
                    } else {
                        crate::output::group_thousands(t.rows)
                    };
                    (right(&t.name, count), t.rows == 0)
                }
                Entry::Rule(r) => {
                    if r == 0 {
                        lines.push(Line::styled("rules", theme.accent()));
                    }
                    (format!(" {}", self.catalog.rules[r].id), false)
                }
                Entry::LoadReport(id) => {
                    let (_, file, loaded, _) = self
                        .catalog
                        .loads
                        .iter()
                        .find(|l| l.0 == id)
                        .cloned()
                        .unwrap_or_default();
                    if self.catalog.loads.first().map(|l| l.0) == Some(id) {
                        lines.push(Line::styled("loads", theme.accent()));
                    }
                    (
                        right(
                            &format!(" {id} {file}"),
                            crate::output::group_thousands(loaded),
                        ),
                        false,
                    )
                }
                Entry::LoadRejects(id) => {
                    let rejected = self
                        .catalog
                        .loads
                        .iter()
                        .find(|l| l.0 == id)
                        .map(|l| l.3)
                        .unwrap_or(0);
                    (
                        right("   rejects", crate::output::group_thousands(rejected)),
                        rejected == 0,
                    )
                }
            };
            if i == self.selected {
                selected = lines.len() as u16;
            }
            let style = if i == self.selected && focused {
                theme.selected()
            } else if empty {
                theme.dim()
            } else {
                Style::new()
            };
            lines.push(Line::styled(text, style));
        }
        let height = area.height.saturating_sub(2);
        let scroll = selected.saturating_sub(height.saturating_sub(1));
        if let Some(t) = self
            .catalog
            .tables
            .get(self.selected)
            .filter(|_| focused && area.height > 12)
        {
            // the selected table's columns under the list, as far as they fit
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!("{}:", t.name), theme.accent()));
            for (c, ty) in &t.columns {
                lines.push(Line::styled(
                    format!(" {c} {}", ty.to_lowercase()),
                    theme.dim(),
                ));
            }
        }
        frame.render_widget(
            Paragraph::new(lines).scroll((scroll, 0)).block(block(
                " Catalog ".into(),
                focused,
                theme,
            )),
            area,
        );
    }
}

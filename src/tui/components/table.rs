//! A small table with a selected row: the statistics and frequency popups over the grid, and
//! the body of the risk list. It owns its rows (a few hundred at most, already text) and its
//! selection; the frequency table also knows how to drill down to the rows it counts.

use super::{clip, Theme};
use crate::tui::action::Action;
use crate::tui::worker::Columns;
use ratatui::layout::Constraint;
use ratatui::style::{Modifier, Stylize};
use ratatui::widgets::{Cell, Row, Table};

/// Rows PageUp and PageDown move by.
const PAGE_ROWS: usize = 20;

/// A small table shown over the grid: statistics or a frequency table.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub title: String,
    pub columns: Columns,
    pub rows: Vec<Vec<String>>,
    pub selected: usize,
    /// The column a frequency table counts (Enter filters the result to the selected value).
    pub freq_of: Option<String>,
}

impl Overlay {
    /// A table as the worker sent it; a title `frequency of COLUMN (…)` makes it a frequency
    /// table of COLUMN.
    pub fn from_event(title: String, columns: Columns, rows: Vec<Vec<String>>) -> Self {
        let freq_of = title
            .strip_prefix("frequency of ")
            .map(|t| t.split(" (").next().unwrap_or(t).to_string());
        Overlay {
            title,
            columns,
            rows,
            selected: 0,
            freq_of,
        }
    }

    /// Moves the selection; other actions leave it.
    pub fn navigate(&mut self, action: &Action) {
        let last = self.rows.len().saturating_sub(1);
        let s = self.selected;
        self.selected = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => (s + 1).min(last),
            Action::PageUp => s.saturating_sub(PAGE_ROWS),
            Action::PageDown => (s + PAGE_ROWS).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => s,
        };
    }

    pub fn selected_row(&self) -> Option<&Vec<String>> {
        self.rows.get(self.selected)
    }

    /// For a frequency table: the condition that keeps the rows with the selected value
    /// (quoted and escaped as SQL, never spliced raw).
    pub fn drill_down(&self) -> Option<String> {
        let column = self.freq_of.as_ref()?;
        let value = self.selected_row()?.first()?;
        Some(if value == "NULL" {
            format!("{} IS NULL", crate::sql::ident(column))
        } else {
            format!(
                "CAST({} AS VARCHAR) = {}",
                crate::sql::ident(column),
                crate::sql::literal(value)
            )
        })
    }

    /// The table widget for `height` rows, scrolled so the selection is visible.
    pub fn widget(&self, theme: Theme, height: usize) -> Table<'static> {
        let widths: Vec<Constraint> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                Constraint::Length(
                    self.rows
                        .iter()
                        .map(|r| r.get(i).map(|v| v.chars().count()).unwrap_or(0))
                        .max()
                        .unwrap_or(0)
                        .max(name.chars().count())
                        .clamp(3, 48) as u16,
                )
            })
            .collect();
        let skip = self.selected.saturating_sub(height.saturating_sub(1));
        let rows: Vec<Row> = self
            .rows
            .iter()
            .enumerate()
            .skip(skip)
            .take(height)
            .map(|(i, r)| {
                let row = Row::new(
                    r.iter()
                        .map(|v| Cell::from(clip(v, 48)))
                        .collect::<Vec<_>>(),
                );
                if i == self.selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            })
            .collect();
        Table::new(rows, widths)
            .header(Row::new(
                self.columns
                    .iter()
                    .map(|c| Cell::from(c.0.clone()).add_modifier(Modifier::BOLD))
                    .collect::<Vec<_>>(),
            ))
            .column_spacing(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn freq(values: &[&str]) -> Overlay {
        Overlay::from_event(
            "frequency of origin country (Enter shows the rows)".into(),
            vec![("value".into(), "VARCHAR".into())],
            values.iter().map(|v| vec![v.to_string()]).collect(),
        )
    }

    #[test]
    fn a_frequency_table_drills_down_to_the_selected_value_quoted() {
        let mut t = freq(&["NULL", "it's"]);
        assert_eq!(t.freq_of.as_deref(), Some("origin country"));
        assert_eq!(t.drill_down().unwrap(), "\"origin country\" IS NULL");
        t.navigate(&Action::Down);
        assert_eq!(
            t.drill_down().unwrap(),
            "CAST(\"origin country\" AS VARCHAR) = 'it''s'"
        );
        t.navigate(&Action::Down);
        assert_eq!(t.selected, 1, "the selection stops at the last row");
    }

    #[test]
    fn other_tables_do_not_drill_down() {
        let t = Overlay::from_event("statistics of x".into(), vec![], vec![vec!["1".into()]]);
        assert_eq!(t.freq_of, None);
        assert_eq!(t.drill_down(), None);
    }
}

//! The risk list (F3): the latest run's top-scored declarations, one selected. It owns the
//! table the worker sent and the selection, which survives a refresh of the list.

use super::table::Overlay;
use super::{block, Component, Look};
use crate::tui::action::Action;
use crate::tui::worker::{Columns, Job};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub struct RiskList {
    table: Overlay,
}

impl Default for RiskList {
    fn default() -> Self {
        RiskList {
            table: Overlay {
                title: "top risks".into(),
                columns: vec![],
                rows: vec![],
                selected: 0,
                freq_of: None,
            },
        }
    }
}

impl RiskList {
    /// A new list from the worker; the selection stays where it was, inside the new rows.
    pub fn show(&mut self, title: String, columns: Columns, rows: Vec<Vec<String>>) {
        let selected = self.table.selected.min(rows.len().saturating_sub(1));
        self.table = Overlay {
            title,
            columns,
            rows,
            selected,
            freq_of: None,
        };
    }

    /// The selected declaration's id (the list's first column).
    pub fn selected_declaration(&self) -> Option<String> {
        self.table.selected_row().and_then(|r| r.first()).cloned()
    }
}

impl Component for RiskList {
    fn navigate(&mut self, action: &Action) -> Vec<Job> {
        self.table.navigate(action);
        vec![]
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, look: &Look) {
        let outer = block(
            " Top risks (latest run) · Enter opens the case · R runs the pack · q back ".into(),
            true,
            look.theme,
        );
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        if self.table.rows.is_empty() {
            frame.render_widget(
                Paragraph::new("No risk run yet: press R to run the declaration pack.")
                    .style(look.theme.dim()),
                inner,
            );
            return;
        }
        frame.render_widget(
            self.table
                .widget(look.theme, inner.height.saturating_sub(1) as usize),
            inner,
        );
    }
}

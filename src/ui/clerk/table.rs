//! The console's one table widget: a header row in the strong style over the rows.

use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, Table};
use ratatui::Frame;

use crate::ui::theme;

/// The first row to draw of a table in `area` (its header on the first line) so that the
/// `selected` row is among those that fit.
pub fn first_shown(selected: usize, area: Rect) -> usize {
    let fits = usize::from(area.height.saturating_sub(1)).max(1);
    selected.saturating_sub(fits - 1)
}

pub fn draw_table(
    frame: &mut Frame<'_>,
    area: Rect,
    headers: &[&str],
    widths: &[Constraint],
    rows: Vec<Row<'_>>,
) {
    frame.render_widget(
        Table::new(rows, widths.to_vec()).header(Row::new(headers.to_vec()).style(theme::strong())),
        area,
    );
}

//! The console's one table widget: a header row in the strong style over the rows.

use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, Table};
use ratatui::Frame;

use crate::ui::theme;

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

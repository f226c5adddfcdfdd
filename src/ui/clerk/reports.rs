//! The end-of-day reconciliation and the officers' lists, one screen: the reconciliation
//! on screen and at the desk, and the lists of offenders behind on the fee in the order
//! chosen; S goes to an inmate's statement.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::effect::{Effect, FeeReport, FeeReportRow, ReconView, ReportSort};
use super::model::{go, Model, Screen};
use super::table::draw_table;
use super::view::fill;

/// The reports screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reports {
    /// The day's reconciliation, once read.
    pub recon: Option<ReconView>,
    /// The officers' list on screen, if one is: which, its first rows, how many in all.
    pub list: Option<(FeeReport, Vec<FeeReportRow>, usize)>,
    /// The lists' order (O cycles it).
    pub sort: ReportSort,
    pub scroll: usize,
}

/// The screen opened: the day's reconciliation is read.
pub fn open(model: &mut Model) -> Vec<Effect> {
    go(model, Screen::Reports);
    model.reports.list = None;
    model.waiting = true;
    vec![Effect::LoadReconciliation { date: model.today }]
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match key {
        Key::Char(c @ ('d' | 'D' | 'm' | 'M' | 'v' | 'V')) => {
            let report = match c.to_ascii_lowercase() {
                'd' => FeeReport::Delinquent,
                'm' => FeeReport::Reminders,
                _ => FeeReport::Violations,
            };
            model.waiting = true;
            model.reports.scroll = 0;
            vec![Effect::LoadFeeReport(report, model.reports.sort)]
        }
        // O: the next order (balance, months, DOC number, name).
        Key::Char('o') | Key::Char('O') => {
            let Some((report, _, _)) = &model.reports.list else {
                return Vec::new();
            };
            let report = *report;
            model.reports.sort = model.reports.sort.next();
            model.waiting = true;
            model.reports.scroll = 0;
            vec![Effect::LoadFeeReport(report, model.reports.sort)]
        }
        Key::Up => {
            model.reports.scroll = model.reports.scroll.saturating_sub(1);
            Vec::new()
        }
        Key::Down => {
            let rows = model.reports.list.as_ref().map_or(0, |(_, r, _)| r.len());
            model.reports.scroll = (model.reports.scroll + 1).min(rows.saturating_sub(1));
            Vec::new()
        }
        Key::Char('s') | Key::Char('S') => {
            super::statement::open(model);
            Vec::new()
        }
        Key::Char('r') | Key::Char('R') => {
            model.reports.list = None;
            Vec::new()
        }
        // P prints what is on screen: the officers' list, else the reconciliation.
        Key::Char('p') | Key::Char('P') => {
            model.waiting = true;
            match &model.reports.list {
                Some((report, _, _)) => {
                    vec![Effect::PrintFeeReport(*report, model.reports.sort)]
                }
                None => vec![Effect::PrintReconciliation { date: model.today }],
            }
        }
        Key::Esc => {
            go(model, Screen::Home);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    if let Some((report, rows, total)) = &model.reports.list {
        fee_report(model, w, frame, area, (*report, rows, *total));
        return;
    }
    let mut lines = vec![
        Line::styled(
            fill(w.reports, &[&model.today.to_string()]),
            theme::strong(),
        ),
        Line::from(""),
    ];
    if let Some(r) = &model.reports.recon {
        let row = |label: &str, count: Option<i64>, amount: crate::domain::Money| {
            Line::from(format!(
                "{label:<36} {:>6} {:>14}",
                count.map_or(String::new(), |c| c.to_string()),
                amount.with_dollar_sign()
            ))
        };
        lines.push(row(w.r_opening, None, r.opening));
        lines.push(row(w.r_taken_in, Some(r.taken_in.count), r.taken_in.amount));
        lines.push(row(w.r_posted, Some(r.posted.count), r.posted.amount));
        lines.push(row(w.r_returned, Some(r.returned.count), r.returned.amount));
        lines.push(row(w.r_closing, None, r.closing));
        if let Some(b) = r.batch {
            lines.push(row(w.r_batch, Some(b.count), b.amount));
        }
        lines.push(Line::from(""));
        // The batch's own record against its transfers: when only it disagrees, the
        // difference is $0.00 and names no money order, so it is said first.
        let batch_differs = r.batch.is_some_and(|b| b != r.posted);
        if batch_differs {
            lines.push(Line::styled(w.r_batch_differs, theme::warning()));
        }
        lines.push(if r.balances {
            Line::styled(w.r_balanced, theme::strong())
        } else if batch_differs && r.difference.cents() == 0 && r.concerned.is_empty() {
            Line::from("")
        } else {
            let ids: Vec<String> = r.concerned.iter().map(i64::to_string).collect();
            Line::styled(
                fill(
                    w.r_not_balanced,
                    &[&r.difference.with_dollar_sign(), &ids.join(", ")],
                ),
                theme::warning(),
            )
        });
        if !r.closed {
            lines.push(Line::from(w.r_day_open));
        }
        lines.push(Line::from(format!("{}: {}", w.r_audit, r.audit_head)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn fee_report(
    model: &Model,
    w: &ClerkWords,
    frame: &mut Frame<'_>,
    area: Rect,
    (report, rows, total): (FeeReport, &[FeeReportRow], usize),
) {
    let title = match report {
        FeeReport::Delinquent => w.rep_delinquent,
        FeeReport::Reminders => w.rep_reminders,
        FeeReport::Violations => w.rep_violations,
    };
    let [head, table] = Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
    let sort = w
        .sort_names
        .get(model.reports.sort as usize)
        .copied()
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(fill(title, &[&total.to_string()]), theme::strong()),
            Line::styled(fill(w.sorted_by, &[sort]), theme::muted()),
            Line::styled(w.rep_keys, theme::muted()),
        ])
        .wrap(Wrap { trim: true }),
        head,
    );
    let body: Vec<Row> = rows
        .iter()
        .skip(model.reports.scroll)
        .map(|r| {
            Row::new(vec![
                r.doc.clone(),
                r.name.clone(),
                r.balance.with_dollar_sign(),
                r.months_in_arrears.to_string(),
                r.remind_by.map(|d| d.to_string()).unwrap_or_default(),
            ])
        })
        .collect();
    draw_table(
        frame,
        table,
        &[
            "DOC",
            w.col_name,
            w.col_balance,
            w.col_months,
            w.col_remind_by,
        ],
        &[
            Constraint::Length(9),
            Constraint::Min(16),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Length(11),
        ],
        body,
    );
}

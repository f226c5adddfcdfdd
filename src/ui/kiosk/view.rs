//! Drawing the kiosk: large, high-contrast, every button also reachable by its number or
//! the arrows. `view` returns where the buttons were drawn so a touch can press them.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::domain::Exemption;
use crate::domain::PrinterState;
use crate::strings::{self, kiosk_words, KioskWords};
use crate::ui::theme;

use super::effect::AccountView;
use super::input::KEYBOARD;
use super::model::{Model, Notice, Purpose, Screen, TechField};
use super::msg::{Button, Cap};
use super::update::has_keyboard;

/// The smallest screen the kiosk draws on.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Where each button was drawn, for touches and clicks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitMap(Vec<(Rect, Button)>);

impl HitMap {
    pub fn button_at(&self, column: u16, row: u16) -> Option<Button> {
        self.0
            .iter()
            .rev()
            .find(|(r, _)| {
                column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
            })
            .map(|(_, b)| *b)
    }

    fn add(&mut self, area: Rect, button: Button) {
        self.0.push((area, button));
    }
}

pub(super) fn fill(text: &str, value: &str) -> String {
    text.replacen("{}", value, 1)
}

pub(super) fn printer_words(w: &KioskWords, state: PrinterState) -> &'static str {
    match state {
        PrinterState::Ready => w.printer_ready,
        PrinterState::PaperLow => w.printer_paper_low,
        PrinterState::PaperOut => w.printer_paper_out,
        PrinterState::CoverOpen => w.printer_cover_open,
        PrinterState::Offline => w.printer_offline,
        PrinterState::NoAnswer => w.printer_no_answer,
        PrinterState::NotConnected => w.printer_not_connected,
    }
}

pub(super) fn notice_words(model: &Model, w: &KioskWords, notice: Notice) -> String {
    match notice {
        Notice::DigitsOnly => w.digits_only.into(),
        Notice::ControlRemoved => w.control_removed.into(),
        Notice::TooLong => w.too_long.into(),
        Notice::NotMatched => w.name_mismatch.into(),
        Notice::MovedAway => fill(
            w.moved_away,
            model
                .visit
                .inmate
                .as_ref()
                .map_or("", |i| i.facility.as_str()),
        ),
        Notice::Rejected(r) => strings::rejection(model.language, r),
        Notice::NotAccepted => fill(
            &fill(w.not_accepted, &model.limits.pin_failures.to_string()),
            &model.limits.pin_lock_minutes.to_string(),
        ),
        Notice::CannotPrint => w.cannot_print.into(),
        Notice::PrintProblem(state) => fill(w.print_problem, printer_words(w, state)),
        Notice::TechRefused => w.tech_refused.into(),
        Notice::VoucherPrinted => w.voucher_printed.into(),
        Notice::SlipsNotSaved => w.slips_not_saved.into(),
        Notice::LookupFailed => w.lookup_failed.into(),
        Notice::TenAtMost => w.ten_at_most.into(),
        Notice::NoVoucher => w.no_voucher.into(),
        Notice::StartOverAsk => w.start_over_ask.into(),
        Notice::PrinterBack => w.printer_back.into(),
        Notice::SlipsNotPrinted => w.slips_not_printed.into(),
        Notice::VoucherCannotPrint(state) => fill(w.voucher_cannot_print, printer_words(w, state)),
        // An invisible or joining character (a direction override, a lone accent) is named
        // by its code, never drawn.
        Notice::CannotPrintChar(c) => fill(w.cannot_print_char, &visible(c)),
        Notice::VoucherNotPrinted => w.voucher_not_printed.into(),
    }
}

/// The words of the screen's menu, in order (item `i` is chosen by key `i + 1`, the tenth
/// by 0): what the view draws and what speech mode says. The money orders to choose from
/// are amounts, not words, and each says them its own way.
pub(super) fn menu_words(model: &Model, w: &KioskWords) -> Vec<&'static str> {
    match model.screen {
        Screen::Welcome if model.languages.len() > 1 => {
            vec![w.send_money, w.check_fee, w.switch_language]
        }
        Screen::Welcome => vec![w.send_money, w.check_fee],
        Screen::Review => vec![w.print_slips, w.add_another, w.change_one, w.change_amounts],
        Screen::Account => vec![w.print_voucher, w.done],
        Screen::Printed if !model.visit.unprinted.is_empty() => vec![w.print_again, w.done],
        _ => Vec::new(),
    }
}

/// Draws the model; returns where its buttons are.
pub fn view(model: &Model, frame: &mut Frame<'_>) -> HitMap {
    let area = frame.area();
    let w = kiosk_words(model.language);
    let mut hits = HitMap::default();
    frame.render_widget(Block::new().style(theme::base()), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(
            Paragraph::new(w.too_small)
                .style(theme::warning())
                .wrap(Wrap { trim: true }),
            area,
        );
        return hits;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(10),
        Constraint::Length(3),
    ])
    .areas(area);
    draw_header(model, w, frame, header, &mut hits);
    let inner = body.inner(ratatui::layout::Margin::new(2, 1));
    match model.screen {
        Screen::Welcome => welcome(model, w, frame, inner, &mut hits),
        Screen::Doc(purpose) => {
            let prompt = if purpose == Purpose::Deposit {
                w.enter_doc
            } else {
                w.enter_your_doc
            };
            entry(
                model,
                frame,
                inner,
                prompt,
                &model.visit.doc,
                w.doc_hint,
                false,
                &mut hits,
            )
        }
        Screen::LastName => entry(
            model,
            frame,
            inner,
            w.enter_last_name,
            &model.visit.last_name,
            w.last_name_hint,
            false,
            &mut hits,
        ),
        Screen::SenderName => entry(
            model,
            frame,
            inner,
            w.enter_sender_name,
            &model.visit.sender_name,
            w.address_hint,
            false,
            &mut hits,
        ),
        Screen::Street => entry(
            model,
            frame,
            inner,
            w.enter_street,
            &model.visit.street,
            w.address_hint,
            false,
            &mut hits,
        ),
        Screen::CityLine => entry(
            model,
            frame,
            inner,
            w.enter_city_line,
            &model.visit.city_line,
            w.address_hint,
            false,
            &mut hits,
        ),
        Screen::Amount => entry(
            model,
            frame,
            inner,
            &match model.visit.editing {
                Some(i) => fill(w.change_amount, &(i + 1).to_string()),
                None => w.enter_amount.to_string(),
            },
            &format!("$ {}", model.visit.amount),
            if model.visit.editing.is_some() {
                w.change_amount_hint
            } else {
                w.amount_hint
            },
            false,
            &mut hits,
        ),
        Screen::Pin => entry(
            model,
            frame,
            inner,
            w.enter_pin,
            &model.visit.pin,
            w.pin_hint,
            true,
            &mut hits,
        ),
        Screen::Technician(field) => {
            let (prompt, value, masked) = match field {
                TechField::User => (w.tech_user, &model.visit.tech_user, false),
                TechField::Password => (w.tech_password, &model.visit.tech_password, true),
            };
            entry(
                model,
                frame,
                inner,
                &format!("{}: {prompt}", w.technician),
                value,
                "",
                masked,
                &mut hits,
            )
        }
        Screen::Confirm => confirm(model, w, frame, inner, &mut hits),
        Screen::Review => review(model, w, frame, inner, &mut hits),
        Screen::ChooseMoneyOrder => choose_money_order(model, w, frame, inner, &mut hits),
        Screen::Printing => {
            let spin = ['|', '/', '-', '\\'][model.spinner % 4];
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from(""),
                    Line::styled(format!("{spin}  {}", w.printing_slips), theme::strong()),
                ]),
                inner,
            );
        }
        Screen::Printed => printed(model, w, frame, inner, &mut hits),
        Screen::Account => account(model, w, frame, inner, &mut hits),
    }
    draw_footer(model, w, frame, footer);
    if let Some(left) = model.countdown {
        let popup = centred(area, 60, 5);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(fill(w.idle_warning, &left.to_string()))
                .style(theme::warning())
                .wrap(Wrap { trim: true })
                .block(Block::bordered().border_type(BorderType::Thick)),
            popup,
        );
    }
    hits
}

fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

fn draw_header(
    model: &Model,
    w: &KioskWords,
    frame: &mut Frame<'_>,
    area: Rect,
    hits: &mut HitMap,
) {
    let [top, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2)]).areas(area);
    let language = format!("[ {} ]", w.switch_language);
    let lang_width = u16::try_from(language.chars().count()).unwrap_or(12);
    let [title, lang] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(lang_width + 1)]).areas(top);
    frame.render_widget(
        Paragraph::new(if model.facility.is_empty() {
            format!(" {}", w.title)
        } else {
            format!(" {} — {}", w.title, model.facility)
        })
        .style(theme::title()),
        title,
    );
    if model.languages.len() > 1 {
        frame.render_widget(Paragraph::new(language).style(theme::title()), lang);
        hits.add(lang, Button::Language);
    }
    let printer = printer_words(w, model.printer);
    let style = if model.printer.can_print() {
        theme::muted()
    } else {
        theme::warning()
    };
    frame.render_widget(Paragraph::new(format!(" {printer}")).style(style), status);
}

fn draw_footer(model: &Model, w: &KioskWords, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = Vec::new();
    if model.waiting {
        let spin = ['|', '/', '-', '\\'][model.spinner % 4];
        lines.push(Line::styled(format!(" {spin} {}", w.busy), theme::strong()));
    } else if let Some(n) = model.notice {
        // A problem is never told by its colour alone: it carries the warning mark too.
        let good = matches!(
            n,
            Notice::VoucherPrinted | Notice::PrinterBack | Notice::NoVoucher
        );
        let (style, mark) = if good {
            (theme::strong(), String::new())
        } else {
            (theme::warning(), format!("{} ", theme::ERROR_MARK))
        };
        lines.push(Line::styled(
            format!(" {mark}{}", notice_words(model, w, n)),
            style,
        ));
    } else {
        let hint = if has_keyboard(model.screen) {
            w.keys_hint_letters
        } else {
            w.keys_hint
        };
        lines.push(Line::styled(format!(" {hint}"), theme::muted()));
    }
    if model.demo {
        lines.push(Line::styled(format!(" {}", w.demo_exit), theme::muted()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// A menu of big buttons, numbered, one under the other or side by side.
fn menu(
    model: &Model,
    frame: &mut Frame<'_>,
    area: Rect,
    items: &[&str],
    direction: Direction,
    hits: &mut HitMap,
) {
    let columns = match direction {
        Direction::Vertical => 1,
        Direction::Horizontal => items.len(),
    };
    grid(model, frame, area, items, columns, hits);
}

/// Big numbered buttons, `columns` to a row, each three lines high (the tenth numbered 0,
/// the key that chooses it).
fn grid(
    model: &Model,
    frame: &mut Frame<'_>,
    area: Rect,
    items: &[&str],
    columns: usize,
    hits: &mut HitMap,
) {
    let columns = columns.max(1);
    let rows = Layout::vertical(items.chunks(columns).map(|_| Constraint::Length(3))).split(area);
    for (r, (chunk, row)) in items.chunks(columns).zip(rows.iter()).enumerate() {
        let slots = Layout::horizontal((0..columns).map(|_| Constraint::Fill(1))).split(*row);
        for (c, (item, slot)) in chunk.iter().zip(slots.iter()).enumerate() {
            let i = r * columns + c;
            let selected = model.menu == i;
            let text = theme::menu_label(selected, (i + 1) % 10, item);
            frame.render_widget(
                Paragraph::new(text).style(theme::choice(selected)).block(
                    Block::bordered().border_type(if selected {
                        BorderType::Thick
                    } else {
                        BorderType::Plain
                    }),
                ),
                *slot,
            );
            hits.add(*slot, Button::Menu(i));
        }
    }
}

fn welcome(model: &Model, w: &KioskWords, frame: &mut Frame<'_>, area: Rect, hits: &mut HitMap) {
    let [intro, items, warn] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(9),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(w.welcome_en, theme::strong()),
            Line::styled(w.welcome_es, theme::strong()),
        ])
        .wrap(Wrap { trim: true }),
        intro,
    );
    menu(
        model,
        frame,
        items,
        &menu_words(model, w),
        Direction::Vertical,
        hits,
    );
    // The speech and large-print keys, in every language offered (a visitor who cannot
    // read this one's words may read the other's), each with its state when on.
    let mut lines: Vec<Line> = model
        .languages
        .iter()
        .map(|l| {
            let s = strings::speech_words(*l);
            let keys = match (model.speech_available, model.large) {
                (true, false) => s.welcome_keys,
                (false, false) => s.welcome_large_key,
                (true, true) => s.welcome_keys_large_on,
                (false, true) => s.welcome_large_key_on,
            };
            Line::styled(keys, theme::strong())
        })
        .collect();
    // The footer already says it when the person just tried to start a slip.
    if !model.printer.can_print() && model.notice != Some(Notice::CannotPrint) {
        lines.push(Line::styled(w.cannot_print, theme::warning()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), warn);
}

/// Rows and columns one character takes in large print (font8x8 glyphs drawn with quadrant
/// blocks: 8x8 pixels in 4x4 cells).
const BIG_COLUMNS: u16 = 4;
const BIG_ROWS: u16 = 4;

/// `text` in large print when the model asks for it and `area` holds it whole; else the
/// plain line, so nothing is ever cut off. Returns whether it drew large.
fn big_or_plain(
    model: &Model,
    frame: &mut Frame<'_>,
    area: Rect,
    text: &str,
    style: ratatui::style::Style,
) -> bool {
    let width = u16::try_from(text.chars().count())
        .unwrap_or(u16::MAX)
        .saturating_mul(BIG_COLUMNS);
    if model.large && width <= area.width && area.height >= BIG_ROWS {
        frame.render_widget(
            tui_big_text::BigText::builder()
                .pixel_size(tui_big_text::PixelSize::Quadrant)
                .style(style)
                .lines(vec![Line::from(text.to_string())])
                .build(),
            Rect {
                height: BIG_ROWS,
                ..area
            },
        );
        true
    } else {
        frame.render_widget(Paragraph::new(text.to_string()).style(style), area);
        false
    }
}

#[allow(clippy::too_many_arguments)]
fn entry(
    model: &Model,
    frame: &mut Frame<'_>,
    area: Rect,
    prompt: &str,
    value: &str,
    hint: &str,
    masked: bool,
    hits: &mut HitMap,
) {
    // Large print makes the field four rows taller, where the screen keeps room for what
    // comes under it (the on-screen keyboard's six rows, or the OK and Back buttons).
    let below = if has_keyboard(model.screen) { 12 } else { 3 };
    let large = model.large && area.height >= 1 + 3 + BIG_ROWS + 1 + below;
    let [p, input, h, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if large { 3 + BIG_ROWS - 1 } else { 3 }),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(prompt).style(theme::strong()), p);
    let shown: String = if masked {
        "*".repeat(value.chars().count())
    } else {
        value.to_string()
    };
    let box_ = Block::bordered().border_type(BorderType::Thick);
    let inside = box_.inner(input);
    // What fits with the cursor after it (one column spare, as always).
    let room = usize::from(if large {
        (inside.width / BIG_COLUMNS).saturating_sub(1)
    } else {
        inside.width.saturating_sub(2)
    });
    let count = shown.chars().count();
    let tail: String = shown.chars().skip(count.saturating_sub(room)).collect();
    frame.render_widget(box_, input);
    if large {
        big_or_plain(model, frame, inside, &format!("{tail}_"), theme::strong());
    } else {
        frame.render_widget(
            Paragraph::new(format!("{tail}_")).style(theme::strong()),
            inside,
        );
    }
    frame.render_widget(Paragraph::new(hint).style(theme::muted()), h);
    if has_keyboard(model.screen) {
        keyboard(model, frame, keys, hits);
    } else {
        let [ok, back] = Layout::horizontal([Constraint::Length(12), Constraint::Length(12)])
            .areas(Rect {
                height: keys.height.min(3),
                ..keys
            });
        let w = kiosk_words(model.language);
        button(frame, ok, w.ok, false, Button::Cap(Cap::Ok), hits);
        button(frame, back, w.back, false, Button::Back, hits);
    }
}

fn button(
    frame: &mut Frame<'_>,
    area: Rect,
    text: &str,
    selected: bool,
    b: Button,
    hits: &mut HitMap,
) {
    let style = theme::choice(selected);
    frame.render_widget(
        Paragraph::new(text)
            .style(style)
            .centered()
            .block(Block::new().borders(Borders::ALL)),
        area,
    );
    hits.add(area, b);
}

/// The on-screen keyboard. Each key is a closed box where there is room (three lines a
/// row), else a bracketed label with a line between rows, so a key is never an open
/// corner that could belong to its neighbour.
fn keyboard(model: &Model, frame: &mut Frame<'_>, area: Rect, hits: &mut HitMap) {
    let w = kiosk_words(model.language);
    let rows = u16::try_from(KEYBOARD.len()).unwrap_or(6);
    let boxed = area.height >= rows * 3;
    let pitch = if boxed { 3 } else { 2 };
    // Ten keys and nine gaps across the width, 5 to 10 columns a key.
    let key_width = ((area.width + 1) / 10).saturating_sub(1).clamp(5, 10);
    for (r, row) in KEYBOARD.iter().enumerate() {
        let y = area.y + u16::try_from(r).unwrap_or(0) * pitch;
        let height = pitch.min(if boxed { 3 } else { 1 });
        if y + height > area.y + area.height {
            break;
        }
        let mut x = area.x;
        for (c, cap) in row.iter().enumerate() {
            let (label, width) = match cap {
                Cap::Char(ch) => (ch.to_string(), key_width),
                Cap::Space => (w.space.to_string(), key_width * 2 + 1),
                Cap::Delete => (w.delete.to_string(), key_width * 2 + 1),
                Cap::Ok => (w.ok.to_string(), key_width * 2 + 1),
            };
            let width = width.min((area.x + area.width).saturating_sub(x));
            if width < 3 {
                break;
            }
            let rect = Rect::new(x, y, width, height);
            let selected = model.cursor == (r, c);
            let mark = if selected { "▶" } else { "" };
            let style = theme::choice(selected);
            if boxed {
                frame.render_widget(
                    Paragraph::new(format!("{mark}{label}"))
                        .style(style)
                        .centered()
                        .block(Block::bordered().border_type(if selected {
                            BorderType::Thick
                        } else {
                            BorderType::Plain
                        })),
                    rect,
                );
            } else {
                let inside = usize::from(width.saturating_sub(2));
                frame.render_widget(
                    Paragraph::new(format!("[{:^inside$}]", format!("{mark}{label}"))).style(style),
                    rect,
                );
            }
            hits.add(rect, Button::Cap(*cap));
            x += width + 1;
        }
    }
}

fn confirm(model: &Model, w: &KioskWords, frame: &mut Frame<'_>, area: Rect, hits: &mut HitMap) {
    let [p, who, buttons, _] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(4),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(w.confirm_inmate).style(theme::strong()), p);
    let (name, facility) = model
        .visit
        .inmate
        .as_ref()
        .map_or((String::new(), String::new()), |i| {
            (i.name.clone(), i.facility.clone())
        });
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                format!("{}  ({})", name, model.visit.doc),
                theme::selected(),
            ),
            Line::styled(facility, theme::strong()),
        ])
        .block(Block::bordered()),
        who,
    );
    let [yes, no] =
        Layout::horizontal([Constraint::Length(20), Constraint::Length(20)]).areas(buttons);
    button(
        frame,
        yes,
        &format!("1  {}", w.yes),
        false,
        Button::Yes,
        hits,
    );
    button(frame, no, &format!("2  {}", w.no), false, Button::No, hits);
}

fn review(model: &Model, w: &KioskWords, frame: &mut Frame<'_>, area: Rect, hits: &mut HitMap) {
    let v = &model.visit;
    // The menu keeps its three buttons; the facts take the rest, the amounts and the total
    // first so that long names never push them out of sight.
    let total = crate::domain::Money::from_cents(v.amounts.iter().map(|m| m.cents()).sum());
    // Large print: the total, four rows high, above the facts, where the screen has room
    // for it and for every line of the facts (eight) and the menu.
    let area = if model.large && area.height >= BIG_ROWS + 8 + 6 {
        let [big, rest] =
            Layout::vertical([Constraint::Length(BIG_ROWS), Constraint::Min(0)]).areas(area);
        big_or_plain(
            model,
            frame,
            big,
            &format!("{} {}", w.total_label, total.with_dollar_sign()),
            theme::strong(),
        );
        rest
    } else {
        area
    };
    let [facts, items] = Layout::vertical([Constraint::Min(4), Constraint::Length(6)]).areas(area);
    let amounts = v
        .amounts
        .iter()
        .map(|m| m.with_dollar_sign())
        .collect::<Vec<_>>()
        .join("  ");
    // Names and the address as the slip will print them (cleaned and normalised as the
    // ledger stores them, a letter the printer lacks as its look-alike), so what the
    // visitor checks is what the lock box gets.
    let page = crate::domain::CodePage::default();
    let printed = |field: crate::domain::Field, text: &str| {
        let clean = crate::domain::text::clean(field, text)
            .ok()
            .flatten()
            .unwrap_or_else(|| crate::domain::text::printable(text));
        page.printable(&clean)
    };
    let inmate = v
        .inmate
        .as_ref()
        .map_or(String::new(), |i| page.printable(&i.name));
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(w.review, theme::strong()),
            Line::from(format!("{}: {amounts}", w.amounts_label)),
            Line::styled(
                format!("{}: {}", w.total_label, total.with_dollar_sign()),
                theme::strong(),
            ),
            Line::from(format!("{}: {} ({})", w.inmate_label, inmate, v.doc)),
            Line::from(format!(
                "{}: {}",
                w.sender_label,
                printed(crate::domain::Field::SenderName, &v.sender_name)
            )),
            Line::from(format!(
                "{}: {}, {}",
                w.address_label,
                printed(crate::domain::Field::SenderAddress, &v.street),
                printed(crate::domain::Field::SenderAddress, &v.city_line)
            )),
            // The lock box's rules and when the money posts, before anything prints.
            Line::styled(w.no_cash_rule, theme::muted()),
            Line::styled(w.posts_when, theme::muted()),
        ])
        .wrap(Wrap { trim: true }),
        facts,
    );
    grid(model, frame, items, &menu_words(model, w), 2, hits);
}

fn choose_money_order(
    model: &Model,
    w: &KioskWords,
    frame: &mut Frame<'_>,
    area: Rect,
    hits: &mut HitMap,
) {
    let [prompt, items] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(w.choose_money_order)
            .style(theme::strong())
            .wrap(Wrap { trim: true }),
        prompt,
    );
    let amounts: Vec<String> = model
        .visit
        .amounts
        .iter()
        .map(|m| m.with_dollar_sign())
        .collect();
    let labels: Vec<&str> = amounts.iter().map(String::as_str).collect();
    grid(model, frame, items, &labels, 2, hits);
}

fn printed(model: &Model, w: &KioskWords, frame: &mut Frame<'_>, area: Rect, hits: &mut HitMap) {
    let [text, done] = Layout::vertical([Constraint::Min(6), Constraint::Length(3)]).areas(area);
    // Slips that did not come out: the visitor is sent to the clerk with their numbers,
    // never told to put a slip they do not have in the lock box.
    // They may also print them here once the printer is ready (key 1).
    if !model.visit.unprinted.is_empty() {
        let lines = vec![
            Line::styled(
                format!(
                    "{} {}",
                    theme::ERROR_MARK,
                    fill(w.slips_at_the_clerk, &model.visit.unprinted.join(", "))
                ),
                theme::warning(),
            ),
            Line::from(""),
            Line::styled(w.or_print_here, theme::strong()),
            Line::styled(w.no_cash_rule, theme::strong()),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
        menu(
            model,
            frame,
            done,
            &menu_words(model, w),
            Direction::Horizontal,
            hits,
        );
        return;
    }
    let lines = {
        vec![
            Line::styled(
                format!("{}: {}", w.slip_numbers, model.visit.slips.join("  ")),
                theme::strong(),
            ),
            Line::from(""),
            Line::styled(w.printed_instructions, theme::selected()),
            Line::styled(w.no_cash_rule, theme::strong()),
            Line::styled(w.posts_when, theme::strong()),
        ]
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
    let [b, _] = Layout::horizontal([Constraint::Length(20), Constraint::Min(0)]).areas(done);
    button(frame, b, w.done, true, Button::Back, hits);
}

pub(super) fn exemption_words(w: &KioskWords, e: Exemption) -> &'static str {
    match e {
        Exemption::Program => w.exempt_program,
        Exemption::Confinement => w.exempt_confinement,
        Exemption::Interstate => w.exempt_interstate,
        Exemption::CaseType => w.exempt_case_type,
    }
}

/// How a line of the account's facts is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tone {
    Plain,
    Strong,
    Warning,
    Selected,
    Muted,
}

/// The facts of an offender's account, in order, as sentences: drawn by the view with
/// `money` as "$25.00" and spoken by `speech` with it in words, from the same table.
/// `amount` formats an amount whose sentence already has its dollar sign.
pub(super) fn account_facts(
    a: &AccountView,
    w: &KioskWords,
    money: &dyn Fn(crate::domain::Money) -> String,
    amount: &dyn Fn(crate::domain::Money) -> String,
    date: &dyn Fn(chrono::NaiveDate) -> String,
) -> Vec<(String, Tone)> {
    let mut lines = Vec::new();
    let status = if let Some(closed) = a.closed_on {
        fill(w.status_closed, &date(closed))
    } else if a.current {
        w.status_current.to_string()
    } else {
        format!(
            "{}: {}",
            w.status_delinquent,
            fill(w.months_in_arrears, &a.months_in_arrears.to_string())
        )
    };
    lines.push((
        status,
        if a.current {
            Tone::Strong
        } else {
            Tone::Warning
        },
    ));
    if a.absconded {
        lines.push((
            format!("{} {}", theme::ERROR_MARK, w.absconded_contact),
            Tone::Warning,
        ));
    }
    if let Some(e) = a.exemption {
        lines.push((exemption_words(w, e).to_string(), Tone::Plain));
    }
    if let Some((waived, to)) = a.waiver {
        lines.push((
            fill(&fill(w.waiver_in_force, &amount(waived)), &date(to)),
            Tone::Plain,
        ));
    }
    lines.push((
        format!("{}: {}", w.balance, money(a.balance)),
        Tone::Selected,
    ));
    // Behind: what is past due is due now, said with when it became late (not the next
    // month's date). Under a waiver covering the next due date: no payment is due.
    match (a.delinquent_from, a.waiver) {
        (Some(late), _) if !a.current => lines.push((
            fill(&fill(w.due_now, &money(a.balance)), &date(late)),
            Tone::Warning,
        )),
        (_, Some((_, until))) if a.next_due.is_none_or(|d| d <= until) => {
            lines.push((fill(w.waiver_no_payment, &date(until)), Tone::Plain))
        }
        _ => {
            if let Some(d) = a.next_due.filter(|_| a.closed_on.is_none()) {
                lines.push((format!("{}: {}", w.next_due, date(d)), Tone::Plain));
            }
        }
    }
    match a.card_quote {
        Some(q) => lines.push((
            fill(
                &fill(
                    &fill(w.card_fee_for_balance, &amount(q.amount)),
                    &amount(q.fee),
                ),
                &amount(q.total),
            ),
            Tone::Muted,
        )),
        None => lines.push((w.nothing_owed.to_string(), Tone::Plain)),
    }
    lines
}

fn account(model: &Model, w: &KioskWords, frame: &mut Frame<'_>, area: Rect, hits: &mut HitMap) {
    let Some(a) = &model.visit.account else {
        return;
    };
    let date = |d: chrono::NaiveDate| match model.language {
        crate::domain::Language::En => strings::en::date(d),
        crate::domain::Language::Es => strings::es::date(d),
    };
    let mut lines = vec![Line::styled(
        format!("{}  ({})", a.name, a.doc),
        theme::strong(),
    )];
    for (text, tone) in account_facts(a, w, &|m| m.with_dollar_sign(), &|m| m.to_string(), &date) {
        let style = match tone {
            Tone::Plain => ratatui::style::Style::default(),
            Tone::Strong => theme::strong(),
            Tone::Warning => theme::warning(),
            Tone::Selected => theme::selected(),
            Tone::Muted => theme::muted(),
        };
        lines.push(Line::styled(text, style));
    }
    // Long sentences (the absconded warning, a waiver's end in Spanish) wrap, never cut:
    // the facts take the rows their words need and the months' table the rest.
    let facts_height: usize = lines
        .iter()
        .map(|l| wrapped_rows(&l.to_string(), usize::from(area.width)))
        .sum();
    let [facts, table, items] = Layout::vertical([
        Constraint::Length(u16::try_from(facts_height).unwrap_or(8)),
        Constraint::Min(4),
        Constraint::Length(3),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), facts);
    let rows: Vec<Row> = a
        .months
        .iter()
        .skip(model.scroll)
        .map(|m| {
            // The reason is said above the table in full; a month's cell says it short, so a
            // narrow screen never cuts it.
            let exempt = m.exempt.map(|_| w.not_billed).unwrap_or("");
            Row::new(vec![
                m.month.format("%Y-%m").to_string(),
                m.assessed.with_dollar_sign(),
                m.waived.with_dollar_sign(),
                m.paid.with_dollar_sign(),
                if exempt.is_empty() && m.delinquent {
                    w.status_delinquent.to_string()
                } else {
                    exempt.to_string()
                },
            ])
        })
        .collect();
    let title = format!("{} ({})", w.activity, w.scroll_hint);
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(8),
                Constraint::Length(9),
                Constraint::Length(9),
                Constraint::Length(9),
                Constraint::Min(10),
            ],
        )
        .header(
            Row::new(vec![
                w.month_col,
                w.assessed_col,
                w.waived_col,
                w.paid_col,
                "",
            ])
            .style(theme::strong()),
        )
        .block(Block::bordered().title(title)),
        table,
    );
    let [up, down] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(Rect {
        x: table.x + table.width.saturating_sub(3),
        width: 3,
        ..table
    });
    hits.add(up, Button::ScrollUp);
    hits.add(down, Button::ScrollDown);
    menu(
        model,
        frame,
        items,
        &menu_words(model, w),
        Direction::Horizontal,
        hits,
    );
}

/// A character as the notice names it: itself when it is a visible letter, digit, mark of
/// punctuation or symbol, else its code (`U+202E`), so nothing invisible reaches the screen.
fn visible(c: char) -> String {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    let shown = matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::OtherLetter
            | G::ModifierLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
    ) || crate::domain::text::is_punctuation(c);
    if shown {
        c.to_string()
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

/// The rows `text` takes wrapped at word boundaries to `width` columns (at least one),
/// counting each character's display width (a CJK name takes two columns a character).
fn wrapped_rows(text: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut rows = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.width();
        let need = if used == 0 { len } else { used + 1 + len };
        if need <= width {
            used = need;
            continue;
        }
        // A new row for the word (unless it starts this one), and more for a word longer
        // than a row; the last of its rows is filled to what remains.
        if used > 0 {
            rows += 1;
        }
        rows += len.saturating_sub(1) / width;
        used = match len % width {
            0 => width,
            r => r,
        };
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::wrapped_rows;

    #[test]
    fn wrapped_rows_counts_what_a_paragraph_draws() {
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("abc def", 7), 1);
        assert_eq!(wrapped_rows("abc defg", 7), 2);
        // A word that exactly fills a row leaves no room for the next.
        assert_eq!(wrapped_rows("abcdefghij k", 10), 2);
        assert_eq!(wrapped_rows("abcdefghijklmnopqrst k", 10), 3);
        // A word longer than a row at the start takes the rows it needs, no more.
        assert_eq!(wrapped_rows("abcdefghijklmno", 10), 2);
        // Wide characters take two columns each.
        assert_eq!(wrapped_rows("李李李李李李", 10), 2);
    }
}

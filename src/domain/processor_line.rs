//! The payment processor's daily file: CSV with the header
//! `id,received_at,channel,doc,sender_name,sender_address,amount,card`. A file is read all
//! or nothing: any malformed line refuses the whole file, every bad line named.

use chrono::{DateTime, FixedOffset};

use super::{text, DepositChannel, DocNumber, Field, Money};

/// The header the file must start with.
pub const PROCESSOR_HEADER: &str =
    "id,received_at,channel,doc,sender_name,sender_address,amount,card";
/// Lines in one file, at most (a day's file for a whole state is far smaller).
pub const PROCESSOR_LINES_MAX: usize = 1_000_000;
/// A line's length in bytes, at most.
pub const PROCESSOR_LINE_BYTES_MAX: usize = 4_096;
/// A transaction id or card fingerprint, at most.
const ID_CHARS_MAX: usize = 64;

/// One line of the file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorLine {
    /// The line's number in the file (the header is line 1).
    pub line: usize,
    pub id: String,
    pub received_at: DateTime<FixedOffset>,
    pub channel: DepositChannel,
    /// Required for card and cash lines; a chargeback names its original by `id` (and its
    /// DOC number, when given, must be the original's).
    pub doc: Option<DocNumber>,
    /// Empty when the sender gave none (refused as `anonymous`, not malformed).
    pub sender_name: String,
    pub sender_address: String,
    /// For a chargeback, zero when the file left it out (the whole of the original).
    pub amount: Money,
    /// The card's fingerprint (card lines; empty for cash).
    pub card: String,
}

/// A malformed line: its number and what is wrong (the words are in `strings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub problem: LineFault,
}

/// What makes a line malformed. Text quoted from the file is already made printable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineFault {
    Header(String),
    TooManyLines,
    TooLong,
    QuoteInField,
    QuoteNotClosed,
    Columns(usize),
    NoId,
    BadId(String),
    BadDate(String),
    BadChannel(String),
    NoDoc,
    BadDoc(String),
    /// A name or address with a control character, or too long.
    BadText(&'static str),
    BadAmount(String, super::MoneyError),
    BadCard(String),
    CardLineWithoutCard,
    CashLineWithCard,
    /// The same id as line N with other content: which one is the processor's is unknown.
    ConflictingId(usize),
}

/// Reads a whole file: every line checked, or every problem found.
pub fn parse_processor_file(text: &str) -> Result<Vec<ProcessorLine>, Vec<LineProblem>> {
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    let mut rows = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    match rows.next() {
        Some((_, header)) if header.trim_start_matches('\u{feff}') == PROCESSOR_HEADER => {}
        Some((n, header)) => problems.push(LineProblem {
            line: n,
            problem: LineFault::Header(text::printable(
                &header.chars().take(120).collect::<String>(),
            )),
        }),
        None => {}
    }
    // An id met again must carry the same line (then it is a duplicate, recorded once). A
    // chargeback carries its original's id: the two are told apart by the channel.
    let mut ids: std::collections::HashMap<(String, bool), (usize, &str)> =
        std::collections::HashMap::new();
    for (n, row) in rows {
        if row.trim().is_empty() {
            continue;
        }
        // A line is split into its fields once: the id check and the line's reading share
        // it. A line too long is still split for its id (a later line reusing it is named
        // too), then refused as too long.
        let split = fields(row);
        if let Ok(f) = &split {
            let chargeback = f.get(2).is_some_and(|c| c.trim() == "chargeback");
            if let Some(id) = f.first().map(|i| (i.trim().to_string(), chargeback)) {
                match ids.get(&id) {
                    Some((first, earlier)) if *earlier != row => {
                        problems.push(LineProblem {
                            line: n,
                            problem: LineFault::ConflictingId(*first),
                        });
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        ids.insert(id, (n, row));
                    }
                }
            }
        }
        if lines.len() + problems.len() >= PROCESSOR_LINES_MAX {
            problems.push(LineProblem {
                line: n,
                problem: LineFault::TooManyLines,
            });
            break;
        }
        let split = if row.len() > PROCESSOR_LINE_BYTES_MAX {
            Err(LineFault::TooLong)
        } else {
            split
        };
        match split.and_then(|f| parse_line(n, &f)) {
            Ok(l) => lines.push(l),
            Err(problem) => problems.push(LineProblem { line: n, problem }),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// The fields of one CSV record: commas separate, double quotes enclose a field that holds
/// commas, and a doubled quote inside is one quote.
fn fields(row: &str) -> Result<Vec<String>, LineFault> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut chars = row.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if at_start => quoted = true,
            '"' => return Err(LineFault::QuoteInField),
            ',' if !quoted => {
                out.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            c => field.push(c),
        }
        at_start = false;
    }
    if quoted {
        return Err(LineFault::QuoteNotClosed);
    }
    out.push(field);
    Ok(out)
}

/// A transaction id or card fingerprint as the processor's file may give it: trimmed, at
/// most `ID_CHARS_MAX` characters, none a control or invisible one (it would reach a
/// terminal or a CSV as is). The watchlists take a card by the same rule.
pub fn short_id(v: &str) -> Option<&str> {
    let v = v.trim();
    (v.chars().count() <= ID_CHARS_MAX && text::printable(v) == v).then_some(v)
}

/// One line's fields (`fields`, the line already checked for length) as a `ProcessorLine`.
fn parse_line(n: usize, f: &[String]) -> Result<ProcessorLine, LineFault> {
    if f.len() != 8 {
        return Err(LineFault::Columns(f.len()));
    }
    let shown = |v: &str| text::printable(&v.chars().take(80).collect::<String>());
    let short = |v: &str| short_id(v).map(str::to_string);
    let id = short(&f[0]).ok_or_else(|| LineFault::BadId(shown(&f[0])))?;
    if id.is_empty() {
        return Err(LineFault::NoId);
    }
    // A time lockbox can compare: years 2000 to 9998 in UTC (the windows compare times as
    // fixed-width text), and no leap second (`:60`), which a processor never stamps.
    let received_at = DateTime::parse_from_rfc3339(f[1].trim())
        .ok()
        .filter(|t| {
            use chrono::{Datelike, Timelike};
            let u = t.naive_utc();
            (2000..=9998).contains(&u.year()) && u.nanosecond() < 1_000_000_000
        })
        .ok_or_else(|| LineFault::BadDate(shown(&f[1])))?;
    let channel =
        DepositChannel::parse(f[2].trim()).ok_or_else(|| LineFault::BadChannel(shown(&f[2])))?;
    let doc = match f[3].trim() {
        "" if channel == DepositChannel::Chargeback => None,
        "" => return Err(LineFault::NoDoc),
        d => Some(DocNumber::parse(d).map_err(|_| LineFault::BadDoc(shown(d)))?),
    };
    let clean = |field: Field, name: &'static str, v: &str| -> Result<String, LineFault> {
        text::clean(field, v)
            .map(Option::unwrap_or_default)
            .map_err(|_| LineFault::BadText(name))
    };
    let sender_name = clean(Field::SenderName, "sender_name", &f[4])?;
    let sender_address = clean(Field::SenderAddress, "sender_address", &f[5])?;
    // A chargeback may leave the amount out: it takes back the whole of its original.
    let amount = if channel == DepositChannel::Chargeback && f[6].trim().is_empty() {
        Money::ZERO
    } else {
        Money::parse_amount(&f[6]).map_err(|e| LineFault::BadAmount(shown(&f[6]), e))?
    };
    let card = short(&f[7]).ok_or_else(|| LineFault::BadCard(shown(&f[7])))?;
    match channel {
        DepositChannel::Card if card.is_empty() => return Err(LineFault::CardLineWithoutCard),
        DepositChannel::Cash if !card.is_empty() => return Err(LineFault::CashLineWithCard),
        _ => {}
    }
    Ok(ProcessorLine {
        line: n,
        id,
        received_at,
        channel,
        doc,
        sender_name,
        sender_address,
        amount,
        card,
    })
}

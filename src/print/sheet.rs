//! A receipt being laid out: the `escpos` crate's printer encodes the commands (init, code
//! page, bold, size, alignment, QR code, cut) into memory, and lockbox's code page encodes
//! the text. Columns are those of the paper: 42 (58 mm) or 48 (80 mm) in font A.

use std::cell::RefCell;
use std::rc::Rc;

use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::utils::{JustifyMode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption};

use super::CodePage;
use crate::domain::Money;

/// An escpos driver that keeps the bytes.
#[derive(Clone, Default)]
pub struct MemoryDriver(Rc<RefCell<Vec<u8>>>);

impl Driver for MemoryDriver {
    fn name(&self) -> String {
        "memory".into()
    }

    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }

    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }

    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// Why a document could not be laid out (only a bug can cause it: every input is checked).
#[derive(Debug, thiserror::Error)]
#[error("cannot lay out the document: {0}")]
pub struct LayoutError(String);

impl From<escpos::errors::PrinterError> for LayoutError {
    fn from(e: escpos::errors::PrinterError) -> Self {
        LayoutError(e.to_string())
    }
}

/// Paper width in characters of font A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns(usize);

impl Columns {
    pub const MM58: Columns = Columns(42);
    pub const MM80: Columns = Columns(48);

    /// 42 or 48; anything else is not a paper lockbox knows.
    pub fn new(n: usize) -> Option<Columns> {
        matches!(n, 42 | 48).then_some(Columns(n))
    }

    pub fn get(self) -> usize {
        self.0
    }
}

pub struct Sheet {
    printer: Printer<MemoryDriver>,
    driver: MemoryDriver,
    page: CodePage,
    columns: usize,
}

impl Sheet {
    pub fn new(page: CodePage, columns: Columns) -> Result<Sheet, LayoutError> {
        let driver = MemoryDriver::default();
        let mut printer = Printer::new(driver.clone(), Protocol::default(), None);
        printer.init()?;
        // ESC t n by hand: the crate's page_code() would also switch its own text table on.
        printer.custom(&[0x1B, b't', page.esc_t_number()])?;
        Ok(Sheet {
            printer,
            driver,
            page,
            columns: columns.get(),
        })
    }

    pub fn columns(&self) -> usize {
        self.columns
    }

    fn text(&mut self, text: &str) -> Result<(), LayoutError> {
        let clean = self.page.printable(text);
        self.printer.custom(&self.page.encode(&clean))?;
        Ok(())
    }

    /// A line of text, wrapped at word boundaries to the paper's width.
    pub fn line(&mut self, text: &str) -> Result<(), LayoutError> {
        for part in wrap(&self.page.printable(text), self.columns) {
            self.text(&part)?;
            self.printer.feed()?;
        }
        Ok(())
    }

    /// A label on the left and a value right-aligned on the same line (wrapping the label
    /// when both do not fit).
    pub fn pair(&mut self, label: &str, value: &str) -> Result<(), LayoutError> {
        let label = self.page.printable(label);
        let value = self.page.printable(value);
        let label_chars = label.chars().count();
        let value_chars = value.chars().count();
        if label_chars + 1 + value_chars <= self.columns {
            let gap = self.columns - label_chars - value_chars;
            self.text(&format!("{label}{}{value}", " ".repeat(gap)))?;
            self.printer.feed()?;
        } else {
            self.line(&label)?;
            let pad = self.columns.saturating_sub(value_chars);
            self.text(&format!("{}{value}", " ".repeat(pad)))?;
            self.printer.feed()?;
        }
        Ok(())
    }

    /// An amount, right-aligned: `Amount            $12.50`.
    pub fn amount(&mut self, label: &str, amount: Money) -> Result<(), LayoutError> {
        self.pair(label, &amount.with_dollar_sign())
    }

    /// A heading: bold, centred, double size when `large`.
    pub fn heading(&mut self, text: &str, large: bool) -> Result<(), LayoutError> {
        self.printer.justify(JustifyMode::CENTER)?.bold(true)?;
        if large {
            self.printer.size(2, 2)?;
        }
        let width = if large {
            self.columns / 2
        } else {
            self.columns
        };
        for part in wrap(&self.page.printable(text), width) {
            self.text(&part)?;
            self.printer.feed()?;
        }
        if large {
            self.printer.reset_size()?;
        }
        self.printer.bold(false)?.justify(JustifyMode::LEFT)?;
        Ok(())
    }

    /// What `lines` prints, double height (the same width: the layout does not change) when
    /// `tall`, for large print (issue 19).
    pub fn tall(
        &mut self,
        tall: bool,
        lines: impl FnOnce(&mut Self) -> Result<(), LayoutError>,
    ) -> Result<(), LayoutError> {
        if !tall {
            return lines(self);
        }
        self.printer.size(1, 2)?;
        lines(self)?;
        self.printer.reset_size()?;
        Ok(())
    }

    /// Centred text.
    pub fn centred(&mut self, text: &str) -> Result<(), LayoutError> {
        self.printer.justify(JustifyMode::CENTER)?;
        self.line(text)?;
        self.printer.justify(JustifyMode::LEFT)?;
        Ok(())
    }

    /// Bold text.
    pub fn bold(&mut self, text: &str) -> Result<(), LayoutError> {
        self.printer.bold(true)?;
        self.line(text)?;
        self.printer.bold(false)?;
        Ok(())
    }

    pub fn rule(&mut self) -> Result<(), LayoutError> {
        let dashes = "-".repeat(self.columns);
        self.text(&dashes)?;
        self.printer.feed()?;
        Ok(())
    }

    pub fn blank(&mut self) -> Result<(), LayoutError> {
        self.printer.feed()?;
        Ok(())
    }

    /// A QR code of ASCII `data` (a slip or voucher code), centred.
    pub fn qr(&mut self, data: &str) -> Result<(), LayoutError> {
        let data: String = data.chars().filter(|c| c.is_ascii_graphic()).collect();
        self.printer.justify(JustifyMode::CENTER)?;
        self.printer.qrcode_option(
            &data,
            QRCodeOption::new(QRCodeModel::Model2, 6, QRCodeCorrectionLevel::M),
        )?;
        self.printer.justify(JustifyMode::LEFT)?;
        Ok(())
    }

    /// Feeds past the tear bar and cuts; the bytes of the whole document.
    pub fn finish(mut self) -> Result<Vec<u8>, LayoutError> {
        self.printer.feeds(4)?.cut()?.print()?;
        let bytes = self.driver.0.borrow().clone();
        Ok(bytes)
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = current.chars().count();
            let room = if used == 0 {
                width
            } else {
                width.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // A word longer than the line: split it.
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

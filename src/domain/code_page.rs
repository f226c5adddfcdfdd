//! The printer's code page. lockbox keeps its own CP858 table instead of the ESC/POS library's:
//! that table (0.20) maps the ASCII hyphen to 0xF0 (a soft hyphen), lists `Ô` twice
//! and lacks `¿`, and any character it lacks falls through as UTF-8 bytes. Here every
//! character that reaches the printer is one byte of the code page, and text from users is
//! first reduced to characters the page has.

/// A code page the printer is switched to with `ESC t n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodePage {
    /// CP858: CP850 (Western European) with the euro sign at 0xD5. Has every letter of
    /// English and Spanish.
    #[default]
    Cp858,
}

/// CP858, bytes 0x80 to 0xFF. 0xF0 (soft hyphen) and 0xFF (no-break space) are never
/// emitted: they print as nothing people can read.
const CP858_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', 'ø', '£', 'Ø', '×', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '®', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', 'Á', 'Â', 'À', '©', '╣', '║', '╗', '╝', '¢', '¥', '┐', //
    '└', '┴', '┬', '├', '─', '┼', 'ã', 'Ã', '╚', '╔', '╩', '╦', '╠', '═', '╬', '¤', //
    'ð', 'Ð', 'Ê', 'Ë', 'È', '€', 'Í', 'Î', 'Ï', '┘', '┌', '█', '▄', '¦', 'Ì', '▀', //
    'Ó', 'ß', 'Ô', 'Ò', 'õ', 'Õ', 'µ', 'þ', 'Þ', 'Ú', 'Û', 'Ù', 'ý', 'Ý', '¯', '´', //
    '\u{AD}', '±', '‗', '¾', '¶', '§', '÷', '¸', '°', '¨', '·', '¹', '³', '²', '■', '\u{A0}',
];

impl CodePage {
    /// The `n` of `ESC t n` that selects this page on Epson-compatible printers.
    pub fn esc_t_number(self) -> u8 {
        match self {
            CodePage::Cp858 => 19,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CodePage::Cp858 => "CP858",
        }
    }

    pub fn parse(name: &str) -> Option<CodePage> {
        match name.to_ascii_uppercase().as_str() {
            "CP858" | "PC858" | "858" => Some(CodePage::Cp858),
            _ => None,
        }
    }

    /// The byte for a printable character, if the page has it.
    pub fn encode_char(self, c: char) -> Option<u8> {
        if (' '..='~').contains(&c) {
            return u8::try_from(c).ok();
        }
        match self {
            CodePage::Cp858 => CP858_HIGH
                .iter()
                .position(|&x| x == c)
                .filter(|&i| i != 0x70 && i != 0x7F)
                .and_then(|i| u8::try_from(0x80 + i).ok()),
        }
    }

    /// The character a byte prints as; `None` for control bytes.
    pub fn decode_byte(self, b: u8) -> Option<char> {
        match b {
            0x20..=0x7E => Some(char::from(b)),
            0x80..=0xFF => match self {
                CodePage::Cp858 => CP858_HIGH.get(usize::from(b - 0x80)).copied(),
            },
            _ => None,
        }
    }

    /// Whether `c` prints as itself or as a look-alike (an `Ł` as `L`), not as `?`.
    pub fn prints(self, c: char) -> bool {
        c == '?' || (!c.is_control() && (self.encode_char(c).is_some() || fallback(c) != '?'))
    }

    /// Reduces text from anywhere (a sender's name, an address) to characters this page
    /// prints: control characters (ESC, GS, DLE, NUL, line breaks, C1 controls) become
    /// nothing or a space, common typographic marks their ASCII look-alikes, letters the page
    /// lacks their base letter where one is known, and anything else `?`.
    pub fn printable(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '\n' | '\r' | '\t') {
                out.push(' ');
            } else if c.is_control() {
                // ESC, GS, DLE, NUL, DEL and the C1 range: dropped.
            } else if self.encode_char(c).is_some() {
                out.push(c);
            } else {
                out.push(fallback(c));
            }
        }
        out
    }

    /// Text to bytes; assumes `printable` already ran, and maps anything else to `?`.
    pub fn encode(self, text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| self.encode_char(c).unwrap_or(b'?'))
            .collect()
    }
}

/// A look-alike for characters CP858 lacks.
fn fallback(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '′' => '\'',
        '“' | '”' | '„' | '″' => '"',
        '–' | '—' | '‐' | '−' => '-',
        '…' => '.',
        '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => ' ',
        'ą' | 'ă' | 'ā' => 'a',
        'Ą' | 'Ă' | 'Ā' => 'A',
        'ć' | 'č' => 'c',
        'Ć' | 'Č' => 'C',
        'ď' | 'đ' => 'd',
        'Ď' | 'Đ' => 'D',
        'ę' | 'ě' | 'ē' => 'e',
        'Ę' | 'Ě' | 'Ē' => 'E',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ı' | 'ī' => 'i',
        'İ' | 'Ī' => 'I',
        'ł' | 'ľ' => 'l',
        'Ł' | 'Ľ' => 'L',
        'ń' | 'ň' => 'n',
        'Ń' | 'Ň' => 'N',
        'ő' | 'ō' => 'o',
        'Ő' | 'Ō' => 'O',
        'ř' => 'r',
        'Ř' => 'R',
        'ś' | 'š' | 'ş' => 's',
        'Ś' | 'Š' | 'Ş' => 'S',
        'ť' | 'ţ' => 't',
        'Ť' | 'Ţ' => 'T',
        'ů' | 'ű' | 'ū' => 'u',
        'Ů' | 'Ű' | 'Ū' => 'U',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        _ => '?',
    }
}

//! Reads the ESC/POS bytes lockbox emits back into what the paper shows: plain text laid out
//! as printed (centred lines centred, double-size lines marked), `[QR ...]` where a code
//! prints and `--- cut ---` where the paper is cut; and HTML a browser shows. It goes
//! through the same code-page table as the printer, so a wrong byte shows as wrong here.

use super::CodePage;

/// One printed line and how it looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperLine {
    pub text: String,
    pub centred: bool,
    pub bold: bool,
    pub large: bool,
    /// Double height at the normal width (large print's names and amounts).
    pub tall: bool,
}

/// What a byte stream prints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paper {
    pub lines: Vec<PaperLine>,
    /// Bytes the decoder did not know (a command lockbox never sends).
    pub unknown: Vec<u8>,
}

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const LF: u8 = 0x0A;

struct State {
    centred: bool,
    bold: bool,
    large: bool,
    tall: bool,
    current: String,
    qr: Option<String>,
}

impl Paper {
    pub fn decode(bytes: &[u8], page: CodePage) -> Paper {
        let mut paper = Paper::default();
        let mut st = State {
            centred: false,
            bold: false,
            large: false,
            tall: false,
            current: String::new(),
            qr: None,
        };
        let mut i = 0;
        let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
        while i < bytes.len() {
            let b = at(i);
            match b {
                LF => {
                    paper.push(&mut st);
                    i += 1;
                }
                ESC => {
                    let cmd = at(i + 1);
                    match cmd {
                        b'@' => i += 2,
                        b't' | b'-' | b'G' | b'M' | b'{' | b'V' | b'2' | b'3' | b'R' => {
                            i += if cmd == b'2' { 2 } else { 3 };
                        }
                        b'E' => {
                            st.bold = at(i + 2) != 0;
                            i += 3;
                        }
                        b'a' => {
                            st.centred = at(i + 2) == 1;
                            i += 3;
                        }
                        b'd' => {
                            // Prints the buffer and feeds n lines: after text, the first
                            // feed ends that text's line.
                            let mut feeds = at(i + 2);
                            if !st.current.is_empty() {
                                paper.push(&mut st);
                                feeds = feeds.saturating_sub(1);
                            }
                            for _ in 0..feeds {
                                paper.push(&mut st);
                            }
                            i += 3;
                        }
                        _ => {
                            paper.unknown.extend_from_slice(&[ESC, cmd]);
                            i += 2;
                        }
                    }
                }
                GS => {
                    let cmd = at(i + 1);
                    match cmd {
                        b'!' => {
                            // GS ! n: the width's multiplier less one in the high nibble, the
                            // height's in the low one.
                            let n = at(i + 2);
                            st.large = n >> 4 != 0;
                            st.tall = n & 0x0f != 0 && n >> 4 == 0;
                            i += 3;
                        }
                        b'V' => {
                            if !st.current.is_empty() {
                                paper.push(&mut st);
                            }
                            paper.lines.push(PaperLine {
                                text: "--- cut ---".into(),
                                centred: false,
                                bold: false,
                                large: false,
                                tall: false,
                            });
                            // GS V m, or GS V m n for the feed-and-cut forms.
                            i += if matches!(at(i + 2), 65 | 66 | 97 | 98 | 103 | 104) {
                                4
                            } else {
                                3
                            };
                        }
                        b'(' if at(i + 2) == b'k' => {
                            let len = usize::from(at(i + 3)) + usize::from(at(i + 4)) * 256;
                            let body_start = i + 5;
                            let body = bytes.get(body_start..body_start + len).unwrap_or(&[]);
                            // cn = 49 is the QR code; fn 80 stores its data, fn 81 prints it.
                            if body.first() == Some(&49) && body.get(1) == Some(&80) {
                                // Only printable ASCII: these bytes end up on a terminal.
                                st.qr = Some(
                                    body.get(3..)
                                        .unwrap_or(&[])
                                        .iter()
                                        .filter(|b| b.is_ascii_graphic())
                                        .map(|&b| char::from(b))
                                        .collect(),
                                );
                            } else if body.first() == Some(&49) && body.get(1) == Some(&81) {
                                if !st.current.is_empty() {
                                    paper.push(&mut st);
                                }
                                let data = st.qr.take().unwrap_or_default();
                                st.current = format!("[QR {data}]");
                                let large = std::mem::replace(&mut st.large, false);
                                paper.push(&mut st);
                                st.large = large;
                            }
                            i = body_start + len;
                        }
                        _ => {
                            paper.unknown.extend_from_slice(&[GS, cmd]);
                            i += 2;
                        }
                    }
                }
                _ => {
                    match page.decode_byte(b) {
                        Some(c) => st.current.push(c),
                        None => paper.unknown.push(b),
                    }
                    i += 1;
                }
            }
        }
        if !st.current.is_empty() {
            paper.push(&mut st);
        }
        paper
    }

    fn push(&mut self, st: &mut State) {
        self.lines.push(PaperLine {
            text: std::mem::take(&mut st.current),
            centred: st.centred,
            bold: st.bold,
            large: st.large,
            tall: st.tall,
        });
    }

    /// The paper as plain text, `columns` wide: centred lines centred; a double-size line
    /// is spaced out letter by letter, as wide as it prints.
    pub fn to_text(&self, columns: usize) -> String {
        let mut out = String::new();
        for l in &self.lines {
            let text = if l.large {
                l.text
                    .chars()
                    .map(|c| format!("{c} "))
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            } else {
                l.text.clone()
            };
            let width = text.chars().count();
            let line = if l.centred && width < columns {
                format!("{}{text}", " ".repeat((columns - width) / 2))
            } else {
                text
            };
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The paper as a small HTML page: a receipt-wide monospace column.
    pub fn to_html(&self, columns: usize, title: &str) -> String {
        let mut out = format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{background:#ddd}} .paper{{background:#fff;width:{columns}ch;margin:1em auto;padding:1em;font:14px/1.3 monospace;white-space:pre}} .c{{text-align:center}} .b{{font-weight:bold}} .l{{font-size:200%}} .t{{transform:scaleY(2);margin:0.65em 0}} .cut{{border-top:2px dashed #888;color:#888;text-align:center}}</style></head><body><div class=\"paper\">",
            escape(title)
        );
        for l in &self.lines {
            if l.text == "--- cut ---" {
                out.push_str("<div class=\"cut\">cut</div>");
                continue;
            }
            let mut class = Vec::new();
            if l.centred {
                class.push("c");
            }
            if l.bold {
                class.push("b");
            }
            if l.large {
                class.push("l");
            }
            if l.tall {
                class.push("t");
            }
            out.push_str(&format!(
                "<div class=\"{}\">{}&#8203;</div>",
                class.join(" "),
                escape(&l.text)
            ));
        }
        out.push_str("</div></body></html>\n");
        out
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

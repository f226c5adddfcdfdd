//! Progress for long command-line work (`demo --scale`, `fees assess`, `backup`, exports): a
//! bar on a terminal, plain lines otherwise (a log, a pipe, the journal), always on stderr
//! so that stdout stays the command's output.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Plain lines are written at most this often, in tenths of the whole.
const PLAIN_STEPS: u64 = 10;

pub struct Progress {
    bar: Option<ProgressBar>,
    what: String,
    total: u64,
    /// The last tenth said in plain lines.
    said: u64,
}

impl Progress {
    /// Work of `total` units (0: unknown, a spinner).
    pub fn new(what: &str, total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = if total == 0 {
                ProgressBar::new_spinner()
            } else {
                ProgressBar::new(total)
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            let template = if total == 0 {
                "{spinner} {prefix}: {msg} ({elapsed})"
            } else {
                "{prefix}: [{bar:30}] {pos}/{len} {msg} ({elapsed}, {eta} left)"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        if bar.is_none() {
            tell!("{what}: started");
        }
        Progress {
            bar,
            what: what.to_string(),
            total,
            said: 0,
        }
    }

    /// `done` units so far, and what is being done now.
    pub fn set(&mut self, done: u64, message: &str) {
        match &self.bar {
            Some(bar) => {
                bar.set_position(done);
                bar.set_message(message.to_string());
            }
            None if self.total > 0 => {
                let tenth = done.saturating_mul(PLAIN_STEPS) / self.total;
                if tenth > self.said {
                    self.said = tenth;
                    tell!("{}: {done}/{} {message}", self.what, self.total);
                }
            }
            None => {}
        }
    }

    /// A phase of work whose size is unknown (a spinner's message; a plain line).
    pub fn phase(&mut self, message: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(message.to_string()),
            None => tell!("{}: {message}", self.what),
        }
    }

    pub fn finish(self, message: &str) {
        match self.bar {
            Some(bar) => bar.finish_and_clear(),
            None => tell!("{}: {message}", self.what),
        }
    }
}

/// A writer that shows how many lines went through it (exports run to millions of lines).
pub struct LineCounter<W: std::io::Write> {
    inner: W,
    lines: u64,
    progress: Progress,
}

/// How often the count is shown, in lines.
const LINES_STEP: u64 = 10_000;

impl<W: std::io::Write> LineCounter<W> {
    pub fn new(inner: W, what: &str) -> LineCounter<W> {
        LineCounter {
            inner,
            lines: 0,
            progress: Progress::new(what, 0),
        }
    }

    pub fn finish(self) {
        let lines = self.lines;
        self.progress.finish(&format!("{lines} lines written"));
    }
}

impl<W: std::io::Write> std::io::Write for LineCounter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let before = self.lines / LINES_STEP;
        self.lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        if self.lines / LINES_STEP > before {
            self.progress.phase(&format!("{} lines", self.lines));
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

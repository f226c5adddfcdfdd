//! `lockbox.toml`: the settings a technician sets once per machine. Every problem in a file
//! is reported at once, each with its line; an unknown key is an error, never ignored.
//!
//! Precedence, highest first: a command-line flag, its `LOCKBOX_*` environment variable,
//! this file, the built-in default.

use std::path::{Path, PathBuf};

use crate::domain::{Language, Money, FEE_MAXIMUM};

/// Where the file is looked for when `--config` and `$LOCKBOX_CONFIG` say nothing.
pub const DEFAULT_CONFIG_PATH: &str = "/etc/lockbox/lockbox.toml";

/// The settings, with their defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub database: Option<PathBuf>,
    pub pin_key: Option<PathBuf>,
    pub printer_port: Option<String>,
    /// The clerk's desk printer (PIN slips), if it has its own.
    pub desk_printer_port: Option<String>,
    pub printer_baud: u32,
    pub printer_flow_control: String,
    pub paper_columns: usize,
    pub code_page: String,
    pub kiosk_id: String,
    /// This site's id among a state's sites (`site.id`, `LOCKBOX_SITE_ID`): every outbox
    /// entry it pushes to the central server is keyed by it.
    pub site_id: String,
    pub facility: String,
    /// Where offenders mail fee payments (`kiosk.district_office`): the office's name and
    /// address, one line each, printed on the payment voucher after "to:".
    pub district_office: Vec<String>,
    pub languages: Vec<Language>,
    pub kiosk_idle_timeout_s: u64,
    /// The ALSA device speech mode plays on (`kiosk.audio`).
    pub kiosk_audio: String,
    /// Speech written to files in this directory instead of played (`kiosk.speech_out`):
    /// every visit then starts in speech mode.
    pub kiosk_speech_out: Option<PathBuf>,
    pub clerk_idle_lock_minutes: u64,
    pub monthly_fee: Money,
    pub obligation_percent_bp: u32,
    pub holidays: Vec<chrono::NaiveDate>,
    pub pin_failures: u32,
    pub pin_lock_minutes: u32,
    pub password_failures: u32,
    pub password_lock_minutes: u32,
    /// Electronic deposits from this amount on are held for review.
    pub high_amount: Money,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: None,
            pin_key: None,
            printer_port: None,
            desk_printer_port: None,
            printer_baud: 9600,
            printer_flow_control: "hardware".into(),
            paper_columns: 48,
            code_page: "CP858".into(),
            kiosk_id: "lobby-1".into(),
            site_id: "main".into(),
            facility: String::new(),
            district_office: Vec::new(),
            languages: vec![Language::En, Language::Es],
            kiosk_idle_timeout_s: 60,
            kiosk_audio: "default".into(),
            kiosk_speech_out: None,
            clerk_idle_lock_minutes: 15,
            monthly_fee: Money::from_cents_const(3_000),
            obligation_percent_bp: 2_000,
            holidays: Vec::new(),
            pin_failures: 5,
            pin_lock_minutes: 15,
            password_failures: 5,
            password_lock_minutes: 10,
            high_amount: crate::domain::screening::HIGH_AMOUNT_DEFAULT,
        }
    }
}

/// One thing wrong with a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

/// The line on which `section.key` is set (a small scan: config files are short and
/// hand-written).
fn line_of(text: &str, section: &str, key: &str) -> usize {
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            if key.is_empty() && current == section {
                return i + 1;
            }
            continue;
        }
        if current == section {
            if let Some((k, _)) = line.split_once('=') {
                if k.trim().trim_matches('"') == key {
                    return i + 1;
                }
            }
        }
    }
    0
}

/// Every key the file may hold, by section.
const KEYS: &[(&str, &[&str])] = &[
    ("ledger", &["database", "pin_key"]),
    (
        "printer",
        &[
            "port",
            "desk_port",
            "baud",
            "flow_control",
            "paper_columns",
            "code_page",
        ],
    ),
    (
        "kiosk",
        &[
            "id",
            "facility",
            "district_office",
            "languages",
            "idle_timeout_s",
            "audio",
            "speech_out",
        ],
    ),
    ("clerk", &["idle_lock_minutes"]),
    ("site", &["id"]),
    ("fees", &["monthly_fee", "obligation_percent"]),
    ("deposits", &["high_amount"]),
    ("calendar", &["holidays"]),
    (
        "lockout",
        &[
            "pin_failures",
            "pin_lock_minutes",
            "password_failures",
            "password_lock_minutes",
        ],
    ),
];

struct Reader<'a> {
    text: &'a str,
    problems: Vec<ConfigProblem>,
    /// Settings given by environment variables: `section.key` and the variable's name.
    from_env: Vec<(String, String)>,
    /// Whether to try the printer devices (`config check` does; a starting kiosk must not
    /// refuse to start because its printer is unplugged: it says so on screen instead).
    check_devices: bool,
}

impl Reader<'_> {
    /// A printer port: a serial device, or `file:PATH` for the simulated printer.
    fn port(&mut self, section: &str, key: &str, v: &toml::Value) -> Option<String> {
        let port = self.string(section, key, v)?;
        if self.check_devices && !port.starts_with("file:") {
            if !Path::new(&port).exists() {
                self.problem(
                    section,
                    key,
                    format!("{section}.{key} {port:?} does not exist"),
                );
            } else if std::fs::OpenOptions::new().write(true).open(&port).is_err() {
                self.problem(section, key, format!("{section}.{key} {port:?} cannot be opened for writing (is the user in the dialout group?)"));
            }
        }
        Some(port)
    }

    fn problem(&mut self, section: &str, key: &str, message: String) {
        let dotted = format!("{section}.{key}");
        match self.from_env.iter().find(|(k, _)| *k == dotted) {
            Some((_, name)) => self.problems.push(ConfigProblem {
                line: 0,
                message: format!("{message} (from ${name})"),
            }),
            None => self.problems.push(ConfigProblem {
                line: line_of(self.text, section, key),
                message,
            }),
        }
    }

    fn string(&mut self, section: &str, key: &str, v: &toml::Value) -> Option<String> {
        match v.as_str() {
            Some(s) if s.chars().any(char::is_control) => {
                self.problem(
                    section,
                    key,
                    format!("{section}.{key} holds control characters"),
                );
                None
            }
            Some(s) => Some(s.to_string()),
            None => {
                self.problem(
                    section,
                    key,
                    format!("{section}.{key} must be text in quotes"),
                );
                None
            }
        }
    }

    fn integer(
        &mut self,
        section: &str,
        key: &str,
        v: &toml::Value,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        match v.as_integer() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.problem(
                    section,
                    key,
                    format!("{section}.{key} is {n}; it must be between {min} and {max}"),
                );
                None
            }
            None => {
                self.problem(
                    section,
                    key,
                    format!("{section}.{key} must be a whole number"),
                );
                None
            }
        }
    }
}

/// Where settings were wrong, and every problem found there.
pub type ConfigErrors = (String, Vec<ConfigProblem>);

/// The environment variable that overrides `section.key`: `LOCKBOX_KIOSK_IDLE_TIMEOUT_S`
/// for `kiosk.idle_timeout_s`. (The printer's and the ledger's also have command-line flags,
/// with their own shorter variables, which win over both.)
pub fn env_name(section: &str, key: &str) -> String {
    format!("LOCKBOX_{section}_{key}").to_uppercase()
}

/// The value an environment variable sets: TOML when it reads as TOML (`30`, `["en"]`,
/// `"x"`), else the text itself.
fn env_value(text: &str) -> toml::Value {
    match format!("v = {text}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
    {
        // No setting is a float: `35.00` is an amount, which the file writes as text.
        Some(toml::Value::Float(_)) | None => toml::Value::String(text.to_string()),
        Some(v) => v,
    }
}

impl Config {
    /// The business settings the ledger keeps for every process (see `store::policy`).
    pub fn policy(&self) -> crate::store::Policy {
        crate::store::Policy {
            monthly_fee: self.monthly_fee,
            obligation_percent_bp: self.obligation_percent_bp,
            holidays: self.holidays.clone(),
            pin_failures: self.pin_failures,
            pin_lock_minutes: self.pin_lock_minutes,
            password_failures: self.password_failures,
            password_lock_minutes: self.password_lock_minutes,
            high_amount: self.high_amount,
        }
    }

    /// Reads and checks a config file's text.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigProblem>> {
        Config::parse_with_env(text, |_| None, true)
    }

    /// Reads and checks a config file's text with `LOCKBOX_<SECTION>_<KEY>` variables laid
    /// over it (checked the same way; a problem names the variable).
    pub fn parse_with_env(
        text: &str,
        env: impl Fn(&str) -> Option<String>,
        check_devices: bool,
    ) -> Result<Config, Vec<ConfigProblem>> {
        let mut table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let line = e
                    .span()
                    .and_then(|s| text.get(..s.start))
                    .map_or(0, |before| before.matches('\n').count() + 1);
                return Err(vec![ConfigProblem {
                    line,
                    message: format!("not valid TOML: {}", e.message()),
                }]);
            }
        };
        let mut from_env = Vec::new();
        for (section, keys) in KEYS {
            for key in *keys {
                let name = env_name(section, key);
                if let Some(value) = env(&name) {
                    let entry = table
                        .entry(section.to_string())
                        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    if let Some(t) = entry.as_table_mut() {
                        t.insert(key.to_string(), env_value(&value));
                        from_env.push((format!("{section}.{key}"), name));
                    }
                }
            }
        }
        let mut c = Config::default();
        let mut r = Reader {
            text,
            problems: Vec::new(),
            from_env,
            check_devices,
        };
        for (section, value) in &table {
            let Some((_, known)) = KEYS.iter().find(|(s, _)| s == section) else {
                r.problem(section, "", format!("unknown section [{section}]"));
                continue;
            };
            let Some(entries) = value.as_table() else {
                r.problem(
                    "",
                    section,
                    format!("{section} must be a section, [{section}]"),
                );
                continue;
            };
            for (key, v) in entries {
                if !known.contains(&key.as_str()) {
                    r.problem(section, key, format!("unknown key {section}.{key}"));
                    continue;
                }
                match (section.as_str(), key.as_str()) {
                    ("ledger", "database") => {
                        c.database = r.string(section, key, v).map(PathBuf::from)
                    }
                    ("ledger", "pin_key") => {
                        c.pin_key = r.string(section, key, v).map(PathBuf::from)
                    }
                    ("printer", "port") => c.printer_port = r.port(section, key, v),
                    ("printer", "desk_port") => c.desk_printer_port = r.port(section, key, v),
                    ("printer", "baud") => {
                        if let Some(n) = r.integer(section, key, v, 1_200, 921_600) {
                            c.printer_baud = u32::try_from(n).unwrap_or(9600);
                        }
                    }
                    ("printer", "flow_control") => {
                        if let Some(s) = r.string(section, key, v) {
                            if !matches!(s.as_str(), "none" | "hardware" | "software") {
                                r.problem(section, key, format!("printer.flow_control {s:?} is not none, hardware or software"));
                            }
                            c.printer_flow_control = s;
                        }
                    }
                    ("printer", "paper_columns") => {
                        if let Some(n) = r.integer(section, key, v, 0, 1_000) {
                            if n != 42 && n != 48 {
                                r.problem(section, key, format!("printer.paper_columns is {n}; it must be 42 (58 mm) or 48 (80 mm)"));
                            }
                            c.paper_columns = usize::try_from(n).unwrap_or(48);
                        }
                    }
                    ("printer", "code_page") => {
                        if let Some(s) = r.string(section, key, v) {
                            if crate::print::CodePage::parse(&s).is_none() {
                                r.problem(
                                    section,
                                    key,
                                    format!(
                                        "printer.code_page {s:?} is not one lockbox knows (CP858)"
                                    ),
                                );
                            }
                            c.code_page = s;
                        }
                    }
                    ("kiosk", "id") => {
                        // Every slip names the kiosk that printed it, by the slip's own rules.
                        if let Some(id) = r.string(section, key, v) {
                            match crate::domain::text::required(crate::domain::Field::KioskId, &id)
                            {
                                Ok(id) => c.kiosk_id = id,
                                Err(crate::domain::Rejection::FieldRequired(_)) => r.problem(
                                    section,
                                    key,
                                    "kiosk.id is empty; every slip names its kiosk".into(),
                                ),
                                Err(_) => r.problem(
                                    section,
                                    key,
                                    "kiosk.id must be at most 32 visible characters".into(),
                                ),
                            }
                        }
                    }
                    ("site", "id") => {
                        if let Some(id) = r.string(section, key, v) {
                            if crate::domain::site_id_ok(&id) {
                                c.site_id = id;
                            } else {
                                r.problem(
                                    section,
                                    key,
                                    format!("site.id {id:?} must be 1 to 32 lowercase letters, digits, '-' or '_', starting with a letter or digit"),
                                );
                            }
                        }
                    }
                    ("kiosk", "audio") => {
                        if let Some(d) = r.string(section, key, v) {
                            // An ALSA device name: `default`, `plughw:1,0`, `sysdefault:CARD=PCH`.
                            if d.is_empty()
                                || d.len() > 64
                                || !d.chars().all(|c| c.is_ascii_graphic())
                            {
                                r.problem(section, key, format!("kiosk.audio {d:?} is not a sound device name like \"default\" or \"plughw:1,0\""));
                            } else {
                                c.kiosk_audio = d;
                            }
                        }
                    }
                    ("kiosk", "speech_out") => {
                        c.kiosk_speech_out = r
                            .string(section, key, v)
                            .filter(|d| !d.is_empty())
                            .map(PathBuf::from)
                    }
                    ("kiosk", "facility") => {
                        // Under the rules a facility's name follows everywhere (it is printed
                        // on every slip and shown on the kiosk's every screen).
                        if let Some(name) = r.string(section, key, v) {
                            match crate::domain::text::clean(crate::domain::Field::Facility, &name)
                            {
                                Ok(clean) => c.facility = clean.unwrap_or_default(),
                                Err(_) => r.problem(
                                    section,
                                    key,
                                    format!(
                                        "kiosk.facility is not a facility's name: at most {} characters, none of them invisible",
                                        crate::domain::Field::Facility.max_chars()
                                    ),
                                ),
                            }
                        }
                    }
                    ("kiosk", "district_office") => match district_office(v) {
                        Ok(lines) => c.district_office = lines,
                        Err(problem) => r.problem(section, key, problem),
                    },
                    ("kiosk", "languages") => match v.as_array() {
                        Some(list) => {
                            let mut langs = Vec::new();
                            for item in list {
                                match item.as_str().and_then(Language::parse) {
                                    Some(l) => langs.push(l),
                                    None => r.problem(section, key, format!("kiosk.languages holds {item}, which is not \"en\" or \"es\"")),
                                }
                            }
                            if langs.is_empty() {
                                r.problem(
                                    section,
                                    key,
                                    "kiosk.languages needs at least one language".into(),
                                );
                            } else {
                                c.languages = langs;
                            }
                        }
                        None => r.problem(
                            section,
                            key,
                            "kiosk.languages must be a list like [\"en\", \"es\"]".into(),
                        ),
                    },
                    ("kiosk", "idle_timeout_s") => {
                        // 20 to 3,600 as before (a site's file keeps working); the kiosk takes
                        // less than `MIN_IDLE_TIMEOUT_S` as that (see there).
                        if let Some(n) = r.integer(section, key, v, 20, 3_600) {
                            c.kiosk_idle_timeout_s = u64::try_from(n).unwrap_or(60);
                        }
                    }
                    ("clerk", "idle_lock_minutes") => {
                        if let Some(n) = r.integer(section, key, v, 1, 240) {
                            c.clerk_idle_lock_minutes = u64::try_from(n).unwrap_or(15);
                        }
                    }
                    ("deposits", "high_amount") => {
                        if let Some(s) = r.string(section, key, v) {
                            match Money::parse_amount(&s) {
                                Ok(a) if a > crate::domain::screening::CASH_LIMIT => r.problem(section, key, format!("deposits.high_amount is ${a}; above $5,000.00 it would hold nothing the cash limit lets through")),
                                Ok(a) => c.high_amount = a,
                                Err(e) => r.problem(section, key, format!("deposits.high_amount {s:?}: {}", crate::strings::money_error(Language::En, e))),
                            }
                        }
                    }
                    ("fees", "monthly_fee") => {
                        if let Some(s) = r.string(section, key, v) {
                            match Money::parse_amount(&s) {
                                Ok(fee) if fee > FEE_MAXIMUM => r.problem(section, key, format!("fees.monthly_fee is ${fee}; the rule allows at most $60.00")),
                                Ok(fee) => c.monthly_fee = fee,
                                Err(e) => r.problem(section, key, format!("fees.monthly_fee {s:?}: {}", crate::strings::money_error(Language::En, e))),
                            }
                        }
                    }
                    ("fees", "obligation_percent") => {
                        if let Some(n) = r.integer(section, key, v, 0, 100) {
                            c.obligation_percent_bp = u32::try_from(n * 100).unwrap_or(2_000);
                        }
                    }
                    ("calendar", "holidays") => match v.as_array() {
                        Some(list) => {
                            for item in list {
                                let day = item.as_str().and_then(|d| {
                                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
                                });
                                match day {
                                    Some(d) => c.holidays.push(d),
                                    None => r.problem(section, key, format!("calendar.holidays holds {item}, which is not a date like \"2026-11-26\"")),
                                }
                            }
                        }
                        None => r.problem(
                            section,
                            key,
                            "calendar.holidays must be a list of dates".into(),
                        ),
                    },
                    ("lockout", _) => {
                        if let Some(n) = r.integer(section, key, v, 1, 1_440) {
                            let n = u32::try_from(n).unwrap_or(1);
                            match key.as_str() {
                                "pin_failures" => c.pin_failures = n,
                                "pin_lock_minutes" => c.pin_lock_minutes = n,
                                "password_failures" => c.password_failures = n,
                                _ => c.password_lock_minutes = n,
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if r.problems.is_empty() {
            Ok(c)
        } else {
            r.problems.sort_by_key(|p| p.line);
            Err(r.problems)
        }
    }

    /// The settings a command runs with: the file at `path` (else `$LOCKBOX_CONFIG`, else
    /// /etc/lockbox/lockbox.toml when it exists, else none), with `LOCKBOX_<SECTION>_<KEY>`
    /// variables over it. A file named on purpose must exist; the default one may not.
    /// Returns the settings and the file read, if any.
    /// On error: the file's name (or "the environment") and every problem.
    pub fn for_run(path: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigErrors> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let (file, text) = match path {
            Some(p) => match read_config(p) {
                Ok(text) => (Some(p.to_path_buf()), text),
                Err(e) => {
                    return Err((
                        p.display().to_string(),
                        vec![ConfigProblem {
                            line: 0,
                            message: format!("cannot read it: {e}"),
                        }],
                    ))
                }
            },
            None => {
                let p = PathBuf::from(DEFAULT_CONFIG_PATH);
                match read_config(&p) {
                    Ok(text) => (Some(p), text),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, String::new()),
                    // There but unreadable: running on without it would quietly use another
                    // ledger.
                    Err(e) => {
                        return Err((
                            p.display().to_string(),
                            vec![ConfigProblem {
                                line: 0,
                                message: format!(
                                    "cannot read it: {e} (run lockbox as the lockbox user: sudo -u lockbox lockbox ...)"
                                ),
                            }],
                        ))
                    }
                }
            }
        };
        let config = Config::parse_with_env(&text, env, false).map_err(|problems| {
            let name = file
                .as_ref()
                .map_or("the environment".to_string(), |f| f.display().to_string());
            (name, problems)
        })?;
        Ok((config, file))
    }

    /// How long a kiosk keeps a visit without input: the setting, never less than
    /// `MIN_IDLE_TIMEOUT_S`.
    pub fn kiosk_idle_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.kiosk_idle_timeout_s.max(MIN_IDLE_TIMEOUT_S))
    }

    /// Reads the file at `path`.
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigProblem>> {
        match read_config(path) {
            Ok(text) => Config::parse(&text),
            Err(e) => Err(vec![ConfigProblem {
                line: 0,
                message: format!("cannot read {}: {e}", path.display()),
            }]),
        }
    }
}

/// The shortest visit a kiosk keeps without input, in seconds: 20 s of quiet, then the
/// warning's 25 s (WCAG 2.2.1: at least 20 s to answer). A shorter `kiosk.idle_timeout_s` (the
/// settings accept 20 as they always did) is taken as this: with less, the warning showed
/// for the whole visit and each key typed only cancelled it (found by an outside review).
pub const MIN_IDLE_TIMEOUT_S: u64 = 45;

/// The most a settings file holds: far more than any real one, and a bound for a path
/// given by mistake (`/dev/zero`, a ledger).
const CONFIG_BYTES_MAX: u64 = 1024 * 1024;

/// A settings file's text, if it is no larger than `CONFIG_BYTES_MAX`.
fn read_config(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(CONFIG_BYTES_MAX + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > CONFIG_BYTES_MAX {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "larger than {} KB: not a settings file",
                CONFIG_BYTES_MAX / 1024
            ),
        ));
    }
    Ok(text)
}

/// Most lines a voucher gives the district office's name and address.
const DISTRICT_OFFICE_LINES: usize = 4;
/// A line of the office's address fits any slip paper (42 or 48 columns) after its
/// two-space indent, with room to spare.
const DISTRICT_OFFICE_LINE_CHARS: usize = 30;

/// `kiosk.district_office`: a list of one to four lines, each printable on the slip
/// printer's code page and at most 30 characters, like
/// `["Southeast District Office", "1234 Main St", "Jefferson City, MO 65101"]`.
fn district_office(v: &toml::Value) -> Result<Vec<String>, String> {
    let shape = || {
        "kiosk.district_office must be a list of 1 to 4 lines, like [\"Southeast District Office\", \"1234 Main St\", \"Jefferson City, MO 65101\"]".to_string()
    };
    let list = v.as_array().ok_or_else(shape)?;
    if list.is_empty() || list.len() > DISTRICT_OFFICE_LINES {
        return Err(shape());
    }
    let page = crate::domain::CodePage::default();
    list.iter()
        .map(|item| {
            let line = item.as_str().ok_or_else(shape)?;
            let clean = crate::domain::text::clean(crate::domain::Field::SenderAddress, line)
                .map_err(|r| match r {
                    crate::domain::Rejection::FieldTooLong(_) => format!(
                        "kiosk.district_office line {line:?} is longer than {DISTRICT_OFFICE_LINE_CHARS} characters"
                    ),
                    _ => format!(
                        "kiosk.district_office line {line:?} holds a control or invisible character"
                    ),
                })?
                .ok_or_else(|| "kiosk.district_office has an empty line".to_string())?;
            if clean.chars().count() > DISTRICT_OFFICE_LINE_CHARS {
                return Err(format!(
                    "kiosk.district_office line {clean:?} is longer than {DISTRICT_OFFICE_LINE_CHARS} characters"
                ));
            }
            if let Some(c) = clean.chars().find(|c| !page.prints(*c)) {
                return Err(format!(
                    "kiosk.district_office line {clean:?} holds {c:?}, which the printer cannot print"
                ));
            }
            Ok(clean)
        })
        .collect()
}

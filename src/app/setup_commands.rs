//! Setting up and keeping the ledger: init, the demo, users, holidays, the settings, backups
//! and restores, the doctor.

use std::path::PathBuf;

use crate::cli::{HolidayCommand, UserCommand};
use crate::store::Role;

use super::command::*;
use crate::cli::Command;

/// Runs one of this group's commands with what `command::dispatch` settled.
pub(crate) fn run(run: Run, command: Command) -> Outcome {
    let Run {
        path,
        json,
        actor,
        config,
        pin_key,
        policy,
        policy_given,
        db_flag,
        loaded,
        config_flag,
        pin_key_flag,
        ..
    } = run;
    match command {
        Command::Init => {
            // The settings go into a new ledger only: on one that exists, `init` migrates
            // it and changes no shared setting (that is `config apply`, a supervisor's).
            let new = !path.exists();
            let mut ledger = create(&path)?;
            if policy_given && new {
                let changed = ledger.apply_policy(&policy, now()?, &actor)?;
                if !changed.is_empty() {
                    tell!(
                        "lockbox: settings written into the ledger: {}",
                        changed.join(", ")
                    );
                }
            }
            // An upgrade's ledger has its fee books brought up to this month at once.
            ledger.catch_up_fee_books(now()?, "system", &mut |_, _| {})?;
            let version = ledger.schema_version()?;
            // The PIN key too, so that a fresh install has it (mode 0600) before any PIN.
            let key = pin_key
                .clone()
                .unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            ledger
                .pin_key(&key)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            if json {
                print_json(
                    &serde_json::json!({"db": path, "schema_version": version, "pin_key": key}),
                )
            } else {
                say!(
                    "ledger ready at {} (schema version {version}); PIN key {}",
                    path.display(),
                    key.display()
                );
                Ok(())
            }
        }
        Command::Demo(args) => {
            // A demo never goes into the ledger the settings name (the machine's real one):
            // only into --db, or the default path.
            let path = db_flag.clone().unwrap_or_else(default_db_path);
            // Only into a new file (a ledger that is there may be a real one), and whole or
            // not at all: built beside it and put there when done.
            let key = pin_key_flag
                .clone()
                .unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            let mut bar: Option<super::progress::Progress> = None;
            let summary = super::demo_file::build_at(
                &path,
                &key,
                (args.scale, args.seed),
                now()?,
                &mut |done, total, what| {
                    bar.get_or_insert_with(|| super::progress::Progress::new("demo", total as u64))
                        .set(done as u64, what);
                },
            )?;
            if let Some(bar) = bar {
                bar.finish("built");
            }
            if json {
                print_json(&summary)
            } else {
                say!("{summary}");
                Ok(())
            }
        }
        Command::User(UserCommand::Passwd { name }) => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| CommandError::BadInput(format!("cannot read the password: {e}")))?;
            let password = password.trim_end_matches(['\r', '\n']);
            // The ledger first: a mistyped path must not leave a new key file behind.
            let mut ledger = open(&path)?;
            let key = pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            let key = ledger
                .pin_key(&key)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            ledger.set_password(&name, password, &key, now()?, &actor)?;
            say!("password set for {name}");
            Ok(())
        }
        Command::User(UserCommand::Disable { name, enable }) => {
            let mut ledger = open(&path)?;
            ledger.set_user_disabled(&name, !enable, now()?, &actor)?;
            say!(
                "user {name} {}",
                if enable { "enabled" } else { "disabled" }
            );
            Ok(())
        }
        Command::User(UserCommand::Add { name, role }) => {
            let role = Role::parse(&role).ok_or_else(|| {
                CommandError::BadInput(format!("role {role:?} is not clerk or supervisor"))
            })?;
            let mut ledger = open(&path)?;
            let user = ledger.add_user(&name, role, now()?, &actor)?;
            if json {
                print_json(&user)
            } else {
                say!("user {} added as {}", user.name, user.role.code());
                Ok(())
            }
        }
        Command::Holiday(HolidayCommand::Add { date: d, name }) => {
            let d = date(&d, "holiday")?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            if ledger.add_holiday(d, &name, now()?, &u)? {
                say!("holiday {d} added");
            } else {
                say!("{d} is already that holiday; nothing changed");
            }
            Ok(())
        }
        Command::Holiday(HolidayCommand::Remove { date: d }) => {
            let d = date(&d, "holiday")?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            if ledger.remove_holiday(d, now()?, &u)? {
                say!("{d} is a working day again");
                Ok(())
            } else {
                Err(CommandError::BadInput(format!("{d} is not a holiday")))
            }
        }
        Command::Holiday(HolidayCommand::List) => {
            let ledger = open(&path)?;
            let list = ledger.holidays()?;
            if json {
                print_json(
                    &list
                        .iter()
                        .map(|(d, n)| serde_json::json!({"date": d, "name": n}))
                        .collect::<Vec<_>>(),
                )
            } else {
                for (d, n) in list {
                    say!("{d}  {n}");
                }
                Ok(())
            }
        }
        Command::Backup {
            path: dest,
            dir,
            keep,
        } => {
            let ledger = open(&path)?;
            match (dest, dir) {
                (_, Some(dir)) => {
                    let done = super::backup::backup_into_dir(&ledger, &dir, keep, now()?)?;
                    say!(
                        "backup written to {} ({} bytes) and verified",
                        done.copy.display(),
                        done.bytes
                    );
                    for old in &done.removed {
                        say!("removed the old copy {}", old.display());
                    }
                }
                (Some(dest), None) => {
                    super::backup::backup_to_file(&ledger, &dest)?;
                    say!("backup written to {} and verified", dest.display());
                }
                (None, None) => {
                    return Err(CommandError::BadInput("give a file, or --dir DIR".into()))
                }
            }
            Ok(())
        }
        Command::Restore { path: copy, older } => {
            // Restores over a ledger that is there (even a broken one), never into a path
            // that holds nothing: that would be a mistyped path.
            if !path.is_file() {
                return Err(CommandError::Failed(format!(
                    "no ledger at {}: `lockbox init` creates one, then restore over it",
                    path.display()
                )));
            }
            let safety = super::backup::restore(&path, &copy, now()?, &actor, older)?;
            say!(
                "restored {} from {}; the ledger as it was is in {}",
                path.display(),
                copy.display(),
                safety.display()
            );
            Ok(())
        }
        Command::Doctor => {
            let printer = super::printer_commands::PrinterSetup::from_args(
                &path,
                &crate::cli::PrinterOptions::from_config(&config),
            )
            .ok();
            let findings = super::doctor::examine(super::doctor::Patient {
                config: loaded.map_err(|e| config_lines(&e).join("; ")),
                db: &path,
                pin_key: &pin_key
                    .clone()
                    .unwrap_or_else(|| super::fee_commands::default_pin_key(&path)),
                printer,
                speech: match &config.kiosk_speech_out {
                    Some(dir) => super::speaker::SpeechOutput::Files(dir.clone()),
                    None => super::speaker::SpeechOutput::Device(config.kiosk_audio.clone()),
                },
                now: now()?,
            });
            if json {
                print_json(&findings)?;
            } else {
                for f in &findings {
                    say!(
                        "{:<5} {:<12} {}",
                        match (f.ok, f.warning) {
                            (false, _) => "FAIL",
                            (true, true) => "warn",
                            (true, false) => "ok",
                        },
                        f.check,
                        f.says
                    );
                }
            }
            let failed = findings.iter().filter(|f| !f.ok).count();
            if failed == 0 {
                Ok(())
            } else {
                Err(CommandError::Failed(format!("{failed} check(s) failed")))
            }
        }
        Command::Config(crate::cli::ConfigCommand::Check { path: file }) => {
            let file = file
                .or(config_flag.clone())
                .unwrap_or_else(|| PathBuf::from(super::config::DEFAULT_CONFIG_PATH));
            match super::config::Config::load(&file) {
                Ok(_) => {
                    say!("{}: no problems", file.display());
                    Ok(())
                }
                Err(problems) => {
                    for p in &problems {
                        say!("{}: {p}", file.display());
                    }
                    Err(CommandError::BadInput(format!(
                        "{} problem(s) in {}",
                        problems.len(),
                        file.display()
                    )))
                }
            }
        }
        Command::Config(crate::cli::ConfigCommand::Apply) => {
            let mut ledger = open(&path)?;
            let changed = ledger.apply_policy(&policy, now()?, &actor)?;
            if json {
                return print_json(&serde_json::json!({ "changed": changed }));
            }
            if changed.is_empty() {
                say!("the ledger already has these settings; nothing changed");
            } else {
                say!("settings written into the ledger: {}", changed.join(", "));
            }
            Ok(())
        }
        other => Err(not_in_group(&other)),
    }
}

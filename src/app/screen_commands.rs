//! The full-screen programs and the printer: the console, the kiosk, the spool, PIN checks.

use std::path::Path;

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
        ..
    } = run;
    match command {
        Command::Printer(mut args) => {
            // The desk's jobs go to the desk's printer unless a port is named.
            let for_desk = matches!(
                &args.command,
                crate::cli::PrinterCommand::Spool { destination: Some(d), .. } if d == "desk"
            );
            if for_desk && args.options.printer.is_none() {
                args.options.printer = desk_printer(&config, &path).printer;
            }
            args.options = args.options.or_config(&config);
            super::printer_commands::printer(&path, args, json, &actor)
        }
        Command::Clerk => {
            open(&path)?;
            let options = desk_printer(&config, &path);
            super::clerk::run(super::clerk::ClerkSetup {
                pin_key: pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path)),
                printer: super::printer_commands::PrinterSetup::from_args(&path, &options)?,
                idle_lock: std::time::Duration::from_secs(config.clerk_idle_lock_minutes * 60),
                db: path,
            })
        }
        Command::Kiosk(args) => {
            if args
                .kiosk_id
                .as_deref()
                .is_some_and(|k| k.trim().is_empty())
            {
                return Err(CommandError::BadInput(
                    "the kiosk id is empty; every slip names its kiosk".into(),
                ));
            }
            let printer = super::printer_commands::PrinterSetup::from_args(
                &path,
                &args.printer.or_config(&config),
            )?;
            open(&path)?;
            let idle_timeout = config.kiosk_idle_timeout();
            super::kiosk::run(super::kiosk::KioskSetup {
                pin_key: pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path)),
                db: path,
                printer,
                kiosk_id: args.kiosk_id.unwrap_or(config.kiosk_id),
                idle_timeout,
                languages: config.languages.clone(),
                facility: config.facility.clone(),
                district_office: config.district_office.clone(),
                speech: match args.speech_out.or(config.kiosk_speech_out.clone()) {
                    Some(dir) => super::speaker::SpeechOutput::Files(dir),
                    None => super::speaker::SpeechOutput::Device(config.kiosk_audio.clone()),
                },
                demo: false,
            })
        }
        Command::Pin(c) => {
            let key = pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            super::fee_commands::pin(&path, &key, c, json, &actor)
        }
        other => Err(not_in_group(&other)),
    }
}

/// The clerk's desk printer: `printer.desk_port`, else a simulated one beside the ledger
/// (`desk-printer.bin`, readable in `desk-printer.txt`). Never the kiosk's port: two
/// programs must not share one serial line.
fn desk_printer(config: &super::config::Config, db: &Path) -> crate::cli::PrinterOptions {
    let mut options = crate::cli::PrinterOptions::from_config(config);
    options.printer = Some(config.desk_printer_port.clone().unwrap_or_else(|| {
        let (bytes, _) = super::printer_commands::simulated_printer(db);
        format!(
            "file:{}",
            bytes.with_file_name("desk-printer.bin").display()
        )
    }));
    options
}

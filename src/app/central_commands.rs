//! `lockbox central …`: the state's central server.

use crate::central::{Central, CentralError};
use crate::cli::CentralCommand;

use super::command::*;

pub(crate) fn run(command: CentralCommand, json: bool) -> Outcome {
    match command {
        CentralCommand::Init { central } => {
            let done = Central::connect(&central)
                .and_then(|mut c| c.init())
                .map_err(failed)?;
            if json {
                println!("{}", serde_json::json!({"from": done.from, "to": done.to}));
            } else if done.from == done.to {
                println!(
                    "the central schema is at version {} already: nothing to do",
                    done.to
                );
            } else if done.from == 0 {
                println!("the central schema is created, version {}", done.to);
            } else {
                println!(
                    "the central schema is upgraded from version {} to {}",
                    done.from, done.to
                );
            }
            Ok(())
        }
    }
}

fn failed(e: CentralError) -> CommandError {
    CommandError::Failed(format!("{e}; nothing was changed"))
}

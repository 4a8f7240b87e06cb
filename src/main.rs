//! The `yusuan` binary: parse arguments, run the command, print a fatal error once, exit with
//! 0 (clean), 1 (the data has errors) or 2 (the command could not run).

use std::process::ExitCode;

use yusuan::cli::{self, Outcome};

fn main() -> ExitCode {
    match cli::run() {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::DataErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("yusuan: {e}");
            ExitCode::from(2)
        }
    }
}

//! `yusuan rules`: the rule catalogue.

use std::io::Write;

use crate::cli::Outcome;
use crate::error::Result;
use crate::validate::catalogue::RULES;

/// Prints every rule: id, severity, 中文 name, what it checks, one example.
///
/// # Errors
/// None; the signature matches the other commands.
pub fn run() -> Result<Outcome> {
    let mut out = String::new();
    let mut family = "";
    for r in RULES {
        let f = r.id.split('-').next().unwrap_or("");
        if f != family {
            family = f;
            out.push('\n');
        }
        out.push_str(&format!(
            "{:<9} {:<7} {}\n          检查：{}\n          例：{}\n",
            r.id,
            r.severity.label(),
            r.name,
            r.checks,
            r.example
        ));
    }
    let _ = std::io::stdout()
        .lock()
        .write_all(out.trim_start().as_bytes());
    Ok(Outcome::Clean)
}

//! `yusuan check`: read and validate (`pipeline::check_all`); print the findings, write
//! nothing.

use std::io::Write;
use std::path::PathBuf;

use super::inputs::DocInputs;
use super::output::{findings_json, findings_text};
use crate::catalog::Catalog;
use crate::cli::{Format, Outcome};
use crate::error::Result;
use crate::finding::{count, Severity};
use crate::pipeline;
use crate::validate::Settings;

/// Settings of `check`.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    pub workbook: PathBuf,
    pub format: Format,
    pub settings: Settings,
    /// With a profile or a prior workbook, also check what the document needs (DOC-…).
    pub doc: DocInputs,
}

/// Runs `check`.
///
/// # Errors
/// The reader's errors.
pub fn run(cfg: &CheckConfig, catalog: &Catalog) -> Result<Outcome> {
    let book = pipeline::load(&cfg.workbook)?;
    let doc = cfg.doc.load()?;
    let findings = pipeline::check_all(&book, &doc, catalog, &cfg.settings)?.findings;
    match cfg.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&findings_json(&cfg.workbook, &findings))
                .expect("plain JSON");
            s.push('\n');
            let _ = std::io::stdout().lock().write_all(s.as_bytes());
        }
        Format::Text => {
            let color = std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none();
            let _ = std::io::stderr()
                .lock()
                .write_all(findings_text(&cfg.workbook, &findings, color).as_bytes());
        }
    }
    Ok(if count(&findings, Severity::Error) > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

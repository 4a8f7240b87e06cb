//! `yusuan check`: read and validate; print the findings, write nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::output::{diagnostic, exact, summary_line};
use crate::catalog::Catalog;
use crate::cli::{Format, Outcome};
use crate::error::Result;
use crate::finding::{count, Finding, Severity};
use crate::read;
use crate::validate::{self, Settings};

/// Settings of `check`.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    pub workbook: PathBuf,
    pub format: Format,
    pub settings: Settings,
    /// With a profile or a prior workbook, also check what the document needs (DOC-…).
    pub doc: super::build::DocInputs,
}

/// Reads the workbook and runs every rule; the reader's findings come first.
///
/// # Errors
/// The reader's errors (see `read::read_budget`).
pub fn check_workbook(
    path: &Path,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<(crate::model::Budget, Vec<Finding>)> {
    let outcome = read::read_budget(path, catalog)?;
    let mut findings = outcome.findings;
    findings.extend(validate::validate(&outcome.budget, catalog, settings));
    sort_findings(&mut findings);
    Ok((outcome.budget, findings))
}

/// Findings in reading order: workbook-wide first, then by table, row and column.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.table,
                f.cell.as_ref().map(|c| (c.row, c.col)),
                f.rule,
                f.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Runs `check`.
///
/// # Errors
/// The reader's errors.
pub fn run(cfg: &CheckConfig, catalog: &Catalog) -> Result<Outcome> {
    let (budget, mut findings) = check_workbook(&cfg.workbook, catalog, &cfg.settings)?;
    if cfg.doc.profile.is_some() || cfg.doc.prior.is_some() {
        let mut publication = crate::publish::prepare_with(&budget, catalog, &cfg.settings);
        let story = super::build::explain(&mut publication, &cfg.doc, catalog)?;
        findings.extend(story.findings);
        sort_findings(&mut findings);
    }
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

/// One line per finding, grouped under a heading per table, then the summary line.
pub fn findings_text(file: &Path, findings: &[Finding], color: bool) -> String {
    let mut out = String::new();
    let mut current = None;
    for f in findings {
        if current != Some(f.table) {
            current = Some(f.table);
            let heading = match f.table {
                Some(id) => format!("{} {}", id, id.title()),
                None => "工作簿".to_string(),
            };
            out.push_str(&format!("{heading}\n"));
        }
        out.push_str(&format!("  {}\n", diagnostic(file, f, color)));
    }
    if findings.is_empty() {
        out.push_str("未发现问题。\n");
    }
    out.push_str(&summary_line(findings));
    out.push('\n');
    out
}

/// The stable JSON of findings (documented in README).
pub fn findings_json(file: &Path, findings: &[Finding]) -> Value {
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "severity": f.severity,
                "table": f.table.map(|t| t.key()),
                "sheet": f.cell.as_ref().map(|c| c.sheet.clone()),
                "cell": f.cell.as_ref().map(|c| c.a1()),
                "unit": f.unit.map(|u| u.label()),
                "expected": f.expected.map(exact),
                "found": f.found.map(exact),
                "difference": f.difference().map(exact),
                "inputs": f.inputs.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                "message": f.message,
            })
        })
        .collect();
    json!({
        "file": file.display().to_string(),
        "findings": list,
        "summary": {
            "errors": count(findings, Severity::Error),
            "warnings": count(findings, Severity::Warning),
            "infos": count(findings, Severity::Info),
        },
    })
}

//! Printing shared by the commands: exact amounts, and findings as compiler-style diagnostics.

use std::io::Write;
use std::path::Path;

pub use crate::money::{exact, signed};

use serde_json::{json, Value};

use crate::finding::{count, Finding, Severity};

/// One finding as one line:
/// `budget.xlsx:预算07表!D6: error[SUM-001] 合计 ≠ Σ 明细行: expected 45.65, found 50.65 (+5.00) [D8, D9]`
pub fn diagnostic(file: &Path, f: &Finding, color: bool) -> String {
    let place = match &f.cell {
        Some(cell) => format!("{}:{}", file.display(), cell),
        None => file.display().to_string(),
    };
    let severity = match (color, f.severity) {
        (false, s) => s.label().to_string(),
        (true, Severity::Error) => format!("\x1b[1;31m{}\x1b[0m", Severity::Error.label()),
        (true, Severity::Warning) => format!("\x1b[1;33m{}\x1b[0m", Severity::Warning.label()),
        (true, Severity::Info) => format!("\x1b[1;36m{}\x1b[0m", Severity::Info.label()),
    };
    let mut line = format!("{place}: {severity}[{}] {}", f.rule, f.message);
    if let (Some(e), Some(found)) = (f.expected, f.found) {
        let (e, found) = (exact(e), exact(found));
        let diff = signed(f.difference().unwrap_or_default());
        line.push_str(&format!("：应为 {e}，实为 {found}（{diff}）"));
    }
    if !f.inputs.is_empty() {
        // The cells that were added up, in sheet order; a long list is cut (the JSON has all).
        const SHOWN: usize = 8;
        let mut inputs = f.inputs.clone();
        inputs.sort_by(|a, b| (&a.sheet, a.row, a.col).cmp(&(&b.sheet, b.row, b.col)));
        let more = inputs.len().saturating_sub(SHOWN);
        let same_sheet =
            |c: &crate::read::cell::CellRef| Some(&c.sheet) == f.cell.as_ref().map(|x| &x.sheet);
        let mut cells: Vec<String> = inputs
            .iter()
            .take(SHOWN)
            .map(|c| if same_sheet(c) { c.a1() } else { c.to_string() })
            .collect();
        if more > 0 {
            cells.push(format!("…另 {more} 格"));
        }
        line.push_str(&format!(" [{}]", cells.join(", ")));
    }
    line
}

/// `2 个错误，1 个警告，0 条提示`
pub fn summary_line(findings: &[Finding]) -> String {
    format!(
        "{} 个错误，{} 个警告，{} 条提示",
        count(findings, Severity::Error),
        count(findings, Severity::Warning),
        count(findings, Severity::Info)
    )
}

/// Writes findings to stderr, one line each.
pub fn print_findings(file: &Path, findings: &[Finding]) {
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for f in findings {
        let _ = writeln!(err, "{}", diagnostic(file, f, color));
    }
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

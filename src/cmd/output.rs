//! Printing shared by the commands: exact amounts, and findings as compiler-style diagnostics.

use std::io::Write;
use std::path::Path;

use rust_decimal::Decimal;

use crate::finding::{count, Finding, Severity};

/// An exact amount as text with at least two decimals and no trailing zeros beyond them:
/// 506500 → "506500.00", 0.125 → "0.125". Nothing is rounded.
pub fn exact(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() < 2 {
        format!("{n:.2}")
    } else {
        n.to_string()
    }
}

/// `+0.01` / `-0.01`: a difference with its sign.
pub fn signed(d: Decimal) -> String {
    if d.is_sign_negative() {
        exact(d)
    } else {
        format!("+{}", exact(d))
    }
}

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
        line.push_str(&format!(
            ": 应为 {}，实为 {} ({})",
            exact(e),
            exact(found),
            signed(found - e)
        ));
    }
    if !f.inputs.is_empty() {
        let cells: Vec<String> = f
            .inputs
            .iter()
            .map(|c| {
                if Some(&c.sheet) == f.cell.as_ref().map(|x| &x.sheet) {
                    c.a1()
                } else {
                    c.to_string()
                }
            })
            .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_amounts_keep_every_digit() {
        assert_eq!(exact(dec!(506500)), "506500.00");
        assert_eq!(exact(dec!(50.65)), "50.65");
        assert_eq!(exact(dec!(8.6)), "8.60");
        assert_eq!(exact(dec!(0.125)), "0.125");
        assert_eq!(exact(dec!(42.0500)), "42.05");
        assert_eq!(exact(dec!(-0.1)), "-0.10");
        assert_eq!(signed(dec!(0.01)), "+0.01");
        assert_eq!(signed(dec!(-5)), "-5.00");
    }
}

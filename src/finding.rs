//! Findings: facts about the data (an unreadable cell, a total that does not add up), collected
//! into a list. Rules and the reader return them; they never print and never fail.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::CellRef;
use crate::model::{TableId, Unit};

/// How bad a finding is. `Error` makes `check` exit with 1 and `build` refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One fact about the workbook, at one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable rule id, `FAMILY-NNN` (see `yusuan rules`).
    pub rule: &'static str,
    pub severity: Severity,
    pub table: Option<TableId>,
    /// The cell the finding is about (the total that is wrong, the cell that cannot be read).
    pub cell: Option<CellRef>,
    /// Expected and found values in the table's own unit, exact.
    pub expected: Option<Decimal>,
    pub found: Option<Decimal>,
    /// The unit of `expected` and `found`.
    pub unit: Option<Unit>,
    /// The cells that were added up or compared.
    pub inputs: Vec<CellRef>,
    /// For the user, in Chinese.
    pub message: String,
}

impl Finding {
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity,
            table: None,
            cell: None,
            expected: None,
            found: None,
            unit: None,
            inputs: Vec::new(),
            message: message.into(),
        }
    }

    pub fn at(mut self, table: Option<TableId>, cell: Option<CellRef>) -> Finding {
        self.table = table;
        self.cell = cell;
        self
    }

    pub fn values(mut self, unit: Unit, expected: Decimal, found: Decimal) -> Finding {
        self.unit = Some(unit);
        self.expected = Some(expected);
        self.found = Some(found);
        self
    }

    pub fn inputs(mut self, inputs: Vec<CellRef>) -> Finding {
        self.inputs = inputs;
        self
    }

    /// found − expected, when both are known.
    pub fn difference(&self) -> Option<Decimal> {
        Some(self.found? - self.expected?)
    }
}

/// Counts by severity.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

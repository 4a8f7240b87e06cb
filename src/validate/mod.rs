//! Validation: every identity a correct disclosure satisfies, as a catalogue of rules with
//! stable ids (`yusuan rules`). Rules read the model and return findings; they never fail,
//! never print and touch no file.
//!
//! Amounts are compared exactly. A difference no larger than rounding the figures involved
//! could cause (half a unit of the last printed digit per figure) is a `ROUND-001` warning that
//! states the residual; anything larger is an error of the rule itself.

pub mod catalogue;
pub mod rules;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::model::CellRef;
use crate::model::{Budget, Col, Row, Table, TableId, Unit};

/// Conventions that differ by region. The defaults are the national ones.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// 部门预算经济分类 款 codes counted in 人员经费 besides 301 and 303 (some regions count
    /// 30227 委托业务费). Used where 人员经费 is compared with economic lines.
    pub personnel_extra: Vec<String>,
}

/// Runs every rule over the budget.
pub fn validate(budget: &Budget, catalog: &Catalog, settings: &Settings) -> Vec<Finding> {
    run(budget, catalog, settings, Record::Findings).out
}

/// Every comparison the rules make, whether it holds or not: the identities among the figures
/// of this budget. `publish` rounds the whole publication so that all of them hold in print,
/// which is what makes `check` of a published workbook clean.
pub fn identities(budget: &Budget, catalog: &Catalog, settings: &Settings) -> Vec<Identity> {
    match run(budget, catalog, settings, Record::Identities(Vec::new())).record {
        Record::Identities(list) => list,
        _ => Vec::new(),
    }
}

/// What each comparison of [`identities`] checks, in Chinese ("基本支出 ≠ 人员经费 + 公用经费"),
/// in the same order. Only a report naming an identity needs these, so they are made apart:
/// putting every comparison in words costs more than making it.
pub fn identity_descriptions(
    budget: &Budget,
    catalog: &Catalog,
    settings: &Settings,
) -> Vec<String> {
    match run(budget, catalog, settings, Record::Descriptions(Vec::new())).record {
        Record::Descriptions(list) => list,
        _ => Vec::new(),
    }
}

fn run<'a>(
    budget: &'a Budget,
    catalog: &'a Catalog,
    settings: &'a Settings,
    record: Record,
) -> Ctx<'a> {
    let mut cx = Ctx {
        budget,
        catalog,
        settings,
        out: Vec::new(),
        record,
    };
    // Presence and codes compare no figures: a run for the comparisons alone skips them.
    let findings = matches!(cx.record, Record::Findings);
    if findings {
        rules::presence::check(&mut cx);
    }
    rules::sum::check(&mut cx);
    rules::xref::check(&mut cx);
    if findings {
        rules::code::check(&mut cx);
    }
    cx
}

/// A comparison as a relation among figures: `found` (relation) Σ `expected`. What it
/// compares, in words, is in [`identity_descriptions`].
#[derive(Debug, Clone)]
pub struct Identity {
    pub rule: &'static str,
    pub table: TableId,
    pub found: Figure,
    pub expected: Vec<Figure>,
    pub relation: Relation,
}

/// What every rule gets: the model, the reference data, and where findings go.
pub struct Ctx<'a> {
    pub budget: &'a Budget,
    pub catalog: &'a Catalog,
    pub settings: &'a Settings,
    pub out: Vec<Finding>,
    /// What else is kept of every comparison, whether it holds or not.
    pub record: Record,
}

/// What a run of the rules keeps of every comparison besides the findings.
pub enum Record {
    /// Nothing: `validate`.
    Findings,
    /// The comparison as a relation: `identities`.
    Identities(Vec<Identity>),
    /// What it compares, in words: `identity_descriptions`.
    Descriptions(Vec<String>),
}

/// One figure taking part in a comparison.
#[derive(Debug, Clone)]
pub struct Figure {
    pub yuan: Decimal,
    pub at: Option<CellRef>,
    /// Half a unit of the last digit this figure is printed with, in 元.
    pub half_unit: Decimal,
    /// The figures this one adds up, where it is a sum that no cell prints (07's lines of one
    /// class); empty for a figure of one cell.
    pub parts: Vec<Figure>,
}

impl Figure {
    /// A row's amount (blank as zero: in the 预算表 an empty amount cell means nothing budgeted).
    pub fn of(t: &Table, row: &Row, col: Col) -> Figure {
        match row.get(col) {
            Some(a) => Figure::of_amount(t, Some(a)),
            None => Figure {
                yuan: Decimal::ZERO,
                at: t.cell(row, col),
                half_unit: half_unit(t.source.unit),
                parts: Vec::new(),
            },
        }
    }

    /// A figure of a table that is not a row (11's 预算情况, a project of 12): blank as zero.
    pub fn of_amount(t: &Table, a: Option<&crate::model::Amount>) -> Figure {
        Figure {
            yuan: a.map(|a| a.yuan).unwrap_or_default(),
            at: a.map(|a| a.at.clone()),
            half_unit: half_unit(t.source.unit),
            parts: Vec::new(),
        }
    }

    /// The sum of several figures as one, pointed at `at` in findings; each part's rounding
    /// may add to the difference.
    pub fn total_of(parts: Vec<Figure>, at: Option<CellRef>) -> Figure {
        Figure {
            yuan: Figure::sum(&parts),
            at,
            half_unit: parts.iter().map(|f| f.half_unit).sum(),
            parts,
        }
    }

    pub fn sum<'f>(figures: impl IntoIterator<Item = &'f Figure>) -> Decimal {
        figures.into_iter().map(|f| f.yuan).sum()
    }
}

/// Half a unit of the last printed digit: 0.005 万元 = 50 元 for tables in 万元 with two
/// decimals; 0.5 元 for tables in 元 (exports in 元 carry figures rounded from 分 or to 元).
pub fn half_unit(unit: Unit) -> Decimal {
    match unit {
        Unit::WanYuan => Decimal::from(50),
        Unit::Yuan => Decimal::new(5, 1),
    }
}

/// How a comparison is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// found = expected
    Equal,
    /// found ≤ expected (a part of a whole: 其中数, a 三公 item within its economic line)
    AtMost,
    /// found ≥ expected
    AtLeast,
}

/// What a comparison checks, put in words on demand.
pub type What<'a> = &'a dyn Fn() -> String;

/// A comparison to make: `found` (one figure, where the finding points) against `expected`
/// (a sum of figures).
pub struct Check<'a> {
    pub rule: &'static str,
    pub table: TableId,
    /// The unit the finding is printed in (the unit of `found`'s table).
    pub unit: Unit,
    pub found: Figure,
    pub expected: Vec<Figure>,
    pub relation: Relation,
    /// What is checked, in Chinese: "基本支出 ≠ 人员经费 + 公用经费". Called only when a finding
    /// or a description needs it: most comparisons hold.
    pub what: What<'a>,
    pub severity: Severity,
    /// An extra hint appended to the message when the check fails.
    pub hint: Option<&'a str>,
}

impl Ctx<'_> {
    pub fn push(&mut self, f: Finding) {
        self.out.push(f);
    }

    /// Compares and records a finding when the relation does not hold: an error of the rule,
    /// or `ROUND-001` when the difference is within what rounding can cause.
    pub fn compare(&mut self, c: Check) {
        let expected = Figure::sum(&c.expected);
        let diff = c.found.yuan - expected;
        let holds = match c.relation {
            Relation::Equal => diff.is_zero(),
            Relation::AtMost => diff <= Decimal::ZERO,
            Relation::AtLeast => diff >= Decimal::ZERO,
        };
        if !holds {
            let finding = self.mismatch(&c, expected, diff);
            self.push(finding);
        }
        match &mut self.record {
            Record::Findings => {}
            Record::Identities(list) => list.push(Identity {
                rule: c.rule,
                table: c.table,
                found: c.found,
                expected: c.expected,
                relation: c.relation,
            }),
            Record::Descriptions(list) => list.push((c.what)()),
        }
    }

    /// The finding for a comparison that does not hold: ROUND-001 where the difference is
    /// within what rounding each figure can make (a warning, or information where the rule
    /// asks no more or the table carries the 尾差 note), else the rule's own finding.
    fn mismatch(&self, c: &Check, expected: Decimal, diff: Decimal) -> Finding {
        let tolerance = c.found.half_unit + c.expected.iter().map(|f| f.half_unit).sum::<Decimal>();
        let inputs: Vec<CellRef> = c.expected.iter().filter_map(|f| f.at.clone()).collect();
        let to_unit = |y: Decimal| c.unit.from_yuan(y);
        let finding = if diff.abs() <= tolerance {
            // A residual the rule itself would only mention, or one the table already explains
            // with the standard 尾差 note, is information.
            let explained = self.budget.table(c.table).is_some_and(|t| {
                t.notes
                    .iter()
                    .any(|n| n.text.contains("四舍五入") && n.text.contains("尾差"))
            });
            let severity = if c.severity == Severity::Info || explained {
                Severity::Info
            } else {
                Severity::Warning
            };
            Finding::new(
                "ROUND-001",
                severity,
                format!(
                    "{}（{}）：差额 {} {} 不超过各数四舍五入可能造成的误差，应是先舍入后汇总所致",
                    (c.what)(),
                    c.rule,
                    crate::money::signed(to_unit(diff)),
                    c.unit.label()
                ),
            )
        } else {
            let mut message = (c.what)();
            if let Some(h) = c.hint {
                message.push_str(&format!("（{h}）"));
            }
            if !expected.is_zero() && (c.found.yuan / expected).abs() == Decimal::from(10_000) {
                message.push_str("（相差正好一万倍：是否金额单位填错？）");
            }
            Finding::new(c.rule, c.severity, message)
        };
        finding
            .at(Some(c.table), c.found.at.clone())
            .values(c.unit, to_unit(expected), to_unit(c.found.yuan))
            .inputs(inputs)
    }
}

#[cfg(test)]
mod tests;

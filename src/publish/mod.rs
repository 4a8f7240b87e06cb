//! The publication: what the 预算表 print, table by table, in 万元 with two decimals.
//!
//! `prepare` turns the model into rows in the official order (类 and 款 subtotal rows added
//! under the 合计 and unit rows, 01/04 listing every class), then rounds every figure once for
//! publication with controlled rounding (`rounding`), so that every identity holds in the
//! printed figures and every copy of a figure prints the same in every table. Both renderers
//! (xlsx, docx) print from here and never round again.
//!
//! Here: the publication's types, each table's printed amount columns (`columns`) and column
//! identities. The rows are built by family: `coded` (02, 03, 05–10, 12), `two_sided` (01, 04).
//! `system` and `rounding` round; `narrative` and `wording` write the explanation.

mod coded;
pub mod narrative;
pub mod rounding;
pub mod system;
mod two_sided;
pub mod wording;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::model::{
    Budget, Col, DeptPerformance, EconomicCode, FunctionCode, Indicator, Row, RowKey, Table,
    TableId,
};

/// The standard note for a table whose printed figures could not all be made to add up.
pub const ROUNDING_NOTE: &str = "注：因四舍五入，合计数与各分项之和可能存在尾差。";

/// What one printed row is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Total,
    Unit(String),
    Function(FunctionCode),
    Economic {
        dept: EconomicCode,
        gov: Option<EconomicCode>,
        gov_name: String,
    },
    Project {
        kind: String,
        unit: String,
    },
    /// A line of 01/04 (income source, class, or summary).
    Line(RowKey),
}

/// One printed row: its label and its figures (万元; exact until rounded, then two decimals).
#[derive(Debug, Clone, PartialEq)]
pub struct PubRow {
    pub kind: Kind,
    pub label: String,
    pub values: BTreeMap<Col, Decimal>,
    /// Rows this one adds up (indexes into the same list).
    pub children: Vec<usize>,
}

impl PubRow {
    fn new(kind: Kind, label: impl Into<String>) -> PubRow {
        PubRow {
            kind,
            label: label.into(),
            values: BTreeMap::new(),
            children: Vec::new(),
        }
    }

    /// A printed figure (zero when the table prints nothing there).
    pub fn get(&self, col: Col) -> Decimal {
        self.values.get(&col).copied().unwrap_or_default()
    }
}

/// A project of 12 with its printed figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PubTarget {
    pub code: String,
    pub name: String,
    /// The unit whose block lists the project.
    pub unit: Option<String>,
    pub values: BTreeMap<Col, Decimal>,
    pub indicators: Vec<Indicator>,
}

/// One table as published.
#[derive(Debug, Clone, PartialEq)]
pub struct PubTable {
    pub id: TableId,
    /// Rows in print order. Two-sided tables (01, 04) keep their income lines in `left`.
    pub rows: Vec<PubRow>,
    pub left: Vec<PubRow>,
    pub notes: Vec<String>,
    pub performance: Option<DeptPerformance>,
    /// 11's 预算情况 in 万元.
    pub performance_budget: BTreeMap<Col, Decimal>,
    pub targets: Vec<PubTarget>,
    /// The amount columns the table prints, in order.
    pub columns: Vec<Col>,
}

impl PubTable {
    pub fn total(&self) -> Option<&PubRow> {
        self.rows.iter().find(|r| r.kind == Kind::Total)
    }

    pub fn line(&self, key: &RowKey) -> Option<&PubRow> {
        self.rows
            .iter()
            .chain(&self.left)
            .find(|r| r.kind == Kind::Line(key.clone()))
    }

    pub fn is_empty(&self) -> bool {
        let rows = self.rows.iter().chain(&self.left);
        rows.flat_map(|r| r.values.values()).all(|v| v.is_zero())
            && self.targets.is_empty()
            && self.performance.is_none()
    }
}

/// A figure moved off its plain rounding to make a table add up.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub table: TableId,
    pub row: String,
    pub col: Col,
    pub exact: Decimal,
    pub plain: Decimal,
    pub printed: Decimal,
}

/// Everything the renderers print.
#[derive(Debug, Clone)]
pub struct Publication {
    pub department: String,
    pub year: i32,
    pub tables: BTreeMap<TableId, PubTable>,
    pub moved: Vec<Moved>,
    /// Tables where no controlled rounding was found and the standard note was added.
    pub plain_rounded: Vec<TableId>,
    /// The identities that do not hold in print (no rounding satisfies them all), in words.
    pub residuals: Vec<String>,
    /// Notes written by yusuan (the standard note of an empty table).
    pub notes_added: Vec<(TableId, String)>,
    /// The unit the figures are printed in: 万元 for a publication; `synth` also writes exports
    /// in 元 through the same renderer.
    pub unit: crate::model::Unit,
}

fn wan(yuan: Decimal) -> Decimal {
    yuan / Decimal::from(10_000)
}

/// The amount columns each table prints, in the official order.
pub fn columns(id: TableId) -> Vec<Col> {
    use Col::*;
    match id {
        TableId::T01 => vec![Total],
        TableId::T02 => vec![
            Total,
            CurrentIncome,
            GeneralBudget,
            GeneralAppropriation,
            GovFund,
            StateCapital,
            FiscalSpecial,
            Business,
            BusinessOperating,
            UpperSubsidy,
            AffiliatedRemit,
            OtherIncome,
            CarryOver,
            CarryOverGeneral,
            CarryOverGovFund,
            CarryOverStateCapital,
            CarryOverFiscalSpecial,
            CarryOverUnitFunds,
        ],
        TableId::T03 | TableId::T05 | TableId::T09 => vec![
            Total,
            Basic,
            WagesBenefits,
            HouseholdTransfers,
            GoodsServices,
            Capital,
            Project,
            ProjectOperating,
            ProjectSpecific,
        ],
        TableId::T04 => vec![
            Total,
            GeneralBudget,
            GeneralAppropriation,
            GovFund,
            StateCapital,
        ],
        TableId::T06 => vec![Total, Personnel, PublicUse],
        TableId::T07 => vec![
            Total,
            GeneralBudget,
            GeneralAppropriation,
            GovFund,
            StateCapital,
            CarryOver,
            FiscalSpecial,
            Business,
            UpperSubsidy,
            AffiliatedRemit,
            BusinessOperating,
            OtherIncome,
        ],
        TableId::T08 => vec![
            Total,
            Abroad,
            Vehicle,
            VehiclePurchase,
            VehicleOperation,
            Reception,
        ],
        TableId::T10 => vec![
            Total,
            GeneralBudget,
            GovFund,
            StateCapital,
            CarryOverGeneral,
            CarryOverGovFund,
            CarryOverStateCapital,
            FiscalSpecial,
            UnitFunds,
        ],
        TableId::T11 => vec![],
        TableId::T12 => vec![Total, GovFunds, FiscalSpecial, UnitFunds],
    }
}

/// Column identities of a table: (target, parts). 其中：财政拨款 is part of nothing.
fn column_parts(id: TableId, present: &dyn Fn(Col) -> bool) -> Vec<(Col, Vec<Col>)> {
    use Col::*;
    let keep =
        |cols: &[Col]| -> Vec<Col> { cols.iter().copied().filter(|c| present(*c)).collect() };
    let mut out = Vec::new();
    match id {
        TableId::T03 | TableId::T05 | TableId::T09 => {
            out.push((Total, vec![Basic, Project]));
            out.push((
                Basic,
                vec![WagesBenefits, HouseholdTransfers, GoodsServices, Capital],
            ));
            if present(ProjectOperating) || present(ProjectSpecific) {
                out.push((Project, vec![ProjectOperating, ProjectSpecific]));
            }
        }
        TableId::T06 => out.push((Total, vec![Personnel, PublicUse])),
        TableId::T02 => {
            out.push((Total, vec![CurrentIncome, CarryOver]));
            out.push((
                CurrentIncome,
                keep(&[
                    GeneralBudget,
                    GovFund,
                    StateCapital,
                    FiscalSpecial,
                    Business,
                    BusinessOperating,
                    UpperSubsidy,
                    AffiliatedRemit,
                    OtherIncome,
                    BusinessFund,
                ]),
            ));
            out.push((
                CarryOver,
                keep(&[
                    CarryOverGeneral,
                    CarryOverGovFund,
                    CarryOverStateCapital,
                    CarryOverFiscalSpecial,
                    CarryOverUnitFunds,
                ]),
            ));
        }
        TableId::T07 => out.push((
            Total,
            keep(&[
                GeneralBudget,
                GovFund,
                StateCapital,
                CarryOver,
                FiscalSpecial,
                Business,
                UpperSubsidy,
                AffiliatedRemit,
                BusinessOperating,
                OtherIncome,
            ]),
        )),
        TableId::T10 => out.push((
            Total,
            keep(&[
                GeneralBudget,
                GovFund,
                StateCapital,
                CarryOverGeneral,
                CarryOverGovFund,
                CarryOverStateCapital,
                FiscalSpecial,
                UnitFunds,
            ]),
        )),
        TableId::T04 => out.push((Total, vec![GeneralBudget, GovFund, StateCapital])),
        TableId::T08 => {
            out.push((Total, vec![Abroad, Vehicle, Reception]));
            out.push((Vehicle, vec![VehiclePurchase, VehicleOperation]));
        }
        TableId::T12 => out.push((Total, vec![GovFunds, FiscalSpecial, UnitFunds])),
        TableId::T01 | TableId::T11 => {}
    }
    out.retain(|(_, parts)| !parts.is_empty());
    out
}

/// Builds the publication from a budget (normally one that checks without errors).
pub fn prepare(budget: &Budget, catalog: &Catalog) -> Publication {
    prepare_with(budget, catalog, &crate::validate::Settings::default())
}

/// `prepare` under a region's conventions (the same `Settings` that `check` uses), so that the
/// published figures satisfy the comparisons `check` will make of them.
pub fn prepare_with(
    budget: &Budget,
    catalog: &Catalog,
    settings: &crate::validate::Settings,
) -> Publication {
    let mut p = layout(budget, catalog);
    system::round(&mut p, &budget.units, catalog, settings);
    for pt in p.tables.values_mut() {
        if let Some(note) = standard_note(pt, p.year) {
            p.notes_added.push((pt.id, note.clone()));
            pt.notes.push(note);
        }
    }
    p
}

/// The publication's rows with their exact figures, unrounded (万元 with all their decimals).
pub fn layout(budget: &Budget, catalog: &Catalog) -> Publication {
    let mut p = empty_publication(budget);
    for t in budget.tables.values() {
        p.tables.insert(t.id, build_table(t, budget, catalog));
    }
    p
}

fn empty_publication(budget: &Budget) -> Publication {
    Publication {
        department: budget.department.clone(),
        year: budget.year.unwrap_or_default(),
        tables: BTreeMap::new(),
        moved: Vec::new(),
        plain_rounded: Vec::new(),
        residuals: Vec::new(),
        notes_added: Vec::new(),
        unit: crate::model::Unit::WanYuan,
    }
}

fn label_of(row: &Row) -> String {
    row.name.trim().to_string()
}

fn values_wan(row: &Row) -> BTreeMap<Col, Decimal> {
    row.values.iter().map(|(c, a)| (*c, wan(a.yuan))).collect()
}

fn build_table(t: &Table, budget: &Budget, catalog: &Catalog) -> PubTable {
    let mut pt = PubTable {
        id: t.id,
        rows: Vec::new(),
        left: Vec::new(),
        notes: t.notes.iter().map(|n| n.text.trim().to_string()).collect(),
        performance: t.performance.clone(),
        performance_budget: t
            .performance
            .as_ref()
            .map(|p| p.budget.iter().map(|(c, a)| (*c, wan(a.yuan))).collect())
            .unwrap_or_default(),
        targets: t
            .targets
            .iter()
            .map(|x| PubTarget {
                code: x.code.clone(),
                name: x.name.trim().to_string(),
                unit: x.unit.clone(),
                values: x.values.iter().map(|(c, a)| (*c, wan(a.yuan))).collect(),
                indicators: x.indicators.clone(),
            })
            .collect(),
        columns: columns(t.id),
    };
    match t.id {
        TableId::T01 | TableId::T04 => two_sided::build_two_sided(&mut pt, t, catalog),
        TableId::T11 => {}
        _ => coded::build_rows(&mut pt, t, budget, catalog),
    }
    pt
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 34 → 三十四.
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize % 10]),
        _ => format!("{}十{}", D[(n / 10) as usize % 10], D[(n % 10) as usize]),
    }
}

/// An empty table carries the standard note (本部门…无…，故本表无数据。) when the export has none.
fn standard_note(pt: &PubTable, year: i32) -> Option<String> {
    if !pt.is_empty()
        || pt
            .notes
            .iter()
            .any(|n| n.contains("无数据") || n.contains("故此表") || n.contains("故本表"))
    {
        return None;
    }
    let what = match pt.id {
        TableId::T08 => "一般公共预算“三公”经费支出",
        TableId::T09 => "政府性基金预算财政拨款安排的支出",
        TableId::T10 => "项目支出",
        TableId::T05 => "一般公共预算财政拨款安排的支出",
        TableId::T06 => "一般公共预算基本支出",
        _ => return None,
    };
    Some(format!("注：本部门{year}年无{what}，故本表无数据。"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(34), "三十四");
    }
}

//! The publication: what the 预算表 print, table by table, in 万元 with two decimals.
//!
//! `prepare` turns the model into rows in the official order (类 and 款 subtotal rows added
//! under the 合计 and unit rows, 01/04 listing every class), then rounds every figure once for
//! publication with controlled rounding (`rounding`), so that every identity holds in the
//! printed figures and every copy of a figure prints the same in every table. Both renderers
//! (xlsx, docx) print from here and never round again.

pub mod narrative;
pub mod rounding;
pub mod system;
pub mod wording;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::model::{
    Budget, Col, DeptPerformance, EconomicCode, FunctionCode, Indicator, Row, RowKey, Summary,
    Table, TableId,
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
        TableId::T01 | TableId::T04 => build_two_sided(&mut pt, t, catalog),
        TableId::T11 => {}
        _ => build_rows(&mut pt, t, budget, catalog),
    }
    pt
}

/// The rows of a coded or listed table: 合计, then each unit with its rows, with 类 and 款
/// subtotal rows added where the export prints only the rows below them.
fn build_rows(pt: &mut PubTable, t: &Table, budget: &Budget, catalog: &Catalog) {
    let mut rows: Vec<PubRow> = Vec::new();
    let mut total = PubRow::new(Kind::Total, "合计");
    if let Some(r) = &t.total {
        total.values = values_wan(r);
    }
    rows.push(total);
    let units: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| matches!(r.key, RowKey::Unit(_)))
        .collect();
    let unit_code = |r: &Row| match &r.key {
        RowKey::Unit(c) => c.clone(),
        _ => String::new(),
    };
    // Unit rows, each under its parent unit (047 › 047001), the department under 合计.
    let mut unit_index: BTreeMap<String, usize> = BTreeMap::new();
    for u in &units {
        let code = unit_code(u);
        let mut row = PubRow::new(Kind::Unit(code.clone()), label_of(u));
        row.values = values_wan(u);
        if row.label.is_empty() {
            row.label = budget
                .units
                .iter()
                .find(|x| x.code == code)
                .map(|x| x.name.clone())
                .unwrap_or_default();
        }
        let parent = unit_index
            .iter()
            .filter(|(c, _)| code.starts_with(c.as_str()) && c.len() < code.len())
            .max_by_key(|(c, _)| c.len())
            .map(|(_, i)| *i)
            .unwrap_or(0);
        rows.push(row);
        let i = rows.len() - 1;
        rows[parent].children.push(i);
        unit_index.insert(code, i);
    }
    let leaf_units: Vec<usize> = unit_index
        .values()
        .copied()
        .filter(|i| rows[*i].children.is_empty())
        .collect();
    // Where rows carry no unit, they belong to the one unit of the table (or to 合计).
    let home = |unit: Option<&String>| -> usize {
        match unit {
            Some(u) => unit_index.get(u).copied().unwrap_or(0),
            None if leaf_units.len() == 1 => leaf_units[0],
            None => 0,
        }
    };
    match t.id {
        TableId::T03 | TableId::T05 | TableId::T09 => {
            // Group function rows by unit, complete the hierarchy, in code order.
            let mut by_unit: BTreeMap<Option<String>, CodedRows> = BTreeMap::new();
            for r in &t.rows {
                if let RowKey::Function { unit, code } = &r.key {
                    by_unit
                        .entry(unit.clone())
                        .or_default()
                        .insert(code.clone(), (label_of(r), values_wan(r)));
                }
            }
            for (unit, codes) in by_unit {
                let parent = home(unit.as_ref());
                add_function_rows(&mut rows, parent, codes, catalog);
            }
        }
        TableId::T06 | TableId::T07 => {
            let mut by_unit: BTreeMap<Option<String>, Vec<&Row>> = BTreeMap::new();
            for r in &t.rows {
                if let RowKey::Economic { unit, .. } = &r.key {
                    by_unit.entry(unit.clone()).or_default().push(r);
                }
            }
            for (unit, list) in by_unit {
                let parent = home(unit.as_ref());
                add_economic_rows(&mut rows, parent, &list, catalog);
            }
        }
        TableId::T10 => {
            // Projects in the order of their codes in 12 (10 prints no code), so that both
            // tables list them alike; projects 12 lacks follow by name.
            let code_of = |name: &str| -> Option<String> {
                budget
                    .table(TableId::T12)?
                    .targets
                    .iter()
                    .find(|p| p.name.trim() == name.trim())
                    .map(|p| p.code.clone())
            };
            let mut projects: Vec<&Row> = t.rows.iter().collect();
            projects.sort_by_key(|r| match &r.key {
                RowKey::Project { name, .. } => {
                    (code_of(name).is_none(), code_of(name), name.clone())
                }
                _ => (true, None, String::new()),
            });
            for r in projects {
                if let RowKey::Project { unit, name } = &r.key {
                    let parent = if leaf_units.len() > 1 {
                        leaf_units
                            .iter()
                            .copied()
                            .find(|i| rows[*i].label == unit.trim())
                            .unwrap_or(0)
                    } else {
                        home(None)
                    };
                    let kind = r.text.get("kind").cloned().unwrap_or_default();
                    let mut row = PubRow::new(
                        Kind::Project {
                            kind,
                            unit: unit.trim().to_string(),
                        },
                        name.trim(),
                    );
                    row.values = values_wan(r);
                    rows.push(row);
                    let i = rows.len() - 1;
                    rows[parent].children.push(i);
                }
            }
        }
        _ => {}
    }
    pt.rows = preorder(rows);
}

/// The rows no other row lists as a child, in order (the tops of the row tree).
pub(crate) fn roots(rows: &[PubRow]) -> Vec<usize> {
    let is_child: std::collections::BTreeSet<usize> = rows
        .iter()
        .flat_map(|r| r.children.iter().copied())
        .collect();
    (0..rows.len()).filter(|i| !is_child.contains(i)).collect()
}

/// Rows in print order: each row followed by the rows under it (a unit's block under its unit
/// row), children indexes renumbered.
fn preorder(rows: Vec<PubRow>) -> Vec<PubRow> {
    fn visit(rows: &[PubRow], i: usize, order: &mut Vec<usize>) {
        order.push(i);
        for c in &rows[i].children {
            visit(rows, *c, order);
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    for i in roots(&rows) {
        visit(&rows, i, &mut order);
    }
    let mut new_index = vec![0; rows.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let mut slots: Vec<Option<PubRow>> = rows.into_iter().map(Some).collect();
    order
        .iter()
        .map(|old| {
            let mut r = slots[*old].take().expect("each row visited once");
            for c in &mut r.children {
                *c = new_index[*c];
            }
            r
        })
        .collect()
}

/// Function rows of one unit as the export gives them: code → (name, figures).
type CodedRows = BTreeMap<FunctionCode, Figures>;

/// A row's name and figures.
type Figures = (String, BTreeMap<Col, Decimal>);

/// Adds function rows under `parent`: every 类 and 款 of the codes given, named from the
/// catalogue where the export prints only lower rows, with the export's own rows as they are.
fn add_function_rows(rows: &mut Vec<PubRow>, parent: usize, codes: CodedRows, catalog: &Catalog) {
    let mut all: BTreeMap<FunctionCode, Option<Figures>> = BTreeMap::new();
    for (code, v) in codes {
        let mut up = code.parent();
        while let Some(p) = up {
            all.entry(p.clone()).or_insert(None);
            up = p.parent();
        }
        all.insert(code, Some(v));
    }
    let mut index: BTreeMap<FunctionCode, usize> = BTreeMap::new();
    for (code, given) in all {
        let (label, values) = match given {
            Some((name, values)) => {
                let name = if name.is_empty() {
                    catalog.function_name(&code).unwrap_or_default().to_string()
                } else {
                    name
                };
                (name, values)
            }
            None => (
                catalog.function_name(&code).unwrap_or_default().to_string(),
                BTreeMap::new(),
            ),
        };
        let mut row = PubRow::new(Kind::Function(code.clone()), label);
        row.values = values;
        rows.push(row);
        let i = rows.len() - 1;
        let mut up = code.parent();
        let mut attached = false;
        while let Some(p) = up {
            if let Some(pi) = index.get(&p) {
                rows[*pi].children.push(i);
                attached = true;
                break;
            }
            up = p.parent();
        }
        if !attached {
            rows[parent].children.push(i);
        }
        index.insert(code, i);
    }
    fill_derived(rows);
}

/// Economic rows under `parent`: a 类 row over its 款 rows (added where missing), in code order.
fn add_economic_rows(rows: &mut Vec<PubRow>, parent: usize, list: &[&Row], catalog: &Catalog) {
    let mut sorted: Vec<&Row> = list.to_vec();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    let mut class_index: BTreeMap<String, usize> = BTreeMap::new();
    for r in sorted {
        let RowKey::Economic { dept, gov, .. } = &r.key else {
            continue;
        };
        let gov_name = r.text.get("gov_name").cloned().unwrap_or_default();
        let name = if r.name.trim().is_empty() {
            catalog.economic_name(dept).unwrap_or_default().to_string()
        } else {
            label_of(r)
        };
        let mut row = PubRow::new(
            Kind::Economic {
                dept: dept.clone(),
                gov: gov.clone(),
                gov_name,
            },
            name,
        );
        row.values = values_wan(r);
        if dept.is_class() {
            rows.push(row);
            let i = rows.len() - 1;
            rows[parent].children.push(i);
            class_index.insert(dept.as_str().to_string(), i);
            continue;
        }
        let class = dept.class();
        let ci = match class_index.get(class.as_str()) {
            Some(i) => *i,
            None => {
                let name = catalog
                    .economic_name(&class)
                    .unwrap_or_default()
                    .to_string();
                rows.push(PubRow::new(
                    Kind::Economic {
                        dept: class.clone(),
                        gov: None,
                        gov_name: String::new(),
                    },
                    name,
                ));
                let i = rows.len() - 1;
                rows[parent].children.push(i);
                class_index.insert(class.as_str().to_string(), i);
                i
            }
        };
        rows.push(row);
        let i = rows.len() - 1;
        rows[ci].children.push(i);
    }
    fill_derived(rows);
}

/// Rows added by yusuan (no values of their own) carry the sum of their children.
fn fill_derived(rows: &mut [PubRow]) {
    fn fill(rows: &mut [PubRow], i: usize) {
        let children = rows[i].children.clone();
        for c in &children {
            fill(rows, *c);
        }
        if rows[i].values.is_empty() && !children.is_empty() {
            let mut sum: BTreeMap<Col, Decimal> = BTreeMap::new();
            for c in &children {
                for (col, v) in &rows[*c].values {
                    *sum.entry(*col).or_default() += *v;
                }
            }
            rows[i].values = sum;
        }
    }
    for i in roots(rows) {
        fill(rows, i);
    }
}

/// The official lines of 01 and 04, with the export's figures.
fn build_two_sided(pt: &mut PubTable, t: &Table, catalog: &Catalog) {
    use Col::*;
    let value = |key: &RowKey| {
        t.rows
            .iter()
            .find(|r| &r.key == key)
            .map(values_wan)
            .unwrap_or_default()
    };
    let income = |carry: bool, source: Col| RowKey::Income { carry, source };
    let line = |key: RowKey, label: &str| -> PubRow {
        let mut r = PubRow::new(Kind::Line(key.clone()), label);
        r.values = value(&key);
        r
    };
    let mut left = Vec::new();
    if t.id == TableId::T01 {
        let sources: [(Col, &str); 10] = [
            (GeneralBudget, "一、一般公共预算"),
            (GeneralAppropriation, "其中：财政拨款"),
            (GovFund, "二、政府性基金预算拨款收入"),
            (StateCapital, "三、国有资本经营预算拨款收入"),
            (FiscalSpecial, "四、财政专户管理资金收入"),
            (Business, "五、事业收入"),
            (BusinessOperating, "六、事业单位经营收入"),
            (UpperSubsidy, "七、上级补助收入"),
            (AffiliatedRemit, "八、附属单位上缴收入"),
            (OtherIncome, "九、其他收入"),
        ];
        for (c, l) in sources {
            left.push(line(income(false, c), l));
        }
        let n = left.len();
        let mut current = line(RowKey::Summary(Summary::CurrentIncome), "本年收入合计");
        current.children = (0..n).filter(|i| *i != 1).collect();
        left.push(current);
        left.push(line(RowKey::Summary(Summary::CarryIn), "上年结转结余"));
        let mut total = line(RowKey::Summary(Summary::IncomeTotal), "收入总计");
        total.children = vec![n, n + 1];
        left.push(total);
    } else {
        let mut current = line(RowKey::Summary(Summary::CurrentIncome), "一、本年收入");
        let first = [
            (GeneralBudget, "（一）一般公共预算拨款"),
            (GeneralAppropriation, "其中：财政拨款"),
            (GovFund, "（二）政府性基金预算拨款"),
            (StateCapital, "（三）国有资本经营预算拨款"),
        ];
        current.children = vec![1, 3, 4];
        left.push(current);
        for (c, l) in first {
            left.push(line(income(false, c), l));
        }
        let mut carry = line(RowKey::Summary(Summary::CarryIn), "二、上年结转");
        carry.children = vec![6, 7, 8];
        left.push(carry);
        for (c, l) in [
            (GeneralBudget, "（一）一般公共预算拨款"),
            (GovFund, "（二）政府性基金预算拨款"),
            (StateCapital, "（三）国有资本经营预算拨款"),
        ] {
            left.push(line(income(true, c), l));
        }
        let mut total = line(RowKey::Summary(Summary::IncomeTotal), "收入合计");
        total.children = vec![0, 5];
        left.push(total);
    }
    // Expenditure side: every class of the catalogue, numbered 一 = 201 … (the template's
    // numbering follows the class codes), under 本年支出.
    let mut right = Vec::new();
    let classes: Vec<FunctionCode> = catalog
        .function
        .keys()
        .filter(|c| c.len() == 3)
        .filter_map(|c| FunctionCode::parse(c))
        .collect();
    let two = t.id == TableId::T04;
    if two {
        right.push(line(
            RowKey::Summary(Summary::CurrentExpenditure),
            "一、本年支出",
        ));
    }
    let first_class = right.len();
    for code in &classes {
        let n: u32 = code.as_str()[1..].parse().unwrap_or(0);
        let name = catalog.function_name(code).unwrap_or_default();
        let label = if two {
            format!("（{}）{}", chinese_number(n), name)
        } else {
            format!("{}、{}", chinese_number(n), name)
        };
        right.push(line(
            RowKey::Function {
                unit: None,
                code: code.clone(),
            },
            &label,
        ));
    }
    let class_rows: Vec<usize> = (first_class..right.len()).collect();
    if two {
        right[0].children = class_rows;
        right.push(line(RowKey::Summary(Summary::CarryOut), "二、年终结转结余"));
        let n = right.len();
        let mut total = line(RowKey::Summary(Summary::ExpenditureTotal), "支出合计");
        total.children = vec![0, n - 1];
        right.push(total);
    } else {
        let mut current = line(RowKey::Summary(Summary::CurrentExpenditure), "本年支出合计");
        current.children = class_rows;
        right.push(current);
        right.push(line(RowKey::Summary(Summary::CarryOut), "年终结转结余"));
        let n = right.len();
        let mut total = line(RowKey::Summary(Summary::ExpenditureTotal), "支出总计");
        total.children = vec![n - 2, n - 1];
        right.push(total);
    }
    // 01's expenditure lines print one amount (合计).
    if !two {
        for r in &mut right {
            r.values.retain(|c, _| *c == Total);
        }
    }
    for r in &mut left {
        let v = r.values.get(&Amount).copied();
        r.values = v.map(|v| BTreeMap::from([(Total, v)])).unwrap_or_default();
    }
    pt.left = left;
    pt.rows = right;
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

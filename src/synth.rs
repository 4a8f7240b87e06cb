//! Synthetic departments: consistent 预算表 of every shape, made from a seed, for the tests and
//! the benchmarks. Nothing in the product calls this module.
//!
//! A department is generated bottom up, as the finance system itself holds it: a list of
//! spending *atoms* (unit × function 项 × economic 款 × fund × basic or project), each an amount
//! in 分. Every table is then an aggregation of the atoms, so every identity of domain.md holds
//! exactly, within and across tables, whatever the seed. `export` writes the model as a finance
//! system would (three layouts, 元 or 万元), and the tests read that file back.
//!
//! Shapes: 1–5 budget units (机关 and 事业单位), 1–25 function classes with their 款/项,
//! 0–120 projects with 12's indicators, 事业收入 and 政府性基金 in some, 三公 zero in some,
//! amounts on or off the 0.01 万元 grid.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::model::CellRef;
use crate::model::{
    Amount, Budget, BudgetUnit, Col, DeptPerformance, EconomicCode, FunctionCode, Indicator, Note,
    ProjectTarget, Row, RowKey, Source, Summary, Table, TableId, Task, Unit,
};

/// A small, seeded pseudo-random generator (SplitMix64): the same seed gives the same
/// department on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.next_u64() % 100 < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.next_u64() as usize % xs.len()]
    }

    /// Between `lo` and `hi` distinct elements of `xs`.
    pub fn some<T: Clone>(&mut self, xs: &[T], lo: u64, hi: u64) -> Vec<T> {
        let k = self.range(lo, hi) as usize;
        self.sample(xs, k)
    }

    /// `k` distinct elements of `xs`, in their original order.
    pub fn sample<T: Clone>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        for i in 0..idx.len() {
            let j = i + self.next_u64() as usize % (idx.len() - i);
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(k.min(xs.len())).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| xs[i].clone()).collect()
    }
}

/// What kind of department to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Budget units below the department (1–5).
    pub units: usize,
    /// Function classes (类) spent on (1–25, as many as the catalogue has).
    pub classes: usize,
    /// Projects (0–120).
    pub projects: usize,
    /// 事业单位 with 事业收入.
    pub business: bool,
    /// 政府性基金 spending.
    pub gov_fund: bool,
    /// “三公”经费 spending.
    pub sangong: bool,
    /// Amounts on the 0.01 万元 grid (whole hundreds of 元); otherwise any 分.
    pub on_grid: bool,
}

impl Shape {
    /// A random shape; small departments as often as large ones.
    pub fn random(rng: &mut Rng) -> Shape {
        Shape {
            units: rng.range(1, 5) as usize,
            classes: rng.range(1, 25) as usize,
            projects: match rng.range(0, 3) {
                0 => 0,
                1 => rng.range(1, 10) as usize,
                2 => rng.range(10, 40) as usize,
                _ => rng.range(40, 120) as usize,
            },
            business: rng.chance(40),
            gov_fund: rng.chance(35),
            sangong: rng.chance(75),
            on_grid: rng.chance(30),
        }
    }

    /// A small department of one unit, the commonest case (for print review).
    pub fn one_unit() -> Shape {
        Shape {
            units: 1,
            classes: 5,
            projects: 6,
            business: false,
            gov_fund: false,
            sangong: true,
            on_grid: false,
        }
    }

    /// The largest shape the generator makes (for benchmarks and print tests).
    pub fn large() -> Shape {
        Shape {
            units: 5,
            classes: 25,
            projects: 120,
            business: true,
            gov_fund: true,
            sangong: true,
            on_grid: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fund {
    General,
    Government,
    Business,
}

/// One amount of spending.
#[derive(Debug, Clone)]
struct Atom {
    unit: usize,
    function: String,
    economic: String,
    fund: Fund,
    project: Option<usize>,
    fen: i64,
}

#[derive(Debug, Clone)]
struct UnitInfo {
    code: String,
    name: String,
    institution: bool,
}

#[derive(Debug, Clone)]
struct Project {
    unit: usize,
    code: String,
    name: String,
    specific: bool,
}

const SANGONG: [(&str, Col); 4] = [
    ("30212", Col::Abroad),
    ("31013", Col::VehiclePurchase),
    ("30231", Col::VehicleOperation),
    ("30217", Col::Reception),
];

const PLACES: [&str; 8] = [
    "红旗区",
    "卫滨区",
    "牧野区",
    "凤泉区",
    "新华区",
    "金水区",
    "二七区",
    "中原区",
];
const OFFICES: [&str; 10] = [
    "财政局",
    "教育局",
    "民政局",
    "卫生健康委员会",
    "农业农村局",
    "城市管理局",
    "文化广电和旅游局",
    "人力资源和社会保障局",
    "东街街道办事处",
    "住房和城乡建设局",
];
const UNIT_SUFFIX: [&str; 5] = [
    "服务中心",
    "事务中心",
    "综合执法大队",
    "发展研究中心",
    "管理所",
];
const PROJECT_WORDS: [&str; 12] = [
    "信息化建设",
    "专项业务",
    "人员培训",
    "设备购置",
    "环境整治",
    "宣传教育",
    "运行保障",
    "专项调查",
    "能力提升",
    "安全生产",
    "公共服务",
    "综合治理",
];

/// The budget year trials use for a seed: 2024 and 2025 alternately (both catalogue editions).
pub fn year_of(seed: u64) -> i32 {
    if seed.is_multiple_of(2) {
        2024
    } else {
        2025
    }
}

/// A consistent department of the given shape. `year` is the budget year.
pub fn department(seed: u64, shape: &Shape, year: i32, catalog: &Catalog) -> Budget {
    let mut rng = Rng::new(seed);
    let dept_code = format!("{:03}", rng.range(101, 899));
    let department = format!("{}{}", rng.pick(&PLACES), rng.pick(&OFFICES));
    let units = make_units(&mut rng, shape, &dept_code, &department);
    let unit_items = spread_items(&mut rng, shape, catalog, units.len());
    let lines = EconomicLines::of(catalog);
    let mut atoms = basic_atoms(&mut rng, shape, &units, &unit_items, &lines);
    let projects = project_atoms(
        &mut rng,
        shape,
        year,
        (&units, &unit_items),
        &lines,
        &mut atoms,
    );
    if shape.sangong
        && !atoms
            .iter()
            .any(|a| SANGONG.iter().any(|(s, _)| *s == a.economic))
    {
        let fen = amount(&mut rng, shape, 100_000, 30_000_000);
        atoms.push(Atom {
            unit: 0,
            function: unit_items[0][0].clone(),
            economic: "30217".to_string(),
            fund: Fund::General,
            project: None,
            fen,
        });
    }

    let g = Gen {
        year,
        dept_code,
        department: department.clone(),
        units,
        projects,
        atoms,
        catalog,
        rng: std::cell::RefCell::new(rng),
    };
    let mut budget = Budget {
        department: department.clone(),
        year: Some(year),
        units: std::iter::once(BudgetUnit {
            code: g.dept_code.clone(),
            name: department,
        })
        .chain(g.units.iter().map(|u| BudgetUnit {
            code: u.code.clone(),
            name: u.name.clone(),
        }))
        .collect(),
        tables: BTreeMap::new(),
    };
    for id in TableId::ALL {
        budget.tables.insert(id, g.table(id));
    }
    budget
}

/// The department's units: 本级 first, then institutions and offices.
fn make_units(rng: &mut Rng, shape: &Shape, dept_code: &str, department: &str) -> Vec<UnitInfo> {
    let mut units = Vec::new();
    for i in 0..shape.units {
        let institution = i > 0 && (shape.business || rng.chance(50));
        let name = if i == 0 {
            format!("{department}本级")
        } else {
            format!(
                "{department}{}{}",
                chinese_ordinal(i),
                rng.pick(&UNIT_SUFFIX)
            )
        };
        units.push(UnitInfo {
            code: format!("{dept_code}{:03}", i + 1),
            name,
            institution,
        });
    }
    units
}

/// Function codes: the department's classes, each with one to three 项 from the catalogue.
/// Each unit spends on a few of them; together they spend on all. One list per unit, sorted.
fn spread_items(rng: &mut Rng, shape: &Shape, catalog: &Catalog, units: usize) -> Vec<Vec<String>> {
    let mut by_class: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for code in catalog.function.keys().filter(|c| c.len() == 7) {
        by_class
            .entry(code[..3].to_string())
            .or_default()
            .push(code.clone());
    }
    let classes: Vec<String> = by_class.keys().cloned().collect();
    let chosen = rng.sample(&classes, shape.classes.max(1));
    let mut items: Vec<String> = Vec::new();
    for c in &chosen {
        let k = rng.range(1, 3) as usize;
        items.extend(rng.sample(&by_class[c], k));
    }
    let mut unit_items: Vec<Vec<String>> = vec![Vec::new(); units];
    for (i, item) in items.iter().enumerate() {
        unit_items[i % units].push(item.clone());
        if rng.chance(25) {
            let other = rng.range(0, units as u64 - 1) as usize;
            if !unit_items[other].contains(item) {
                unit_items[other].push(item.clone());
            }
        }
    }
    for list in &mut unit_items {
        if list.is_empty() {
            list.push(rng.pick(&items).clone());
        }
        list.sort();
    }
    unit_items
}

/// The economic 款 a generated department spends on, by class (“三公” items apart).
struct EconomicLines {
    wages: Vec<String>,
    goods: Vec<String>,
    household: Vec<String>,
    capital: Vec<String>,
}

impl EconomicLines {
    fn of(catalog: &Catalog) -> EconomicLines {
        let economic = |prefix: &str| -> Vec<String> {
            catalog
                .economic
                .keys()
                .filter(|c| c.len() == 5 && c.starts_with(prefix))
                .filter(|c| catalog.economic_map.contains_key(c.as_str()))
                .filter(|c| !SANGONG.iter().any(|(s, _)| s == c))
                .cloned()
                .collect()
        };
        EconomicLines {
            wages: economic("301"),
            goods: economic("302"),
            household: economic("303"),
            capital: economic("310"),
        }
    }
}

/// An amount in 分 between `lo` and `hi`, on the 0.01 万元 grid where the shape asks for it.
fn amount(rng: &mut Rng, shape: &Shape, lo: i64, hi: i64) -> i64 {
    let fen = rng.range(lo as u64, hi as u64) as i64;
    if shape.on_grid {
        (fen / 10_000).max(1) * 10_000
    } else {
        fen
    }
}

/// Each unit's basic expenditure: a few function items, each over wages, goods and services,
/// transfers and now and then capital; and “三公” items where the shape has them.
fn basic_atoms(
    rng: &mut Rng,
    shape: &Shape,
    units: &[UnitInfo],
    unit_items: &[Vec<String>],
    lines: &EconomicLines,
) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    for (u, info) in units.iter().enumerate() {
        let basic_items = rng.some(&unit_items[u], 1, 2);
        for item in &basic_items {
            let mut economic: Vec<String> = Vec::new();
            economic.extend(rng.some(&lines.wages, 2, 8));
            economic.extend(rng.some(&lines.goods, 1, 6));
            economic.extend(rng.some(&lines.household, 0, 2));
            if rng.chance(20) {
                economic.extend(rng.sample(&lines.capital, 1));
            }
            for e in economic {
                let fund = if info.institution && shape.business && rng.chance(30) {
                    Fund::Business
                } else {
                    Fund::General
                };
                let fen = amount(rng, shape, 50_000, 300_000_000);
                atoms.push(Atom {
                    unit: u,
                    function: item.clone(),
                    economic: e,
                    fund,
                    project: None,
                    fen,
                });
            }
        }
        if shape.sangong && rng.chance(70) {
            for (e, _) in SANGONG {
                if rng.chance(55) {
                    let fen = amount(rng, shape, 100_000, 30_000_000);
                    atoms.push(Atom {
                        unit: u,
                        function: basic_items[0].clone(),
                        economic: e.to_string(),
                        fund: Fund::General,
                        project: None,
                        fen,
                    });
                }
            }
        }
    }
    atoms
}

/// The projects, each of one unit and one of its items, with its goods and services (and
/// now and then capital) added to `atoms`.
fn project_atoms(
    rng: &mut Rng,
    shape: &Shape,
    year: i32,
    (units, unit_items): (&[UnitInfo], &[Vec<String>]),
    lines: &EconomicLines,
    atoms: &mut Vec<Atom>,
) -> Vec<Project> {
    let mut projects = Vec::new();
    for p in 0..shape.projects {
        let u = rng.range(0, units.len() as u64 - 1) as usize;
        let name = format!(
            "{}{}{}",
            rng.pick(&PROJECT_WORDS),
            if rng.chance(50) { "经费" } else { "项目" },
            p + 1
        );
        let code = format!(
            "41{:04}{}{:012}",
            rng.range(0, 9999),
            year % 100 - 1,
            rng.range(0, 999_999_999)
        );
        projects.push(Project {
            unit: u,
            code,
            name,
            specific: rng.chance(60),
        });
        let item = rng.pick(&unit_items[u]).clone();
        let fund = if shape.gov_fund && rng.chance(25) {
            Fund::Government
        } else if units[u].institution && shape.business && rng.chance(25) {
            Fund::Business
        } else {
            Fund::General
        };
        let mut economic = rng.some(&lines.goods, 1, 3);
        if rng.chance(20) {
            economic.extend(rng.sample(&lines.capital, 1));
        }
        for e in economic {
            let fen = amount(rng, shape, 10_000, 500_000_000);
            atoms.push(Atom {
                unit: u,
                function: item.clone(),
                economic: e,
                fund,
                project: Some(p),
                fen,
            });
        }
    }
    projects
}

/// 一, 二, … for unit names.
fn chinese_ordinal(n: usize) -> &'static str {
    ["", "第一", "第二", "第三", "第四", "第五", "第六"][n.min(6)]
}

/// The atoms that make up one table, and where it is.
struct TableAtoms<'a> {
    id: TableId,
    sheet: &'a str,
    atoms: &'a [&'a Atom],
}

struct Gen<'a> {
    year: i32,
    dept_code: String,
    department: String,
    units: Vec<UnitInfo>,
    projects: Vec<Project>,
    atoms: Vec<Atom>,
    catalog: &'a Catalog,
    rng: std::cell::RefCell<Rng>,
}

fn yuan(fen: i64) -> Decimal {
    Decimal::new(fen, 2)
}

/// Columns → 分, made into a model row (zero columns left blank, as exports do).
fn row(key: RowKey, name: &str, sheet: &str, values: &BTreeMap<Col, i64>) -> Row {
    let at = CellRef::new(sheet, 0, 0);
    Row {
        key,
        name: name.to_string(),
        at: at.clone(),
        values: values
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(c, v)| {
                (
                    *c,
                    Amount {
                        yuan: yuan(*v),
                        at: at.clone(),
                    },
                )
            })
            .collect(),
        text: BTreeMap::new(),
    }
}

fn add(into: &mut BTreeMap<Col, i64>, from: &BTreeMap<Col, i64>) {
    for (c, v) in from {
        *into.entry(*c).or_default() += v;
    }
}

impl Gen<'_> {
    fn source(&self, id: TableId) -> Source {
        Source {
            sheet: id.code().into(),
            title: format!("{}年{}", self.year, id.title()),
            title_at: CellRef::new(id.code(), 0, 0),
            unit: Unit::Yuan,
            unit_at: None,
            dept_name: Some((self.department.clone(), CellRef::new(id.code(), 1, 0))),
            columns: Vec::new(),
            header_rows: (2, 3),
            amount_cols: BTreeMap::new(),
        }
    }

    fn in_table(&self, id: TableId, a: &Atom) -> bool {
        match id {
            TableId::T05 | TableId::T08 => a.fund == Fund::General,
            TableId::T06 => a.fund == Fund::General && a.project.is_none(),
            TableId::T09 => a.fund == Fund::Government,
            TableId::T04 => a.fund != Fund::Business,
            TableId::T10 | TableId::T12 => a.project.is_some(),
            _ => true,
        }
    }

    /// The columns an atom adds to in a table.
    fn cols(&self, id: TableId, a: &Atom) -> BTreeMap<Col, i64> {
        use Col::*;
        let mut m = BTreeMap::new();
        let mut put = |c: Col| {
            *m.entry(c).or_insert(0) += a.fen;
        };
        let class = &a.economic[..3];
        match id {
            TableId::T03 | TableId::T05 | TableId::T09 => {
                put(Total);
                match a.project {
                    None => {
                        put(Basic);
                        put(match class {
                            "301" => WagesBenefits,
                            "303" => HouseholdTransfers,
                            "302" => GoodsServices,
                            _ => Capital,
                        });
                    }
                    Some(p) => {
                        put(Project);
                        put(if self.projects[p].specific {
                            ProjectSpecific
                        } else {
                            ProjectOperating
                        });
                    }
                }
            }
            TableId::T06 => {
                put(Total);
                put(if matches!(class, "301" | "303") {
                    Personnel
                } else {
                    PublicUse
                });
            }
            // 02 by income source, 07 by fund: the same split of the same money.
            TableId::T02 | TableId::T07 => {
                put(Total);
                if id == TableId::T02 {
                    put(CurrentIncome);
                }
                match a.fund {
                    Fund::General => {
                        put(GeneralBudget);
                        put(GeneralAppropriation);
                    }
                    Fund::Government => put(GovFund),
                    Fund::Business => put(Business),
                }
            }
            TableId::T04 => {
                put(Total);
                match a.fund {
                    Fund::General => {
                        put(GeneralBudget);
                        put(GeneralAppropriation);
                    }
                    _ => put(GovFund),
                }
            }
            TableId::T10 => {
                put(Total);
                put(match a.fund {
                    Fund::General => GeneralBudget,
                    Fund::Government => GovFund,
                    Fund::Business => UnitFunds,
                });
            }
            TableId::T12 => {
                put(Total);
                put(match a.fund {
                    Fund::Business => UnitFunds,
                    _ => GovFunds,
                });
            }
            TableId::T08 => {
                if let Some((_, c)) = SANGONG.iter().find(|(s, _)| *s == a.economic) {
                    put(Total);
                    put(*c);
                    if matches!(c, VehiclePurchase | VehicleOperation) {
                        put(Vehicle);
                    }
                }
            }
            TableId::T01 | TableId::T11 => put(Total),
        }
        m
    }

    /// A coded row's name, from the catalogue.
    fn name_of(&self, key: &RowKey) -> String {
        let name = match key {
            RowKey::Function { code, .. } => self.catalog.function_name(code),
            RowKey::Economic { dept, .. } => self.catalog.economic_name(dept),
            _ => None,
        };
        name.unwrap_or_default().to_string()
    }

    fn gov_code(&self, a: &Atom) -> String {
        let pair = &self.catalog.economic_map[a.economic.as_str()];
        if self.units[a.unit].institution {
            pair.institution.clone()
        } else {
            pair.agency.clone()
        }
    }

    fn table(&self, id: TableId) -> Table {
        let mut t = Table::new(id, self.source(id));
        let sheet = id.code();
        let atoms: Vec<&Atom> = self.atoms.iter().filter(|a| self.in_table(id, a)).collect();
        let mut total: BTreeMap<Col, i64> = BTreeMap::new();
        for a in &atoms {
            add(&mut total, &self.cols(id, a));
        }
        let ta = TableAtoms {
            id,
            sheet,
            atoms: &atoms,
        };
        match id {
            TableId::T03 | TableId::T05 | TableId::T09 => {
                self.unit_rows(&mut t, &ta, &total);
                self.function_rows(&mut t, &ta);
            }
            TableId::T06 => self.basic_economic_rows(&mut t, &ta),
            TableId::T07 => {
                self.unit_rows(&mut t, &ta, &total);
                self.economic_rows(&mut t, &ta);
            }
            TableId::T02 => self.unit_rows(&mut t, &ta, &total),
            TableId::T10 => {
                self.unit_rows(&mut t, &ta, &total);
                self.project_rows(&mut t, &ta);
            }
            TableId::T12 => {
                self.unit_rows(&mut t, &ta, &total);
                self.targets(&mut t, &ta);
                // 12 prints no 合计 row in the template.
                total.clear();
            }
            TableId::T08 => {
                if total.is_empty() {
                    t.notes.push(Note {
                        text: format!(
                            "注：本部门{}年无一般公共预算“三公”经费支出，故本表无数据。",
                            self.year
                        ),
                        at: CellRef::new(sheet, 0, 0),
                    });
                }
            }
            TableId::T01 | TableId::T04 => self.two_sided(&mut t, &atoms),
            TableId::T11 => self.performance(&mut t),
        }
        if !matches!(id, TableId::T01 | TableId::T04 | TableId::T11) && !total.is_empty() {
            t.total = Some(row(RowKey::Total, "合计", sheet, &total));
        }
        if t.is_empty() && t.notes.is_empty() {
            let what = match id {
                TableId::T09 => "政府性基金预算财政拨款安排的支出",
                TableId::T10 | TableId::T12 => "项目支出",
                TableId::T05 | TableId::T06 => "一般公共预算财政拨款安排的支出",
                _ => "相关支出",
            };
            t.notes.push(Note {
                text: format!("注：本部门{}年无{what}，故本表无数据。", self.year),
                at: CellRef::new(sheet, 0, 0),
            });
        }
        t.rows.sort_by(|a, b| a.key.cmp(&b.key));
        t
    }

    /// The figures of a table's atoms summed by the row `key` gives each (none: not a row).
    fn rows_by(
        &self,
        ta: &TableAtoms,
        key: &dyn Fn(&Atom) -> Option<RowKey>,
    ) -> BTreeMap<RowKey, BTreeMap<Col, i64>> {
        let mut rows: BTreeMap<RowKey, BTreeMap<Col, i64>> = BTreeMap::new();
        for a in ta.atoms {
            if let Some(k) = key(a) {
                add(rows.entry(k).or_default(), &self.cols(ta.id, a));
            }
        }
        rows
    }

    /// The department's row (the table's total) and each unit's, where the table has figures.
    fn unit_rows(&self, t: &mut Table, ta: &TableAtoms, total: &BTreeMap<Col, i64>) {
        let mut units: BTreeMap<usize, BTreeMap<Col, i64>> = BTreeMap::new();
        for a in ta.atoms {
            add(units.entry(a.unit).or_default(), &self.cols(ta.id, a));
        }
        if units.is_empty() {
            return;
        }
        t.rows.push(row(
            RowKey::Unit(self.dept_code.clone()),
            &self.department,
            ta.sheet,
            total,
        ));
        for (u, v) in &units {
            let info = &self.units[*u];
            t.rows.push(row(
                RowKey::Unit(info.code.clone()),
                &info.name,
                ta.sheet,
                v,
            ));
        }
    }

    /// 03/05/09: a row per unit and function item.
    fn function_rows(&self, t: &mut Table, ta: &TableAtoms) {
        for (k, v) in self.rows_by(ta, &|a: &Atom| {
            Some(RowKey::Function {
                unit: Some(self.units[a.unit].code.clone()),
                code: FunctionCode::parse(&a.function)?,
            })
        }) {
            let name = self.name_of(&k);
            t.rows.push(row(k, &name, ta.sheet, &v));
        }
    }

    /// 06: a row per economic 款 of basic expenditure, over all units.
    fn basic_economic_rows(&self, t: &mut Table, ta: &TableAtoms) {
        for (k, v) in self.rows_by(ta, &|a: &Atom| {
            if a.project.is_some() {
                return None;
            }
            Some(RowKey::Economic {
                unit: None,
                dept: EconomicCode::parse(&a.economic)?,
                gov: None,
            })
        }) {
            let name = self.name_of(&k);
            t.rows.push(row(k, &name, ta.sheet, &v));
        }
    }

    /// 07: a row per unit and economic 款, with its 政府预算 code and name.
    fn economic_rows(&self, t: &mut Table, ta: &TableAtoms) {
        for (k, v) in self.rows_by(ta, &|a: &Atom| {
            let gov = EconomicCode::parse(&self.gov_code(a))?;
            Some(RowKey::Economic {
                unit: Some(self.units[a.unit].code.clone()),
                dept: EconomicCode::parse(&a.economic)?,
                gov: Some(gov),
            })
        }) {
            let RowKey::Economic { gov, .. } = &k else {
                continue;
            };
            let mut r = row(k.clone(), &self.name_of(&k), ta.sheet, &v);
            if let Some(g) = gov {
                let gname = self.catalog.economic_name(g).unwrap_or_default();
                r.text.insert("gov_name", gname.to_string());
            }
            t.rows.push(r);
        }
    }

    /// 10: a row per project, with its kind.
    fn project_rows(&self, t: &mut Table, ta: &TableAtoms) {
        for (k, v) in self.rows_by(ta, &|a: &Atom| {
            let p = &self.projects[a.project?];
            Some(RowKey::Project {
                unit: self.units[p.unit].name.clone(),
                name: p.name.clone(),
            })
        }) {
            let RowKey::Project { name, .. } = &k else {
                continue;
            };
            let p = self.projects.iter().find(|p| &p.name == name);
            let mut r = row(k.clone(), name, ta.sheet, &v);
            let kind = if p.is_some_and(|p| p.specific) {
                "特定目标类"
            } else {
                "其他运转类"
            };
            r.text.insert("kind", kind.to_string());
            t.rows.push(r);
        }
    }

    /// 12: each project with figures, with its indicators, in code order.
    fn targets(&self, t: &mut Table, ta: &TableAtoms) {
        for (i, p) in self.projects.iter().enumerate() {
            let mut v = BTreeMap::new();
            for a in ta.atoms.iter().filter(|a| a.project == Some(i)) {
                add(&mut v, &self.cols(ta.id, a));
            }
            if v.values().all(|x| *x == 0) {
                continue;
            }
            let r = row(RowKey::Total, &p.name, ta.sheet, &v);
            t.targets.push(ProjectTarget {
                code: p.code.clone(),
                name: p.name.clone(),
                unit: Some(self.units[p.unit].code.clone()),
                at: r.at.clone(),
                values: r.values,
                indicators: self.indicators(&p.name),
            });
        }
        t.targets.sort_by(|a, b| a.code.cmp(&b.code));
    }

    fn two_sided(&self, t: &mut Table, atoms: &[&Atom]) {
        let sheet = t.id.code();
        let mut income: BTreeMap<Col, i64> = BTreeMap::new();
        let mut expense: BTreeMap<Col, i64> = BTreeMap::new();
        let mut classes: BTreeMap<String, BTreeMap<Col, i64>> = BTreeMap::new();
        for a in atoms {
            let fen = a.fen;
            let sources: &[Col] = match a.fund {
                Fund::General => &[Col::GeneralBudget, Col::GeneralAppropriation],
                Fund::Government => &[Col::GovFund],
                Fund::Business => &[Col::Business],
            };
            for s in sources {
                *income.entry(*s).or_default() += fen;
            }
            let cols = if t.id == TableId::T01 {
                BTreeMap::from([(Col::Total, fen)])
            } else {
                self.cols(TableId::T04, a)
            };
            add(&mut expense, &cols);
            add(
                classes.entry(a.function[..3].to_string()).or_default(),
                &cols,
            );
        }
        let sum: i64 = atoms.iter().map(|a| a.fen).sum();
        let amount = |v: i64| BTreeMap::from([(Col::Amount, v)]);
        for (source, v) in &income {
            t.rows.push(row(
                RowKey::Income {
                    carry: false,
                    source: *source,
                },
                source.label(),
                sheet,
                &amount(*v),
            ));
        }
        for s in [Summary::CurrentIncome, Summary::IncomeTotal] {
            t.rows
                .push(row(RowKey::Summary(s), s.label(), sheet, &amount(sum)));
        }
        for s in [Summary::CurrentExpenditure, Summary::ExpenditureTotal] {
            t.rows
                .push(row(RowKey::Summary(s), s.label(), sheet, &expense));
        }
        for (class, v) in classes {
            let code = FunctionCode::parse(&class).expect("a class code");
            let name = self
                .catalog
                .function_name(&code)
                .unwrap_or_default()
                .to_string();
            t.rows
                .push(row(RowKey::Function { unit: None, code }, &name, sheet, &v));
        }
    }

    fn indicators(&self, project: &str) -> Vec<Indicator> {
        let mut rng = self.rng.borrow_mut();
        let n = rng.range(1, 4);
        let kinds = ["成本指标", "产出指标", "效益指标", "满意度指标"];
        (0..n)
            .map(|i| Indicator {
                level1: kinds[i as usize % 4].to_string(),
                level2: String::new(),
                name: format!("{project}指标{}", i + 1),
                value: format!("≥{}%", rng.range(80, 100)),
                note: String::new(),
            })
            .collect()
    }

    fn performance(&self, t: &mut Table) {
        let at = CellRef::new(t.id.code(), 0, 0);
        let sum = |f: &dyn Fn(&Atom) -> bool| -> i64 {
            self.atoms.iter().filter(|a| f(a)).map(|a| a.fen).sum()
        };
        let mut budget = BTreeMap::new();
        for (col, v) in [
            (Col::Total, sum(&|_| true)),
            (Col::GovFunds, sum(&|a| a.fund != Fund::Business)),
            (Col::UnitFunds, sum(&|a| a.fund == Fund::Business)),
            (Col::Basic, sum(&|a| a.project.is_none())),
            (Col::Project, sum(&|a| a.project.is_some())),
        ] {
            if v != 0 {
                budget.insert(
                    col,
                    Amount {
                        yuan: yuan(v),
                        at: at.clone(),
                    },
                );
            }
        }
        t.performance = Some(DeptPerformance {
            goal: format!("履行{}职责，完成年度重点工作任务。", self.department),
            tasks: vec![Task {
                name: "重点工作".to_string(),
                content: "按计划完成各项工作任务。".to_string(),
            }],
            budget,
            indicators: vec![Indicator {
                level1: "产出指标".to_string(),
                level2: "重点工作履职情况".to_string(),
                name: "重点工作完成率".to_string(),
                value: "100%".to_string(),
                note: "反映部门重点工作任务完成情况。".to_string(),
            }],
        });
    }
}

/// How an export is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The official layout (the one `build` prints), amounts as number cells in this unit with
    /// all their decimals.
    Official(Unit),
    /// Another vendor's export: sheets named Sheet1… in shuffled order, amounts in 元 as text
    /// with thousands separators (some as plain numbers), 合计 rows last.
    Vendor,
}

impl Layout {
    pub const ALL: [Layout; 3] = [
        Layout::Official(Unit::WanYuan),
        Layout::Official(Unit::Yuan),
        Layout::Vendor,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Official(Unit::WanYuan) => "official-wanyuan",
            Layout::Official(Unit::Yuan) => "official-yuan",
            Layout::Vendor => "vendor",
        }
    }
}

/// The department as a finance system would export it, as the bytes of an .xlsx file.
///
/// # Errors
/// Writing or re-reading the workbook failed (a bug).
pub fn export(
    budget: &Budget,
    layout: Layout,
    catalog: &Catalog,
    seed: u64,
) -> crate::Result<Vec<u8>> {
    let mut p = crate::publish::layout(budget, catalog);
    let creation = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1)
        .map_err(|e| crate::Error::Usage(e.to_string()))?;
    p.unit = match layout {
        Layout::Official(u) => u,
        Layout::Vendor => Unit::Yuan,
    };
    let (bytes, _) = crate::render::xlsx::render(&p, creation)
        .map_err(|e| crate::Error::Usage(e.to_string()))?;
    match layout {
        Layout::Official(_) => Ok(bytes),
        Layout::Vendor => vendor(&bytes, seed),
    }
}

/// The sheets of an .xlsx file held in memory.
fn grids_of(bytes: &[u8]) -> crate::Result<Vec<crate::read::Grid>> {
    let dir = tempfile::tempdir().map_err(|e| crate::Error::Usage(e.to_string()))?;
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, bytes).map_err(|e| crate::Error::Usage(e.to_string()))?;
    crate::read::read_grids(&path)
}

/// Writes sheets as they are: names, values (numbers as numbers, text as text) and merges.
fn workbook_of(grids: &[crate::read::Grid]) -> crate::Result<Vec<u8>> {
    use crate::read::cell::Cell;
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| crate::Error::Usage(e.to_string());
    let mut wb = Workbook::new();
    let plain = Format::new();
    for g in grids {
        let ws = wb.add_worksheet();
        ws.set_name(&*g.name).map_err(err)?;
        for r in 0..g.height() {
            for c in 0..g.width() {
                match g.get(r, c) {
                    Cell::Empty => {}
                    Cell::Number(d) => {
                        ws.write_with_format(r, c as u16, *d, &plain).map_err(err)?;
                    }
                    other => {
                        ws.write_string(r, c as u16, other.text()).map_err(err)?;
                    }
                }
            }
        }
        for m in &g.merges {
            if m.first_row == m.last_row && m.first_col == m.last_col {
                continue;
            }
            let text = g.get(m.first_row, m.first_col).text();
            ws.merge_range(
                m.first_row,
                m.first_col as u16,
                m.last_row,
                m.last_col as u16,
                &text,
                &plain,
            )
            .map_err(err)?;
        }
    }
    let creation = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1).map_err(err)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&creation));
    wb.save_to_buffer().map_err(err)
}

/// Rewrites an official-layout workbook the way another vendor lays it out.
fn vendor(official: &[u8], seed: u64) -> crate::Result<Vec<u8>> {
    use crate::read::cell::Cell;
    use crate::read::{Grid, Merge};
    let mut grids = grids_of(official)?;
    let mut rng = Rng::new(seed ^ 0x5EED);
    for i in (1..grids.len()).rev() {
        let j = rng.range(0, i as u64) as usize;
        grids.swap(i, j);
    }
    let mut out = Vec::new();
    for (n, g) in grids.iter().enumerate() {
        // Move the 合计 row below the last row of figures (above the notes).
        let mut order: Vec<u32> = (0..g.height()).collect();
        let is_total = |r: u32| {
            g.text(r, 0) == "合计" && g.merge_at(r, 0).is_none_or(|m| m.first_row == m.last_row)
        };
        let has_number = |r: u32| (0..g.width()).any(|c| matches!(g.get(r, c), Cell::Number(_)));
        if let Some(t) = order.iter().copied().find(|r| is_total(*r)) {
            let last = order
                .iter()
                .copied()
                .filter(|r| has_number(*r))
                .max()
                .unwrap_or(t);
            if last > t && g.merges.iter().all(|m| m.first_row != t || m.last_row == t) {
                order.retain(|r| *r != t);
                let pos = order
                    .iter()
                    .position(|r| *r == last)
                    .map_or(order.len(), |p| p + 1);
                order.insert(pos, t);
            }
        }
        let to: BTreeMap<u32, u32> = order
            .iter()
            .enumerate()
            .map(|(i, r)| (*r, i as u32))
            .collect();
        let as_text = rng.chance(70);
        let mut cells = vec![Vec::new(); g.height() as usize];
        for (&from, &row) in &to {
            cells[row as usize] = (0..g.width())
                .map(|c| match g.get(from, c) {
                    Cell::Number(d) if as_text => Cell::Text(thousands(*d)),
                    other => other.clone(),
                })
                .collect();
        }
        let merges = g
            .merges
            .iter()
            .filter_map(|m| {
                let (a, b) = (*to.get(&m.first_row)?, *to.get(&m.last_row)?);
                (b - a == m.last_row - m.first_row).then_some(Merge {
                    first_row: a,
                    last_row: b,
                    ..*m
                })
            })
            .collect();
        out.push(Grid::from_rows(&format!("Sheet{}", n + 1), cells, merges));
    }
    workbook_of(&out)
}

/// One amount cell of an export changed: where, and from what to what.
#[derive(Debug, Clone)]
pub struct Mutation {
    pub sheet: String,
    pub cell: String,
    pub from: Decimal,
    pub to: Decimal,
}

/// Changes one amount cell of an export at random, by a material amount (5%–95% of it, and at
/// least 1 万元): a typo that `check` must catch.
///
/// # Errors
/// The workbook could not be re-read or written (a bug).
pub fn mutate(export: &[u8], seed: u64) -> crate::Result<(Vec<u8>, Mutation)> {
    change_one_amount(export, seed, None, |_, _| true)
}

/// Changes one amount by exactly `delta` (in the sheet's unit), among the cells `pick` allows
/// (sheet name, row text): the finance system's own 1-元 residual, for instance.
///
/// # Errors
/// As `mutate`.
pub fn nudge(
    export: &[u8],
    seed: u64,
    delta: Decimal,
    pick: impl Fn(&str, &str) -> bool,
) -> crate::Result<(Vec<u8>, Mutation)> {
    change_one_amount(export, seed, Some(delta), pick)
}

fn change_one_amount(
    export: &[u8],
    seed: u64,
    fixed: Option<Decimal>,
    pick: impl Fn(&str, &str) -> bool,
) -> crate::Result<(Vec<u8>, Mutation)> {
    use crate::read::cell::{amount_from_cell, Amount as Read, Cell};
    let mut grids = grids_of(export)?;
    let mut rng = Rng::new(seed ^ 0x0BAD);
    let mut cells = Vec::new();
    for (gi, g) in grids.iter().enumerate() {
        let wan =
            (0..g.height().min(6)).any(|r| (0..g.width()).any(|c| g.text(r, c).contains("万元")));
        for r in 0..g.height() {
            for c in 0..g.width() {
                // Our layouts write codes as text: every number cell is an amount, and so is
                // every text cell that reads as one with a decimal point ("1,234.00").
                let amount = match g.get(r, c) {
                    Cell::Number(d) => Some(*d),
                    cell @ Cell::Text(t) if t.contains('.') => match amount_from_cell(cell) {
                        Read::Value(d) => Some(d),
                        _ => None,
                    },
                    _ => None,
                };
                let row_text: String = (0..g.width()).map(|c| g.text(r, c)).collect();
                if let Some(d) = amount.filter(|_| pick(&g.name, &row_text)) {
                    cells.push((gi, r, c, d, wan));
                }
            }
        }
    }
    if cells.is_empty() {
        return Err(crate::Error::Usage("没有可以改动的金额单元格".into()));
    }
    let (gi, r, c, from, wan) = cells[rng.range(0, cells.len() as u64 - 1) as usize];
    let share = Decimal::new(rng.range(5, 95) as i64, 2);
    let least = if wan {
        Decimal::ONE
    } else {
        Decimal::from(10_000)
    };
    let mut delta = (from.abs() * share).round_dp(2).max(least);
    if rng.chance(50) && delta < from.abs() {
        delta = -delta;
    }
    let delta = fixed.unwrap_or(delta);
    let to = from + delta;
    let g = &mut grids[gi];
    let cell = match &g.cells[r as usize][c as usize] {
        Cell::Text(_) => Cell::Text(thousands(to)),
        _ => Cell::Number(to),
    };
    g.cells[r as usize][c as usize] = cell;
    let m = Mutation {
        sheet: g.name.to_string(),
        cell: crate::model::cell_ref::row_col_to_a1(r, c),
        from,
        to,
    };
    Ok((workbook_of(&grids)?, m))
}

/// 1234567.8 → "1,234,567.80"
fn thousands(d: Decimal) -> String {
    let s = format!("{:.2}", d.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{out}.{frac}")
}

/// What went wrong with one generated department (empty when all is well).
#[derive(Debug, Default)]
pub struct Trial {
    pub seed: u64,
    pub layout: Option<Layout>,
    pub shape: Option<Shape>,
    pub problems: Vec<String>,
}

fn findings_beyond_info(what: &str, findings: &[crate::finding::Finding], out: &mut Vec<String>) {
    for f in findings
        .iter()
        .filter(|f| f.severity != crate::finding::Severity::Info)
    {
        out.push(format!(
            "{what}: {} {} {}{}: {} (应为 {:?}，实为 {:?})",
            f.severity.label(),
            f.rule,
            f.table.map(|t| t.code()).unwrap_or_default(),
            f.cell
                .as_ref()
                .map(|c| format!("!{}", c.a1()))
                .unwrap_or_default(),
            f.message,
            f.expected,
            f.found
        ));
    }
}

/// Every amount of the model as (table, row, column) → 元, after completing subtotals.
fn figures(budget: &Budget, catalog: &Catalog) -> BTreeMap<String, Decimal> {
    let mut b = budget.clone();
    crate::model::complete::complete_subtotals(&mut b, catalog);
    let json = crate::cmd::inspect::budget_json(&b, false);
    let mut out = BTreeMap::new();
    fn walk(v: &serde_json::Value, path: String, out: &mut BTreeMap<String, Decimal>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    walk(x, format!("{path}/{k}"), out);
                }
            }
            serde_json::Value::Array(xs) => {
                for x in xs {
                    // Rows are identified by their key, not their position.
                    let id = x
                        .get("key")
                        .or_else(|| x.get("code"))
                        .map(|k| k.to_string())
                        .unwrap_or_else(|| x.to_string());
                    walk(x, format!("{path}[{id}]"), out);
                }
            }
            serde_json::Value::String(s)
                if path.contains("/values/") || path.contains("/budget/") =>
            {
                if let Ok(d) = s.parse::<Decimal>() {
                    out.insert(path, d);
                }
            }
            _ => {}
        }
    }
    walk(&json["tables"], String::new(), &mut out);
    out
}

/// The explanation (a draft: a generated department has no profile) and the document: every
/// amount the text names is a figure the tables print, the wording lint finds nothing, and the
/// document renders.
fn document_problems(
    publication: &mut crate::publish::Publication,
    layouts: Vec<crate::render::doc::TableLayout>,
    catalog: &Catalog,
    p: &mut Vec<String>,
) -> crate::Result<()> {
    use crate::publish::narrative;
    let story = crate::pipeline::explain(publication, &Default::default(), catalog)?;
    let text = narrative::plain_text(&story.blocks);
    for residue in crate::publish::wording::lint(&text) {
        p.push(format!("document: 文字含有不应出现的内容 {residue:?}"));
    }
    let mut printed = std::collections::BTreeSet::new();
    for t in publication.tables.values() {
        let rows = t.rows.iter().chain(&t.left);
        printed.extend(rows.flat_map(|r| r.values.values().copied()));
        printed.extend(t.targets.iter().flat_map(|x| x.values.values().copied()));
        printed.extend(t.performance_budget.values().copied());
    }
    for amount in amounts_in(&text) {
        if !printed.contains(&amount) {
            let at = text.find(&format!("{amount:.2}万元")).unwrap_or(0);
            let context: String = text[..at]
                .chars()
                .rev()
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            p.push(format!(
                "document: 文字中的 {amount} 万元不是表中公开的数（…{context}）"
            ));
        }
    }
    let document = crate::render::doc::Document {
        title: format!(
            "{}{}年部门预算公开",
            publication.department, publication.year
        ),
        year: publication.year,
        blocks: story.blocks,
        attachment_title: vec![publication.department.clone()],
        tables: layouts,
    };
    crate::render::docx::render(&document, "2024-01-01T00:00:00Z")
        .map_err(|e| crate::Error::Usage(format!("docx: {e}")))?;
    Ok(())
}

/// Every "1,234.56万元" of a text, as a number.
fn amounts_in(text: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("万元") {
        let before = &text[..i];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '-')
            .last()
            .map(|(j, _)| j);
        if let Some(j) = start {
            // Thresholds of the template (单价50万元以上) are whole numbers; amounts have two
            // decimals.
            let digits = before[j..].replace(',', "");
            if let (Some((_, frac)), Ok(d)) = (digits.split_once('.'), digits.parse::<Decimal>()) {
                if frac.len() == 2 {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// Generates a department, exports it, checks it, builds it and checks what it built:
/// the properties every department must have.
pub fn trial(seed: u64, layout: Layout, catalog: &Catalog) -> Trial {
    let mut rng = Rng::new(seed);
    let shape = Shape::random(&mut rng);
    let mut trial = Trial {
        seed,
        layout: Some(layout),
        shape: Some(shape.clone()),
        problems: Vec::new(),
    };
    let year = year_of(seed);
    let budget = department(seed, &shape, year, catalog);
    let p = &mut trial.problems;
    let mut run = || -> crate::Result<()> {
        let input = crate::pipeline::Workbook {
            path: "export.xlsx".into(),
            bytes: export(&budget, layout, catalog, seed)?,
        };
        let settings = crate::validate::Settings::default();
        let checked = crate::pipeline::check(&input, catalog, &settings)?;
        let (read, findings) = (checked.budget, checked.findings);
        findings_beyond_info("check export", &findings, p);
        let publication = crate::publish::prepare(&read, catalog);
        let creation = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1)
            .map_err(|e| crate::Error::Usage(e.to_string()))?;
        let mut publication = publication;
        let (bytes, layouts) = crate::render::xlsx::render(&publication, creation)
            .map_err(|e| crate::Error::Usage(e.to_string()))?;
        document_problems(&mut publication, layouts, catalog, p)?;
        let output = crate::pipeline::Workbook {
            path: "published.xlsx".into(),
            bytes,
        };
        let checked = crate::pipeline::check(&output, catalog, &settings)?;
        let (back, findings) = (checked.budget, checked.findings);
        findings_beyond_info("check published", &findings, p);
        // The published figures are the exact ones rounded down or up, and nothing else.
        let (a, b) = (figures(&read, catalog), figures(&back, catalog));
        let step = Decimal::from(100);
        for (k, x) in &a {
            let y = b.get(k).copied().unwrap_or_default();
            // A figure on the grid prints as itself; any other as its floor or ceiling.
            let on_grid = (x % step).is_zero();
            if (on_grid && x != &y) || (x - y).abs() >= step {
                p.push(format!("round trip {k}: 输入 {x} 元，公开 {y} 元"));
            }
        }
        for (k, y) in &b {
            if !a.contains_key(k) && !y.is_zero() && y.abs() >= step {
                p.push(format!("round trip {k}: 公开 {y} 元，输入中没有"));
            }
        }
        Ok(())
    };
    if let Err(e) = run() {
        trial.problems.push(format!("could not run: {e}"));
    }
    trial
}

/// Exports a department, changes one amount cell at random and checks the result: `check`
/// must report an error on the sheet of the changed cell. Returns the mutation and, when it
/// was not caught, what `check` said instead.
pub fn mutation_trial(
    seed: u64,
    layout: Layout,
    catalog: &Catalog,
) -> crate::Result<(Mutation, Option<String>)> {
    let mut rng = Rng::new(seed);
    let shape = Shape::random(&mut rng);
    let year = year_of(seed);
    let budget = department(seed, &shape, year, catalog);
    let (bytes, m) = mutate(&export(&budget, layout, catalog, seed)?, seed)?;
    let input = crate::pipeline::Workbook {
        path: "export.xlsx".into(),
        bytes,
    };
    let settings = crate::validate::Settings::default();
    let findings = crate::pipeline::check(&input, catalog, &settings)?.findings;
    let caught = findings.iter().any(|f| {
        f.severity == crate::finding::Severity::Error
            && f.cell.as_ref().is_some_and(|c| *c.sheet == *m.sheet)
    });
    let missed = (!caught).then(|| {
        let said: Vec<String> = findings
            .iter()
            .take(5)
            .map(|f| format!("{} {} {}", f.severity.label(), f.rule, f.message))
            .collect();
        format!(
            "未发现：{}!{} {} → {}；check 报告：{said:?}",
            m.sheet, m.cell, m.from, m.to
        )
    });
    Ok((m, missed))
}

/// A complete department profile (`--profile`) for a generated department, so that its
/// document can be built as a final one rather than a draft (print review, `scripts/render.sh`).
/// The prior year's figures are invented, consistent among themselves: 三公 is the sum of its
/// parts.
pub fn profile(budget: &Budget, seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0x5052_4f46);
    let mut wan = |lo: u64, hi: u64| Decimal::new(rng.range(lo, hi) as i64, 2);
    let zero = Decimal::new(0, 2);
    let (abroad, reception, purchase, operation) = (zero, wan(50, 900), zero, wan(100, 2500));
    let sangong = abroad + reception + purchase + operation;
    let income = wan(50_000, 900_000);
    let units: Vec<&str> = budget
        .units
        .iter()
        .skip(1)
        .map(|u| u.name.as_str())
        .collect();
    let year = budget.year.unwrap_or(2024);
    let mut toml = String::new();
    toml.push_str(&format!("name = {:?}\n\n", budget.department));
    toml.push_str("duties = [\n");
    for duty in [
        "（一）贯彻执行国家和省、市有关方针政策和法律法规，拟订本行业发展规划并组织实施。",
        "（二）负责本行业的监督管理，组织开展相关检查和评估。",
        "（三）承担本行业公共服务体系建设，推进重点项目实施。",
        "（四）完成上级交办的其他任务。",
    ] {
        toml.push_str(&format!("  {duty:?},\n"));
    }
    toml.push_str("]\n\ncomposition = [\n");
    if units.is_empty() {
        toml.push_str(&format!(
            "  \"{}部门预算包括机关本级预算。\",\n",
            budget.department
        ));
    } else {
        toml.push_str(&format!(
            "  \"{}部门预算包括：{}的预算。\",\n",
            budget.department,
            units.join("、")
        ));
    }
    toml.push_str("]\n\n[prior]\n");
    toml.push_str(&format!("year = {}\n", year - 1));
    for (key, value) in [
        ("income_total", income),
        ("expenditure_total", income),
        ("general_budget", (income * Decimal::new(9, 1)).round_dp(2)),
        ("gov_fund", zero),
        ("sangong_total", sangong),
        ("abroad", abroad),
        ("reception", reception),
        ("vehicle_purchase", purchase),
        ("vehicle_operation", operation),
    ] {
        toml.push_str(&format!("{key} = \"{value}\"\n"));
    }
    toml.push_str("\n[reasons]\n");
    for key in [
        "income",
        "expenditure",
        "general_budget",
        "gov_fund",
        "sangong",
        "abroad",
        "reception",
        "vehicle_purchase",
        "vehicle_operation",
    ] {
        toml.push_str(&format!("{key} = \"业务工作量增加，项目支出相应调整\"\n"));
    }
    toml.push_str("\n[procurement]\ngoods = \"12.50\"\nworks = \"0\"\nservices = \"8.00\"\n");
    toml.push_str(&format!(
        "\n[assets]\nas_of = \"{}年12月31日\"\ngeneral_vehicles = 2\nlaw_enforcement_vehicles = 0\n\
         special_vehicles = 0\nother_vehicles = 0\ngeneral_equipment_over_50 = 0\n\
         special_equipment_over_100 = 0\n",
        year - 1
    ));
    toml.push_str("\n[transfer]\nprojects = []\n");
    toml
}

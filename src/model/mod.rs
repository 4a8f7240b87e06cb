//! The budget model: one department's 预算表 as plain, exact data. No I/O, no formatting.
//!
//! The model is normalised so that two layouts of the same data give the same model: rows are
//! kept in key order, totals apart from detail rows, amounts in 元 as exact decimals. Every
//! amount remembers the cell it came from (`Amount::at`) for diagnostics; that location is not
//! part of the data (see `cmd::inspect` for what `--format json` prints).

pub mod cell_ref;
pub mod codes;
pub mod complete;
pub mod glossary;

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

pub use cell_ref::CellRef;
pub use codes::{EconomicCode, FunctionCode, Scheme};

/// 单位: the unit a sheet declares for its amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// 元
    Yuan,
    /// 万元 = 10 000 元
    WanYuan,
}

impl Unit {
    /// How many 元 one of this unit is.
    pub fn in_yuan(self) -> Decimal {
        match self {
            Unit::Yuan => Decimal::ONE,
            Unit::WanYuan => Decimal::from(10_000),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
        }
    }

    /// An amount in 元 expressed in this unit, exactly.
    pub fn from_yuan(self, yuan: Decimal) -> Decimal {
        yuan / self.in_yuan()
    }
}

/// The tables of the disclosure, numbered as in the Henan template (预算01表 … 预算12表).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TableId {
    T01,
    T02,
    T03,
    T04,
    T05,
    T06,
    T07,
    T08,
    T09,
    T10,
    T11,
    T12,
}

impl TableId {
    pub const ALL: [TableId; 12] = [
        TableId::T01,
        TableId::T02,
        TableId::T03,
        TableId::T04,
        TableId::T05,
        TableId::T06,
        TableId::T07,
        TableId::T08,
        TableId::T09,
        TableId::T10,
        TableId::T11,
        TableId::T12,
    ];

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// 预算03表
    pub fn code(self) -> &'static str {
        const CODES: [&str; 12] = [
            "预算01表",
            "预算02表",
            "预算03表",
            "预算04表",
            "预算05表",
            "预算06表",
            "预算07表",
            "预算08表",
            "预算09表",
            "预算10表",
            "预算11表",
            "预算12表",
        ];
        CODES[self as usize]
    }

    /// The title without the year: 部门支出总体情况表.
    pub fn title(self) -> &'static str {
        match self {
            TableId::T01 => "部门收支总体情况表",
            TableId::T02 => "部门收入总体情况表",
            TableId::T03 => "部门支出总体情况表",
            TableId::T04 => "财政拨款收支总体情况表",
            TableId::T05 => "一般公共预算支出情况表",
            TableId::T06 => "一般公共预算基本支出情况表",
            TableId::T07 => "支出经济分类汇总表",
            TableId::T08 => "一般公共预算“三公”经费支出情况表",
            TableId::T09 => "政府性基金预算支出情况表",
            TableId::T10 => "项目支出表",
            TableId::T11 => "部门（单位）整体绩效目标表",
            TableId::T12 => "部门预算项目绩效目标汇总表",
        }
    }

    /// The stable key used in JSON: "01" … "12".
    pub fn key(self) -> String {
        format!("{:02}", self.number())
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in 元, exact, with the cell it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// In 元, exactly as the sheet's value times its unit.
    pub yuan: Decimal,
    pub at: CellRef,
}

/// What an amount column means. One identifier per Chinese term (see `glossary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Col {
    /// The single amount column of a list (01's 金额, the income side of 04).
    Amount,
    /// 合计 / 总计 of a row.
    Total,
    /// 基本支出
    Basic,
    /// 人员经费 = 工资福利支出 + 对个人和家庭的补助
    Personnel,
    /// 工资福利支出
    WagesBenefits,
    /// 对个人和家庭的补助
    HouseholdTransfers,
    /// 公用经费 = 商品和服务支出 + 资本性支出
    PublicUse,
    /// 商品和服务支出
    GoodsServices,
    /// 资本性支出
    Capital,
    /// 项目支出
    Project,
    /// 其他运转类 (项目)
    ProjectOperating,
    /// 特定目标类 (项目)
    ProjectSpecific,
    /// 本年收入 合计
    CurrentIncome,
    /// 一般公共预算 (小计)
    GeneralBudget,
    /// 其中：财政拨款 (of 一般公共预算)
    GeneralAppropriation,
    /// 政府性基金
    GovFund,
    /// 国有资本经营预算
    StateCapital,
    /// 财政专户管理资金
    FiscalSpecial,
    /// 事业收入
    Business,
    /// 事业单位经营收入
    BusinessOperating,
    /// 上级补助收入
    UpperSubsidy,
    /// 附属单位上缴收入
    AffiliatedRemit,
    /// 其他收入
    OtherIncome,
    /// 用事业基金弥补收支差额
    BusinessFund,
    /// 单位资金
    UnitFunds,
    /// 政府预算资金 (12)
    GovFunds,
    /// 上年结转结余 合计
    CarryOver,
    /// 上年结转结余 一般公共预算 (10: 财政拨款结转结余 一般公共预算)
    CarryOverGeneral,
    /// 上年结转结余 政府性基金
    CarryOverGovFund,
    /// 上年结转结余 国有资本经营预算
    CarryOverStateCapital,
    /// 上年结转结余 财政专户管理资金
    CarryOverFiscalSpecial,
    /// 上年结转结余 单位资金
    CarryOverUnitFunds,
    /// 因公出国（境）费
    Abroad,
    /// 公务用车购置及运行费 (小计)
    Vehicle,
    /// 公务用车购置费
    VehiclePurchase,
    /// 公务用车运行费 (运行维护费)
    VehicleOperation,
    /// 公务接待费
    Reception,
}

impl Col {
    /// The column's Chinese label as the tables print it.
    pub fn label(self) -> &'static str {
        match self {
            Col::Amount => "金额",
            Col::Total => "合计",
            Col::Basic => "基本支出",
            Col::Personnel => "人员经费",
            Col::WagesBenefits => "工资福利支出",
            Col::HouseholdTransfers => "对个人和家庭的补助",
            Col::PublicUse => "公用经费",
            Col::GoodsServices => "商品和服务支出",
            Col::Capital => "资本性支出",
            Col::Project => "项目支出",
            Col::ProjectOperating => "其他运转类",
            Col::ProjectSpecific => "特定目标类",
            Col::CurrentIncome => "本年收入合计",
            Col::GeneralBudget => "一般公共预算",
            Col::GeneralAppropriation => "其中：财政拨款",
            Col::GovFund => "政府性基金",
            Col::StateCapital => "国有资本经营预算",
            Col::FiscalSpecial => "财政专户管理资金",
            Col::Business => "事业收入",
            Col::BusinessOperating => "事业单位经营收入",
            Col::UpperSubsidy => "上级补助收入",
            Col::AffiliatedRemit => "附属单位上缴收入",
            Col::OtherIncome => "其他收入",
            Col::BusinessFund => "用事业基金弥补收支差额",
            Col::UnitFunds => "单位资金",
            Col::GovFunds => "政府预算资金",
            Col::CarryOver => "上年结转结余",
            Col::CarryOverGeneral => "上年结转结余（一般公共预算）",
            Col::CarryOverGovFund => "上年结转结余（政府性基金）",
            Col::CarryOverStateCapital => "上年结转结余（国有资本经营预算）",
            Col::CarryOverFiscalSpecial => "上年结转结余（财政专户管理资金）",
            Col::CarryOverUnitFunds => "上年结转结余（单位资金）",
            Col::Abroad => "因公出国（境）费",
            Col::Vehicle => "公务用车购置及运行费",
            Col::VehiclePurchase => "公务用车购置费",
            Col::VehicleOperation => "公务用车运行费",
            Col::Reception => "公务接待费",
        }
    }

    /// The snake_case key used in JSON.
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// The summary lines of the two-sided tables 01 and 04.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Summary {
    /// 本年收入合计 (04: 一、本年收入)
    CurrentIncome,
    /// 上年结转结余 (04: 二、上年结转)
    CarryIn,
    /// 收入总计 (04: 收入合计)
    IncomeTotal,
    /// 本年支出合计 (04: 一、本年支出)
    CurrentExpenditure,
    /// 年终结转结余
    CarryOut,
    /// 支出总计 (04: 支出合计)
    ExpenditureTotal,
}

impl Summary {
    pub fn label(self) -> &'static str {
        match self {
            Summary::CurrentIncome => "本年收入合计",
            Summary::CarryIn => "上年结转结余",
            Summary::IncomeTotal => "收入总计",
            Summary::CurrentExpenditure => "本年支出合计",
            Summary::CarryOut => "年终结转结余",
            Summary::ExpenditureTotal => "支出总计",
        }
    }
}

/// What a row of a table is about. Rows are sorted by this key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    /// The table's 合计 row.
    Total,
    /// A budget unit (部门 047, 单位 047001).
    Unit(String),
    /// An income line of 01/04: a source of this year (`carry: false`) or of 上年结转 (`carry: true`).
    Income { carry: bool, source: Col },
    /// A summary line of 01/04.
    Summary(Summary),
    /// A function code row, within a unit where the table is broken down by unit.
    Function {
        unit: Option<String>,
        code: FunctionCode,
    },
    /// An economic code row (07: 部门 code and its 政府 code; 06: 部门 code only).
    Economic {
        unit: Option<String>,
        dept: EconomicCode,
        gov: Option<EconomicCode>,
    },
    /// A project of 10/12, by unit and name (10 carries no project code).
    Project { unit: String, name: String },
}

/// One row: its key, the name printed beside it, and its amounts by column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: RowKey,
    /// The name the sheet prints (科目名称, unit name, project name); kept as read.
    pub name: String,
    /// Where the row's label sits (for findings about the row itself).
    pub at: CellRef,
    /// Amounts by column; a blank cell has no entry.
    pub values: BTreeMap<Col, Amount>,
    /// Text columns of the row, e.g. 10's 类型 (项目类型) and 项目单位, 07's 政府 name.
    pub text: BTreeMap<&'static str, String>,
}

impl Row {
    pub fn get(&self, col: Col) -> Option<&Amount> {
        self.values.get(&col)
    }

    /// The amount in 元, blank as zero. Use only where a blank cell means zero by the table's
    /// convention (amount columns of the 预算表).
    pub fn yuan(&self, col: Col) -> Decimal {
        self.values.get(&col).map(|a| a.yuan).unwrap_or_default()
    }
}

/// How a source column was understood (for `inspect`).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    /// The header labels over the column, top to bottom.
    pub labels: Vec<String>,
    /// What the reader made of it.
    pub role: String,
    pub col: u32,
}

/// Where and how a table was found in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub sheet: std::sync::Arc<str>,
    pub title: String,
    pub title_at: CellRef,
    pub unit: Unit,
    pub unit_at: Option<CellRef>,
    /// The 部门名称 line, as printed ("本级" in the seed).
    pub dept_name: Option<(String, CellRef)>,
    pub columns: Vec<ColumnMap>,
    /// First and last header row (0-based, absolute).
    pub header_rows: (u32, u32),
    /// The column of each amount, so that a rule can point at a blank cell too.
    pub amount_cols: BTreeMap<Col, u32>,
}

/// A note printed under a table (备注：…, 注：…).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub at: CellRef,
}

/// An indicator of a performance target (11, 12).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// 一级指标 (11) or the indicator kind of 12 (成本指标, 产出指标, 效益指标, 满意度指标).
    pub level1: String,
    /// 二级指标 (11 only).
    pub level2: String,
    /// 三级指标
    pub name: String,
    /// 指标值
    pub value: String,
    /// 指标值说明 (11 only).
    pub note: String,
}

/// A task of 11's 年度主要任务.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub name: String,
    pub content: String,
}

/// 预算11表 部门（单位）整体绩效目标表.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeptPerformance {
    /// 年度履职目标
    pub goal: String,
    /// 年度主要任务
    pub tasks: Vec<Task>,
    /// 预算情况: 部门预算总额 (`Total`), 资金来源 (`GovFunds`, `FiscalSpecial`, `UnitFunds`),
    /// 资金结构 (`Basic`, `Project`).
    pub budget: BTreeMap<Col, Amount>,
    pub indicators: Vec<Indicator>,
}

/// One project of 预算12表 部门预算项目绩效目标汇总表.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectTarget {
    /// 项目编码 (21 digits in the Henan system).
    pub code: String,
    pub name: String,
    /// The budget unit whose block the project is listed in (the unit row above it), if any.
    pub unit: Option<String>,
    pub at: CellRef,
    /// 资金总额 (`Total`), 政府预算资金 (`GovFunds`), 财政专户管理资金, 单位资金.
    pub values: BTreeMap<Col, Amount>,
    pub indicators: Vec<Indicator>,
}

/// One table as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: TableId,
    pub source: Source,
    /// Detail rows in key order (units, codes, projects, lines).
    pub rows: Vec<Row>,
    /// The 合计 row, if the table prints one.
    pub total: Option<Row>,
    pub notes: Vec<Note>,
    /// 11 only.
    pub performance: Option<DeptPerformance>,
    /// 12 only (unit rows are in `rows`).
    pub targets: Vec<ProjectTarget>,
}

impl Table {
    pub fn new(id: TableId, source: Source) -> Table {
        Table {
            id,
            source,
            rows: Vec::new(),
            total: None,
            notes: Vec::new(),
            performance: None,
            targets: Vec::new(),
        }
    }

    /// True when no row carries a non-zero amount (an "empty" table that must carry a note).
    pub fn is_empty(&self) -> bool {
        let rows = self.rows.iter().chain(self.total.iter());
        let no_amounts = rows
            .flat_map(|r| r.values.values())
            .all(|a| a.yuan.is_zero());
        no_amounts && self.performance.is_none() && self.targets.is_empty()
    }

    /// The row with this key.
    /// The cell of a row's amount, blank or not (`None` when the table has no such column).
    pub fn cell(&self, row: &Row, col: Col) -> Option<CellRef> {
        if let Some(a) = row.values.get(&col) {
            return Some(a.at.clone());
        }
        let c = *self.source.amount_cols.get(&col)?;
        Some(CellRef::in_sheet(&self.source.sheet, row.at.row, c))
    }

    /// Does the table print this amount column?
    pub fn has_col(&self, col: Col) -> bool {
        self.source.amount_cols.contains_key(&col)
    }

    pub fn row(&self, key: &RowKey) -> Option<&Row> {
        if *key == RowKey::Total {
            return self.total.as_ref();
        }
        self.rows.iter().find(|r| &r.key == key)
    }
}

/// A budget unit (预算单位) of the department.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetUnit {
    pub code: String,
    pub name: String,
}

/// One department's budget as read from its export.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Budget {
    /// 部门名称: from the department row of 02 (the 3-digit code), else from the tables' 部门名称 line.
    pub department: String,
    /// 预算年度, from the titles ("2024年…").
    pub year: Option<i32>,
    /// The units listed in 02 (the department itself first).
    pub units: Vec<BudgetUnit>,
    pub tables: BTreeMap<TableId, Table>,
}

impl Budget {
    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.tables.get(&id)
    }

    /// Tables the export does not hold.
    pub fn missing(&self) -> Vec<TableId> {
        TableId::ALL
            .into_iter()
            .filter(|id| !self.tables.contains_key(id))
            .collect()
    }
}

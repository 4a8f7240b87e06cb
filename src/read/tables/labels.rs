//! The reader's vocabulary: every Chinese label it understands, in one place. Titles of the
//! tables, the 单位 and 部门名称 lines, header labels and the column each names (`role_for`,
//! one function per table family), notes and 合计 rows, the row labels of 01/04
//! (`income_key`, `expense_key`) and the labels of 11's form.
//!
//! Labels are compared normalised (`crate::text::normalize_label`: half-width, no spaces, no
//! quotes), so "单位：万元" is written "单位:万元" here. Messages to the user are not labels;
//! they stay with the code that reports them.

use crate::catalog::{leading_number, strip_numbering, Catalog};
use crate::model::{Col, FunctionCode, RowKey, Scheme, Summary, TableId, Unit};
use crate::text::normalize_label;

/// Title texts by table, normalised (no spaces, no quotes, half-width brackets). The first is
/// the official title; the others are variants seen in exports.
fn title_variants(id: TableId) -> &'static [&'static str] {
    match id {
        TableId::T01 => &["部门收支总体情况表", "部门收支总表", "收支总体情况表"],
        TableId::T02 => &["部门收入总体情况表", "部门收入总表", "收入总体情况表"],
        TableId::T03 => &["部门支出总体情况表", "部门支出总表", "支出总体情况表"],
        TableId::T04 => &["财政拨款收支总体情况表", "财政拨款收支总表"],
        TableId::T05 => &["一般公共预算支出情况表", "一般公共预算支出表"],
        TableId::T06 => &["一般公共预算基本支出情况表", "一般公共预算基本支出表"],
        TableId::T07 => &["支出经济分类汇总表", "部门支出经济分类汇总表"],
        TableId::T08 => &[
            "一般公共预算三公经费支出情况表",
            "三公经费支出情况表",
            "三公经费支出表",
        ],
        TableId::T09 => &["政府性基金预算支出情况表", "政府性基金预算支出表"],
        TableId::T10 => &["项目支出表", "项目支出预算表", "项目支出情况表"],
        TableId::T11 => &[
            "部门(单位)整体绩效目标表",
            "部门整体绩效目标表",
            "单位整体绩效目标表",
        ],
        TableId::T12 => &[
            "部门预算项目绩效目标汇总表",
            "项目绩效目标汇总表",
            "项目支出绩效目标表",
        ],
    }
}

/// Which table a cell's text is the title of. The text may carry a year ("2024年") and the
/// table code ("预算03表") before the title; the longest matching title wins, so that
/// 一般公共预算基本支出情况表 is never taken for 一般公共预算支出情况表.
pub fn table_for_title(text: &str) -> Option<TableId> {
    let t = normalize_label(text);
    if t.chars().count() > 80 || t.starts_with("注") || t.starts_with("备注") {
        return None;
    }
    let mut best: Option<(usize, TableId)> = None;
    for id in TableId::ALL {
        for v in title_variants(id) {
            if t.ends_with(v) && best.is_none_or(|(len, _)| v.len() > len) {
                best = Some((v.len(), id));
            }
        }
    }
    best.map(|(_, id)| id)
}

/// The first four-digit year followed by 年 in a text: "2024年部门收支总体情况表" → 2024.
pub(super) fn year_in(text: &str) -> Option<i32> {
    let t = normalize_label(text);
    let chars: Vec<char> = t.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits = &w[..4];
        (w[4] == YEAR_MARK && digits.iter().all(char::is_ascii_digit)).then(|| {
            digits
                .iter()
                .fold(0, |year, d| year * 10 + (*d as i32 - '0' as i32))
        })
    })
}

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Amount(Col),
    /// One part of a split function code: 0 类, 1 款, 2 项.
    FuncPart(usize),
    /// A whole function code, maybe followed by its name.
    FuncCode,
    EconPart(Scheme, usize),
    EconCode(Scheme),
    EconName(Scheme),
    Name,
    UnitCode,
    IncomeLabel,
    IncomeAmount,
    ExpenseLabel,
    ProjectKind,
    ProjectName,
    ProjectUnit,
    ProjectCode,
    IndicatorName(&'static str),
    IndicatorValue(&'static str),
}

impl Role {
    fn describe(self) -> String {
        match self {
            Role::Amount(col) => format!("金额:{}", col.label()),
            Role::FuncPart(i) => format!("功能分类{}", ["类", "款", "项"][i]),
            Role::FuncCode => "功能分类编码".into(),
            Role::EconPart(s, i) => {
                format!("{}经济分类{}", scheme_label(s), ["类", "款"][i.min(1)])
            }
            Role::EconCode(s) => format!("{}经济分类编码", scheme_label(s)),
            Role::EconName(s) => format!("{}经济分类名称", scheme_label(s)),
            Role::Name => "名称".into(),
            Role::UnitCode => "单位代码".into(),
            Role::IncomeLabel => "收入项目".into(),
            Role::IncomeAmount => "收入金额".into(),
            Role::ExpenseLabel => "支出项目".into(),
            Role::ProjectKind => "项目类型".into(),
            Role::ProjectName => "项目名称".into(),
            Role::ProjectUnit => "项目单位".into(),
            Role::ProjectCode => "编码".into(),
            Role::IndicatorName(k) => format!("{k}:三级指标"),
            Role::IndicatorValue(k) => format!("{k}:指标值"),
        }
    }
}

/// How `inspect` names what a column holds: 未识别 where no label was understood.
pub(super) fn describe_role(role: Option<Role>) -> String {
    role.map(Role::describe).unwrap_or_else(|| "未识别".into())
}

fn scheme_label(s: Scheme) -> &'static str {
    match s {
        Scheme::Dept => "部门",
        Scheme::Gov => "政府",
    }
}

/// The labels over one column, top to bottom, normalised.
struct Path<'a>(&'a [String]);

impl Path<'_> {
    fn has(&self, s: &str) -> bool {
        self.0.iter().any(|l| l.contains(s))
    }
    fn leaf(&self) -> &str {
        self.0.last().map(String::as_str).unwrap_or("")
    }
    fn parent(&self) -> &str {
        self.0
            .len()
            .checked_sub(2)
            .map(|i| self.0[i].as_str())
            .unwrap_or("")
    }
    fn leaf_is(&self, options: &[&str]) -> bool {
        options.contains(&self.leaf())
    }
}

const TOTAL_LABELS: &[&str] = &["合计", "总计", "小计", "合计数"];

/// A fund source named by a label: 一般公共预算, 政府性基金, …
fn source_col(label: &str) -> Option<Col> {
    let table: &[(&str, Col)] = &[
        ("财政拨款", Col::GeneralAppropriation),
        ("一般公共预算", Col::GeneralBudget),
        ("政府性基金", Col::GovFund),
        ("国有资本", Col::StateCapital),
        ("财政专户", Col::FiscalSpecial),
        ("事业单位经营", Col::BusinessOperating),
        ("经营收入", Col::BusinessOperating),
        ("事业收入", Col::Business),
        ("上级补助", Col::UpperSubsidy),
        ("附属单位", Col::AffiliatedRemit),
        ("其他收入", Col::OtherIncome),
        ("用事业基金", Col::BusinessFund),
        ("单位资金", Col::UnitFunds),
        ("政府预算资金", Col::GovFunds),
    ];
    if label.contains("财政拨款") && !label.contains("其中") && label != "财政拨款" {
        // "财政拨款结转结余" and the like are group labels, not the 其中 column.
        return None;
    }
    table
        .iter()
        .find(|(k, _)| label.contains(k))
        .map(|(_, c)| *c)
}

fn carry_variant(col: Col) -> Col {
    match col {
        Col::GeneralBudget | Col::GeneralAppropriation => Col::CarryOverGeneral,
        Col::GovFund => Col::CarryOverGovFund,
        Col::StateCapital => Col::CarryOverStateCapital,
        Col::FiscalSpecial => Col::CarryOverFiscalSpecial,
        Col::UnitFunds => Col::CarryOverUnitFunds,
        other => other,
    }
}

/// A fund column of 02, 04, 07, 10 and 12.
fn fund_role(p: &Path) -> Option<Role> {
    let carry = p.has("上年结转") || p.has("结转结余");
    if p.leaf_is(TOTAL_LABELS) {
        let parent = p.parent();
        let col = if parent.is_empty() {
            Col::Total
        } else if parent.contains("上年结转") || parent.contains("结转结余") {
            Col::CarryOver
        } else if parent.contains("本年收入") || parent.contains("本年拨款") {
            Col::CurrentIncome
        } else if parent.contains("一般公共预算") {
            if carry {
                Col::CarryOverGeneral
            } else {
                Col::GeneralBudget
            }
        } else if parent.contains("项目金额") || parent.contains("支出") {
            Col::Total
        } else {
            return None;
        };
        return Some(Role::Amount(col));
    }
    if p.leaf().contains("上年结转") || p.leaf().contains("结转结余") {
        return Some(Role::Amount(Col::CarryOver));
    }
    if p.leaf().contains("资金总额") {
        return Some(Role::Amount(Col::Total));
    }
    let col = source_col(p.leaf())?;
    Some(Role::Amount(if carry { carry_variant(col) } else { col }))
}

/// Columns shared by the coded tables: split or whole codes, names, unit codes.
fn code_role(id: TableId, p: &Path) -> Option<Role> {
    let economic = matches!(id, TableId::T06 | TableId::T07);
    let scheme = if p.has("政府预算经济分类") || p.has("政府经济分类") || p.has("政府预算")
    {
        Scheme::Gov
    } else {
        Scheme::Dept
    };
    let leaf = p.leaf();
    let part = ["类", "款", "项"].iter().position(|l| *l == leaf);
    if let Some(i) = part {
        return Some(if economic {
            Role::EconPart(scheme, i)
        } else {
            Role::FuncPart(i)
        });
    }
    if leaf.contains("单位")
        && (leaf.contains("代码") || leaf.contains("编码"))
        && !leaf.contains("科目")
    {
        return Some(Role::UnitCode);
    }
    if leaf.contains("编码") || leaf.contains("代码") || leaf == "科目" {
        return Some(if economic {
            Role::EconCode(scheme)
        } else {
            Role::FuncCode
        });
    }
    if leaf.contains("名称") {
        return Some(if economic {
            Role::EconName(scheme)
        } else {
            Role::Name
        });
    }
    if economic && (leaf.contains("经济分类")) {
        return Some(Role::EconCode(scheme));
    }
    None
}

/// An amount column of 03, 05 and 09.
fn expenditure_role(p: &Path) -> Option<Role> {
    let leaf = p.leaf();
    let col = if p.has("项目支出") {
        match leaf {
            "其他运转类" => Col::ProjectOperating,
            "特定目标类" => Col::ProjectSpecific,
            _ if p.leaf_is(TOTAL_LABELS) || leaf == "项目支出" => Col::Project,
            _ => return None,
        }
    } else if leaf.contains("工资福利") {
        Col::WagesBenefits
    } else if leaf.contains("对个人和家庭") {
        Col::HouseholdTransfers
    } else if leaf.contains("商品和服务") {
        Col::GoodsServices
    } else if leaf.contains("资本性") {
        Col::Capital
    } else if leaf == "人员经费" || (p.has("人员经费") && p.leaf_is(TOTAL_LABELS)) {
        Col::Personnel
    } else if leaf == "公用经费" || (p.has("公用经费") && p.leaf_is(TOTAL_LABELS)) {
        Col::PublicUse
    } else if leaf == "基本支出" || (p.has("基本支出") && p.leaf_is(TOTAL_LABELS)) {
        Col::Basic
    } else if p.leaf_is(TOTAL_LABELS) {
        Col::Total
    } else {
        return None;
    };
    Some(Role::Amount(col))
}

/// What the column under these labels holds, for this table.
pub(super) fn role_for(id: TableId, labels: &[String]) -> Option<Role> {
    let p = Path(labels);
    match id {
        TableId::T01 | TableId::T04 => two_sided_role(&p),
        TableId::T02 | TableId::T07 => code_role(id, &p).or_else(|| fund_role(&p)),
        TableId::T03 | TableId::T05 | TableId::T09 => {
            code_role(id, &p).or_else(|| expenditure_role(&p))
        }
        TableId::T06 => code_role(id, &p).or_else(|| basic_role(&p)),
        TableId::T08 => sangong_role(&p),
        TableId::T10 => project_role(&p),
        TableId::T12 => target_role(&p),
        TableId::T11 => None,
    }
}

/// A column of 01/04: the income or expenditure side's labels and amounts.
fn two_sided_role(p: &Path) -> Option<Role> {
    let leaf = p.leaf();
    let income = p.has("收入") && !p.has("支出");
    let is_label =
        leaf.starts_with("项目") || leaf.ends_with("项目") || leaf == "科目" || leaf == "科目名称";
    match (income, is_label) {
        (true, true) => Some(Role::IncomeLabel),
        (true, false) => Some(Role::IncomeAmount),
        (false, true) => Some(Role::ExpenseLabel),
        (false, false) if leaf == "金额" || leaf.contains("预算数") => {
            Some(Role::Amount(Col::Total))
        }
        (false, false) => fund_role(p),
    }
}

/// An amount column of 06: 人员经费, 公用经费 and their 合计.
fn basic_role(p: &Path) -> Option<Role> {
    let col = match p.leaf() {
        "人员经费" => Col::Personnel,
        "公用经费" => Col::PublicUse,
        _ if p.leaf_is(TOTAL_LABELS) => Col::Total,
        _ => return None,
    };
    Some(Role::Amount(col))
}

/// A column of 08: the “三公” items.
fn sangong_role(p: &Path) -> Option<Role> {
    let leaf = p.leaf();
    let col = if leaf.contains("合计") {
        Col::Total
    } else if leaf.contains("因公出国") {
        Col::Abroad
    } else if leaf.contains("购置及运行") || (p.has("公务用车") && p.leaf_is(TOTAL_LABELS))
    {
        Col::Vehicle
    } else if leaf.contains("购置") {
        Col::VehiclePurchase
    } else if leaf.contains("运行") {
        Col::VehicleOperation
    } else if leaf.contains("接待") {
        Col::Reception
    } else {
        return None;
    };
    Some(Role::Amount(col))
}

/// A column of 10: the project's kind, name, unit and code, or a fund.
fn project_role(p: &Path) -> Option<Role> {
    let leaf = p.leaf();
    if leaf.contains("类型") || leaf.contains("类别") {
        Some(Role::ProjectKind)
    } else if leaf.contains("项目名称") {
        Some(Role::ProjectName)
    } else if leaf.contains("项目单位") || leaf.contains("单位名称") {
        Some(Role::ProjectUnit)
    } else if leaf.contains("编码") || leaf.contains("代码") {
        Some(Role::ProjectCode)
    } else {
        fund_role(p)
    }
}

/// 12's indicator kinds, one pair of columns (三级指标 | 指标值) each.
const INDICATOR_KINDS: [&str; 4] = ["成本指标", "产出指标", "效益指标", "满意度指标"];

/// A column of 12: an indicator kind's name or value, the project's code or name, or a fund.
fn target_role(p: &Path) -> Option<Role> {
    let leaf = p.leaf();
    if let Some(kind) = INDICATOR_KINDS.iter().find(|k| p.has(k)) {
        return match leaf {
            "三级指标" | "指标名称" => Some(Role::IndicatorName(kind)),
            INDICATOR_VALUE => Some(Role::IndicatorValue(kind)),
            _ => None,
        };
    }
    if leaf.contains("编码") || leaf.contains("代码") {
        Some(Role::ProjectCode)
    } else if leaf.contains("名称") || leaf.contains("项目单位") {
        Some(Role::ProjectName)
    } else {
        fund_role(p)
    }
}

/// A one-row header of 01/04 ("收入项目 | 预算数 | 支出项目 | 预算数") says the side only
/// over the label columns: an amount column belongs to the label column on its left.
pub(super) fn assign_sides(columns: &mut [(u32, Vec<String>, Option<Role>)]) {
    let mut side = None;
    for (_, labels, role) in columns.iter_mut() {
        let stated = labels
            .iter()
            .any(|l| l.contains("收入") || l.contains("支出"));
        match role {
            Some(Role::IncomeLabel) | Some(Role::ExpenseLabel) => side = *role,
            Some(Role::Amount(Col::Total)) if !stated && side == Some(Role::IncomeLabel) => {
                *role = Some(Role::IncomeAmount)
            }
            _ => {}
        }
    }
}

/// The 单位 line's label; the unit follows it ("单位：万元", or in the next cell).
pub(super) const UNIT_LABEL: &str = "单位:";

/// The text after "单位:" where a normalised cell text is the unit line, not a name line that
/// mentions 单位 (部门(单位)名称:…, 部门名称:… 单位:…, 单位名称:…).
pub(super) fn after_unit_label(t: &str) -> Option<&str> {
    let pos = t
        .find(UNIT_LABEL)
        .filter(|_| !t.contains("部门(单位)名称"))?;
    if t.starts_with("部门名称") || t.starts_with("单位名称") {
        return None;
    }
    Some(&t[pos + UNIT_LABEL.len()..])
}

/// The labels of the 部门名称 line; the name follows (in the cell, or the next one).
pub(super) const NAME_LABELS: [&str; 5] = [
    "部门名称:",
    "单位名称:",
    "部门(单位)名称:",
    "填报单位:",
    "编制单位:",
];

/// What some exports print on the 部门名称 line instead of the name: the department's own level.
pub(super) const OWN_LEVEL: &str = "本级";

/// The mark after a year: 2024年. A 4-digit number before it is a year, not a code.
pub(super) const YEAR_MARK: char = '年';

/// The labels of a row of column numbers under a header (栏次 1, 2, 3 …).
pub(super) const COLUMN_NUMBER_LABELS: [&str; 7] = ["栏次", "行次", "栏号", "甲", "乙", "丙", "丁"];

/// A row that starts like this is no header row: a note (注…, 备注…, 说明…).
pub(super) fn starts_like_note(t: &str) -> bool {
    ["注", "备注", "说明"].iter().any(|p| t.starts_with(p))
}

/// Alone in its row, a 合计 row without figures (an empty table), not a header row.
pub(super) fn is_lone_total_label(t: &str) -> bool {
    ["合计", "总计", "本年收入"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A data row's first text that makes it the table's 合计 row.
pub(super) fn is_total_label(t: &str) -> bool {
    t.starts_with("合计") || t.starts_with("总计")
}

/// A note row's first text (备注：…, 注：…, or a long text starting with 注). Each starts with
/// 注, 备 or 说: `RowReader::note` looks at that first, so a new form must keep to it.
pub(super) fn is_note(t: &str) -> bool {
    ["注:", "注：", "备注", "说明:", "注1", "注（", "注("]
        .iter()
        .any(|p| t.starts_with(p))
        || (t.starts_with('注') && t.chars().count() > 10)
}

pub(super) fn unit_from_text(t: &str) -> Option<Unit> {
    match normalize_label(t)
        .trim_end_matches([')', '）'])
        .trim_start_matches(['(', '（'])
    {
        "元" | "人民币元" => Some(Unit::Yuan),
        "万元" | "人民币万元" => Some(Unit::WanYuan),
        _ => None,
    }
}

/// Strips a unit given in a label, "金额（万元）" → "金额", and returns it.
pub(super) fn strip_unit(label: &str) -> (String, Option<Unit>) {
    for (suffix, unit) in [("(万元)", Unit::WanYuan), ("(元)", Unit::Yuan)] {
        if let Some(s) = label.strip_suffix(suffix) {
            return (s.to_string(), Some(unit));
        }
    }
    (label.to_string(), None)
}

/// An income-side line of 01/04. `carry` tracks whether the lines below 上年结转 are reached.
pub(super) fn income_key(label: &str, carry: &mut bool) -> Option<RowKey> {
    let n = normalize_label(strip_numbering(label));
    let n = n.trim_end_matches(':');
    let summary = match n {
        "本年收入合计" | "本年收入" => {
            *carry = false;
            Some(Summary::CurrentIncome)
        }
        _ if n.starts_with("上年结转") => {
            *carry = true;
            Some(Summary::CarryIn)
        }
        "收入总计" | "收入合计" | "收入总计合计" => Some(Summary::IncomeTotal),
        _ => None,
    };
    if let Some(s) = summary {
        return Some(RowKey::Summary(s));
    }
    let source = if n.starts_with("其中") && n.contains("财政拨款") {
        Col::GeneralAppropriation
    } else {
        source_col(n)?
    };
    Some(RowKey::Income {
        carry: *carry,
        source,
    })
}

/// An expenditure-side line of 01/04: a summary line or a function class.
pub(super) fn expense_key(label: &str, catalog: &Catalog) -> Option<RowKey> {
    let n = normalize_label(strip_numbering(label));
    let n = n.trim_end_matches(':');
    let summary = match n {
        "本年支出合计" | "本年支出" => Some(Summary::CurrentExpenditure),
        _ if n.starts_with("年终结转") || n.starts_with("结转下年") => {
            Some(Summary::CarryOut)
        }
        "支出总计" | "支出合计" => Some(Summary::ExpenditureTotal),
        _ => None,
    };
    if let Some(s) = summary {
        return Some(RowKey::Summary(s));
    }
    // By name (current or legacy); else by the list number, which follows the class codes
    // (一 = 201 … 三十四 = 234).
    let code = catalog.class_by_name(label).or_else(|| {
        let n = leading_number(label)?;
        let code = FunctionCode::parse(&format!("{}", 200 + n))?;
        catalog.function.contains_key(code.as_str()).then_some(code)
    })?;
    Some(RowKey::Function { unit: None, code })
}

/// 11's goal: 年度履职目标, or 履职目标 alone.
pub(super) fn is_goal_label(t: &str) -> bool {
    t.starts_with("年度履职目标") || t == "履职目标"
}

/// 11's task list: 任务名称 | 主要内容.
pub(super) const TASK_NAME: &str = "任务名称";
pub(super) const TASK_CONTENT: &str = "主要内容";

/// Where 11's task list ends: the 预算情况 block begins.
pub(super) fn ends_tasks(first: &str) -> bool {
    first.starts_with("预算情况") || first.starts_with("部门预算总额") || first.contains("资金来源")
}

/// 11's 预算情况: each label, and the figure it names.
pub(super) const PERFORMANCE_BUDGET: [(&str, Col); 6] = [
    ("部门预算总额", Col::Total),
    ("政府预算资金", Col::GovFunds),
    ("财政专户管理资金", Col::FiscalSpecial),
    ("单位资金", Col::UnitFunds),
    ("基本支出", Col::Basic),
    ("项目支出", Col::Project),
];

/// 11's indicator list: 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值说明.
pub(super) const INDICATOR_LEVELS: [&str; 3] = ["一级指标", "二级指标", "三级指标"];
pub(super) const INDICATOR_VALUE: &str = "指标值";
/// Part of the label of 11's note column (指标值说明).
pub(super) const INDICATOR_NOTE: &str = "说明";

//! Finding the 预算表 in a workbook and pulling their rows into the model.
//!
//! Nothing here depends on positions or sheet names: each table is found by its title text,
//! its unit by the 单位 line, and each column by the labels of its (merged, 1–3 row) header.
//! All the Chinese labels the reader understands live in this file.

use std::collections::BTreeMap;

use super::cell::{amount_from_cell, Amount as CellAmount, Cell};
use super::{limits, Grid, ReadOutcome};
use crate::catalog::{leading_number, strip_numbering, Catalog};
use crate::finding::{Finding, Severity};
use crate::model::codes::{join_code_parts, split_code_and_name};
use crate::model::CellRef;
use crate::model::{
    Amount, Budget, BudgetUnit, Col, ColumnMap, DeptPerformance, EconomicCode, FunctionCode,
    Indicator, Note, ProjectTarget, Row, RowKey, Scheme, Source, Summary, Table, TableId, Task,
    Unit,
};
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
fn year_in(text: &str) -> Option<i32> {
    let t = normalize_label(text);
    let chars: Vec<char> = t.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && w[..4].iter().all(char::is_ascii_digit)).then(|| digits.parse().ok())?
    })
}

/// How many rows from the top of a sheet are searched for a title.
const TITLE_SEARCH_ROWS: u32 = 8;

struct Found {
    id: TableId,
    grid: usize,
    row: u32,
    col: u32,
    title: String,
    year: Option<i32>,
}

fn find_title(grid: &Grid, index: usize) -> Option<Found> {
    for r in 0..grid.height().min(TITLE_SEARCH_ROWS) {
        for c in 0..grid.width() {
            let text = grid.text(r, c);
            if text.is_empty() {
                continue;
            }
            if let Some(id) = table_for_title(&text) {
                let mut year = year_in(&text);
                // 11 prints its year on the line below: （2024年度）.
                for below in r + 1..(r + 3).min(grid.height()) {
                    year = year
                        .or_else(|| (0..grid.width()).find_map(|c| year_in(&grid.text(below, c))));
                }
                return Some(Found {
                    id,
                    grid: index,
                    row: r,
                    col: c,
                    title: text,
                    year,
                });
            }
        }
    }
    None
}

/// The first texts of every sheet, for the "no table found" message.
pub fn first_texts(grids: &[Grid]) -> String {
    let seen: Vec<String> = grids
        .iter()
        .map(|g| {
            let first = (0..g.height().min(TITLE_SEARCH_ROWS))
                .flat_map(|r| (0..g.width()).map(move |c| (r, c)))
                .map(|(r, c)| g.text(r, c))
                .find(|t| !t.is_empty())
                .unwrap_or_else(|| "(空)".to_string());
            format!("{}: {}", g.name, first)
        })
        .collect();
    seen.join("；")
}

/// Reads every table found in the grids into one budget.
pub fn read_tables(grids: &[Grid], catalog: &Catalog) -> ReadOutcome {
    let mut findings = Vec::new();
    let mut budget = Budget::default();
    let mut years = Vec::new();
    for (i, grid) in grids.iter().enumerate() {
        let found = find_title(grid, i);
        if let Some(far) = grid.beyond {
            findings.push(
                Finding::new(
                    "READ-013",
                    Severity::Warning,
                    format!(
                        "单元格有内容，但超出预算表读取范围（{} 行 × {} 列），已忽略{}；若是误填，请删除后另存",
                        limits::MAX_GRID_ROWS,
                        limits::MAX_GRID_COLS,
                        if far.count > limits::MAX_BEYOND_CELLS {
                            format!(
                                "（此处起超过 {} 个单元格，其后内容未读取）",
                                limits::MAX_BEYOND_CELLS
                            )
                        } else if far.count > 1 {
                            format!("（此处起共 {} 个单元格）", far.count)
                        } else {
                            String::new()
                        }
                    ),
                )
                .at(
                    found.as_ref().map(|f| f.id),
                    Some(grid.cell_ref(far.row, far.col)),
                ),
            );
        }
        let Some(found) = found else {
            continue;
        };
        if let Some(first) = budget.tables.get(&found.id) {
            findings.push(
                Finding::new(
                    "READ-006",
                    Severity::Error,
                    format!(
                        "{}“{}”出现两次：已读取工作表“{}”中的表，忽略此处",
                        found.id,
                        found.id.title(),
                        first.source.sheet
                    ),
                )
                .at(Some(found.id), Some(grid.cell_ref(found.row, found.col))),
            );
            continue;
        }
        years.extend(found.year);
        if let Some(table) = read_table(&grids[found.grid], &found, catalog, &mut findings) {
            budget.tables.insert(found.id, table);
        }
    }
    years.sort_unstable();
    budget.year = most_common(&years);
    fill_department(&mut budget);
    ReadOutcome { budget, findings }
}

fn most_common<T: Ord + Copy>(sorted: &[T]) -> Option<T> {
    let mut best: Option<(usize, T)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(n, _)| chunk.len() > n) {
            best = Some((chunk.len(), chunk[0]));
        }
    }
    best.map(|(_, v)| v)
}

/// The department and its units come from 02 (the unit rows; the 3-digit code is the
/// department itself), else from the 部门名称 lines.
fn fill_department(budget: &mut Budget) {
    if let Some(t02) = budget.tables.get(&TableId::T02) {
        for row in &t02.rows {
            if let RowKey::Unit(code) = &row.key {
                budget.units.push(BudgetUnit {
                    code: code.clone(),
                    name: row.name.clone(),
                });
            }
        }
    }
    budget.units.sort_by(|a, b| a.code.cmp(&b.code));
    // Without 02, the department row of any other table names it.
    let unit_rows = budget
        .tables
        .values()
        .flat_map(|t| &t.rows)
        .filter_map(|r| match &r.key {
            RowKey::Unit(code) if !r.name.is_empty() => Some((code.len(), r.name.clone())),
            _ => None,
        });
    let from_units = budget
        .units
        .iter()
        .map(|u| (u.code.len(), u.name.clone()))
        .chain(unit_rows)
        .min_by_key(|(len, _)| *len)
        .map(|(_, name)| name);
    let from_lines = budget
        .tables
        .values()
        .filter_map(|t| t.source.dept_name.as_ref().map(|(n, _)| n.clone()))
        .filter(|n| !n.is_empty() && n != "本级")
        .max_by_key(|n| n.chars().count());
    budget.department = from_units.or(from_lines).unwrap_or_default();
}

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
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
fn role_for(id: TableId, labels: &[String]) -> Option<Role> {
    let p = Path(labels);
    let leaf = p.leaf();
    match id {
        TableId::T01 | TableId::T04 => {
            let income = p.has("收入") && !p.has("支出");
            let is_label = leaf.starts_with("项目")
                || leaf.ends_with("项目")
                || leaf == "科目"
                || leaf == "科目名称";
            match (income, is_label) {
                (true, true) => Some(Role::IncomeLabel),
                (true, false) => Some(Role::IncomeAmount),
                (false, true) => Some(Role::ExpenseLabel),
                (false, false) if leaf == "金额" || leaf.contains("预算数") => {
                    Some(Role::Amount(Col::Total))
                }
                (false, false) => fund_role(&p),
            }
        }
        TableId::T02 => code_role(id, &p).or_else(|| fund_role(&p)),
        TableId::T03 | TableId::T05 | TableId::T09 => {
            code_role(id, &p).or_else(|| expenditure_role(&p))
        }
        TableId::T06 => code_role(id, &p).or_else(|| {
            let col = match leaf {
                "人员经费" => Col::Personnel,
                "公用经费" => Col::PublicUse,
                _ if p.leaf_is(TOTAL_LABELS) => Col::Total,
                _ => return None,
            };
            Some(Role::Amount(col))
        }),
        TableId::T07 => code_role(id, &p).or_else(|| fund_role(&p)),
        TableId::T08 => {
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
        TableId::T10 => {
            if leaf.contains("类型") || leaf.contains("类别") {
                Some(Role::ProjectKind)
            } else if leaf.contains("项目名称") {
                Some(Role::ProjectName)
            } else if leaf.contains("项目单位") || leaf.contains("单位名称") {
                Some(Role::ProjectUnit)
            } else if leaf.contains("编码") || leaf.contains("代码") {
                Some(Role::ProjectCode)
            } else {
                fund_role(&p)
            }
        }
        TableId::T12 => {
            const KINDS: [&str; 4] = ["成本指标", "产出指标", "效益指标", "满意度指标"];
            if let Some(kind) = KINDS.iter().find(|k| p.has(k)) {
                return match leaf {
                    "三级指标" | "指标名称" => Some(Role::IndicatorName(kind)),
                    "指标值" => Some(Role::IndicatorValue(kind)),
                    _ => None,
                };
            }
            if leaf.contains("编码") || leaf.contains("代码") {
                Some(Role::ProjectCode)
            } else if leaf.contains("名称") || leaf.contains("项目单位") {
                Some(Role::ProjectName)
            } else {
                fund_role(&p)
            }
        }
        TableId::T11 => None,
    }
}

/// The preamble of a table: its unit and 部门名称 lines, and where its header starts.
struct Preamble {
    unit: Option<(Unit, Option<CellRef>)>,
    unit_problem: Option<(String, CellRef)>,
    dept_name: Option<(String, CellRef)>,
    /// The first row after the title, unit and name lines.
    body_start: u32,
}

/// The text after a label such as "单位：" or "部门名称：", in the same cell or the next
/// non-empty cell to the right.
fn value_after(grid: &Grid, r: u32, c: u32, label_end: &str) -> (String, CellRef) {
    let rest = label_end.trim().to_string();
    if !rest.is_empty() {
        return (rest, grid.cell_ref(r, c));
    }
    for c2 in c + 1..grid.width() {
        let t = grid.text(r, c2);
        if !t.is_empty() {
            return (t.trim().to_string(), grid.cell_ref(r, c2));
        }
    }
    (String::new(), grid.cell_ref(r, c))
}

fn unit_from_text(t: &str) -> Option<Unit> {
    match normalize_label(t)
        .trim_end_matches([')', '）'])
        .trim_start_matches(['(', '（'])
    {
        "元" | "人民币元" => Some(Unit::Yuan),
        "万元" | "人民币万元" => Some(Unit::WanYuan),
        _ => None,
    }
}

fn read_preamble(grid: &Grid, found: &Found) -> Preamble {
    let mut pre = Preamble {
        unit: None,
        unit_problem: None,
        dept_name: None,
        body_start: found.row + 1,
    };
    for r in found.row..(found.row + 5).min(grid.height()) {
        let mut preamble_row = r == found.row;
        for c in 0..grid.width() {
            let raw = grid.text(r, c);
            let t = normalize_label(&raw);
            if let Some(pos) = t.find("单位:").filter(|_| !t.contains("部门(单位)名称")) {
                if !t.starts_with("部门名称") && !t.starts_with("单位名称") {
                    let after = &t[pos + "单位:".len()..];
                    let (value, at) = value_after(grid, r, c, after);
                    match unit_from_text(&value) {
                        Some(u) => pre.unit = Some((u, Some(at))),
                        None => pre.unit_problem = Some((value, at)),
                    }
                    preamble_row = true;
                    continue;
                }
            }
            for label in [
                "部门名称:",
                "单位名称:",
                "部门(单位)名称:",
                "填报单位:",
                "编制单位:",
            ] {
                if let Some(after) = t.strip_prefix(label) {
                    let (name, at) = value_after(grid, r, c, after);
                    // The unit line may share the cell after the name ("本级  单位：万元").
                    let name = name.split("单位:").next().unwrap_or("").trim().to_string();
                    pre.dept_name = Some((name, at));
                    preamble_row = true;
                }
            }
            if r > found.row && (year_in(&raw).is_some() && t.starts_with('(') && t.ends_with(')'))
            {
                preamble_row = true; // （2024年度）
            }
        }
        if preamble_row {
            pre.body_start = r + 1;
        }
    }
    pre
}

/// Is this row data (or a note), rather than header labels?
fn is_data_row(grid: &Grid, r: u32) -> bool {
    let mut first = None;
    let mut texts = 0;
    for c in 0..grid.width() {
        let cell = grid.get(r, c);
        match cell {
            Cell::Number(_) | Cell::FormulaWithoutValue(_) => return true,
            Cell::Text(s) if !s.trim().is_empty() => {
                let t = normalize_label(s);
                texts += 1;
                first.get_or_insert(t.clone());
                if matches!(amount_from_cell(cell), CellAmount::Value(_)) {
                    return true;
                }
                if let Some((code, _)) = split_code_and_name(&t) {
                    if code.len() != 4 && !t[code.len()..].starts_with('年') {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    // A note, or a 合计 row without figures (an empty table). A header row may start with
    // 合计 too (本年收入 › 合计 | 一般公共预算 | …), but then more labels follow.
    first.is_some_and(|t| {
        ["注", "备注", "说明"].iter().any(|p| t.starts_with(p))
            || (["合计", "总计", "本年收入"]
                .iter()
                .any(|p| t.starts_with(p))
                && texts == 1)
    })
}

/// A row of column numbers under a header (栏次 1, 2, 3 …), which carries no data.
fn is_column_number_row(grid: &Grid, r: u32) -> bool {
    let mut numbers = 0;
    for c in 0..grid.width() {
        let t = normalize_label(&grid.text(r, c));
        if t.is_empty() {
            continue;
        }
        let small_int = t.parse::<u32>().is_ok_and(|n| n < 100) && !t.starts_with('0');
        if small_int {
            numbers += 1;
        } else if !matches!(
            t.as_str(),
            "栏次" | "行次" | "栏号" | "甲" | "乙" | "丙" | "丁"
        ) {
            return false;
        }
    }
    numbers >= 3
}

/// The header: its rows and the labels over each column.
struct Header {
    first: u32,
    last: u32,
    /// Column index, its labels, and its role.
    columns: Vec<(u32, Vec<String>, Option<Role>)>,
    /// The first row of data.
    data_start: u32,
}

/// Strips a unit given in a label, "金额（万元）" → "金额", and returns it.
fn strip_unit(label: &str) -> (String, Option<Unit>) {
    for (suffix, unit) in [("(万元)", Unit::WanYuan), ("(元)", Unit::Yuan)] {
        if let Some(s) = label.strip_suffix(suffix) {
            return (s.to_string(), Some(unit));
        }
    }
    (label.to_string(), None)
}

fn read_header(grid: &Grid, id: TableId, start: u32) -> (Option<Header>, Option<Unit>) {
    let mut first = start;
    while first < grid.height() && grid.is_row_empty(first) {
        first += 1;
    }
    // Merged labels of the first header row span the whole header (合计 merged down over
    // 小计 | 人员经费 …): every row they cover is header, whatever it holds.
    let merged_to = grid
        .merges
        .iter()
        .filter(|m| m.first_row == first && m.last_row > first)
        .map(|m| m.last_row)
        .max()
        .unwrap_or(first);
    let mut last = first;
    while last < merged_to {
        last += 1;
    }
    while last + 1 < grid.height() && !is_data_row(grid, last + 1) && last + 1 - first < 4 {
        if grid.is_row_empty(last + 1) {
            break;
        }
        last += 1;
    }
    if first >= grid.height() || is_data_row(grid, first) {
        return (None, None);
    }
    let mut data_start = last + 1;
    if data_start < grid.height() && is_column_number_row(grid, data_start) {
        data_start += 1;
    }
    let mut unit_hint = None;
    let no_merge_info = grid.merges.is_empty();
    let mut columns = Vec::new();
    for c in 0..grid.width() {
        let mut labels: Vec<String> = Vec::new();
        for r in first..=last {
            let mut text = grid.text(r, c);
            if text.is_empty() {
                if let Some(m) = grid.merge_at(r, c) {
                    text = grid.text(m.first_row, m.first_col);
                } else if no_merge_info && r < last && !grid.text(r + 1, c).is_empty() {
                    // No merge data (.ods): a group label spans to the right until the next label.
                    text = (0..c)
                        .rev()
                        .map(|c2| grid.text(r, c2))
                        .find(|t| !t.is_empty())
                        .unwrap_or_default();
                }
            }
            let (label, unit) = strip_unit(&normalize_label(&text));
            unit_hint = unit_hint.or(unit);
            if !label.is_empty() && labels.last() != Some(&label) {
                labels.push(label);
            }
        }
        if labels.is_empty() {
            continue;
        }
        let role = role_for(id, &labels);
        columns.push((c, labels, role));
    }
    if matches!(id, TableId::T01 | TableId::T04) {
        assign_sides(&mut columns);
    }
    (
        Some(Header {
            first,
            last,
            columns,
            data_start,
        }),
        unit_hint,
    )
}

/// A one-row header of 01/04 ("收入项目 | 预算数 | 支出项目 | 预算数") says the side only
/// over the label columns: an amount column belongs to the label column on its left.
fn assign_sides(columns: &mut [(u32, Vec<String>, Option<Role>)]) {
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

fn read_table(
    grid: &Grid,
    found: &Found,
    catalog: &Catalog,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let id = found.id;
    let pre = read_preamble(grid, found);
    if id == TableId::T11 {
        return read_performance(grid, found, &pre, findings);
    }
    let (header, unit_hint) = read_header(grid, id, pre.body_start);
    let Some(header) = header else {
        findings.push(
            Finding::new(
                "READ-011",
                Severity::Error,
                format!("{}：标题下未找到表头，无法读取此表", id.title()),
            )
            .at(Some(id), Some(grid.cell_ref(found.row, found.col))),
        );
        return None;
    };
    let unit = unit_of(grid, found, &pre, unit_hint, findings)?;
    let source = Source {
        sheet: grid.name.clone(),
        title: found.title.clone(),
        title_at: grid.cell_ref(found.row, found.col),
        unit: unit.0,
        unit_at: unit.1,
        dept_name: pre.dept_name.clone(),
        columns: header
            .columns
            .iter()
            .map(|(c, labels, role)| ColumnMap {
                labels: labels.clone(),
                role: role.map(Role::describe).unwrap_or_else(|| "未识别".into()),
                col: *c,
            })
            .collect(),
        header_rows: (header.first, header.last),
        amount_cols: header
            .columns
            .iter()
            .filter_map(|(c, _, role)| match role {
                Some(Role::Amount(col)) => Some((*col, *c)),
                Some(Role::IncomeAmount) => Some((Col::Amount, *c)),
                _ => None,
            })
            .collect(),
    };
    let mut table = Table::new(id, source);
    let mut reader = RowReader {
        grid,
        id,
        catalog,
        unit: unit.0,
        header: &header,
        findings,
    };
    match id {
        TableId::T01 | TableId::T04 => reader.read_two_sided(&mut table, catalog),
        TableId::T12 => reader.read_targets(&mut table),
        _ => reader.read_rows(&mut table),
    }
    reader.report_unmapped_columns();
    Some(table)
}

/// The table's unit: from the 单位 line, else from a header label such as 金额（万元）.
fn unit_of(
    grid: &Grid,
    found: &Found,
    pre: &Preamble,
    hint: Option<Unit>,
    findings: &mut Vec<Finding>,
) -> Option<(Unit, Option<CellRef>)> {
    if let Some(u) = pre.unit.clone() {
        return Some(u);
    }
    if let Some(u) = hint {
        return Some((u, None));
    }
    let (message, at) = match &pre.unit_problem {
        Some((value, at)) => (
            format!(
                "{}：无法识别的金额单位“{}”（应为“元”或“万元”），此表未读取",
                found.id.title(),
                value
            ),
            at.clone(),
        ),
        None => (
            format!(
                "{}：未找到“单位：元”或“单位：万元”行，无法确定金额单位，此表未读取",
                found.id.title()
            ),
            grid.cell_ref(found.row, found.col),
        ),
    };
    findings.push(Finding::new("READ-003", Severity::Error, message).at(Some(found.id), Some(at)));
    None
}

struct RowReader<'a> {
    grid: &'a Grid,
    id: TableId,
    catalog: &'a Catalog,
    unit: Unit,
    header: &'a Header,
    findings: &'a mut Vec<Finding>,
}

/// A data row before it is keyed.
struct Raw {
    key: Option<RowKey>,
    name: String,
    at: CellRef,
    values: BTreeMap<Col, Amount>,
    text: BTreeMap<&'static str, String>,
    is_unit: bool,
}

impl Raw {
    /// A row of no unit and no text columns.
    fn new(key: Option<RowKey>, name: String, at: CellRef, values: BTreeMap<Col, Amount>) -> Raw {
        Raw {
            key,
            name,
            at,
            values,
            text: BTreeMap::new(),
            is_unit: false,
        }
    }
}

impl RowReader<'_> {
    fn cols(&self, pred: impl Fn(Role) -> bool) -> Vec<u32> {
        self.header
            .columns
            .iter()
            .filter(|(_, _, r)| r.is_some_and(&pred))
            .map(|(c, _, _)| *c)
            .collect()
    }

    fn text_of(&self, r: u32, pred: impl Fn(Role) -> bool) -> Option<(String, u32)> {
        self.cols(pred)
            .into_iter()
            .map(|c| (self.grid.text(r, c), c))
            .find(|(t, _)| !t.is_empty())
    }

    /// Reads one amount cell; an unreadable cell becomes a finding and no value.
    fn amount(&mut self, r: u32, c: u32) -> Option<Amount> {
        let at = self.grid.cell_ref(r, c);
        match amount_from_cell(self.grid.get(r, c)) {
            CellAmount::Blank => None,
            CellAmount::Value(v) => Some(Amount {
                yuan: v * self.unit.in_yuan(),
                at,
            }),
            CellAmount::Unreadable(s) => {
                self.findings.push(
                    Finding::new(
                        "READ-001",
                        Severity::Error,
                        format!("金额单元格无法读取为数字：“{s}”"),
                    )
                    .at(Some(self.id), Some(at)),
                );
                None
            }
            CellAmount::FormulaWithoutValue(f) => {
                self.findings.push(
                    Finding::new(
                        "READ-002",
                        Severity::Error,
                        format!("公式未计算：单元格只有公式 ={f}，没有保存计算结果。请在 Excel/WPS 中打开、重新计算并保存"),
                    )
                    .at(Some(self.id), Some(at)),
                );
                None
            }
        }
    }

    /// The amount columns of the header: (column, what it holds).
    fn amount_columns(&self) -> Vec<(u32, Col)> {
        self.header
            .columns
            .iter()
            .filter_map(|(c, _, role)| match role {
                Some(Role::Amount(col)) => Some((*c, *col)),
                _ => None,
            })
            .collect()
    }

    fn amounts(&mut self, r: u32) -> BTreeMap<Col, Amount> {
        let mut values = BTreeMap::new();
        let columns = self.amount_columns();
        for (c, col) in columns {
            if let Some(a) = self.amount(r, c) {
                values.entry(col).or_insert(a);
            }
        }
        values
    }

    /// A note row (备注：…, 注：…): its text, if the row is one.
    fn note(&self, r: u32) -> Option<Note> {
        let (c, text) = (0..self.grid.width())
            .map(|c| (c, self.grid.text(r, c)))
            .find(|(_, t)| !t.is_empty())?;
        let t = normalize_label(&text);
        let is_note = ["注:", "注：", "备注", "说明:", "注1", "注（", "注("]
            .iter()
            .any(|p| t.starts_with(p))
            || (t.starts_with('注') && t.chars().count() > 10);
        is_note.then(|| Note {
            text,
            at: self.grid.cell_ref(r, c),
        })
    }

    fn data_rows(&self) -> impl Iterator<Item = u32> + '_ {
        (self.header.data_start..self.grid.height()).filter(|r| !self.grid.is_row_empty(*r))
    }

    /// The first text of a row outside its amount columns (a number in an amount column is
    /// no label).
    fn first_text(&self, r: u32) -> Option<(String, u32)> {
        let is_amount = |c: u32| {
            self.header
                .columns
                .iter()
                .any(|(ac, _, role)| *ac == c && matches!(role, Some(Role::Amount(_))))
        };
        (0..self.grid.width())
            .filter(|c| !is_amount(*c))
            .map(|c| (self.grid.text(r, c), c))
            .find(|(t, _)| !t.is_empty())
    }

    /// Rows of the coded and listed tables: 02, 03, 05, 06, 07, 08, 09, 10.
    fn read_rows(&mut self, table: &mut Table) {
        let mut raws: Vec<Raw> = Vec::new();
        let rows: Vec<u32> = self.data_rows().collect();
        for r in rows {
            if let Some(note) = self.note(r) {
                table.notes.push(note);
                continue;
            }
            if is_column_number_row(self.grid, r) {
                continue;
            }
            let values = self.amounts(r);
            if let Some(raw) = self.key_row(r, values) {
                raws.push(raw);
            }
        }
        self.finish_rows(table, raws);
    }

    /// Decides what a row is about from its text columns.
    fn key_row(&mut self, r: u32, values: BTreeMap<Col, Amount>) -> Option<Raw> {
        let g = self.grid;
        let label = self.first_text(r);
        let at = label
            .as_ref()
            .map(|(_, c)| g.cell_ref(r, *c))
            .unwrap_or_else(|| g.cell_ref(r, 0));
        let mut raw = Raw::new(None, String::new(), at, values);
        let first = label
            .as_ref()
            .map(|(t, _)| normalize_label(t))
            .unwrap_or_default();
        if first.starts_with("合计") || first.starts_with("总计") {
            raw.key = Some(RowKey::Total);
            return Some(raw);
        }
        if self.id == TableId::T08 {
            // 08 is one line of figures (or one per unit).
            if let Some((code, _)) = self.text_of(r, |x| x == Role::UnitCode) {
                raw.is_unit = true;
                raw.key = Some(RowKey::Unit(code));
            } else if !raw.values.is_empty() {
                raw.key = Some(RowKey::Total);
            }
            return raw.key.is_some().then_some(raw);
        }
        if self.id == TableId::T10 {
            return self.key_project(r, raw);
        }
        let name = self
            .text_of(r, |x| {
                matches!(x, Role::Name | Role::EconName(Scheme::Dept))
            })
            .map(|(t, _)| t);
        if let Some((code, c)) = self.text_of(r, |x| x == Role::UnitCode) {
            raw.name = name.unwrap_or_default();
            raw.at = g.cell_ref(r, c);
            raw.is_unit = true;
            raw.key = Some(RowKey::Unit(code));
            return Some(raw);
        }
        let economic = matches!(self.id, TableId::T06 | TableId::T07);
        let code = if economic {
            self.econ_code(r, Scheme::Dept)
        } else {
            self.function_code(r)
        };
        match code {
            Some((digits, name_in_cell, c)) => {
                raw.name = name
                    .or((!name_in_cell.is_empty()).then_some(name_in_cell))
                    .unwrap_or_default();
                raw.at = g.cell_ref(r, c);
                if economic {
                    if let Some(dept) =
                        EconomicCode::parse(&digits).filter(|e| e.scheme() == Scheme::Dept)
                    {
                        let gov = self.econ_code(r, Scheme::Gov).and_then(|(d, n, _)| {
                            if !n.is_empty() {
                                raw.text.insert("gov_name", n);
                            }
                            EconomicCode::parse(&d)
                        });
                        if let Some((n, _)) = self.text_of(r, |x| x == Role::EconName(Scheme::Gov))
                        {
                            raw.text.insert("gov_name", n);
                        }
                        raw.key = Some(RowKey::Economic {
                            unit: None,
                            dept,
                            gov,
                        });
                        return Some(raw);
                    }
                    if is_unit_code(&digits) {
                        // 07 prints its unit rows in the code column: 047 中共… (a 部门 code
                        // that looks like an economic class, 336, is told apart in
                        // `units_in_code_column`).
                        raw.is_unit = true;
                        raw.key = Some(RowKey::Unit(digits));
                        return Some(raw);
                    }
                } else if let Some(code) = FunctionCode::parse(&digits) {
                    raw.key = Some(RowKey::Function { unit: None, code });
                    return Some(raw);
                } else if is_unit_code(&digits) {
                    // Some exports print the unit rows in the code column: 047 中共…
                    raw.is_unit = true;
                    raw.key = Some(RowKey::Unit(digits));
                    return Some(raw);
                }
                self.findings.push(
                    Finding::new(
                        "READ-005",
                        Severity::Error,
                        format!("无法识别的科目编码“{digits}”"),
                    )
                    .at(Some(self.id), Some(g.cell_ref(r, c))),
                );
                None
            }
            None => self.unlabeled(raw, label.map(|(t, _)| t)),
        }
    }

    /// A row with no code and no 合计 label.
    fn unlabeled(&mut self, mut raw: Raw, label: Option<String>) -> Option<Raw> {
        if raw.values.is_empty() {
            if let Some(label) = label {
                self.findings.push(
                    Finding::new(
                        "READ-008",
                        Severity::Warning,
                        format!("无法识别的行“{label}”（无金额），已忽略"),
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
            }
            return None;
        }
        match label {
            Some(label) => {
                self.findings.push(
                    Finding::new(
                        "READ-008",
                        Severity::Error,
                        format!("无法识别的行“{label}”：没有编码，金额未读取"),
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
                None
            }
            None => {
                let first_amount = raw.values.values().next().map(|a| a.at.clone());
                raw.at = first_amount.unwrap_or(raw.at);
                raw.key = Some(RowKey::Total);
                raw.text.insert("unlabeled", String::new());
                Some(raw)
            }
        }
    }

    fn key_project(&mut self, r: u32, mut raw: Raw) -> Option<Raw> {
        let kind = self.text_of(r, |x| x == Role::ProjectKind);
        let name = self.text_of(r, |x| x == Role::ProjectName);
        let unit = self.text_of(r, |x| x == Role::ProjectUnit);
        if let Some((k, c)) = kind
            .as_ref()
            .filter(|(k, _)| k.chars().all(|ch| ch.is_ascii_digit()))
        {
            raw.is_unit = true;
            raw.at = self.grid.cell_ref(r, *c);
            raw.name = name.or(unit).map(|(t, _)| t).unwrap_or_default();
            raw.key = Some(RowKey::Unit(k.clone()));
            return Some(raw);
        }
        if let Some((n, c)) = name {
            raw.at = self.grid.cell_ref(r, c);
            raw.name = n.clone();
            if let Some((k, _)) = kind {
                raw.text.insert("kind", k);
            }
            if let Some((code, _)) = self.text_of(r, |x| x == Role::ProjectCode) {
                raw.text.insert("code", code);
            }
            let unit = unit.map(|(u, _)| u).unwrap_or_default();
            raw.text.insert("unit", unit.clone());
            raw.key = Some(RowKey::Project { unit, name: n });
            return Some(raw);
        }
        let label = self.first_text(r).map(|(t, _)| t);
        self.unlabeled(raw, label)
    }

    /// The function code of a row: split 类|款|项 cells or one cell ("2013601 行政运行").
    /// Returns the digits, a name found in the same cell, and the code's first column.
    fn function_code(&self, r: u32) -> Option<(String, String, u32)> {
        let parts = self.cols(|x| matches!(x, Role::FuncPart(_)));
        if !parts.is_empty() {
            let texts: Vec<String> = parts.iter().map(|c| self.grid.text(r, *c)).collect();
            if texts.iter().any(|t| !t.is_empty()) {
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let joined = join_code_parts(&refs).unwrap_or_else(|| texts.concat());
                return Some((joined, String::new(), parts[0]));
            }
        }
        let (text, c) = self.text_of(r, |x| x == Role::FuncCode)?;
        match split_code_and_name(&text) {
            Some((code, name)) => Some((code, name, c)),
            None => Some((text, String::new(), c)),
        }
    }

    fn econ_code(&self, r: u32, scheme: Scheme) -> Option<(String, String, u32)> {
        let parts = self.cols(|x| matches!(x, Role::EconPart(s, _) if s == scheme));
        if !parts.is_empty() {
            let texts: Vec<String> = parts.iter().map(|c| self.grid.text(r, *c)).collect();
            if texts.iter().any(|t| !t.is_empty()) {
                // 07 prints unit rows as "047 | 中共…" across the code columns.
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                return match join_code_parts(&refs) {
                    Some(j) => Some((j, String::new(), parts[0])),
                    None => {
                        let (code, name) = split_code_and_name(&texts[0])
                            .unwrap_or((texts[0].clone(), String::new()));
                        let name = if name.is_empty() {
                            texts[1..].concat()
                        } else {
                            name
                        };
                        Some((code, name, parts[0]))
                    }
                };
            }
        }
        let (text, c) = self.text_of(r, |x| x == Role::EconCode(scheme))?;
        match split_code_and_name(&text) {
            Some((code, name)) => Some((code, name, c)),
            None => Some((text, String::new(), c)),
        }
    }

    /// Keys rows by unit where the table breaks down by more than one unit, checks duplicates,
    /// and puts rows in key order with the total apart.
    fn finish_rows(&mut self, table: &mut Table, mut raws: Vec<Raw>) {
        units_in_code_column(&mut raws, self.catalog);
        assign_units(&mut raws);
        let mut seen: BTreeMap<RowKey, CellRef> = BTreeMap::new();
        for raw in raws {
            let Some(key) = raw.key else { continue };
            if let Some(first) = seen.get(&key) {
                let severity = if raw.values.is_empty() {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                self.findings.push(
                    Finding::new(
                        "READ-007",
                        severity,
                        format!(
                            "重复的行“{}”：与 {} 是同一项目，此行未读取",
                            raw.name,
                            first.a1()
                        ),
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
                continue;
            }
            seen.insert(key.clone(), raw.at.clone());
            if key == RowKey::Total && raw.text.contains_key("unlabeled") {
                self.findings.push(
                    Finding::new(
                        "READ-009",
                        Severity::Info,
                        "合计行没有“合计”字样，按合计行读取",
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
            }
            let mut text = raw.text;
            text.remove("unlabeled");
            let row = Row {
                key,
                name: raw.name,
                at: raw.at,
                values: raw.values,
                text,
            };
            if row.key == RowKey::Total {
                table.total = Some(row);
            } else {
                table.rows.push(row);
            }
        }
        table.rows.sort_by(|a, b| a.key.cmp(&b.key));
    }

    /// The two-sided tables 01 and 04: income lines on the left, expenditure on the right.
    fn read_two_sided(&mut self, table: &mut Table, catalog: &Catalog) {
        let mut raws = Vec::new();
        let mut carry = false;
        let rows: Vec<u32> = self.data_rows().collect();
        let right_cols = self.amount_columns();
        for r in rows {
            if let Some(note) = self.note(r) {
                table.notes.push(note);
                continue;
            }
            if let Some((label, c)) = self.text_of(r, |x| x == Role::IncomeLabel) {
                let mut values = BTreeMap::new();
                if let Some(ac) = self.cols(|x| x == Role::IncomeAmount).first() {
                    if let Some(a) = self.amount(r, *ac) {
                        values.insert(Col::Amount, a);
                    }
                }
                let at = self.grid.cell_ref(r, c);
                let key = income_key(&label, &mut carry);
                self.push_line(&mut raws, key, label, at, values);
            }
            if let Some((label, c)) = self.text_of(r, |x| x == Role::ExpenseLabel) {
                let mut values = BTreeMap::new();
                for (ac, col) in &right_cols {
                    if let Some(a) = self.amount(r, *ac) {
                        values.insert(*col, a);
                    }
                }
                let at = self.grid.cell_ref(r, c);
                let key = expense_key(&label, catalog);
                self.push_line(&mut raws, key, label, at, values);
            }
        }
        self.drop_legacy_lines(&mut raws, catalog);
        self.finish_rows(table, raws);
    }

    /// A class line under a pre-2019 name (医疗卫生与计划生育支出) is a warning, with or without
    /// money: the figure is right and is read as the class's code, and `build` prints the
    /// current name, so it must not block publication (issue 8). Where the table also prints the
    /// class under its current name (卫生健康支出) and the old line is blank, it is dropped.
    fn drop_legacy_lines(&mut self, raws: &mut Vec<Raw>, catalog: &Catalog) {
        let mut drop = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            let Some(current) = catalog.legacy_replacement(&raw.name) else {
                continue;
            };
            let twin = raws
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other.key == raw.key);
            let has_values = raw.values.values().any(|a| !a.yuan.is_zero());
            let tail = if twin && !has_values {
                "，且表中已有现行名称的行，此行未读取"
            } else {
                ""
            };
            self.findings.push(
                Finding::new(
                    "READ-012",
                    Severity::Warning,
                    format!(
                        "过时的科目名称“{}”，现行名称为“{current}”{tail}",
                        raw.name.trim()
                    ),
                )
                .at(Some(self.id), Some(raw.at.clone())),
            );
            if twin && !has_values {
                drop.push(i);
            }
        }
        for i in drop.into_iter().rev() {
            raws.remove(i);
        }
    }

    /// A line of 01/04: kept when its label is understood, else reported.
    fn push_line(
        &mut self,
        raws: &mut Vec<Raw>,
        key: Option<RowKey>,
        label: String,
        at: CellRef,
        values: BTreeMap<Col, Amount>,
    ) {
        match key {
            Some(key) => raws.push(Raw::new(Some(key), label, at, values)),
            None => self.unknown_line(&label, at, values.is_empty()),
        }
    }

    fn unknown_line(&mut self, label: &str, at: CellRef, blank: bool) {
        let (severity, tail) = if blank {
            (Severity::Warning, "（无金额），已忽略")
        } else {
            (Severity::Error, "，金额未读取")
        };
        self.findings.push(
            Finding::new(
                "READ-008",
                severity,
                format!("无法识别的项目“{label}”{tail}"),
            )
            .at(Some(self.id), Some(at)),
        );
    }

    /// 12: unit rows, then each project with its indicators over one or more rows.
    fn read_targets(&mut self, table: &mut Table) {
        let mut raws = Vec::new();
        let rows: Vec<u32> = self.data_rows().collect();
        let mut current: Option<ProjectTarget> = None;
        let mut targets = Vec::new();
        let mut unit_above: Option<String> = None;
        for r in rows {
            if let Some(note) = self.note(r) {
                table.notes.push(note);
                continue;
            }
            let values = self.amounts(r);
            let code = self.text_of(r, |x| x == Role::ProjectCode);
            let name = self
                .text_of(r, |x| x == Role::ProjectName)
                .map(|(t, _)| t)
                .unwrap_or_default();
            let first = self
                .first_text(r)
                .map(|(t, _)| normalize_label(&t))
                .unwrap_or_default();
            let indicators = self.indicators(r);
            if first.starts_with("合计") || first.starts_with("总计") {
                let at = self.grid.cell_ref(r, 0);
                raws.push(Raw::new(Some(RowKey::Total), String::new(), at, values));
                continue;
            }
            match code {
                Some((code, c)) if code.len() <= 12 => {
                    targets.extend(current.take());
                    let at = self.grid.cell_ref(r, c);
                    unit_above = Some(code.clone());
                    let mut unit = Raw::new(Some(RowKey::Unit(code)), name, at, values);
                    unit.is_unit = true;
                    raws.push(unit);
                }
                Some((code, c)) => {
                    targets.extend(current.take());
                    current = Some(ProjectTarget {
                        code,
                        name,
                        unit: unit_above.clone(),
                        at: self.grid.cell_ref(r, c),
                        values,
                        indicators,
                    });
                }
                None => match current.as_mut() {
                    Some(t) if !indicators.is_empty() => t.indicators.extend(indicators),
                    _ if values.is_empty() => {}
                    _ => {
                        let at = values
                            .values()
                            .next()
                            .map(|a| a.at.clone())
                            .unwrap_or_else(|| self.grid.cell_ref(r, 0));
                        let mut total = Raw::new(Some(RowKey::Total), String::new(), at, values);
                        total.text.insert("unlabeled", String::new());
                        raws.push(total);
                    }
                },
            }
        }
        targets.extend(current.take());
        targets.sort_by(|a, b| a.code.cmp(&b.code));
        table.targets = targets;
        self.finish_rows(table, raws);
    }

    fn indicators(&self, r: u32) -> Vec<Indicator> {
        let mut out = Vec::new();
        for (c, _, role) in &self.header.columns {
            if let Some(Role::IndicatorName(kind)) = role {
                let name = self.grid.text(r, *c);
                if name.is_empty() {
                    continue;
                }
                let value = self
                    .cols(|x| x == Role::IndicatorValue(kind))
                    .into_iter()
                    .find(|vc| vc > c)
                    .map(|vc| self.grid.text(r, vc))
                    .unwrap_or_default();
                out.push(Indicator {
                    level1: kind.to_string(),
                    level2: String::new(),
                    name,
                    value,
                    note: String::new(),
                });
            }
        }
        out
    }

    /// A column whose header is not understood but which holds numbers: say so, once.
    fn report_unmapped_columns(&mut self) {
        let unmapped: Vec<(u32, String)> = self
            .header
            .columns
            .iter()
            .filter(|(_, _, role)| role.is_none())
            .map(|(c, labels, _)| (*c, labels.join("/")))
            .collect();
        for (c, labels) in unmapped {
            let with_number = (self.header.data_start..self.grid.height()).find(|r| {
                matches!(self.grid.get(*r, c), Cell::Number(_)) && self.note(*r).is_none()
            });
            if let Some(r) = with_number {
                self.findings.push(
                    Finding::new(
                        "READ-004",
                        Severity::Warning,
                        format!("无法识别的列“{labels}”含有数字，此列未读取"),
                    )
                    .at(Some(self.id), Some(self.grid.cell_ref(r, c))),
                );
            }
        }
    }
}

/// A 部门/单位 code: 3 digits for the department, 3 more per level of unit (047, 047001).
fn is_unit_code(digits: &str) -> bool {
    !digits.is_empty()
        && digits.len().is_multiple_of(3)
        && digits.len() <= 12
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A 3-digit 部门 code printed in the code column reads like a class (07: 336, 303; 03: 201):
/// it is the department's row where a unit row below it extends its code (303 › 303001) and
/// its name is not the class's (303 对个人和家庭的补助 stays a class in each unit's block).
fn units_in_code_column(raws: &mut [Raw], catalog: &Catalog) {
    let units: Vec<String> = raws
        .iter()
        .filter_map(|r| match &r.key {
            Some(RowKey::Unit(c)) if c.len() > 3 => Some(c.clone()),
            _ => None,
        })
        .collect();
    for raw in raws.iter_mut() {
        let (code, class_name) = match &raw.key {
            Some(RowKey::Economic {
                dept, gov: None, ..
            }) => (dept.as_str().to_string(), catalog.economic_name(dept)),
            Some(RowKey::Function { code, .. }) => {
                (code.as_str().to_string(), catalog.function_name(code))
            }
            _ => continue,
        };
        let class_name = class_name.map(normalize_label);
        let named_as_class = class_name.is_some_and(|n| n == normalize_label(&raw.name));
        if code.len() == 3 && !named_as_class && units.iter().any(|u| u.starts_with(&code)) {
            raw.key = Some(RowKey::Unit(code));
            raw.is_unit = true;
        }
    }
}

/// Where a table breaks down by more than one unit, each coded row belongs to the unit row
/// next to it: the one above when unit rows come first, the one below when they come last.
fn assign_units(raws: &mut [Raw]) {
    let unit_codes: Vec<&str> = raws
        .iter()
        .filter(|r| r.is_unit)
        .filter_map(|r| match &r.key {
            Some(RowKey::Unit(c)) => Some(c.as_str()),
            _ => None,
        })
        .collect();
    if unit_codes.len() < 2 {
        return;
    }
    let units_first = raws
        .iter()
        .find(|r| r.key != Some(RowKey::Total))
        .is_some_and(|r| r.is_unit);
    let order: Vec<usize> = if units_first {
        (0..raws.len()).collect()
    } else {
        (0..raws.len()).rev().collect()
    };
    let mut current: Option<String> = None;
    for i in order {
        match &mut raws[i].key {
            Some(RowKey::Unit(c)) => current = Some(c.clone()),
            Some(RowKey::Function { unit, .. }) | Some(RowKey::Economic { unit, .. }) => {
                *unit = current.clone()
            }
            _ => {}
        }
    }
}

/// An income-side line of 01/04. `carry` tracks whether the lines below 上年结转 are reached.
fn income_key(label: &str, carry: &mut bool) -> Option<RowKey> {
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
fn expense_key(label: &str, catalog: &Catalog) -> Option<RowKey> {
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

/// 11 部门（单位）整体绩效目标表: a form rather than a grid, read by its labels.
fn read_performance(
    grid: &Grid,
    found: &Found,
    pre: &Preamble,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let mut perf = DeptPerformance::default();
    let start = pre.body_start;
    let find = |pred: &dyn Fn(&str) -> bool, from: u32| -> Option<(u32, u32)> {
        (from..grid.height()).find_map(|r| {
            (0..grid.width())
                .find(|c| pred(&normalize_label(&grid.text(r, *c))))
                .map(|c| (r, c))
        })
    };
    if let Some((r, c)) = find(&|t| t.starts_with("年度履职目标") || t == "履职目标", start)
    {
        perf.goal = value_after(grid, r, c, "").0;
    }
    let indicators_at = find(&|t| t == "一级指标", start);
    let end = indicators_at.map(|(r, _)| r).unwrap_or(grid.height());
    if let Some((r, _)) = find(&|t| t == "任务名称", start).filter(|(r, _)| *r < end) {
        let name_col = (0..grid.width())
            .find(|c| normalize_label(&grid.text(r, *c)) == "任务名称")
            .unwrap_or(0);
        let content_col =
            (0..grid.width()).find(|c| normalize_label(&grid.text(r, *c)).contains("主要内容"));
        for row in r + 1..end {
            let name = grid.text(row, name_col);
            let first = normalize_label(
                &(0..grid.width())
                    .map(|c| grid.text(row, c))
                    .find(|t| !t.is_empty())
                    .unwrap_or_default(),
            );
            if first.starts_with("预算情况")
                || first.starts_with("部门预算总额")
                || first.contains("资金来源")
            {
                break;
            }
            if name.is_empty() {
                continue;
            }
            let content = content_col.map(|c| grid.text(row, c)).unwrap_or_default();
            perf.tasks.push(Task { name, content });
        }
    }
    // 预算情况: each label followed by its amount to the right.
    let unit = pre
        .unit
        .as_ref()
        .map(|u| u.0)
        .or_else(|| {
            (start..end)
                .flat_map(|r| (0..grid.width()).map(move |c| (r, c)))
                .find_map(|(r, c)| strip_unit(&normalize_label(&grid.text(r, c))).1)
        })
        .unwrap_or(Unit::WanYuan);
    let labels: [(&str, Col); 6] = [
        ("部门预算总额", Col::Total),
        ("政府预算资金", Col::GovFunds),
        ("财政专户管理资金", Col::FiscalSpecial),
        ("单位资金", Col::UnitFunds),
        ("基本支出", Col::Basic),
        ("项目支出", Col::Project),
    ];
    for r in start..end {
        for c in 0..grid.width() {
            let t = normalize_label(&grid.text(r, c));
            let Some((_, col)) = labels.iter().find(|(l, _)| t.contains(l)) else {
                continue;
            };
            if perf.budget.contains_key(col) {
                continue;
            }
            let next = (c + 1..grid.width()).find(|c2| !grid.get(r, *c2).is_empty());
            if let Some(c2) = next {
                match amount_from_cell(grid.get(r, c2)) {
                    CellAmount::Value(v) => {
                        perf.budget.insert(
                            *col,
                            Amount {
                                yuan: v * unit.in_yuan(),
                                at: grid.cell_ref(r, c2),
                            },
                        );
                    }
                    CellAmount::Unreadable(s)
                        if labels.iter().all(|(l, _)| !normalize_label(&s).contains(l)) =>
                    {
                        findings.push(
                            Finding::new(
                                "READ-001",
                                Severity::Error,
                                format!("金额单元格无法读取为数字：“{s}”"),
                            )
                            .at(Some(TableId::T11), Some(grid.cell_ref(r, c2))),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some((hr, _)) = indicators_at {
        let col_of = |pred: &dyn Fn(&str) -> bool| {
            (0..grid.width()).find(|c| pred(&normalize_label(&grid.text(hr, *c))))
        };
        let c1 = col_of(&|t| t == "一级指标");
        let c2 = col_of(&|t| t == "二级指标");
        let c3 = col_of(&|t| t == "三级指标");
        let cv = col_of(&|t| t == "指标值");
        let cn = col_of(&|t| t.contains("说明"));
        let (mut l1, mut l2) = (String::new(), String::new());
        let text = |r: u32, c: Option<u32>| c.map(|c| grid.text(r, c)).unwrap_or_default();
        for r in hr + 1..grid.height() {
            let (t1, t2) = (text(r, c1), text(r, c2));
            if !t1.is_empty() {
                l1 = t1;
            }
            if !t2.is_empty() {
                l2 = t2;
            }
            let name = text(r, c3);
            if name.is_empty() {
                continue;
            }
            perf.indicators.push(Indicator {
                level1: l1.clone(),
                level2: l2.clone(),
                name,
                value: text(r, cv),
                note: text(r, cn),
            });
        }
    }
    let source = Source {
        sheet: grid.name.clone(),
        title: found.title.clone(),
        title_at: grid.cell_ref(found.row, found.col),
        unit,
        unit_at: pre.unit.as_ref().and_then(|u| u.1.clone()),
        dept_name: pre.dept_name.clone(),
        columns: Vec::new(),
        header_rows: (start, start),
        amount_cols: BTreeMap::new(),
    };
    let mut table = Table::new(TableId::T11, source);
    table.performance = Some(perf);
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Merge;
    use rust_decimal_macros::dec;

    #[test]
    fn titles_match_with_year_code_and_spacing() {
        assert_eq!(
            table_for_title("2024年部门收支总体情况表"),
            Some(TableId::T01)
        );
        assert_eq!(
            table_for_title("预算03表 2024 年部门支出总体情况表"),
            Some(TableId::T03)
        );
        assert_eq!(
            table_for_title("2024年一般公共预算基本支出情况表"),
            Some(TableId::T06)
        );
        assert_eq!(
            table_for_title("2024年一般公共预算支出情况表"),
            Some(TableId::T05)
        );
        assert_eq!(
            table_for_title("2024 年一般公共预算“三公”经费支出情况表"),
            Some(TableId::T08)
        );
        assert_eq!(
            table_for_title("部门（单位）整体绩效目标表"),
            Some(TableId::T11)
        );
        assert_eq!(
            table_for_title("2024年财政拨款收支总体情况表"),
            Some(TableId::T04)
        );
        assert_eq!(table_for_title("备注：本表为部门收支总体情况表"), None);
        assert_eq!(table_for_title("职工花名册"), None);
        assert_eq!(year_in("（2024年度）"), Some(2024));
        assert_eq!(year_in("部门收支总体情况表"), None);
    }

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// A 06 table laid out without merges, one code cell, totals last.
    #[test]
    fn economic_table_with_whole_codes_and_total_last() {
        let rows = vec![
            vec![text("2024年一般公共预算基本支出情况表")],
            vec![text("部门名称：测试"), text(""), text(""), text("单位：元")],
            vec![
                text("科目编码"),
                text("科目名称"),
                text("合计"),
                text("人员经费"),
                text("公用经费"),
            ],
            vec![
                text("30101"),
                text("基本工资"),
                Cell::Number(dec!(100)),
                Cell::Number(dec!(100)),
                Cell::Empty,
            ],
            vec![
                text("30201 办公费"),
                text(""),
                text("50.5"),
                Cell::Empty,
                text("50.5"),
            ],
            vec![
                text("合计"),
                text(""),
                Cell::Number(dec!(150.5)),
                Cell::Number(dec!(100)),
                Cell::Number(dec!(50.5)),
            ],
        ];
        let grid = Grid::from_rows("S", rows, Vec::<Merge>::new());
        let out = read_tables(&[grid], &Catalog::builtin());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let t = &out.budget.tables[&TableId::T06];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].name, "办公费");
        assert_eq!(t.rows[1].get(Col::PublicUse).unwrap().yuan, dec!(50.5));
        assert_eq!(
            t.total.as_ref().unwrap().get(Col::Total).unwrap().at.a1(),
            "C6"
        );
    }

    /// A unit that splits its rows into two units keys each code row by its unit, whether unit
    /// rows come before or after their rows.
    #[test]
    fn rows_belong_to_the_unit_next_to_them() {
        let header = vec![
            text("单位代码"),
            text("科目编码"),
            text("科目名称"),
            text("合计"),
        ];
        let unit = |c: &str| vec![text(c), text(""), text("单位"), Cell::Number(dec!(1))];
        let code = |c: &str| vec![text(""), text(c), text("行政运行"), Cell::Number(dec!(1))];
        let build = |body: Vec<Vec<Cell>>| {
            let mut rows = vec![
                vec![text("部门支出总体情况表")],
                vec![text("单位：元")],
                header.clone(),
            ];
            rows.extend(body);
            let out = read_tables(
                &[Grid::from_rows("S", rows, Vec::new())],
                &Catalog::builtin(),
            );
            out.budget.tables[&TableId::T03]
                .rows
                .iter()
                .map(|r| r.key.clone())
                .collect::<Vec<_>>()
        };
        let first = build(vec![
            unit("001001"),
            code("2013601"),
            unit("001002"),
            code("2013601"),
        ]);
        let last = build(vec![
            code("2013601"),
            unit("001001"),
            code("2013601"),
            unit("001002"),
        ]);
        assert_eq!(first, last);
        assert!(first.contains(&RowKey::Function {
            unit: Some("001002".into()),
            code: FunctionCode::parse("2013601").unwrap()
        }));
    }
}

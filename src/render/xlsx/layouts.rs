//! Each 预算表's printed layout: how many columns it spans, its code and name columns, the
//! fixed widths of its code columns, its header cells (labels with '|' where a line may break,
//! and the rows and columns each covers), and which field of a row each text column shows;
//! the amount columns follow in `publish::columns` order. Tables printed as lists (02, 03,
//! 05–10) share `listed`; 01/04, 11 and 12 have writers of their own. The document's attached
//! tables are copies of these.

use super::sheet::{Sheet, Style, H};
use crate::model::{Col, DeptPerformance, RowKey, TableId};
use crate::publish::{Kind, PubRow, PubTable, PubTarget, Publication};
use crate::render::sml::Error;

/// Writes the table below its top lines, from row `first`: its header and rows in its
/// layout. Returns the header's last row and the table's last row.
pub(super) fn write_body(
    s: &mut Sheet,
    p: &Publication,
    t: &PubTable,
    first: u32,
) -> Result<(u32, u32), Error> {
    s.fixed.extend(code_widths(t.id).iter().copied());
    match t.id {
        TableId::T01 | TableId::T04 => two_sided(s, t, first),
        TableId::T11 => Ok((first, performance(s, p, t, first)?)),
        TableId::T12 => targets(s, t, first),
        id => {
            let l = list_layout(id).expect("every other table prints as a list");
            listed(s, t, first, l.header, l.fields, l.amount_col)
        }
    }
}

/// A table printed as a list of rows: its header, the field each text column shows, and the
/// column its amounts start at.
struct ListLayout {
    header: &'static [H],
    fields: &'static [(u16, Field)],
    amount_col: u16,
}

/// The layouts of the tables printed as lists: 02, 03, 05–10.
fn list_layout(id: TableId) -> Option<ListLayout> {
    let (header, fields, amount_col): (&'static [H], &'static [(u16, Field)], u16) = match id {
        TableId::T02 => (INCOME_HEADER, &[(0, Field::UnitCode), (1, Field::Name)], 2),
        TableId::T03 | TableId::T05 | TableId::T09 => (
            EXPENDITURE_HEADER,
            &[
                (0, Field::FunctionParts),
                (3, Field::UnitCode),
                (4, Field::Name),
            ],
            5,
        ),
        TableId::T06 => (
            BASIC_ECONOMIC_HEADER,
            &[(0, Field::EconParts), (2, Field::Name)],
            3,
        ),
        TableId::T07 => (
            ECONOMIC_HEADER,
            &[
                (0, Field::EconParts),
                (2, Field::Name),
                (3, Field::GovParts),
                (5, Field::GovName),
            ],
            6,
        ),
        TableId::T08 => (SANGONG_HEADER, &[], 0),
        TableId::T10 => (
            PROJECT_HEADER,
            &[
                (0, Field::ProjectKind),
                (1, Field::Name),
                (2, Field::ProjectUnit),
            ],
            3,
        ),
        TableId::T01 | TableId::T04 | TableId::T11 | TableId::T12 => return None,
    };
    Some(ListLayout {
        header,
        fields,
        amount_col,
    })
}

/// Code columns are narrow and fixed (character units): 类 | 款 | 项, unit codes.
fn code_widths(id: TableId) -> &'static [(u16, f64)] {
    match id {
        TableId::T03 | TableId::T05 | TableId::T09 => &[(0, 5.0), (1, 4.0), (2, 4.0), (3, 9.0)],
        TableId::T06 => &[(0, 5.0), (1, 4.0)],
        TableId::T07 => &[(0, 5.0), (1, 4.0), (3, 5.0), (4, 4.0)],
        TableId::T02 => &[(0, 10.0)],
        _ => &[],
    }
}

/// The code and name columns at a table's left, repeated on a second page width.
pub(super) fn label_columns(id: TableId) -> u16 {
    match id {
        TableId::T02 => 2,
        TableId::T03 | TableId::T05 | TableId::T09 => 5,
        TableId::T06 => 3,
        TableId::T07 => 3,
        TableId::T10 => 2,
        TableId::T12 => 2,
        TableId::T01 | TableId::T04 | TableId::T08 | TableId::T11 => 0,
    }
}

/// How many columns each table spans.
pub(super) fn width_of(id: TableId) -> u16 {
    match id {
        TableId::T01 => 4,
        TableId::T02 => 20,
        TableId::T03 | TableId::T05 | TableId::T09 => 14,
        TableId::T04 => 8,
        TableId::T06 => 6,
        TableId::T07 => 18,
        TableId::T08 => 6,
        TableId::T10 => 12,
        TableId::T11 => 5,
        TableId::T12 => 14,
    }
}

const EXPENDITURE_HEADER: &[H] = &[
    H(0, 0, 1, 2, "科目编码"),
    H(2, 0, 2, 0, "类"),
    H(2, 1, 2, 1, "款"),
    H(2, 2, 2, 2, "项"),
    H(0, 3, 2, 3, "单位|代码"),
    H(0, 4, 2, 4, "单位|（科目名称）"),
    H(0, 5, 2, 5, "合计"),
    H(0, 6, 0, 10, "基本支出"),
    H(1, 6, 2, 6, "小计"),
    H(1, 7, 1, 8, "人员经费"),
    H(2, 7, 2, 7, "工资福利|支出"),
    H(2, 8, 2, 8, "对个人|和家庭的|补助"),
    H(1, 9, 1, 10, "公用经费"),
    H(2, 9, 2, 9, "商品和|服务|支出"),
    H(2, 10, 2, 10, "资本性|支出"),
    H(0, 11, 0, 13, "项目支出"),
    H(1, 11, 2, 11, "小计"),
    H(1, 12, 2, 12, "其他|运转类"),
    H(1, 13, 2, 13, "特定|目标类"),
];

const INCOME_HEADER: &[H] = &[
    H(0, 0, 2, 0, "部门|（单位）|代码"),
    H(0, 1, 2, 1, "部门|（单位）|名称"),
    H(0, 2, 2, 2, "总计"),
    H(0, 3, 0, 13, "本年收入"),
    H(1, 3, 2, 3, "合计"),
    H(1, 4, 1, 5, "一般|公共|预算"),
    H(2, 4, 2, 4, "小计"),
    H(2, 5, 2, 5, "其中：|财政|拨款"),
    H(1, 6, 2, 6, "政府性|基金"),
    H(1, 7, 2, 7, "国有|资本|经营|预算"),
    H(1, 8, 2, 8, "财政|专户|管理|资金|收入"),
    H(1, 9, 2, 9, "事业|收入"),
    H(1, 10, 2, 10, "事业|单位|经营|收入"),
    H(1, 11, 2, 11, "上级|补助|收入"),
    H(1, 12, 2, 12, "附属|单位|上缴|收入"),
    H(1, 13, 2, 13, "其他|收入"),
    H(0, 14, 0, 19, "上年|结转|结余"),
    H(1, 14, 2, 14, "合计"),
    H(1, 15, 2, 15, "一般|公共|预算"),
    H(1, 16, 2, 16, "政府性|基金"),
    H(1, 17, 2, 17, "国有|资本|经营|预算"),
    H(1, 18, 2, 18, "财政|专户|管理|资金"),
    H(1, 19, 2, 19, "单位|资金"),
];

const BASIC_ECONOMIC_HEADER: &[H] = &[
    H(0, 0, 0, 2, "部门预算|经济分类"),
    H(1, 0, 1, 0, "类"),
    H(1, 1, 1, 1, "款"),
    H(1, 2, 1, 2, "科目名称"),
    H(0, 3, 1, 3, "合计"),
    H(0, 4, 1, 4, "人员经费"),
    H(0, 5, 1, 5, "公用经费"),
];

const ECONOMIC_HEADER: &[H] = &[
    H(0, 0, 0, 2, "部门预算|经济分类"),
    H(1, 0, 1, 0, "类"),
    H(1, 1, 1, 1, "款"),
    H(1, 2, 1, 2, "科目名称"),
    H(0, 3, 0, 5, "政府预算|经济分类"),
    H(1, 3, 1, 3, "类"),
    H(1, 4, 1, 4, "款"),
    H(1, 5, 1, 5, "科目名称"),
    H(0, 6, 1, 6, "总计"),
    H(0, 7, 0, 8, "一般|公共|预算"),
    H(1, 7, 1, 7, "小计"),
    H(1, 8, 1, 8, "其中：|财政|拨款"),
    H(0, 9, 1, 9, "政府性|基金"),
    H(0, 10, 1, 10, "国有|资本|经营|预算"),
    H(0, 11, 1, 11, "上年|结转|结余"),
    H(0, 12, 1, 12, "财政|专户|管理|资金|收入"),
    H(0, 13, 1, 13, "事业|收入"),
    H(0, 14, 1, 14, "上级|补助|收入"),
    H(0, 15, 1, 15, "附属|单位|上缴|收入"),
    H(0, 16, 1, 16, "事业|单位|经营|收入"),
    H(0, 17, 1, 17, "其他|收入"),
];

const SANGONG_HEADER: &[H] = &[
    H(0, 0, 1, 0, "“三公”|经费|合计"),
    H(0, 1, 1, 1, "因公|出国|（境）费"),
    H(0, 2, 0, 4, "公务用车|购置及|运行费"),
    H(1, 2, 1, 2, "小计"),
    H(1, 3, 1, 3, "公务用车|购置费"),
    H(1, 4, 1, 4, "公务用车|运行费"),
    H(0, 5, 1, 5, "公务|接待费"),
];

const PROJECT_HEADER: &[H] = &[
    H(0, 0, 1, 0, "项目|类型"),
    H(0, 1, 1, 1, "项目|名称"),
    H(0, 2, 1, 2, "项目|单位"),
    H(0, 3, 1, 3, "合计"),
    H(0, 4, 0, 6, "本年拨款"),
    H(1, 4, 1, 4, "一般|公共|预算"),
    H(1, 5, 1, 5, "政府性|基金|预算"),
    H(1, 6, 1, 6, "国有|资本|经营|预算"),
    H(0, 7, 0, 9, "财政拨款|结转结余"),
    H(1, 7, 1, 7, "一般|公共|预算"),
    H(1, 8, 1, 8, "政府性|基金|预算"),
    H(1, 9, 1, 9, "国有|资本|经营|预算"),
    H(0, 10, 1, 10, "财政|专户|管理|资金"),
    H(0, 11, 1, 11, "单位|资金"),
];

/// What a text column of a listed table shows.
#[derive(Clone, Copy)]
enum Field {
    FunctionParts,
    EconParts,
    GovParts,
    GovName,
    UnitCode,
    Name,
    ProjectKind,
    ProjectUnit,
}

/// Tables printed as a list of rows (02, 03, 05, 06, 07, 08, 09, 10): the text fields at
/// their columns, then the table's amount columns from `amount_col` on.
fn listed(
    s: &mut Sheet,
    t: &PubTable,
    first: u32,
    header: &[H],
    fields: &[(u16, Field)],
    amount_col: u16,
) -> Result<(u32, u32), Error> {
    s.header(first, header);
    let header_last = first + header.iter().map(|h| h.2).max().unwrap_or(0);
    let mut r = header_last;
    let label_cols = amount_col.max(1);
    // Row depth for the indent of names (unit 0, 类 0, 款 1, 项 2).
    for row in &t.rows {
        if t.id == TableId::T08 && row.kind != Kind::Total {
            continue;
        }
        r += 1;
        let bold = row.kind == Kind::Total || is_department(&row.kind);
        if row.kind == Kind::Total && amount_col > 0 {
            s.merge(
                r,
                0,
                r,
                label_cols - 1,
                "合计",
                // Bold and centred: the header's format.
                Style::Header,
            )?;
        } else {
            for (c, field) in fields {
                write_field(s, r, *c, *field, row)?;
            }
        }
        for (i, col) in t.columns.iter().enumerate() {
            let style = if bold { Style::MoneyBold } else { Style::Money };
            s.money(r, amount_col + i as u16, row.get(*col), style)?;
        }
    }
    Ok((header_last, r))
}

fn write_field(s: &mut Sheet, r: u32, c: u16, field: Field, row: &PubRow) -> Result<(), Error> {
    match (field, &row.kind) {
        (Field::FunctionParts, Kind::Function(code)) => {
            let (a, b, cc) = code.split();
            s.text(r, c, a, Style::TextCenter)?;
            code_or_blank(s, r, c + 1, b)?;
            code_or_blank(s, r, c + 2, cc)?;
        }
        (Field::FunctionParts, _) => {
            for k in 0..3 {
                s.blank(r, c + k, Style::TextCenter)?;
            }
        }
        (Field::EconParts, Kind::Economic { dept, .. }) => {
            split_code(s, r, c, Some(dept.as_str()))?
        }
        (Field::EconParts, Kind::Unit(code)) => {
            s.text(r, c, code, Style::TextCenter)?;
            s.blank(r, c + 1, Style::TextCenter)?;
        }
        (Field::GovParts, Kind::Economic { gov: Some(g), .. }) => {
            split_code(s, r, c, Some(g.as_str()))?
        }
        (Field::EconParts, _) | (Field::GovParts, _) => split_code(s, r, c, None)?,
        (Field::GovName, Kind::Economic { gov_name, .. }) => s.text(r, c, gov_name, Style::Text)?,
        (Field::UnitCode, Kind::Unit(code)) => s.text(r, c, code, Style::TextCenter)?,
        (Field::ProjectKind, Kind::Unit(code)) => s.text(r, c, code, Style::TextCenter)?,
        (Field::ProjectKind, Kind::Project { kind, .. }) => {
            s.text(r, c, kind, Style::TextCenter)?
        }
        (Field::ProjectUnit, Kind::Project { unit, .. }) => s.text(r, c, unit, Style::Text)?,
        (Field::Name, kind) => name(s, r, c, kind, &row.label)?,
        (_, _) => s.blank(r, c, Style::Text)?,
    }
    Ok(())
}

/// A code part in its column, or a blank cell.
fn code_or_blank(s: &mut Sheet, r: u32, c: u16, part: Option<&str>) -> Result<(), Error> {
    match part {
        Some(p) => s.text(r, c, p, Style::TextCenter),
        None => s.blank(r, c, Style::TextCenter),
    }
}

/// An economic code over its two columns: 类 (three digits), then 款 (or a blank); two blanks
/// where the row has no such code.
fn split_code(s: &mut Sheet, r: u32, c: u16, code: Option<&str>) -> Result<(), Error> {
    match code {
        Some(code) => {
            code_or_blank(s, r, c, Some(&code[..3]))?;
            code_or_blank(s, r, c + 1, code.get(3..).filter(|k| !k.is_empty()))
        }
        None => {
            code_or_blank(s, r, c, None)?;
            code_or_blank(s, r, c + 1, None)
        }
    }
}

/// A row's name, indented by its depth (unit 0, 类 0, 款 1, 项 2), bold for the department.
fn name(s: &mut Sheet, r: u32, c: u16, kind: &Kind, label: &str) -> Result<(), Error> {
    let depth = match kind {
        Kind::Function(code) => code.as_str().len().saturating_sub(3) / 2,
        Kind::Economic { dept, .. } if !dept.is_class() => 1,
        _ => 0,
    };
    // The department's row is a unit's (depth 0).
    let style = if is_department(kind) {
        Style::TextBold
    } else {
        Style::indented(depth)
    };
    s.text(r, c, label, style)?;
    // An indented name needs its indent's width too.
    s.fit(c, &format!("{}{}", "  ".repeat(depth), label));
    Ok(())
}

/// The department's own row (047) is a subtotal and prints bold; a unit (047001) does not.
fn is_department(kind: &Kind) -> bool {
    matches!(kind, Kind::Unit(code) if code.len() <= 3)
}

/// 01's header: 收入 | 支出, each 项目 | 金额.
const HEADER_01: &[H] = &[
    H(0, 0, 0, 1, "收入"),
    H(0, 2, 0, 3, "支出"),
    H(1, 0, 1, 0, "项目"),
    H(1, 1, 1, 1, "金额"),
    H(1, 2, 1, 2, "项目"),
    H(1, 3, 1, 3, "金额"),
];

/// 04's header: 收入 项目 | 金额, 支出 项目 | 合计 and each fund.
const HEADER_04: &[H] = &[
    H(0, 0, 0, 1, "收入"),
    H(0, 2, 0, 7, "支出"),
    H(1, 0, 2, 0, "项目"),
    H(1, 1, 2, 1, "金额"),
    H(1, 2, 2, 2, "项目"),
    H(1, 3, 2, 3, "合计"),
    H(1, 4, 1, 5, "一般|公共|预算"),
    H(2, 4, 2, 4, "小计"),
    H(2, 5, 2, 5, "其中：|财政|拨款"),
    H(1, 6, 2, 6, "政府性|基金"),
    H(1, 7, 2, 7, "国有|资本|经营|预算"),
];

/// The amount columns of 04's expenditure side (01's prints one, 合计).
const EXPENDITURE_04: [Col; 5] = [
    Col::Total,
    Col::GeneralBudget,
    Col::GeneralAppropriation,
    Col::GovFund,
    Col::StateCapital,
];

/// 01 and 04: income lines on the left, expenditure on the right, totals aligned at the foot.
fn two_sided(s: &mut Sheet, t: &PubTable, first: u32) -> Result<(u32, u32), Error> {
    let four = t.id == TableId::T04;
    let header = if four { HEADER_04 } else { HEADER_01 };
    s.header(first, header);
    let header_last = first + header.iter().map(|h| h.2).max().unwrap_or(0);
    // The footer lines sit side by side at the bottom: 本年收入合计 | 本年支出合计 …
    let is_footer = |r: &PubRow| {
        matches!(&r.kind, Kind::Line(RowKey::Summary(sm)) if if four {
            matches!(sm, crate::model::Summary::IncomeTotal | crate::model::Summary::ExpenditureTotal)
        } else {
            true
        })
    };
    let left: Vec<&PubRow> = t.left.iter().filter(|r| !is_footer(r)).collect();
    let right: Vec<&PubRow> = t.rows.iter().filter(|r| !is_footer(r)).collect();
    let left_foot: Vec<&PubRow> = t.left.iter().filter(|r| is_footer(r)).collect();
    let right_foot: Vec<&PubRow> = t.rows.iter().filter(|r| is_footer(r)).collect();
    let right_cols: &[Col] = if four { &EXPENDITURE_04 } else { &[Col::Total] };
    let body = left.len().max(right.len());
    let mut r = header_last;
    for i in 0..body + left_foot.len().max(right_foot.len()) {
        r += 1;
        let (l, rt) = if i < body {
            (left.get(i), right.get(i))
        } else {
            (left_foot.get(i - body), right_foot.get(i - body))
        };
        let bold = i >= body;
        side_line(s, (r, 0), l.copied(), &[Col::Total], bold)?;
        side_line(s, (r, 2), rt.copied(), right_cols, bold)?;
    }
    Ok((header_last, r))
}

/// One line of a side of 01/04 at (row, its label's column): the label and its amounts, bold
/// at the foot; blank cells where the side has no line here.
fn side_line(
    s: &mut Sheet,
    (r, c): (u32, u16),
    row: Option<&PubRow>,
    cols: &[Col],
    bold: bool,
) -> Result<(), Error> {
    // Bold and centred: the header's format.
    let text_style = if bold { Style::Header } else { Style::Text };
    let money_style = if bold { Style::MoneyBold } else { Style::Money };
    match row {
        Some(row) => {
            s.text(r, c, &row.label, text_style)?;
            for (k, col) in cols.iter().enumerate() {
                s.money(r, c + 1 + k as u16, row.get(*col), money_style)?;
            }
        }
        None => {
            s.blank(r, c, Style::Text)?;
            for k in 0..cols.len() {
                s.blank(r, c + 1 + k as u16, Style::Money)?;
            }
        }
    }
    Ok(())
}

/// 11: the 部门（单位）整体绩效目标表 form: goal and tasks, 预算情况, then the indicator list
/// (where the document starts its second table). Returns the last row.
fn performance(s: &mut Sheet, p: &Publication, t: &PubTable, first: u32) -> Result<u32, Error> {
    let Some(perf) = &t.performance else {
        return Ok(first);
    };
    s.fixed
        .extend([(0, 14.0), (1, 20.0), (2, 26.0), (3, 16.0), (4, 46.0)]);
    let r = goal_and_tasks(s, perf, first)?;
    let r = performance_budget(s, p, t, r + 1)?;
    indicators(s, perf, r + 1)
}

/// 年度履职目标 and 年度主要任务 from row `first`; returns the last row.
fn goal_and_tasks(s: &mut Sheet, perf: &DeptPerformance, first: u32) -> Result<u32, Error> {
    let mut r = first;
    s.text(r, 0, "年度履职目标", Style::TextBold)?;
    s.merge(r, 1, r, 4, &perf.goal, Style::Text)?;
    r += 1;
    let tasks_first = r;
    s.text(r, 1, "任务名称", Style::Header)?;
    s.merge(r, 2, r, 4, "主要内容", Style::Header)?;
    for task in &perf.tasks {
        r += 1;
        s.text(r, 1, &task.name, Style::Text)?;
        s.merge(r, 2, r, 4, &task.content, Style::Text)?;
    }
    s.merge(tasks_first, 0, r, 0, "年度主要任务", Style::TextBold)?;
    Ok(r)
}

/// 预算情况 from row `budget_first`: 部门预算总额, 资金来源 and 资金结构; returns the last row.
fn performance_budget(
    s: &mut Sheet,
    p: &Publication,
    t: &PubTable,
    budget_first: u32,
) -> Result<u32, Error> {
    let value = |c: Col| t.performance_budget.get(&c).copied().unwrap_or_default();
    let total_label = format!("部门预算总额（{}）", p.unit.label());
    let lines: [(&str, &str, Col); 6] = [
        (&total_label, "", Col::Total),
        ("1、资金来源：", "（1）政府预算资金", Col::GovFunds),
        ("", "（2）财政专户管理资金", Col::FiscalSpecial),
        ("", "（3）单位资金", Col::UnitFunds),
        ("2、资金结构：", "（1）基本支出", Col::Basic),
        ("", "（2）项目支出", Col::Project),
    ];
    for (i, (a, b, col)) in lines.iter().enumerate() {
        let row = budget_first + i as u32;
        if !a.is_empty() {
            let span = if i == 1 {
                2
            } else if i == 4 {
                1
            } else {
                0
            };
            if b.is_empty() {
                s.merge(row, 1, row, 2, a, Style::Text)?;
            } else {
                s.merge(row, 1, row + span, 1, a, Style::Text)?;
            }
        }
        if !b.is_empty() {
            s.text(row, 2, b, Style::Text)?;
        }
        s.money(row, 3, value(*col), Style::Money)?;
        s.blank(row, 4, Style::Text)?;
    }
    let r = budget_first + lines.len() as u32 - 1;
    s.merge(budget_first, 0, r, 0, "预算情况", Style::TextBold)?;
    Ok(r)
}

/// 11's indicator list from row `r`: its header (where the document's second table starts),
/// then each indicator, 一级 and 二级 cells merged over their runs. Returns the last row.
fn indicators(s: &mut Sheet, perf: &DeptPerformance, r: u32) -> Result<u32, Error> {
    s.split_at = Some(r);
    for (c, label) in ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"]
        .iter()
        .enumerate()
    {
        s.text(r, c as u16, label, Style::Header)?;
    }
    let start = r + 1;
    for (i, ind) in perf.indicators.iter().enumerate() {
        let row = start + i as u32;
        s.text(row, 2, &ind.name, Style::Text)?;
        s.text(row, 3, &ind.value, Style::TextCenter)?;
        s.text(row, 4, &ind.note, Style::Text)?;
    }
    for level in [0usize, 1] {
        let key = |i: usize| {
            let ind = &perf.indicators[i];
            if level == 0 {
                ind.level1.clone()
            } else {
                format!("{}\u{1}{}", ind.level1, ind.level2)
            }
        };
        let mut i = 0;
        while i < perf.indicators.len() {
            let mut j = i;
            while j + 1 < perf.indicators.len() && key(j + 1) == key(i) {
                j += 1;
            }
            let text = if level == 0 {
                &perf.indicators[i].level1
            } else {
                &perf.indicators[i].level2
            };
            s.merge(
                start + i as u32,
                level as u16,
                start + j as u32,
                level as u16,
                text,
                Style::TextWrapCenter,
            )?;
            i = j + 1;
        }
    }
    Ok(start + perf.indicators.len().max(1) as u32 - 1)
}

/// 12's indicator kinds, one pair of columns each.
const KINDS: [&str; 4] = ["成本指标", "产出指标", "效益指标", "满意度指标"];

/// 12's amount columns.
const TARGET_AMOUNTS: [Col; 4] = [
    Col::Total,
    Col::GovFunds,
    Col::FiscalSpecial,
    Col::UnitFunds,
];

/// 12's header: the project, its funds, and a pair of columns per indicator kind.
const TARGET_HEADER: &[H] = &[
    H(0, 0, 2, 0, "单位编码|（项目编码）"),
    H(0, 1, 2, 1, "项目单位|（项目名称）"),
    H(0, 2, 1, 5, "项目金额"),
    H(2, 2, 2, 2, "资金|总额"),
    H(2, 3, 2, 3, "政府|预算|资金"),
    H(2, 4, 2, 4, "财政|专户|管理|资金"),
    H(2, 5, 2, 5, "单位|资金"),
    H(0, 6, 0, 13, "绩效目标"),
    H(1, 6, 1, 7, KINDS[0]),
    H(1, 8, 1, 9, KINDS[1]),
    H(1, 10, 1, 11, KINDS[2]),
    H(1, 12, 1, 13, KINDS[3]),
    H(2, 6, 2, 6, "三级|指标"),
    H(2, 7, 2, 7, "指标值"),
    H(2, 8, 2, 8, "三级|指标"),
    H(2, 9, 2, 9, "指标值"),
    H(2, 10, 2, 10, "三级|指标"),
    H(2, 11, 2, 11, "指标值"),
    H(2, 12, 2, 12, "三级|指标"),
    H(2, 13, 2, 13, "指标值"),
];

/// 12: unit rows, then each project with its indicators over as many rows as it needs.
fn targets(s: &mut Sheet, t: &PubTable, first: u32) -> Result<(u32, u32), Error> {
    s.header(first, TARGET_HEADER);
    let header_last = first + 2;
    let amounts = TARGET_AMOUNTS;
    let mut r = header_last;
    let mut written = std::collections::BTreeSet::new();
    for row in &t.rows {
        let Kind::Unit(code) = &row.kind else {
            continue;
        };
        r += 1;
        let bold = is_department(&row.kind);
        s.text(r, 0, code, Style::TextCenter)?;
        s.text(
            r,
            1,
            &row.label,
            if bold { Style::TextBold } else { Style::Text },
        )?;
        for (i, c) in amounts.iter().enumerate() {
            s.money(
                r,
                2 + i as u16,
                row.get(*c),
                if bold { Style::MoneyBold } else { Style::Money },
            )?;
        }
        for c in 6..14 {
            s.blank(r, c, Style::Text)?;
        }
        // A unit without sub-units lists its own projects under its row.
        let leaf = !t.rows.iter().any(|x| {
            matches!(&x.kind, Kind::Unit(c) if c.len() > code.len() && c.starts_with(code.as_str()))
        });
        if leaf {
            for p in t
                .targets
                .iter()
                .filter(|p| p.unit.as_deref() == Some(code.as_str()))
            {
                r = target_rows(s, p, r)?;
                written.insert(&p.code);
            }
        }
    }
    for p in t.targets.iter().filter(|p| !written.contains(&p.code)) {
        r = target_rows(s, p, r)?;
    }
    Ok((header_last, r))
}

/// One project of 12 below row `r`, over as many rows as its longest indicator list; returns
/// its last row.
fn target_rows(s: &mut Sheet, p: &PubTarget, r: u32) -> Result<u32, Error> {
    let amounts = TARGET_AMOUNTS;
    let per_kind: Vec<Vec<&crate::model::Indicator>> = KINDS
        .iter()
        .map(|k| p.indicators.iter().filter(|i| i.level1 == *k).collect())
        .collect();
    let height = per_kind.iter().map(Vec::len).max().unwrap_or(0).max(1) as u32;
    let top = r + 1;
    let bottom = r + height;
    s.merge(top, 0, bottom, 0, &p.code, Style::TextCenter)?;
    s.merge(top, 1, bottom, 1, &p.name, Style::Text)?;
    s.fit(0, &p.code);
    for (i, c) in amounts.iter().enumerate() {
        let v = p.values.get(c).copied().unwrap_or_default();
        if height == 1 {
            s.money(top, 2 + i as u16, v, Style::Money)?;
        } else {
            s.merge(top, 2 + i as u16, bottom, 2 + i as u16, "", Style::Money)?;
            s.money(top, 2 + i as u16, v, Style::Money)?;
        }
    }
    for (k, list) in per_kind.iter().enumerate() {
        for row in 0..height {
            let c = 6 + 2 * k as u16;
            match list.get(row as usize) {
                Some(ind) => {
                    s.text(top + row, c, &ind.name, Style::Text)?;
                    s.text(top + row, c + 1, &ind.value, Style::TextCenter)?;
                }
                None => {
                    s.blank(top + row, c, Style::Text)?;
                    s.blank(top + row, c + 1, Style::Text)?;
                }
            }
        }
    }
    Ok(bottom)
}

//! SUM rules: identities inside one table (columns of a row, rows of a column).

use std::collections::BTreeMap;

use super::{parent_key, root_rows};
use crate::finding::Severity;
use crate::model::{Col, Row, RowKey, Summary, Table, TableId};
use crate::validate::{Check, Ctx, Figure, Relation};

pub fn check(cx: &mut Ctx) {
    let tables: Vec<&Table> = cx.budget.tables.values().collect();
    for t in tables {
        match t.id {
            TableId::T03 | TableId::T05 | TableId::T09 => {
                for row in t.rows.iter().chain(t.total.iter()) {
                    expenditure_row(cx, t, row);
                }
            }
            TableId::T06 => {
                for row in &t.rows {
                    economic_line_column(cx, t, row);
                }
                for row in t.rows.iter().chain(t.total.iter()) {
                    row_sum(
                        cx,
                        t,
                        row,
                        "SUM-002",
                        Col::Total,
                        &[Col::Personnel, Col::PublicUse],
                        "合计 ≠ 人员经费 + 公用经费",
                    );
                }
            }
            TableId::T02 | TableId::T07 | TableId::T10 | TableId::T12 => {
                for row in t.rows.iter().chain(t.total.iter()) {
                    fund_row(cx, t, row);
                }
                for target in &t.targets {
                    let row = Row {
                        key: RowKey::Project {
                            unit: String::new(),
                            name: target.name.clone(),
                        },
                        name: target.name.clone(),
                        at: target.at.clone(),
                        values: target.values.clone(),
                        text: BTreeMap::new(),
                    };
                    fund_row(cx, t, &row);
                }
            }
            TableId::T08 => {
                for row in t.rows.iter().chain(t.total.iter()) {
                    sangong_row(cx, t, row);
                }
            }
            TableId::T01 | TableId::T04 => two_sided(cx, t),
            TableId::T11 => performance(cx, t),
        }
        if !matches!(t.id, TableId::T01 | TableId::T04 | TableId::T11) {
            hierarchy(cx, t);
            totals(cx, t);
        }
    }
}

/// Compares `target` with the sum of `parts` in one row, when the table prints the columns.
fn row_sum(
    cx: &mut Ctx,
    t: &Table,
    row: &Row,
    rule: &'static str,
    target: Col,
    parts: &[Col],
    what: &str,
) {
    let printed = |c: &Col| t.has_col(*c) || row.values.contains_key(c);
    if !printed(&target) {
        return;
    }
    let expected: Vec<Figure> = parts
        .iter()
        .filter(|c| printed(c))
        .map(|c| Figure::of(t, row, *c))
        .collect();
    if expected.is_empty() {
        return;
    }
    cx.compare(Check {
        rule,
        table: t.id,
        unit: t.source.unit,
        found: Figure::of(t, row, target),
        expected,
        relation: Relation::Equal,
        what: &|| format!("{}{}", row_label(row), what),
        severity: Severity::Error,
        hint: None,
    });
}

fn row_label(row: &Row) -> String {
    match &row.key {
        RowKey::Total => "合计行：".into(),
        RowKey::Function { code, .. } => format!("{code} {}：", row.name.trim()),
        RowKey::Economic { dept, .. } => format!("{dept} {}：", row.name.trim()),
        RowKey::Unit(code) => format!("单位 {code}：",),
        _ => format!("{}：", row.name.trim()),
    }
}

/// 03/05/09: 合计 = 基本支出 + 项目支出, and the composition of each.
fn expenditure_row(cx: &mut Ctx, t: &Table, row: &Row) {
    row_sum(
        cx,
        t,
        row,
        "SUM-001",
        Col::Total,
        &[Col::Basic, Col::Project],
        "合计 ≠ 基本支出 + 项目支出",
    );
    if t.has_col(Col::Personnel) || t.has_col(Col::PublicUse) {
        row_sum(
            cx,
            t,
            row,
            "SUM-002",
            Col::Basic,
            &[Col::Personnel, Col::PublicUse],
            "基本支出 ≠ 人员经费 + 公用经费",
        );
        row_sum(
            cx,
            t,
            row,
            "SUM-003",
            Col::Personnel,
            &[Col::WagesBenefits, Col::HouseholdTransfers],
            "人员经费 ≠ 工资福利支出 + 对个人和家庭的补助",
        );
        row_sum(
            cx,
            t,
            row,
            "SUM-004",
            Col::PublicUse,
            &[Col::GoodsServices, Col::Capital],
            "公用经费 ≠ 商品和服务支出 + 资本性支出",
        );
    } else {
        row_sum(
            cx,
            t,
            row,
            "SUM-002",
            Col::Basic,
            &[Col::WagesBenefits, Col::HouseholdTransfers, Col::GoodsServices, Col::Capital],
            "基本支出 ≠ 人员经费（工资福利支出 + 对个人和家庭的补助）+ 公用经费（商品和服务支出 + 资本性支出）",
        );
    }
    if t.has_col(Col::ProjectOperating) || t.has_col(Col::ProjectSpecific) {
        row_sum(
            cx,
            t,
            row,
            "SUM-005",
            Col::Project,
            &[Col::ProjectOperating, Col::ProjectSpecific],
            "项目支出 ≠ 其他运转类 + 特定目标类",
        );
    }
}

/// SUM-014 (06): each economic line sits in its column: 301 工资福利支出 and 303 对个人和家庭
/// 的补助 (and the codes a region counts in 人员经费, `Settings::personnel_extra`) under 人员经费,
/// everything else under 公用经费.
fn economic_line_column(cx: &mut Ctx, t: &Table, row: &Row) {
    let RowKey::Economic { dept, .. } = &row.key else {
        return;
    };
    let personnel = matches!(dept.class().as_str(), "301" | "303")
        || cx
            .settings
            .personnel_extra
            .iter()
            .any(|c| c == dept.as_str());
    let (right, wrong) = if personnel {
        (Col::Personnel, Col::PublicUse)
    } else {
        (Col::PublicUse, Col::Personnel)
    };
    if !t.has_col(right) {
        return;
    }
    cx.compare(Check {
        rule: "SUM-014",
        table: t.id,
        unit: t.source.unit,
        found: Figure::of(t, row, right),
        expected: vec![Figure::of(t, row, Col::Total)],
        relation: Relation::Equal,
        what: &|| {
            format!(
                "{}应全部列在“{}”栏（而非“{}”栏）",
                row_label(row),
                right.label(),
                wrong.label()
            )
        },
        severity: Severity::Error,
        hint: None,
    });
}

/// The sources that make up a row's 总计 in 02, 07, 10 and 12.
const CURRENT_SOURCES: [Col; 10] = [
    Col::GeneralBudget,
    Col::GovFund,
    Col::StateCapital,
    Col::FiscalSpecial,
    Col::Business,
    Col::BusinessOperating,
    Col::UpperSubsidy,
    Col::AffiliatedRemit,
    Col::OtherIncome,
    Col::BusinessFund,
];
const CARRY_PARTS: [Col; 5] = [
    Col::CarryOverGeneral,
    Col::CarryOverGovFund,
    Col::CarryOverStateCapital,
    Col::CarryOverFiscalSpecial,
    Col::CarryOverUnitFunds,
];

fn fund_row(cx: &mut Ctx, t: &Table, row: &Row) {
    match t.id {
        TableId::T02 => {
            row_sum(
                cx,
                t,
                row,
                "SUM-008",
                Col::Total,
                &[Col::CurrentIncome, Col::CarryOver],
                "总计 ≠ 本年收入合计 + 上年结转结余",
            );
            row_sum(
                cx,
                t,
                row,
                "SUM-008",
                Col::CurrentIncome,
                &CURRENT_SOURCES,
                "本年收入合计 ≠ 各项收入之和",
            );
            row_sum(
                cx,
                t,
                row,
                "SUM-008",
                Col::CarryOver,
                &CARRY_PARTS,
                "上年结转结余合计 ≠ 各项结转结余之和",
            );
        }
        TableId::T07 => {
            let mut parts = CURRENT_SOURCES.to_vec();
            parts.push(Col::CarryOver);
            parts.extend(CARRY_PARTS);
            row_sum(
                cx,
                t,
                row,
                "SUM-008",
                Col::Total,
                &parts,
                "总计 ≠ 各资金来源之和",
            );
        }
        TableId::T10 => {
            let mut parts = CURRENT_SOURCES.to_vec();
            parts.extend(CARRY_PARTS);
            parts.push(Col::UnitFunds);
            row_sum(
                cx,
                t,
                row,
                "SUM-008",
                Col::Total,
                &parts,
                "合计 ≠ 各资金来源之和",
            );
        }
        TableId::T12 => {
            row_sum(
                cx,
                t,
                row,
                "SUM-008",
                Col::Total,
                &[Col::GovFunds, Col::FiscalSpecial, Col::UnitFunds],
                "资金总额 ≠ 政府预算资金 + 财政专户管理资金 + 单位资金",
            );
        }
        _ => {}
    }
    appropriation_within(cx, t, row);
}

/// SUM-012: 其中：财政拨款 is part of 一般公共预算.
fn appropriation_within(cx: &mut Ctx, t: &Table, row: &Row) {
    if row.get(Col::GeneralAppropriation).is_none() {
        return;
    }
    cx.compare(Check {
        rule: "SUM-012",
        table: t.id,
        unit: t.source.unit,
        found: Figure::of(t, row, Col::GeneralAppropriation),
        expected: vec![Figure::of(t, row, Col::GeneralBudget)],
        relation: Relation::AtMost,
        what: &|| format!("{}“其中：财政拨款”大于一般公共预算", row_label(row)),
        severity: Severity::Error,
        hint: None,
    });
}

/// 08: “三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费.
fn sangong_row(cx: &mut Ctx, t: &Table, row: &Row) {
    if t.has_col(Col::Vehicle) {
        row_sum(
            cx,
            t,
            row,
            "SUM-011",
            Col::Total,
            &[Col::Abroad, Col::Vehicle, Col::Reception],
            "“三公”经费合计 ≠ 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
        );
        row_sum(
            cx,
            t,
            row,
            "SUM-011",
            Col::Vehicle,
            &[Col::VehiclePurchase, Col::VehicleOperation],
            "公务用车购置及运行费 ≠ 购置费 + 运行费",
        );
    } else {
        row_sum(
            cx,
            t,
            row,
            "SUM-011",
            Col::Total,
            &[
                Col::Abroad,
                Col::VehiclePurchase,
                Col::VehicleOperation,
                Col::Reception,
            ],
            "“三公”经费合计 ≠ 各项之和",
        );
    }
}

/// SUM-006: a 类 row = Σ its 款 rows, a 款 = Σ its 项, in every amount column.
fn hierarchy(cx: &mut Ctx, t: &Table) {
    let mut children: BTreeMap<RowKey, Vec<&Row>> = BTreeMap::new();
    for r in &t.rows {
        if let Some(p) = parent_key(t, r) {
            children.entry(p).or_default().push(r);
        }
    }
    for (parent_key, kids) in children {
        let Some(parent) = t.row(&parent_key) else {
            continue;
        };
        let duplicate = kids.iter().any(|k| same_amounts(k, parent));
        let hint = (duplicate && kids.len() > 1)
            .then_some("某一明细行与上级行数字完全相同：明细行是否重复了上级的合计？");
        for col in t.source.amount_cols.keys() {
            cx.compare(Check {
                rule: "SUM-006",
                table: t.id,
                unit: t.source.unit,
                found: Figure::of(t, parent, *col),
                expected: kids.iter().map(|k| Figure::of(t, k, *col)).collect(),
                relation: Relation::Equal,
                what: &|| format!("{}{} ≠ 下级科目之和", row_label(parent), col.label()),
                severity: Severity::Error,
                hint,
            });
        }
    }
}

/// Do two rows print the same figures in every column?
fn same_amounts(a: &Row, b: &Row) -> bool {
    let nonzero = |r: &Row| -> Vec<(Col, rust_decimal::Decimal)> {
        r.values
            .iter()
            .filter(|(_, x)| !x.yuan.is_zero())
            .map(|(c, x)| (*c, x.yuan))
            .collect()
    };
    nonzero(a) == nonzero(b)
}

/// SUM-007: the 合计 row = Σ the top rows (units, or the top codes), and each unit row = Σ
/// its own rows.
fn totals(cx: &mut Ctx, t: &Table) {
    let units: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| matches!(r.key, RowKey::Unit(_)))
        .collect();
    let roots = root_rows(t);
    unit_totals(cx, t, &units, &roots);
    total_row(cx, t, &units, &roots);
}

/// A unit row's code ("" for any other row).
fn unit_code(r: &Row) -> String {
    match &r.key {
        RowKey::Unit(c) => c.clone(),
        _ => String::new(),
    }
}

/// SUM-007 for each unit row: = Σ its sub-units, or Σ its own rows (12: its projects).
fn unit_totals(cx: &mut Ctx, t: &Table, units: &[&Row], roots: &[&Row]) {
    let leaf_units = units
        .iter()
        .filter(|u| {
            !units.iter().any(|s| {
                unit_code(s).len() > unit_code(u).len() && unit_code(s).starts_with(&unit_code(u))
            })
        })
        .count();
    for u in units {
        let code = unit_code(u);
        let parts = unit_parts(t, u, units, roots, leaf_units);
        let projects_of_12 = t.id == TableId::T12 && parts.is_empty();
        if parts.is_empty() && !projects_of_12 {
            continue;
        }
        // 12 lists each unit's projects under its row; an export that lists them apart from
        // their units (one unit only) adds them all to that unit.
        let own_targets: Vec<&crate::model::ProjectTarget> = if leaf_units > 1 {
            t.targets
                .iter()
                .filter(|p| p.unit.as_deref() == Some(code.as_str()))
                .collect()
        } else {
            t.targets.iter().collect()
        };
        for col in t.source.amount_cols.keys() {
            let expected: Vec<Figure> = if projects_of_12 {
                own_targets
                    .iter()
                    .map(|p| target_figure(t, p, *col))
                    .collect()
            } else {
                parts.iter().map(|r| Figure::of(t, r, *col)).collect()
            };
            cx.compare(Check {
                rule: "SUM-007",
                table: t.id,
                unit: t.source.unit,
                found: Figure::of(t, u, *col),
                expected,
                relation: Relation::Equal,
                what: &|| {
                    format!(
                        "单位 {} {}：{} ≠ 所属各行之和",
                        code,
                        u.name.trim(),
                        col.label()
                    )
                },
                severity: Severity::Error,
                hint: None,
            });
        }
    }
}

/// The rows a unit row adds up: its sub-units of the next level; else, where rows carry their
/// unit, its own top rows; else (10 with several units) its projects by unit name; else every
/// top row.
fn unit_parts<'a>(
    t: &'a Table,
    u: &Row,
    units: &[&'a Row],
    roots: &[&'a Row],
    leaf_units: usize,
) -> Vec<&'a Row> {
    let code = unit_code(u);
    let multi_unit = t.rows.iter().any(|r| {
        matches!(
            &r.key,
            RowKey::Function { unit: Some(_), .. } | RowKey::Economic { unit: Some(_), .. }
        )
    });
    let subs: Vec<&Row> = units
        .iter()
        .copied()
        .filter(|s| unit_code(s).len() > code.len() && unit_code(s).starts_with(&code))
        .collect();
    match subs.iter().map(|s| unit_code(s).len()).min() {
        Some(len) => subs
            .into_iter()
            .filter(|s| unit_code(s).len() == len)
            .collect(),
        None if multi_unit => roots
            .iter()
            .copied()
            .filter(|r| matches!(&r.key, RowKey::Function { unit: Some(x), .. } | RowKey::Economic { unit: Some(x), .. } if *x == code))
            .collect(),
        // 10 names each project's unit: with several units, match by that name.
        None if t.id == TableId::T10 && leaf_units > 1 => roots
            .iter()
            .copied()
            .filter(|r| matches!(&r.key, RowKey::Project { unit, .. } if unit.trim() == u.name.trim()))
            .collect(),
        None => roots.to_vec(),
    }
}

/// SUM-007 for the 合计 row: = Σ the top units, else Σ 12's projects, else Σ the top rows.
fn total_row(cx: &mut Ctx, t: &Table, units: &[&Row], roots: &[&Row]) {
    let Some(total) = &t.total else { return };
    let top_len = units.iter().map(|u| unit_code(u).len()).min();
    for col in t.source.amount_cols.keys() {
        let expected: Vec<Figure> = match top_len {
            Some(len) => units
                .iter()
                .filter(|u| unit_code(u).len() == len)
                .map(|u| Figure::of(t, u, *col))
                .collect(),
            None if t.id == TableId::T12 => t
                .targets
                .iter()
                .map(|p| target_figure(t, p, *col))
                .collect(),
            None => roots.iter().map(|r| Figure::of(t, r, *col)).collect(),
        };
        if expected.is_empty() {
            continue; // a table of one line (08) has nothing to add up
        }
        let largest = expected.iter().map(|f| f.yuan).max().unwrap_or_default();
        let found = Figure::of(t, total, *col);
        let hint =
            (found.yuan < largest).then_some("合计小于其中最大的一项：合计是否取自其他口径？");
        cx.compare(Check {
            rule: "SUM-007",
            table: t.id,
            unit: t.source.unit,
            found,
            expected,
            relation: Relation::Equal,
            what: &|| format!("合计行：{} ≠ 各行之和", col.label()),
            severity: Severity::Error,
            hint,
        });
    }
}

fn target_figure(t: &Table, p: &crate::model::ProjectTarget, col: Col) -> Figure {
    Figure::of_amount(t, p.values.get(&col))
}

/// 01/04: 本年收入合计 = Σ sources, 本年支出合计 = Σ classes, 收入总计 = 支出总计.
fn two_sided(cx: &mut Ctx, t: &Table) {
    income_side(cx, t);
    expenditure_side(cx, t);
    if t.id == TableId::T04 {
        fund_lines(cx, t);
    }
    income_equals_expenditure(cx, t);
    if t.id == TableId::T04 {
        funds_balance(cx, t);
    }
}

/// A summary line of 01/04.
fn summary(t: &Table, s: Summary) -> Option<&Row> {
    t.row(&RowKey::Summary(s))
}

/// SUM-009: a summary line of 01/04 = the sum of the lines it sums (when both are printed).
fn line_sum(
    cx: &mut Ctx,
    t: &Table,
    target: Option<&Row>,
    col: Col,
    parts: Vec<Figure>,
    what: String,
) {
    let Some(target) = target else { return };
    if parts.is_empty() {
        return;
    }
    cx.compare(Check {
        rule: "SUM-009",
        table: t.id,
        unit: t.source.unit,
        found: Figure::of(t, target, col),
        expected: parts,
        relation: Relation::Equal,
        what: &|| what.clone(),
        severity: Severity::Error,
        hint: None,
    });
}

/// The income side: 本年收入合计 = Σ sources (SUM-009), 其中：财政拨款 within its 一般公共预算
/// line (SUM-012), 上年结转 = Σ carried sources, 收入总计 = 本年收入合计 + 上年结转结余.
fn income_side(cx: &mut Ctx, t: &Table) {
    let left = |carry: bool| -> Vec<Figure> {
        t.rows
            .iter()
            .filter(|r| matches!(r.key, RowKey::Income { carry: c, source } if c == carry && source != Col::GeneralAppropriation))
            .map(|r| Figure::of(t, r, Col::Amount))
            .collect()
    };
    line_sum(
        cx,
        t,
        summary(t, Summary::CurrentIncome),
        Col::Amount,
        left(false),
        "本年收入合计 ≠ 各项收入之和".into(),
    );
    appropriation_lines(cx, t);
    line_sum(
        cx,
        t,
        summary(t, Summary::CarryIn),
        Col::Amount,
        left(true),
        "上年结转 ≠ 各项结转之和".into(),
    );
    if let (Some(ci), Some(total)) = (
        summary(t, Summary::CurrentIncome),
        summary(t, Summary::IncomeTotal),
    ) {
        let mut parts = vec![Figure::of(t, ci, Col::Amount)];
        if let Some(c) = summary(t, Summary::CarryIn) {
            parts.push(Figure::of(t, c, Col::Amount));
        }
        line_sum(
            cx,
            t,
            Some(total),
            Col::Amount,
            parts,
            "收入总计 ≠ 本年收入合计 + 上年结转结余".into(),
        );
    }
}

/// SUM-012 (01/04): 其中：财政拨款 is part of the 一般公共预算 line above it.
fn appropriation_lines(cx: &mut Ctx, t: &Table) {
    for carry in [false, true] {
        let line = |source: Col| t.row(&RowKey::Income { carry, source });
        let Some(part) = line(Col::GeneralAppropriation) else {
            continue;
        };
        cx.compare(Check {
            rule: "SUM-012",
            table: t.id,
            unit: t.source.unit,
            found: Figure::of(t, part, Col::Amount),
            expected: line(Col::GeneralBudget)
                .map(|w| Figure::of(t, w, Col::Amount))
                .into_iter()
                .collect(),
            relation: Relation::AtMost,
            what: &|| "“其中：财政拨款”大于一般公共预算".into(),
            severity: Severity::Error,
            hint: None,
        });
    }
}

/// The expenditure side, in each of its amount columns: 本年支出合计 = Σ classes (SUM-009),
/// 支出总计 = 本年支出合计 + 年终结转结余.
fn expenditure_side(cx: &mut Ctx, t: &Table) {
    let right_cols: Vec<Col> = t
        .source
        .amount_cols
        .keys()
        .copied()
        .filter(|c| *c != Col::Amount)
        .collect();
    let classes = super::class_lines(t);
    for col in &right_cols {
        line_sum(
            cx,
            t,
            summary(t, Summary::CurrentExpenditure),
            *col,
            classes
                .iter()
                .map(|(_, r)| Figure::of(t, r, *col))
                .collect(),
            format!("本年支出合计（{}）≠ 各功能分类支出之和", col.label()),
        );
        if let (Some(ce), Some(total)) = (
            summary(t, Summary::CurrentExpenditure),
            summary(t, Summary::ExpenditureTotal),
        ) {
            let mut parts = vec![Figure::of(t, ce, *col)];
            if let Some(c) = summary(t, Summary::CarryOut) {
                parts.push(Figure::of(t, c, *col));
            }
            line_sum(
                cx,
                t,
                Some(total),
                *col,
                parts,
                format!("支出总计（{}）≠ 本年支出合计 + 年终结转结余", col.label()),
            );
        }
    }
}

/// 04: each expenditure line's 合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算 (SUM-008),
/// and its 其中：财政拨款 within 一般公共预算 (SUM-012).
fn fund_lines(cx: &mut Ctx, t: &Table) {
    for r in t
        .rows
        .iter()
        .filter(|r| matches!(r.key, RowKey::Function { .. } | RowKey::Summary(_)))
    {
        if r.values.keys().any(|c| *c != Col::Amount) {
            row_sum(
                cx,
                t,
                r,
                "SUM-008",
                Col::Total,
                &[Col::GeneralBudget, Col::GovFund, Col::StateCapital],
                "合计 ≠ 一般公共预算 + 政府性基金 + 国有资本经营预算",
            );
            appropriation_within(cx, t, r);
        }
    }
}

/// SUM-010: 收入总计 = 支出总计.
fn income_equals_expenditure(cx: &mut Ctx, t: &Table) {
    if let (Some(i), Some(e)) = (
        summary(t, Summary::IncomeTotal),
        summary(t, Summary::ExpenditureTotal),
    ) {
        cx.compare(Check {
            rule: "SUM-010",
            table: t.id,
            unit: t.source.unit,
            found: Figure::of(t, e, Col::Total),
            expected: vec![Figure::of(t, i, Col::Amount)],
            relation: Relation::Equal,
            what: &|| "支出总计 ≠ 收入总计".into(),
            severity: Severity::Error,
            hint: None,
        });
    }
}

/// SUM-010 (04): by fund, 支出总计 = 本年收入 + 上年结转.
fn funds_balance(cx: &mut Ctx, t: &Table) {
    let total_out = summary(t, Summary::ExpenditureTotal);
    for (fund, label) in [
        (Col::GeneralBudget, "一般公共预算"),
        (Col::GovFund, "政府性基金"),
        (Col::StateCapital, "国有资本经营预算"),
    ] {
        let incomes: Vec<Figure> = t
            .rows
            .iter()
            .filter(|r| matches!(r.key, RowKey::Income { source, .. } if source == fund))
            .map(|r| Figure::of(t, r, Col::Amount))
            .collect();
        let Some(out) = total_out else { continue };
        if incomes.is_empty() || !t.has_col(fund) {
            continue;
        }
        cx.compare(Check {
            rule: "SUM-010",
            table: t.id,
            unit: t.source.unit,
            found: Figure::of(t, out, fund),
            expected: incomes,
            relation: Relation::Equal,
            what: &|| format!("{label}：支出总计 ≠ 本年收入 + 上年结转"),
            severity: Severity::Error,
            hint: None,
        });
    }
}

/// SUM-013: 11's 预算情况: 部门预算总额 = Σ 资金来源 = 基本支出 + 项目支出.
fn performance(cx: &mut Ctx, t: &Table) {
    let Some(p) = &t.performance else { return };
    let fig = |col: Col| p.budget.get(&col).map(|a| Figure::of_amount(t, Some(a)));
    let Some(total) = fig(Col::Total) else { return };
    for (parts, what) in [
        (
            vec![Col::GovFunds, Col::FiscalSpecial, Col::UnitFunds],
            "部门预算总额 ≠ 各资金来源之和",
        ),
        (
            vec![Col::Basic, Col::Project],
            "部门预算总额 ≠ 基本支出 + 项目支出",
        ),
    ] {
        let expected: Vec<Figure> = parts.iter().filter_map(|c| fig(*c)).collect();
        if expected.is_empty() {
            continue;
        }
        cx.compare(Check {
            rule: "SUM-013",
            table: t.id,
            unit: t.source.unit,
            found: total.clone(),
            expected,
            relation: Relation::Equal,
            what: &|| what.into(),
            severity: Severity::Error,
            hint: None,
        });
    }
}

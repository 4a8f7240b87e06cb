//! XREF rules: the same figure in different tables. Like is compared with like: 04, 05, 06 and
//! 08 hold 一般公共预算 (财政拨款) money only; 01, 02, 03, 07 and 10 hold all funds.

use std::collections::BTreeMap;

use super::{by_class, class_lines};
use crate::finding::Severity;
use crate::model::{Col, EconomicCode, Row, RowKey, Summary, Table, TableId};
use crate::validate::{Check, Ctx, Figure, Relation};

pub fn check(cx: &mut Ctx) {
    let b = cx.budget;
    let t = |id| b.table(id);
    if let (Some(t01), Some(t02)) = (t(TableId::T01), t(TableId::T02)) {
        overview_vs_income(cx, t01, t02);
    }
    if let (Some(t01), Some(t03)) = (t(TableId::T01), t(TableId::T03)) {
        overview_vs_expenditure(cx, t01, t03, Col::Total, "XREF-002");
    }
    if let (Some(t04), Some(t05)) = (t(TableId::T04), t(TableId::T05)) {
        overview_vs_expenditure(cx, t04, t05, Col::GeneralBudget, "XREF-004");
    }
    if let (Some(t04), Some(t09)) = (t(TableId::T04), t(TableId::T09)) {
        fund_vs_table(cx, t04, t09);
    }
    if let (Some(t04), Some(t02)) = (t(TableId::T04), t(TableId::T02)) {
        fiscal_income_vs_income(cx, t04, t02);
    }
    if let (Some(t05), Some(t06)) = (t(TableId::T05), t(TableId::T06)) {
        basic_vs_economic_basic(cx, t05, t06);
    }
    if let (Some(t03), Some(t07)) = (t(TableId::T03), t(TableId::T07)) {
        expenditure_vs_economic(cx, t03, t07);
    }
    if let (Some(t03), Some(t05)) = (t(TableId::T03), t(TableId::T05)) {
        general_within_all(cx, t03, t05);
    }
    if let (Some(t07), Some(t08)) = (t(TableId::T07), t(TableId::T08)) {
        sangong_within_economic(cx, t07, t08);
    }
    if let (Some(t03), Some(t10)) = (t(TableId::T03), t(TableId::T10)) {
        projects_vs_expenditure(cx, t03, t10);
    }
    if let (Some(t10), Some(t12)) = (t(TableId::T10), t(TableId::T12)) {
        targets_vs_projects(cx, t10, t12);
    }
    if let Some(t11) = t(TableId::T11) {
        performance_vs_tables(cx, t11);
    }
}

fn fig(t: &Table, row: &Row, col: Col) -> Figure {
    Figure::of(t, row, col)
}

/// Compares a figure of `a` with one of `b` (the finding points at `a`'s cell).
fn same(
    cx: &mut Ctx,
    rule: &'static str,
    a: &Table,
    found: Figure,
    expected: Vec<Figure>,
    relation: Relation,
    what: String,
) {
    cx.compare(Check {
        rule,
        table: a.id,
        unit: a.source.unit,
        found,
        expected,
        relation,
        what: &|| what.clone(),
        severity: Severity::Error,
        hint: None,
    });
}

fn summary(t: &Table, s: Summary) -> Option<&Row> {
    t.row(&RowKey::Summary(s))
}

/// XREF-001: 01's income side = 02's 合计 row, source by source.
fn overview_vs_income(cx: &mut Ctx, t01: &Table, t02: &Table) {
    let Some(total02) = &t02.total else { return };
    if let Some(r) = summary(t01, Summary::CurrentIncome) {
        same(
            cx,
            "XREF-001",
            t01,
            fig(t01, r, Col::Amount),
            vec![fig(t02, total02, Col::CurrentIncome)],
            Relation::Equal,
            format!("本年收入合计与{}“本年收入合计”不一致", t02.id),
        );
    }
    if let Some(r) = summary(t01, Summary::IncomeTotal) {
        if t02.has_col(Col::Total) {
            same(
                cx,
                "XREF-001",
                t01,
                fig(t01, r, Col::Amount),
                vec![fig(t02, total02, Col::Total)],
                Relation::Equal,
                format!("收入总计与{}“总计”不一致", t02.id),
            );
        }
    }
    for r in &t01.rows {
        let RowKey::Income {
            carry: false,
            source,
        } = r.key
        else {
            continue;
        };
        if !t02.has_col(source) {
            continue;
        }
        same(
            cx,
            "XREF-001",
            t01,
            fig(t01, r, Col::Amount),
            vec![fig(t02, total02, source)],
            Relation::Equal,
            format!(
                "“{}”与{}合计行的{}不一致",
                r.name.trim(),
                t02.id,
                source.label()
            ),
        );
    }
}

/// XREF-002 (01 ↔ 03) / XREF-004 (04 ↔ 05): 本年支出合计 = the expenditure table's 合计, and
/// each class line = the table's rows of that class.
fn overview_vs_expenditure(
    cx: &mut Ctx,
    overview: &Table,
    detail: &Table,
    col: Col,
    rule: &'static str,
) {
    if !overview.has_col(col) {
        return;
    }
    if let (Some(r), Some(total)) = (
        summary(overview, Summary::CurrentExpenditure),
        &detail.total,
    ) {
        same(
            cx,
            rule,
            overview,
            fig(overview, r, col),
            vec![fig(detail, total, Col::Total)],
            Relation::Equal,
            format!("本年支出（{}）与{}合计不一致", col.label(), detail.id),
        );
    }
    let classes = by_class(detail, Col::Total);
    let lines = class_lines(overview);
    for (code, r) in &lines {
        let expected = classes.get(code.as_str()).cloned().unwrap_or_default();
        same(
            cx,
            rule,
            overview,
            fig(overview, r, col),
            expected,
            Relation::Equal,
            format!(
                "{}（{}）与{}中该类支出之和不一致",
                r.name.trim(),
                col.label(),
                detail.id
            ),
        );
    }
    let listed: Vec<&str> = lines.iter().map(|(c, _)| c.as_str()).collect();
    unlisted_classes(cx, rule, (overview, &listed), detail, classes);
}

/// A class the detail table spends on but the overview does not list at all.
fn unlisted_classes(
    cx: &mut Ctx,
    rule: &'static str,
    (overview, listed): (&Table, &[&str]),
    detail: &Table,
    classes: BTreeMap<String, Vec<Figure>>,
) {
    for (class, figures) in classes {
        if listed.contains(&class.as_str()) || figures.iter().all(|f| f.yuan.is_zero()) {
            continue;
        }
        let at = figures[0].at.clone();
        cx.push(
            crate::finding::Finding::new(
                rule,
                Severity::Error,
                format!(
                    "{}有 {} 类支出，{}没有列出该类",
                    detail.id, class, overview.id
                ),
            )
            .at(Some(detail.id), at),
        );
    }
}

/// XREF-005: 04's 政府性基金 = 09's 合计.
fn fund_vs_table(cx: &mut Ctx, t04: &Table, t09: &Table) {
    let (Some(r), Some(total)) = (summary(t04, Summary::CurrentExpenditure), &t09.total) else {
        return;
    };
    if !t04.has_col(Col::GovFund) {
        return;
    }
    same(
        cx,
        "XREF-005",
        t04,
        fig(t04, r, Col::GovFund),
        vec![fig(t09, total, Col::Total)],
        Relation::Equal,
        format!("本年支出（政府性基金）与{}合计不一致", t09.id),
    );
}

/// XREF-013: 04's 一般公共预算拨款 income = 02's 一般公共预算 income.
fn fiscal_income_vs_income(cx: &mut Ctx, t04: &Table, t02: &Table) {
    let Some(total02) = &t02.total else { return };
    for r in &t04.rows {
        let RowKey::Income {
            carry: false,
            source,
        } = r.key
        else {
            continue;
        };
        if !matches!(
            source,
            Col::GeneralBudget | Col::GeneralAppropriation | Col::GovFund | Col::StateCapital
        ) || !t02.has_col(source)
        {
            continue;
        }
        same(
            cx,
            "XREF-013",
            t04,
            fig(t04, r, Col::Amount),
            vec![fig(t02, total02, source)],
            Relation::Equal,
            format!(
                "“{}”与{}合计行的{}不一致",
                r.name.trim(),
                t02.id,
                source.label()
            ),
        );
    }
}

/// 05's 人员经费 and 公用经费 (its columns, or their parts), as 06 should print them: lines a
/// region counts in 人员经费 although they are 商品和服务支出 (委托业务费) move from 公用经费 to
/// 人员经费 when 06 is compared with 05.
fn basic_parts_of_05(
    cx: &Ctx,
    t05: &Table,
    total05: &Row,
    t06: &Table,
) -> (Vec<Figure>, Vec<Figure>) {
    let moved: Vec<Figure> = t06
        .rows
        .iter()
        .filter(|r| matches!(&r.key, RowKey::Economic { dept, .. } if cx.settings.personnel_extra.iter().any(|c| c == dept.as_str())))
        .map(|r| fig(t06, r, Col::Total))
        .collect();
    let negated = |f: &Figure| Figure {
        yuan: -f.yuan,
        ..f.clone()
    };
    let mut personnel = if t05.has_col(Col::Personnel) {
        vec![fig(t05, total05, Col::Personnel)]
    } else {
        vec![
            fig(t05, total05, Col::WagesBenefits),
            fig(t05, total05, Col::HouseholdTransfers),
        ]
    };
    personnel.extend(moved.iter().cloned());
    let mut public = if t05.has_col(Col::PublicUse) {
        vec![fig(t05, total05, Col::PublicUse)]
    } else {
        vec![
            fig(t05, total05, Col::GoodsServices),
            fig(t05, total05, Col::Capital),
        ]
    };
    public.extend(moved.iter().map(negated));
    (personnel, public)
}

/// XREF-006: 06 = 05's 基本支出, in total, 人员经费 and 公用经费.
fn basic_vs_economic_basic(cx: &mut Ctx, t05: &Table, t06: &Table) {
    let (Some(total05), Some(total06)) = (&t05.total, &t06.total) else {
        return;
    };
    same(
        cx,
        "XREF-006",
        t06,
        fig(t06, total06, Col::Total),
        vec![fig(t05, total05, Col::Basic)],
        Relation::Equal,
        format!("合计与{}“基本支出”不一致", t05.id),
    );
    let (personnel, public) = basic_parts_of_05(cx, t05, total05, t06);
    if t06.has_col(Col::Personnel) {
        same(
            cx,
            "XREF-006",
            t06,
            fig(t06, total06, Col::Personnel),
            personnel,
            Relation::Equal,
            format!("人员经费与{}不一致", t05.id),
        );
    }
    if t06.has_col(Col::PublicUse) {
        same(
            cx,
            "XREF-006",
            t06,
            fig(t06, total06, Col::PublicUse),
            public,
            Relation::Equal,
            format!("公用经费与{}不一致", t05.id),
        );
    }
}

/// The 07 lines of an economic class or 款, summed (款 rows; a class row only where the table
/// prints no 款 under it).
fn economic_sum(t07: &Table, matches: impl Fn(&EconomicCode) -> bool) -> Vec<Figure> {
    let has_sections = t07
        .rows
        .iter()
        .any(|r| matches!(&r.key, RowKey::Economic { dept, .. } if !dept.is_class()));
    t07.rows
        .iter()
        .filter(|r| matches!(&r.key, RowKey::Economic { dept, .. } if matches(dept) && (!has_sections || !dept.is_class() || !t07.rows.iter().any(|o| matches!(&o.key, RowKey::Economic { dept: d2, .. } if !d2.is_class() && d2.class() == *dept)))))
        .map(|r| Figure::of(t07, r, Col::Total))
        .collect()
}

/// XREF-007: 07's 合计 = 03's 合计; 07's classes 301/303/302 hold at least 03's basic
/// 工资福利支出 / 对个人和家庭的补助 / 商品和服务支出 (07 also holds project spending).
fn expenditure_vs_economic(cx: &mut Ctx, t03: &Table, t07: &Table) {
    let Some(total03) = &t03.total else { return };
    let lines = economic_sum(t07, |_| true);
    if !lines.is_empty() {
        // The lines themselves, not 07's printed 合计 (SUM-007 checks that one).
        let at = t07
            .total
            .as_ref()
            .map(|r| Figure::of(t07, r, Col::Total))
            .and_then(|f| f.at);
        let found = Figure::total_of(lines, at);
        same(
            cx,
            "XREF-007",
            t07,
            found,
            vec![fig(t03, total03, Col::Total)],
            Relation::Equal,
            format!(
                "各经济分类科目之和与{}合计不一致（经济分类明细不全？）",
                t03.id
            ),
        );
    }
    for (class, col, name) in [
        ("301", Col::WagesBenefits, "工资福利支出"),
        ("303", Col::HouseholdTransfers, "对个人和家庭的补助"),
        ("302", Col::GoodsServices, "商品和服务支出"),
    ] {
        if !t03.has_col(col) {
            continue;
        }
        let figures = economic_sum(t07, |d| d.class().as_str() == class);
        let at = figures.first().and_then(|f| f.at.clone());
        let found = Figure::total_of(figures, at);
        same(
            cx,
            "XREF-007",
            t07,
            found,
            vec![fig(t03, total03, col)],
            Relation::AtLeast,
            format!("{class} {name}各科目之和小于{}基本支出中的{name}", t03.id),
        );
    }
}

/// XREF-012: 05 holds 一般公共预算 money only, so each of its rows is at most 03's row.
fn general_within_all(cx: &mut Ctx, t03: &Table, t05: &Table) {
    let index: BTreeMap<&RowKey, &Row> = t03.rows.iter().map(|r| (&r.key, r)).collect();
    for r in t05
        .rows
        .iter()
        .filter(|r| matches!(r.key, RowKey::Function { .. }))
    {
        let Some(r03) = index.get(&r.key) else {
            let RowKey::Function { code, .. } = &r.key else {
                continue;
            };
            if r.yuan(Col::Total).is_zero() {
                continue;
            }
            cx.push(
                crate::finding::Finding::new(
                    "XREF-012",
                    Severity::Error,
                    format!(
                        "{code} {} 在{}中有支出，但{}没有这一科目",
                        r.name.trim(),
                        t05.id,
                        t03.id
                    ),
                )
                .at(Some(t05.id), t05.cell(r, Col::Total)),
            );
            continue;
        };
        same(
            cx,
            "XREF-012",
            t05,
            fig(t05, r, Col::Total),
            vec![fig(t03, r03, Col::Total)],
            Relation::AtMost,
            format!(
                "{}：一般公共预算支出大于{}中同一科目的全部支出",
                r.name.trim(),
                t03.id
            ),
        );
    }
}

/// XREF-008: each “三公” item is part of its economic line in 07.
fn sangong_within_economic(cx: &mut Ctx, t07: &Table, t08: &Table) {
    let rows: Vec<&Row> = t08.total.iter().collect();
    for r in rows {
        for (col, codes, name) in [
            (Col::Abroad, &["30212"][..], "30212 因公出国（境）费用"),
            (Col::Reception, &["30217"][..], "30217 公务接待费"),
            (
                Col::VehicleOperation,
                &["30231"][..],
                "30231 公务用车运行维护费",
            ),
            (
                Col::VehiclePurchase,
                &["31013", "30913"][..],
                "31013/30913 公务用车购置",
            ),
        ] {
            if r.yuan(col).is_zero() {
                continue;
            }
            let expected = economic_sum(t07, |d| codes.contains(&d.as_str()));
            let column = if t07.has_col(Col::GeneralBudget) {
                Col::GeneralBudget
            } else {
                Col::Total
            };
            let expected: Vec<Figure> = if column == Col::Total {
                expected
            } else {
                t07.rows
                    .iter()
                    .filter(|x| matches!(&x.key, RowKey::Economic { dept, .. } if codes.contains(&dept.as_str())))
                    .map(|x| Figure::of(t07, x, column))
                    .collect()
            };
            same(
                cx,
                "XREF-008",
                t08,
                fig(t08, r, col),
                expected,
                Relation::AtMost,
                format!("{}大于{}中的 {name}", col.label(), t07.id),
            );
        }
    }
}

/// XREF-009: 10's 合计 = 03's 项目支出.
fn projects_vs_expenditure(cx: &mut Ctx, t03: &Table, t10: &Table) {
    let (Some(total03), Some(total10)) = (&t03.total, &t10.total) else {
        return;
    };
    if !t03.has_col(Col::Project) {
        return;
    }
    same(
        cx,
        "XREF-009",
        t10,
        fig(t10, total10, Col::Total),
        vec![fig(t03, total03, Col::Project)],
        Relation::Equal,
        format!("项目合计与{}“项目支出”不一致", t03.id),
    );
}

/// XREF-010: 12's project amounts against 10 (information: performance-target funding may
/// legitimately differ from the appropriation).
fn targets_vs_projects(cx: &mut Ctx, t10: &Table, t12: &Table) {
    for p in &t12.targets {
        let in10: Vec<&Row> = t10
            .rows
            .iter()
            .filter(
                |r| matches!(&r.key, RowKey::Project { name, .. } if name.trim() == p.name.trim()),
            )
            .collect();
        // A blank 资金总额 points at the project's own row.
        let mut found = Figure::of_amount(t12, p.values.get(&Col::Total));
        found.at = found.at.or(Some(p.at.clone()));
        if in10.is_empty() {
            cx.push(
                crate::finding::Finding::new(
                    "XREF-010",
                    Severity::Warning,
                    format!("项目“{}”不在{}中", p.name.trim(), t10.id),
                )
                .at(Some(t12.id), Some(p.at.clone())),
            );
            continue;
        }
        cx.compare(Check {
            rule: "XREF-010",
            table: t12.id,
            unit: t12.source.unit,
            found,
            expected: in10
                .iter()
                .map(|r| Figure::of(t10, r, Col::Total))
                .collect(),
            relation: Relation::Equal,
            what: &|| {
                format!(
                    "项目“{}”的资金总额与{}不同（仅提示：绩效目标资金可以与项目预算不同）",
                    p.name.trim(),
                    t10.id
                )
            },
            severity: Severity::Info,
            hint: None,
        });
    }
}

/// XREF-011: 11's 预算情况 against 01 and 03 (warning: a text table filled by hand).
fn performance_vs_tables(cx: &mut Ctx, t11: &Table) {
    let Some(p) = &t11.performance else { return };
    let b = cx.budget;
    let pairs: [(Col, Option<(&Table, Col)>); 3] = [
        (Col::Total, b.table(TableId::T03).map(|t| (t, Col::Total))),
        (Col::Basic, b.table(TableId::T03).map(|t| (t, Col::Basic))),
        (
            Col::Project,
            b.table(TableId::T03).map(|t| (t, Col::Project)),
        ),
    ];
    for (col, other) in pairs {
        let (Some(a), Some((t, c))) = (p.budget.get(&col), other) else {
            continue;
        };
        let Some(total) = &t.total else { continue };
        let found = Figure::of_amount(t11, Some(a));
        cx.compare(Check {
            rule: "XREF-011",
            table: t11.id,
            unit: t11.source.unit,
            found,
            expected: vec![fig(t, total, c)],
            relation: Relation::Equal,
            what: &|| {
                format!(
                    "预算情况中的{}与{}不一致",
                    col.label().replace("合计", "部门预算总额"),
                    t.id
                )
            },
            severity: Severity::Warning,
            hint: None,
        });
    }
}

//! CODE rules: classification codes well formed, known to the catalogue, named as the
//! catalogue names them, placed under their parents, and 部门 ↔ 政府 economic pairs that match
//! the official mapping.
//!
//! Function codes are checked against the catalogue edition of the budget year
//! (`Catalog::edition`). Catalogues change mid-year (财预〔2025〕41号 added 2170404), so a
//! well-formed 项 under a 款 the edition knows is only information (CODE-007); a 类 or 款 the
//! edition lacks, or a name that contradicts the code, is a warning (CODE-001, CODE-002).

use crate::catalog::{class_key, Edition};
use crate::finding::{Finding, Severity};

use crate::model::{EconomicCode, FunctionCode, Row, RowKey, Scheme, Table, TableId};
use crate::text::normalize_label;
use crate::validate::Ctx;

pub fn check(cx: &mut Ctx) {
    let tables: Vec<&Table> = cx.budget.tables.values().collect();
    for t in tables {
        match t.id {
            TableId::T01 | TableId::T04 => class_line_names(cx, t),
            TableId::T03 | TableId::T05 | TableId::T09 => function_rows(cx, t),
            TableId::T06 | TableId::T07 => economic_rows(cx, t),
            _ => {}
        }
    }
}

fn finding(
    t: &Table,
    row: &Row,
    rule: &'static str,
    severity: Severity,
    message: String,
) -> Finding {
    Finding::new(rule, severity, message).at(Some(t.id), Some(row.at.clone()))
}

/// Names compared without spaces, brackets' width or a trailing 支出.
fn same_name(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        let s = normalize_label(s);
        s.strip_suffix("支出").map(str::to_string).unwrap_or(s)
    };
    n(a) == n(b)
}

/// CODE-002 for the class lines of 01/04 (legacy names are READ-012, reported by the reader).
fn class_line_names(cx: &mut Ctx, t: &Table) {
    let edition = cx.catalog.edition(cx.budget.year);
    for (code, row) in super::class_lines(t) {
        let Some(official) = edition.function_name(code) else {
            continue;
        };
        if class_key(&row.name) != class_key(official)
            && cx.catalog.legacy_replacement(&row.name).is_none()
        {
            cx.push(finding(
                t,
                row,
                "CODE-002",
                Severity::Warning,
                format!(
                    "科目名称“{}”与 {code} 的规范名称“{official}”不一致",
                    row.name.trim()
                ),
            ));
        }
    }
}

/// CODE-001 unknown 类/款, CODE-007 unknown 项 of a known 款, CODE-002 name, CODE-003 parent
/// row missing.
fn function_rows(cx: &mut Ctx, t: &Table) {
    let edition = cx.catalog.edition(cx.budget.year);
    let has_level = |len: usize| {
        t.rows
            .iter()
            .any(|r| matches!(&r.key, RowKey::Function { code, .. } if code.as_str().len() == len))
    };
    let (has_class, has_section) = (has_level(3), has_level(5));
    for row in &t.rows {
        let RowKey::Function { unit, code } = &row.key else {
            continue;
        };
        match edition.function_name(code) {
            None => cx.push(unknown_function_code(t, row, code, edition)),
            Some(official) if !row.name.trim().is_empty() && !same_name(&row.name, official) => {
                cx.push(finding(
                    t,
                    row,
                    "CODE-002",
                    Severity::Warning,
                    format!(
                        "科目名称“{}”与 {code} 的规范名称“{official}”不一致",
                        row.name.trim()
                    ),
                ));
            }
            _ => {}
        }
        // Where the table prints class (款) rows, every lower row needs its own.
        let Some(parent) = code.parent() else {
            continue;
        };
        let wants_parent = (parent.as_str().len() == 3 && has_class)
            || (parent.as_str().len() == 5 && has_section);
        if !wants_parent {
            continue;
        }
        let parent_key = RowKey::Function {
            unit: unit.clone(),
            code: parent.clone(),
        };
        if !t.rows.iter().any(|r| r.key == parent_key) {
            cx.push(finding(
                t,
                row,
                "CODE-003",
                Severity::Error,
                format!("科目 {code} 的上级科目 {parent} 没有列出（表中其他科目列出了上级行）"),
            ));
        }
    }
}

/// A function code the edition lacks: CODE-007 (info) for a 项 whose 款 the edition knows, the
/// likely case of a 项 added after the catalogue was compiled; else CODE-001 (warning), naming
/// the level that does not exist.
fn unknown_function_code(t: &Table, row: &Row, code: &FunctionCode, edition: &Edition) -> Finding {
    let label = edition.label();
    if let Some(section) = code.parent().filter(|p| p.as_str().len() == 5) {
        if let Some(name) = edition.function_name(&section) {
            return finding(
                t,
                row,
                "CODE-007",
                Severity::Info,
                format!(
                    "功能分类科目 {code} 不在 {label}科目目录中；所属款 {section} {name} 存在，可能是目录未收录的项"
                ),
            );
        }
    }
    let category = code.category();
    let missing = if !edition.knows(&category) {
        format!("类 {category} 不存在")
    } else {
        // The 类 exists, so the code is a 款 or a 项 under a missing 款.
        format!("款 {} 不存在", &code.as_str()[..5])
    };
    finding(
        t,
        row,
        "CODE-001",
        Severity::Warning,
        format!(
            "功能分类科目 {code} 不在 {label}科目目录中（{missing}；编码可能有误，或目录需要更新）"
        ),
    )
}

/// CODE-004 unknown economic code, CODE-005 name, CODE-006 部门 → 政府 pair.
fn economic_rows(cx: &mut Ctx, t: &Table) {
    for row in &t.rows {
        let RowKey::Economic { dept, gov, .. } = &row.key else {
            continue;
        };
        dept_economic(cx, t, row, dept);
        if let Some(gov) = gov {
            gov_economic(cx, t, row, dept, gov);
        }
    }
}

/// The 部门预算 code of an economic row: in the catalogue (CODE-004), under its name (CODE-005).
fn dept_economic(cx: &mut Ctx, t: &Table, row: &Row, dept: &EconomicCode) {
    match cx.catalog.economic_name(dept) {
        None => cx.push(finding(
            t,
            row,
            "CODE-004",
            Severity::Warning,
            format!("经济分类科目 {dept} 不在部门预算经济分类目录中（各年通用的目录）"),
        )),
        Some(official) if !row.name.trim().is_empty() && !same_name(&row.name, official) => {
            cx.push(finding(
                t,
                row,
                "CODE-005",
                Severity::Warning,
                format!(
                    "科目名称“{}”与 {dept} 的规范名称“{official}”不一致",
                    row.name.trim()
                ),
            ));
        }
        _ => {}
    }
}

/// The 政府预算 code beside a 部门预算 code: a 5xx code (CODE-006), under its name (CODE-005),
/// the one the 部门 code maps to for an agency or an institution (CODE-006).
fn gov_economic(cx: &mut Ctx, t: &Table, row: &Row, dept: &EconomicCode, gov: &EconomicCode) {
    if gov.scheme() != Scheme::Gov {
        cx.push(finding(
            t,
            row,
            "CODE-006",
            Severity::Error,
            format!("政府预算经济分类栏填的是部门预算科目 {gov}（应为 5 开头的政府预算科目）"),
        ));
        return;
    }
    if let Some(name) = row.text.get("gov_name").filter(|n| !n.trim().is_empty()) {
        if let Some(official) = cx
            .catalog
            .economic_name(gov)
            .filter(|o| !same_name(name, o))
        {
            cx.push(finding(
                t,
                row,
                "CODE-005",
                Severity::Warning,
                format!(
                    "政府预算科目名称“{}”与 {gov} 的规范名称“{official}”不一致",
                    name.trim()
                ),
            ));
        }
    }
    let Some(pair) = cx.catalog.economic_map.get(dept.as_str()) else {
        return;
    };
    let ok = gov.as_str() == pair.agency
        || gov.as_str() == pair.institution
        || (gov.is_class()
            && (pair.agency.starts_with(gov.as_str())
                || pair.institution.starts_with(gov.as_str())));
    if !ok {
        cx.push(finding(
            t,
            row,
            "CODE-006",
            Severity::Warning,
            format!("部门预算科目 {dept} 对应的政府预算科目应为 {}（机关）或 {}（事业单位），表中为 {gov}", pair.agency, pair.institution),
        ));
    }
}

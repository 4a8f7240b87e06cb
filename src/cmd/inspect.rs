//! `yusuan inspect`: show what was read. Text for people; JSON of the model's values for
//! machines, with nothing of the source layout, so that two layouts of the same data print
//! byte-identical JSON.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Map, Value};

use super::output::{exact, print_findings, summary_line};
use crate::catalog::Catalog;
use crate::cli::{Format, Outcome};
use crate::error::Result;
use crate::finding::{count, Severity};
use crate::model::{Amount, Budget, Col, Row, RowKey, Table, TableId};
use crate::read::{self, cell::col_to_letters};

/// Settings of `inspect`.
#[derive(Debug, Clone)]
pub struct InspectConfig {
    pub workbook: PathBuf,
    pub format: Format,
    /// Add the source cell of every value to the JSON.
    pub locations: bool,
    /// Complete the 类/款 subtotal rows the export leaves out.
    pub complete: bool,
}

/// Version of the JSON layout; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// Runs `inspect`.
///
/// # Errors
/// The reader's errors (see `read::read_budget`).
pub fn run(cfg: &InspectConfig, catalog: &Catalog) -> Result<Outcome> {
    let mut outcome = read::read_budget(&cfg.workbook, catalog)?;
    if cfg.complete {
        crate::model::complete::complete_subtotals(&mut outcome.budget, catalog);
    }
    let text = match cfg.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&budget_json(&outcome.budget, cfg.locations))
                .expect("JSON of plain values");
            s.push('\n');
            s
        }
        Format::Text => budget_text(&outcome.budget),
    };
    // A closed pipe (yusuan inspect … | head) is not an error.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    print_findings(&cfg.workbook, &outcome.findings);
    if !outcome.findings.is_empty() {
        eprintln!("{}", summary_line(&outcome.findings));
    }
    Ok(if count(&outcome.findings, Severity::Error) > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

/// The model as JSON: amounts in 元 as exact decimal strings.
pub fn budget_json(b: &Budget, locations: bool) -> Value {
    let mut tables = Map::new();
    for (id, t) in &b.tables {
        tables.insert(id.key(), table_json(t, locations));
    }
    json!({
        "format": "yusuan-budget",
        "version": JSON_VERSION,
        "unit": "元",
        "department": b.department,
        "year": b.year,
        "units": b.units.iter().map(|u| json!({"code": u.code, "name": u.name})).collect::<Vec<_>>(),
        "tables": tables,
        "missing": b.missing().iter().map(|id| id.key()).collect::<Vec<_>>(),
    })
}

/// Amounts by column. A zero and a blank cell are the same data (exports differ in which they
/// print), so neither appears.
fn amounts_json(values: &std::collections::BTreeMap<Col, Amount>, locations: bool) -> Value {
    let mut m = Map::new();
    for (col, a) in values.iter().filter(|(_, a)| !a.yuan.is_zero()) {
        m.insert(col.key(), amount_json(a, locations));
    }
    Value::Object(m)
}

fn amount_json(a: &Amount, locations: bool) -> Value {
    if locations {
        json!({"yuan": exact(a.yuan), "at": a.at.to_string()})
    } else {
        Value::String(exact(a.yuan))
    }
}

fn key_json(key: &RowKey) -> Value {
    match key {
        RowKey::Total => json!({"total": true}),
        RowKey::Unit(code) => json!({"unit": code}),
        RowKey::Income { carry, source } => json!({"income": source.key(), "carry_over": carry}),
        RowKey::Summary(s) => json!({"summary": serde_json::to_value(s).unwrap_or_default()}),
        RowKey::Function { unit, code } => json!({"function": code.as_str(), "unit": unit}),
        RowKey::Economic { unit, dept, gov } => {
            json!({"economic": dept.as_str(), "gov": gov.as_ref().map(|g| g.as_str()), "unit": unit})
        }
        RowKey::Project { unit, name } => json!({"project": name, "unit": unit}),
    }
}

fn row_json(t: &Table, r: &Row, locations: bool) -> Value {
    let mut m = Map::new();
    m.insert("key".into(), key_json(&r.key));
    // Names of 01/04's lines are layout (numbering, spacing); elsewhere they are data.
    let two_sided = matches!(t.id, TableId::T01 | TableId::T04);
    if !two_sided && r.key != RowKey::Total {
        m.insert("name".into(), Value::String(r.name.clone()));
    }
    for (k, v) in &r.text {
        m.insert((*k).into(), Value::String(v.clone()));
    }
    m.insert("values".into(), amounts_json(&r.values, locations));
    if locations {
        m.insert("at".into(), Value::String(r.at.to_string()));
    }
    Value::Object(m)
}

fn table_json(t: &Table, locations: bool) -> Value {
    let mut m = Map::new();
    m.insert("title".into(), Value::String(t.id.title().into()));
    // A 合计 row of zeros (an empty table) carries no more than no 合计 row.
    let total = t
        .total
        .as_ref()
        .filter(|r| r.values.values().any(|a| !a.yuan.is_zero()));
    m.insert(
        "total".into(),
        total
            .map(|r| row_json(t, r, locations))
            .unwrap_or(Value::Null),
    );
    m.insert(
        "rows".into(),
        Value::Array(t.rows.iter().map(|r| row_json(t, r, locations)).collect()),
    );
    m.insert(
        "notes".into(),
        Value::Array(
            t.notes
                .iter()
                .map(|n| Value::String(n.text.trim().to_string()))
                .collect(),
        ),
    );
    if let Some(p) = &t.performance {
        m.insert(
            "performance".into(),
            json!({
                "goal": p.goal,
                "tasks": p.tasks,
                "budget": amounts_json(&p.budget, locations),
                "indicators": p.indicators,
            }),
        );
    }
    if !t.targets.is_empty() {
        let targets: Vec<Value> = t
            .targets
            .iter()
            .map(|p| {
                json!({
                    "code": p.code,
                    "name": p.name,
                    "values": amounts_json(&p.values, locations),
                    "indicators": p.indicators,
                })
            })
            .collect();
        m.insert("targets".into(), Value::Array(targets));
    }
    if locations {
        m.insert("sheet".into(), Value::String(t.source.sheet.to_string()));
        m.insert("unit".into(), Value::String(t.source.unit.label().into()));
    }
    Value::Object(m)
}

/// The model for people: where each table was found, how its columns were read, its rows in
/// the table's own unit.
pub fn budget_text(b: &Budget) -> String {
    let mut out = String::new();
    let year = b
        .year
        .map(|y| format!("{y}年"))
        .unwrap_or_else(|| "年度未知".into());
    out.push_str(&format!(
        "部门：{}（{}）\n",
        if b.department.is_empty() {
            "未知"
        } else {
            &b.department
        },
        year
    ));
    for u in &b.units {
        out.push_str(&format!("  单位 {} {}\n", u.code, u.name));
    }
    for t in b.tables.values() {
        out.push('\n');
        out.push_str(&table_text(t));
    }
    let missing = b.missing();
    out.push('\n');
    if missing.is_empty() {
        out.push_str("12 张表全部找到。\n");
    } else {
        out.push_str("未找到的表：\n");
        for id in missing {
            out.push_str(&format!("  {} {}\n", id, id.title()));
        }
    }
    out
}

fn table_text(t: &Table) -> String {
    let s = &t.source;
    let unit = s.unit;
    let mut out = format!(
        "{} {} — 工作表“{}” 标题 {} 单位 {}{}\n",
        t.id,
        t.id.title(),
        s.sheet,
        s.title_at.a1(),
        unit.label(),
        s.unit_at
            .as_ref()
            .map(|a| format!("（{}）", a.a1()))
            .unwrap_or_else(|| "（取自表头）".into()),
    );
    if let Some((name, at)) = &s.dept_name {
        out.push_str(&format!("  部门名称行：{}（{}）\n", name, at.a1()));
    }
    if !s.columns.is_empty() {
        out.push_str(&format!(
            "  表头第 {}–{} 行；列：\n",
            s.header_rows.0 + 1,
            s.header_rows.1 + 1
        ));
        for c in &s.columns {
            out.push_str(&format!(
                "    {:>3} {} → {}\n",
                col_to_letters(c.col),
                c.labels.join(" / "),
                c.role
            ));
        }
    }
    let amounts = |values: &std::collections::BTreeMap<Col, Amount>| -> String {
        values
            .iter()
            .map(|(c, a)| format!("{} {}", c.label(), exact(unit.from_yuan(a.yuan))))
            .collect::<Vec<_>>()
            .join("，")
    };
    let detail = t.rows.len();
    out.push_str(&format!(
        "  {} 行明细{}\n",
        detail,
        if t.total.is_some() {
            "，1 行合计"
        } else {
            ""
        }
    ));
    if let Some(total) = &t.total {
        out.push_str(&format!("    合计：{}\n", amounts(&total.values)));
    }
    for r in &t.rows {
        let key = match &r.key {
            RowKey::Total => "合计".to_string(),
            RowKey::Unit(c) => format!("单位 {c}"),
            RowKey::Income { .. } | RowKey::Summary(_) => String::new(),
            RowKey::Function { unit, code } => match unit {
                Some(u) => format!("[{u}] {code}"),
                None => code.to_string(),
            },
            RowKey::Economic { dept, gov, .. } => match gov {
                Some(g) => format!("{dept}→{g}"),
                None => dept.to_string(),
            },
            RowKey::Project { .. } => "项目".into(),
        };
        out.push_str(
            &format!("    {} {}：{}\n", key, r.name, amounts(&r.values)).replace("    ：", "    "),
        );
    }
    if let Some(p) = &t.performance {
        out.push_str(&format!("  年度履职目标：{}\n", p.goal));
        out.push_str(&format!(
            "  主要任务 {} 项；预算：{}\n",
            p.tasks.len(),
            amounts(&p.budget)
        ));
        out.push_str(&format!("  绩效指标 {} 条\n", p.indicators.len()));
    }
    for target in &t.targets {
        out.push_str(&format!(
            "    项目 {} {}：{}；绩效指标 {} 条\n",
            target.code,
            target.name,
            amounts(&target.values),
            target.indicators.len()
        ));
    }
    for n in &t.notes {
        out.push_str(&format!("  注（{}）：{}\n", n.at.a1(), n.text.trim()));
    }
    out
}

//! `yusuan diff OLD NEW`: what changed between two exports of one department (`crate::diff`).
//! Exit 0 when they hold the same data, 1 when they differ, 2 when either cannot be read.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use serde_json::{json, Value};

use super::inputs::DocInputs;
use super::output::{diagnostic, exact, signed};
use crate::catalog::Catalog;
use crate::cli::{Format, Outcome};
use crate::diff::{self, Change};
use crate::error::Result;
use crate::pipeline::{self, Checked, DocSources};
use crate::publish::narrative;
use crate::validate::Settings;

/// Settings of `diff`.
#[derive(Debug, Clone)]
pub struct DiffConfig {
    pub old: PathBuf,
    pub new: PathBuf,
    pub format: Format,
    pub settings: Settings,
    /// With a profile (or prior export), the explanation's sentences are compared too.
    pub doc: DocInputs,
}

/// Runs `diff`.
///
/// # Errors
/// Either workbook cannot be read; profile, prior or template errors.
pub fn run(cfg: &DiffConfig, catalog: &Catalog) -> Result<Outcome> {
    let doc = cfg.doc.load()?;
    let old = pipeline::check(&pipeline::load(&cfg.old)?, catalog, &cfg.settings)?;
    let new = pipeline::check(&pipeline::load(&cfg.new)?, catalog, &cfg.settings)?;
    let changes = diff::budgets(&old.budget, &new.budget);
    let (fixed, came) = diff::findings(&old.findings, &new.findings);
    let text = if doc.given() {
        let (a, b) = (
            explanation(&old, &doc, catalog, &cfg.settings)?,
            explanation(&new, &doc, catalog, &cfg.settings)?,
        );
        diff::sentences(&a, &b)
    } else {
        Vec::new()
    };
    let same = changes.is_empty() && fixed.is_empty() && came.is_empty() && text.is_empty();
    match cfg.format {
        Format::Json => {
            let value = json!({
                "old": cfg.old.display().to_string(),
                "new": cfg.new.display().to_string(),
                "identical": same,
                "changes": changes.iter().map(change_json).collect::<Vec<_>>(),
                "findings_fixed": fixed.iter().map(|f| finding_json(f)).collect::<Vec<_>>(),
                "findings_new": came.iter().map(|f| finding_json(f)).collect::<Vec<_>>(),
                "sentences": text.iter().map(|(o, n)| json!({"old": o, "new": n})).collect::<Vec<_>>(),
            });
            let mut s = serde_json::to_string_pretty(&value).expect("plain JSON");
            s.push('\n');
            let _ = std::io::stdout().lock().write_all(s.as_bytes());
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut out = String::new();
            let paint = |code: &str, s: String| {
                if color {
                    format!("\x1b[{code}m{s}\x1b[0m")
                } else {
                    s
                }
            };
            let mut current = None;
            for c in &changes {
                if current != Some(c.table()) {
                    current = Some(c.table());
                    out.push_str(&format!("{} {}\n", c.table(), c.table().title()));
                }
                let line = match c {
                    Change::TableAdded(_) => paint("32", "  + 新增此表".into()),
                    Change::TableRemoved(_) => paint("31", "  - 删去此表".into()),
                    Change::RowAdded { row, values, .. } => {
                        paint("32", format!("  + {row}{}", figures(values)))
                    }
                    Change::RowRemoved { row, values, .. } => {
                        paint("31", format!("  - {row}{}", figures(values)))
                    }
                    Change::Figure {
                        row, col, old, new, ..
                    } => format!(
                        "  ~ {row} {}：{} → {}（{}）",
                        col.label(),
                        wan(*old),
                        wan(*new),
                        signed((new - old) / rust_decimal::Decimal::from(10_000))
                    ),
                    Change::Name { row, old, new, .. } => {
                        format!("  ~ {row} 名称：“{old}” → “{new}”")
                    }
                };
                out.push_str(&line);
                out.push('\n');
            }
            if !fixed.is_empty() || !came.is_empty() {
                out.push_str("核对结果\n");
                for f in &fixed {
                    out.push_str(&paint(
                        "32",
                        format!("  已改正 {}", diagnostic(&cfg.old, f, false)),
                    ));
                    out.push('\n');
                }
                for f in &came {
                    out.push_str(&paint(
                        "31",
                        format!("  新出现 {}", diagnostic(&cfg.new, f, false)),
                    ));
                    out.push('\n');
                }
            }
            if !text.is_empty() {
                out.push_str("说明文字\n");
                for (o, n) in &text {
                    out.push_str(&paint(
                        "31",
                        format!("  旧：{}", o.as_deref().unwrap_or("（无）")),
                    ));
                    out.push('\n');
                    out.push_str(&paint(
                        "32",
                        format!("  新：{}", n.as_deref().unwrap_or("（无）")),
                    ));
                    out.push('\n');
                }
            }
            if same {
                out.push_str("两份导出表的数据相同。\n");
            } else {
                out.push_str(&format!(
                    "共 {} 处数据变化，改正 {} 个问题，新出现 {} 个问题，说明文字 {} 句不同（金额单位：万元）\n",
                    changes.len(),
                    fixed.len(),
                    came.len(),
                    text.len()
                ));
            }
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
        }
    }
    Ok(if same {
        Outcome::Clean
    } else {
        Outcome::DataErrors
    })
}

/// The explanation's text for one export.
fn explanation(
    checked: &Checked,
    doc: &DocSources,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<String> {
    let mut publication = crate::publish::prepare_with(&checked.budget, catalog, settings);
    let story = pipeline::explain(&mut publication, doc, catalog)?;
    Ok(narrative::plain_text(&story.blocks))
}

/// 元 as 万元 with all its decimals (exact, as `check` prints amounts).
fn wan(yuan: rust_decimal::Decimal) -> String {
    exact(yuan / rust_decimal::Decimal::from(10_000))
}

fn figures(values: &[(crate::model::Col, rust_decimal::Decimal)]) -> String {
    if values.is_empty() {
        return String::new();
    }
    let list: Vec<String> = values
        .iter()
        .map(|(c, v)| format!("{} {}", c.label(), wan(*v)))
        .collect();
    format!("：{}", list.join("，"))
}

fn change_json(c: &Change) -> Value {
    let values = |v: &[(crate::model::Col, rust_decimal::Decimal)]| -> Value {
        v.iter()
            .map(|(c, x)| (c.key(), Value::String(exact(*x))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    match c {
        Change::TableAdded(t) => json!({"kind": "table_added", "table": t.key()}),
        Change::TableRemoved(t) => json!({"kind": "table_removed", "table": t.key()}),
        Change::RowAdded {
            table,
            row,
            values: v,
        } => {
            json!({"kind": "row_added", "table": table.key(), "row": row, "values_yuan": values(v)})
        }
        Change::RowRemoved {
            table,
            row,
            values: v,
        } => {
            json!({"kind": "row_removed", "table": table.key(), "row": row, "values_yuan": values(v)})
        }
        Change::Figure {
            table,
            row,
            col,
            old,
            new,
        } => json!({
            "kind": "figure", "table": table.key(), "row": row, "column": col.key(),
            "old_yuan": exact(*old), "new_yuan": exact(*new), "difference_yuan": exact(new - old),
        }),
        Change::Name {
            table,
            row,
            old,
            new,
        } => json!({"kind": "name", "table": table.key(), "row": row, "old": old, "new": new}),
    }
}

fn finding_json(f: &crate::finding::Finding) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "table": f.table.map(|t| t.key()),
        "cell": f.cell.as_ref().map(|c| c.to_string()),
        "message": f.message,
    })
}

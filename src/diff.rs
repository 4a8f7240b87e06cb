//! What changed between two exports of one department (issue 11, `yusuan diff`): figures
//! (table, row, column, old → new), rows and tables added and removed, names corrected,
//! findings fixed and new, and, with the document's inputs, the sentences of the explanation
//! that change. Rows are matched by their key (code, unit, project), never by position, so two
//! layouts of the same data compare as identical.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::finding::Finding;
use crate::model::{Budget, Col, Row, RowKey, Table, TableId};

/// One difference.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    TableAdded(TableId),
    TableRemoved(TableId),
    /// A row only in the new export, with its non-zero figures (元).
    RowAdded {
        table: TableId,
        row: String,
        values: Vec<(Col, Decimal)>,
    },
    RowRemoved {
        table: TableId,
        row: String,
        values: Vec<(Col, Decimal)>,
    },
    /// A figure of a row in both (元; a blank cell is zero).
    Figure {
        table: TableId,
        row: String,
        col: Col,
        old: Decimal,
        new: Decimal,
    },
    /// The name printed beside a row in both.
    Name {
        table: TableId,
        row: String,
        old: String,
        new: String,
    },
}

impl Change {
    /// The table it is about.
    pub fn table(&self) -> TableId {
        match self {
            Change::TableAdded(t) | Change::TableRemoved(t) => *t,
            Change::RowAdded { table, .. }
            | Change::RowRemoved { table, .. }
            | Change::Figure { table, .. }
            | Change::Name { table, .. } => *table,
        }
    }
}

/// Every difference of figures, rows, names and tables, in table and row order.
pub fn budgets(old: &Budget, new: &Budget) -> Vec<Change> {
    let mut changes = Vec::new();
    for id in TableId::ALL {
        match (old.table(id), new.table(id)) {
            (None, None) => {}
            (Some(_), None) => changes.push(Change::TableRemoved(id)),
            (None, Some(_)) => changes.push(Change::TableAdded(id)),
            (Some(a), Some(b)) => tables(a, b, &mut changes),
        }
    }
    changes
}

/// A row's identity within a table, and how it is shown.
fn rows_of(t: &Table) -> BTreeMap<RowKey, (String, &Row)> {
    let mut rows = BTreeMap::new();
    for r in t.rows.iter().chain(t.total.as_ref()) {
        rows.insert(r.key.clone(), (label(t.id, r), r));
    }
    rows
}

/// A row as a person finds it in the table: its code (or unit, or project) and name.
fn label(id: TableId, r: &Row) -> String {
    let name = r.name.trim();
    match &r.key {
        RowKey::Total => "合计".to_string(),
        RowKey::Unit(code) => format!("{code} {name}"),
        RowKey::Function { unit, code } => with_unit(unit, &format!("{} {name}", code.as_str())),
        RowKey::Economic { unit, dept, gov } => {
            let gov = gov.as_ref().map(|g| format!("（政府 {}）", g.as_str()));
            with_unit(
                unit,
                &format!("{} {name}{}", dept.as_str(), gov.unwrap_or_default()),
            )
        }
        RowKey::Project { unit, name } => format!("{unit} {name}"),
        // 01/04's lines: their names are layout (numbering); the line is what it is.
        RowKey::Income { .. } | RowKey::Summary(_) if matches!(id, TableId::T01 | TableId::T04) => {
            crate::catalog::strip_numbering(name).to_string()
        }
        _ => name.to_string(),
    }
}

fn with_unit(unit: &Option<String>, text: &str) -> String {
    match unit {
        Some(u) => format!("[{u}] {text}"),
        None => text.to_string(),
    }
}

/// The row's figures, zeros left out (a zero and a blank are the same data).
fn figures(r: &Row) -> BTreeMap<Col, Decimal> {
    r.values
        .iter()
        .filter(|(_, a)| !a.yuan.is_zero())
        .map(|(c, a)| (*c, a.yuan))
        .collect()
}

fn tables(a: &Table, b: &Table, changes: &mut Vec<Change>) {
    let id = a.id;
    let (old, new) = (rows_of(a), rows_of(b));
    let keys: BTreeSet<&RowKey> = old.keys().chain(new.keys()).collect();
    for key in keys {
        match (old.get(key), new.get(key)) {
            (Some((row, r)), None) => changes.push(Change::RowRemoved {
                table: id,
                row: row.clone(),
                values: figures(r).into_iter().collect(),
            }),
            (None, Some((row, r))) => changes.push(Change::RowAdded {
                table: id,
                row: row.clone(),
                values: figures(r).into_iter().collect(),
            }),
            (Some((_, x)), Some((row, y))) => {
                let two_sided = matches!(id, TableId::T01 | TableId::T04);
                if !two_sided && key != &RowKey::Total && x.name.trim() != y.name.trim() {
                    changes.push(Change::Name {
                        table: id,
                        row: row.clone(),
                        old: x.name.trim().to_string(),
                        new: y.name.trim().to_string(),
                    });
                }
                let (fx, fy) = (figures(x), figures(y));
                let cols: BTreeSet<&Col> = fx.keys().chain(fy.keys()).collect();
                for col in cols {
                    let (o, n) = (
                        fx.get(col).copied().unwrap_or_default(),
                        fy.get(col).copied().unwrap_or_default(),
                    );
                    if o != n {
                        changes.push(Change::Figure {
                            table: id,
                            row: row.clone(),
                            col: *col,
                            old: o,
                            new: n,
                        });
                    }
                }
            }
            (None, None) => {}
        }
    }
    // 12's projects, by project code.
    let targets = |t: &Table| -> BTreeMap<String, (String, BTreeMap<Col, Decimal>)> {
        t.targets
            .iter()
            .map(|p| {
                let values = p
                    .values
                    .iter()
                    .filter(|(_, a)| !a.yuan.is_zero())
                    .map(|(c, a)| (*c, a.yuan))
                    .collect();
                (
                    p.code.clone(),
                    (format!("{} {}", p.code, p.name.trim()), values),
                )
            })
            .collect()
    };
    let (old, new) = (targets(a), targets(b));
    let codes: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for code in codes {
        match (old.get(code), new.get(code)) {
            (Some((row, v)), None) => changes.push(Change::RowRemoved {
                table: id,
                row: row.clone(),
                values: v.clone().into_iter().collect(),
            }),
            (None, Some((row, v))) => changes.push(Change::RowAdded {
                table: id,
                row: row.clone(),
                values: v.clone().into_iter().collect(),
            }),
            (Some((_, x)), Some((row, y))) => {
                let cols: BTreeSet<&Col> = x.keys().chain(y.keys()).collect();
                for col in cols {
                    let (o, n) = (
                        x.get(col).copied().unwrap_or_default(),
                        y.get(col).copied().unwrap_or_default(),
                    );
                    if o != n {
                        changes.push(Change::Figure {
                            table: id,
                            row: row.clone(),
                            col: *col,
                            old: o,
                            new: n,
                        });
                    }
                }
            }
            (None, None) => {}
        }
    }
}

/// A finding's identity across two exports: its rule, table and message (cells move when a
/// row is added above them, so they are left out).
fn finding_key(f: &Finding) -> (String, Option<TableId>, String) {
    (f.rule.to_string(), f.table, f.message.clone())
}

/// Errors and warnings of the old export that the new one no longer has, and those only the
/// new has. Infos are left out: they are about a file's form (its unit, an unlabelled 合计
/// row), which two layouts of the same data do not share.
pub fn findings<'a>(
    old: &'a [Finding],
    new: &'a [Finding],
) -> (Vec<&'a Finding>, Vec<&'a Finding>) {
    let kept = |f: &&Finding| f.severity != crate::finding::Severity::Info;
    let (ko, kn): (BTreeSet<_>, BTreeSet<_>) = (
        old.iter().filter(kept).map(finding_key).collect(),
        new.iter().filter(kept).map(finding_key).collect(),
    );
    (
        old.iter()
            .filter(kept)
            .filter(|f| !kn.contains(&finding_key(f)))
            .collect(),
        new.iter()
            .filter(kept)
            .filter(|f| !ko.contains(&finding_key(f)))
            .collect(),
    )
}

/// The sentences (to each 。) of two texts that differ: the old ones gone and the new ones
/// come, paired in order so that they read side by side.
pub fn sentences(old: &str, new: &str) -> Vec<(Option<String>, Option<String>)> {
    let split = |text: &str| -> Vec<String> {
        text.split_inclusive(['。', '\n'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (a, b) = (split(old), split(new));
    let (sa, sb): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    let gone: Vec<&String> = a.iter().filter(|s| !sb.contains(s)).collect();
    let come: Vec<&String> = b.iter().filter(|s| !sa.contains(s)).collect();
    (0..gone.len().max(come.len()))
        .map(|i| {
            (
                gone.get(i).map(|s| s.to_string()),
                come.get(i).map(|s| s.to_string()),
            )
        })
        .collect()
}

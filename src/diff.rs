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

/// What a row is compared by: how it is shown, the name printed beside it (where a name is
/// data), and its figures (zeros left out: a zero and a blank are the same data).
struct Line {
    label: String,
    name: Option<String>,
    figures: BTreeMap<Col, Decimal>,
}

fn nonzero<'a>(
    values: impl Iterator<Item = (&'a Col, &'a crate::model::Amount)>,
) -> BTreeMap<Col, Decimal> {
    values
        .filter(|(_, a)| !a.yuan.is_zero())
        .map(|(c, a)| (*c, a.yuan))
        .collect()
}

/// The table's rows by key.
fn rows_of(t: &Table) -> BTreeMap<RowKey, Line> {
    // Names of 01/04's lines are layout (numbering); elsewhere they are data.
    let named = !matches!(t.id, TableId::T01 | TableId::T04);
    t.rows
        .iter()
        .chain(t.total.as_ref())
        .map(|r| {
            let line = Line {
                label: label(t.id, r),
                name: (named && r.key != RowKey::Total).then(|| r.name.trim().to_string()),
                figures: nonzero(r.values.iter()),
            };
            (r.key.clone(), line)
        })
        .collect()
}

/// 12's projects by project code.
fn targets_of(t: &Table) -> BTreeMap<String, Line> {
    t.targets
        .iter()
        .map(|p| {
            let line = Line {
                label: format!("{} {}", p.code, p.name.trim()),
                name: None,
                figures: nonzero(p.values.iter()),
            };
            (p.code.clone(), line)
        })
        .collect()
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

fn tables(a: &Table, b: &Table, changes: &mut Vec<Change>) {
    lines(a.id, &rows_of(a), &rows_of(b), changes);
    lines(a.id, &targets_of(a), &targets_of(b), changes);
}

/// The differences of two sets of lines of one table, matched by key.
fn lines<K: Ord>(
    table: TableId,
    old: &BTreeMap<K, Line>,
    new: &BTreeMap<K, Line>,
    changes: &mut Vec<Change>,
) {
    let keys: BTreeSet<&K> = old.keys().chain(new.keys()).collect();
    for key in keys {
        match (old.get(key), new.get(key)) {
            (Some(x), None) => changes.push(Change::RowRemoved {
                table,
                row: x.label.clone(),
                values: x.figures.clone().into_iter().collect(),
            }),
            (None, Some(y)) => changes.push(Change::RowAdded {
                table,
                row: y.label.clone(),
                values: y.figures.clone().into_iter().collect(),
            }),
            (Some(x), Some(y)) => {
                if let (Some(o), Some(n)) = (&x.name, &y.name) {
                    if o != n {
                        changes.push(Change::Name {
                            table,
                            row: y.label.clone(),
                            old: o.clone(),
                            new: n.clone(),
                        });
                    }
                }
                let cols: BTreeSet<&Col> = x.figures.keys().chain(y.figures.keys()).collect();
                for col in cols {
                    let (o, n) = (
                        x.figures.get(col).copied().unwrap_or_default(),
                        y.figures.get(col).copied().unwrap_or_default(),
                    );
                    if o != n {
                        changes.push(Change::Figure {
                            table,
                            row: y.label.clone(),
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

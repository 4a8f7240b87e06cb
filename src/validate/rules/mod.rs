//! The rule families, one file each: `presence` (READ: tables, notes, names, years),
//! `sum` (SUM: totals inside one table), `xref` (XREF: the same figure across tables),
//! `code` (CODE: classification codes and names). Helpers shared by them live here.

pub mod code;
pub mod presence;
pub mod sum;
pub mod xref;

use std::collections::BTreeMap;

use crate::model::{Col, FunctionCode, Row, RowKey, Table};
use crate::validate::Figure;

/// The nearest ancestor row a coded row has in the same table and unit: its 款, else its 类
/// (a table may print 类 and 项 rows without the 款 between them).
pub fn parent_key(t: &Table, row: &Row) -> Option<RowKey> {
    match &row.key {
        RowKey::Function { unit, code } => {
            let mut up = code.parent();
            while let Some(p) = up {
                let key = RowKey::Function {
                    unit: unit.clone(),
                    code: p.clone(),
                };
                if t.rows.iter().any(|r| r.key == key) {
                    return Some(key);
                }
                up = p.parent();
            }
            None
        }
        RowKey::Economic { unit, dept, .. } if !dept.is_class() => {
            // The class row of 07 carries its own 政府 code or none: find it by 部门 code.
            let class = dept.class();
            t.rows
                .iter()
                .find(|r| matches!(&r.key, RowKey::Economic { unit: u, dept: d, .. } if u == unit && *d == class))
                .map(|r| r.key.clone())
        }
        _ => None,
    }
}

/// Rows of a coded table whose parent the table does not print (the top of each hierarchy).
pub fn root_rows(t: &Table) -> Vec<&Row> {
    t.rows
        .iter()
        .filter(|r| {
            matches!(
                r.key,
                RowKey::Function { .. } | RowKey::Economic { .. } | RowKey::Project { .. }
            )
        })
        .filter(|r| parent_key(t, r).is_none())
        .collect()
}

/// A coded table's amount of `col` by function class (类), summed over its root rows (a class
/// row where printed, else its 款 or 项 rows), with the cells that make it up.
pub fn by_class(t: &Table, col: Col) -> BTreeMap<String, Vec<Figure>> {
    let mut out: BTreeMap<String, Vec<Figure>> = BTreeMap::new();
    for r in root_rows(t) {
        if let RowKey::Function { code, .. } = &r.key {
            out.entry(code.category().as_str().to_string())
                .or_default()
                .push(Figure::of(t, r, col));
        }
    }
    out
}

/// The rows of a two-sided table (01/04) that are function classes.
pub fn class_lines(t: &Table) -> Vec<(&FunctionCode, &Row)> {
    t.rows
        .iter()
        .filter_map(|r| match &r.key {
            RowKey::Function { code, .. } => Some((code, r)),
            _ => None,
        })
        .collect()
}

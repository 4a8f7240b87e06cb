//! Completing a model with the 类/款 subtotal rows its export leaves out, so that two exports of
//! the same budget compare equal whether or not they print subtotals (the published tables
//! always do). Derived rows are exact sums of the rows below them.

use std::collections::BTreeMap;

use super::{Amount, Budget, EconomicCode, Row, RowKey, TableId};
use crate::catalog::Catalog;

/// Adds every missing 类 and 款 row of 03, 05, 09 (function codes) and every missing 类 row of
/// 06 and 07 (economic codes), within each unit.
pub fn complete_subtotals(budget: &mut Budget, catalog: &Catalog) {
    for (id, t) in budget.tables.iter_mut() {
        let function = matches!(id, TableId::T03 | TableId::T05 | TableId::T09);
        let economic = matches!(id, TableId::T06 | TableId::T07);
        if !function && !economic {
            continue;
        }
        let mut added: BTreeMap<RowKey, Row> = BTreeMap::new();
        for r in &t.rows {
            for (key, name) in ancestors(&r.key, catalog) {
                if t.rows.iter().any(|x| x.key == key) {
                    continue;
                }
                added.entry(key.clone()).or_insert_with(|| Row {
                    key,
                    name,
                    at: r.at.clone(),
                    values: BTreeMap::new(),
                    text: BTreeMap::new(),
                });
            }
        }
        // Sum the leaves (rows with no printed or derived child) into every derived ancestor.
        let all: Vec<RowKey> = t
            .rows
            .iter()
            .map(|r| r.key.clone())
            .chain(added.keys().cloned())
            .collect();
        for r in &t.rows {
            let has_child = all.iter().any(|k| k != &r.key && is_under(k, &r.key));
            if has_child {
                continue;
            }
            for (key, _) in ancestors(&r.key, catalog) {
                if let Some(d) = added.get_mut(&key) {
                    for (col, a) in &r.values {
                        let e = d.values.entry(*col).or_insert(Amount {
                            yuan: Default::default(),
                            at: a.at.clone(),
                        });
                        e.yuan += a.yuan;
                    }
                }
            }
        }
        t.rows.extend(added.into_values());
        t.rows.sort_by(|a, b| a.key.cmp(&b.key));
    }
}

/// The 类/款 rows above a row, with their catalogue names.
fn ancestors(key: &RowKey, catalog: &Catalog) -> Vec<(RowKey, String)> {
    match key {
        RowKey::Function { unit, code } => {
            let mut out = Vec::new();
            let mut up = code.parent();
            while let Some(p) = up {
                let name = catalog.function_name(&p).unwrap_or_default().to_string();
                out.push((
                    RowKey::Function {
                        unit: unit.clone(),
                        code: p.clone(),
                    },
                    name,
                ));
                up = p.parent();
            }
            out
        }
        RowKey::Economic { unit, dept, .. } if !dept.is_class() => {
            let class: EconomicCode = dept.class();
            let name = catalog
                .economic_name(&class)
                .unwrap_or_default()
                .to_string();
            vec![(
                RowKey::Economic {
                    unit: unit.clone(),
                    dept: class,
                    gov: None,
                },
                name,
            )]
        }
        _ => Vec::new(),
    }
}

/// Is `child` below `parent` in the code hierarchy (same unit)?
fn is_under(child: &RowKey, parent: &RowKey) -> bool {
    match (child, parent) {
        (RowKey::Function { unit: u1, code: c }, RowKey::Function { unit: u2, code: p }) => {
            u1 == u2 && c.as_str().len() > p.as_str().len() && c.as_str().starts_with(p.as_str())
        }
        (
            RowKey::Economic {
                unit: u1, dept: c, ..
            },
            RowKey::Economic {
                unit: u2, dept: p, ..
            },
        ) => u1 == u2 && p.is_class() && !c.is_class() && c.class() == *p,
        _ => false,
    }
}

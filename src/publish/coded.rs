//! The printed rows of the coded and listed tables (02, 03, 05–10, 12's unit rows): 合计, then
//! each unit with its rows, with the 类 and 款 subtotal rows the official layout prints and
//! the export may leave out, named from the catalogue. Each row lists the rows it adds up
//! (`PubRow::children`), which the rounding keeps true in print.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{label_of, values_wan, Kind, PubRow, PubTable};
use crate::catalog::Catalog;
use crate::model::{Budget, Col, FunctionCode, Row, RowKey, Table, TableId};

/// The rows of a coded or listed table: 合计, then each unit with its rows, with 类 and 款
/// subtotal rows added where the export prints only the rows below them.
pub(super) fn build_rows(pt: &mut PubTable, t: &Table, budget: &Budget, catalog: &Catalog) {
    let mut rows: Vec<PubRow> = Vec::new();
    let mut total = PubRow::new(Kind::Total, "合计");
    if let Some(r) = &t.total {
        total.values = values_wan(r);
    }
    rows.push(total);
    let units = add_unit_rows(&mut rows, t, budget);
    match t.id {
        TableId::T03 | TableId::T05 | TableId::T09 => {
            // Group function rows by unit, complete the hierarchy, in code order.
            let mut by_unit: BTreeMap<Option<String>, CodedRows> = BTreeMap::new();
            for r in &t.rows {
                if let RowKey::Function { unit, code } = &r.key {
                    by_unit
                        .entry(unit.clone())
                        .or_default()
                        .insert(code.clone(), (label_of(r), values_wan(r)));
                }
            }
            for (unit, codes) in by_unit {
                let parent = units.home(unit.as_ref());
                add_function_rows(&mut rows, parent, codes, catalog);
            }
        }
        TableId::T06 | TableId::T07 => {
            let mut by_unit: BTreeMap<Option<String>, Vec<&Row>> = BTreeMap::new();
            for r in &t.rows {
                if let RowKey::Economic { unit, .. } = &r.key {
                    by_unit.entry(unit.clone()).or_default().push(r);
                }
            }
            for (unit, list) in by_unit {
                let parent = units.home(unit.as_ref());
                add_economic_rows(&mut rows, parent, &list, catalog);
            }
        }
        TableId::T10 => add_project_rows(&mut rows, t, budget, &units),
        _ => {}
    }
    pt.rows = preorder(rows);
}

/// Where the unit rows of a table stand among its printed rows.
struct Units {
    /// Unit code → its row.
    index: BTreeMap<String, usize>,
    /// The rows of units without sub-units.
    leaves: Vec<usize>,
}

impl Units {
    /// The row that rows of `unit` go under. Where rows carry no unit, they belong to the one
    /// unit of the table (or to 合计).
    fn home(&self, unit: Option<&String>) -> usize {
        match unit {
            Some(u) => self.index.get(u).copied().unwrap_or(0),
            None if self.leaves.len() == 1 => self.leaves[0],
            None => 0,
        }
    }
}

/// Unit rows, each under its parent unit (047 › 047001), the department under 合计 (row 0).
fn add_unit_rows(rows: &mut Vec<PubRow>, t: &Table, budget: &Budget) -> Units {
    let units: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| matches!(r.key, RowKey::Unit(_)))
        .collect();
    let unit_code = |r: &Row| match &r.key {
        RowKey::Unit(c) => c.clone(),
        _ => String::new(),
    };
    let mut unit_index: BTreeMap<String, usize> = BTreeMap::new();
    for u in &units {
        let code = unit_code(u);
        let mut row = PubRow::new(Kind::Unit(code.clone()), label_of(u));
        row.values = values_wan(u);
        if row.label.is_empty() {
            row.label = budget
                .units
                .iter()
                .find(|x| x.code == code)
                .map(|x| x.name.clone())
                .unwrap_or_default();
        }
        let parent = unit_index
            .iter()
            .filter(|(c, _)| code.starts_with(c.as_str()) && c.len() < code.len())
            .max_by_key(|(c, _)| c.len())
            .map(|(_, i)| *i)
            .unwrap_or(0);
        rows.push(row);
        let i = rows.len() - 1;
        rows[parent].children.push(i);
        unit_index.insert(code, i);
    }
    let leaves: Vec<usize> = unit_index
        .values()
        .copied()
        .filter(|i| rows[*i].children.is_empty())
        .collect();
    Units {
        index: unit_index,
        leaves,
    }
}

/// 10's projects, each under its unit. Projects in the order of their codes in 12 (10 prints
/// no code), so that both tables list them alike; projects 12 lacks follow by name.
fn add_project_rows(rows: &mut Vec<PubRow>, t: &Table, budget: &Budget, units: &Units) {
    // Each project's code in 12, by name (the first project of that name).
    let mut codes: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for p in budget.table(TableId::T12).map_or(&[][..], |t| &t.targets) {
        codes.entry(p.name.trim()).or_insert(&p.code);
    }
    let mut projects: Vec<&Row> = t.rows.iter().collect();
    projects.sort_by_cached_key(|r| match &r.key {
        RowKey::Project { name, .. } => {
            let code = codes.get(name.trim()).copied();
            (code.is_none(), code, name.as_str())
        }
        _ => (true, None, ""),
    });
    for r in projects {
        if let RowKey::Project { unit, name } = &r.key {
            let parent = if units.leaves.len() > 1 {
                units
                    .leaves
                    .iter()
                    .copied()
                    .find(|i| rows[*i].label == unit.trim())
                    .unwrap_or(0)
            } else {
                units.home(None)
            };
            let kind = r.text.get("kind").cloned().unwrap_or_default();
            let mut row = PubRow::new(
                Kind::Project {
                    kind,
                    unit: unit.trim().to_string(),
                },
                name.trim(),
            );
            row.values = values_wan(r);
            rows.push(row);
            let i = rows.len() - 1;
            rows[parent].children.push(i);
        }
    }
}

/// The rows no other row lists as a child, in order (the tops of the row tree).
pub(crate) fn roots(rows: &[PubRow]) -> Vec<usize> {
    let is_child: std::collections::BTreeSet<usize> = rows
        .iter()
        .flat_map(|r| r.children.iter().copied())
        .collect();
    (0..rows.len()).filter(|i| !is_child.contains(i)).collect()
}

/// Rows in print order: each row followed by the rows under it (a unit's block under its unit
/// row), children indexes renumbered.
fn preorder(rows: Vec<PubRow>) -> Vec<PubRow> {
    fn visit(rows: &[PubRow], i: usize, order: &mut Vec<usize>) {
        order.push(i);
        for c in &rows[i].children {
            visit(rows, *c, order);
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    for i in roots(&rows) {
        visit(&rows, i, &mut order);
    }
    let mut new_index = vec![0; rows.len()];
    for (new, old) in order.iter().enumerate() {
        new_index[*old] = new;
    }
    let mut slots: Vec<Option<PubRow>> = rows.into_iter().map(Some).collect();
    order
        .iter()
        .map(|old| {
            let mut r = slots[*old].take().expect("each row visited once");
            for c in &mut r.children {
                *c = new_index[*c];
            }
            r
        })
        .collect()
}

/// Function rows of one unit as the export gives them: code → (name, figures).
type CodedRows = BTreeMap<FunctionCode, Figures>;

/// A row's name and figures.
type Figures = (String, BTreeMap<Col, Decimal>);

/// Adds function rows under `parent`: every 类 and 款 of the codes given, named from the
/// catalogue where the export prints only lower rows, with the export's own rows as they are.
fn add_function_rows(rows: &mut Vec<PubRow>, parent: usize, codes: CodedRows, catalog: &Catalog) {
    let mut all: BTreeMap<FunctionCode, Option<Figures>> = BTreeMap::new();
    for (code, v) in codes {
        let mut up = code.parent();
        while let Some(p) = up {
            all.entry(p.clone()).or_insert(None);
            up = p.parent();
        }
        all.insert(code, Some(v));
    }
    let mut index: BTreeMap<FunctionCode, usize> = BTreeMap::new();
    for (code, given) in all {
        let (label, values) = match given {
            Some((name, values)) => {
                let name = if name.is_empty() {
                    catalog.function_name(&code).unwrap_or_default().to_string()
                } else {
                    name
                };
                (name, values)
            }
            None => (
                catalog.function_name(&code).unwrap_or_default().to_string(),
                BTreeMap::new(),
            ),
        };
        let mut row = PubRow::new(Kind::Function(code.clone()), label);
        row.values = values;
        rows.push(row);
        let i = rows.len() - 1;
        let mut up = code.parent();
        let mut attached = false;
        while let Some(p) = up {
            if let Some(pi) = index.get(&p) {
                rows[*pi].children.push(i);
                attached = true;
                break;
            }
            up = p.parent();
        }
        if !attached {
            rows[parent].children.push(i);
        }
        index.insert(code, i);
    }
    fill_derived(rows);
}

/// Economic rows under `parent`: a 类 row over its 款 rows (added where missing), in code order.
fn add_economic_rows(rows: &mut Vec<PubRow>, parent: usize, list: &[&Row], catalog: &Catalog) {
    let mut sorted: Vec<&Row> = list.to_vec();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    let mut class_index: BTreeMap<String, usize> = BTreeMap::new();
    for r in sorted {
        let RowKey::Economic { dept, gov, .. } = &r.key else {
            continue;
        };
        let gov_name = r.text.get("gov_name").cloned().unwrap_or_default();
        let name = if r.name.trim().is_empty() {
            catalog.economic_name(dept).unwrap_or_default().to_string()
        } else {
            label_of(r)
        };
        let mut row = PubRow::new(
            Kind::Economic {
                dept: dept.clone(),
                gov: gov.clone(),
                gov_name,
            },
            name,
        );
        row.values = values_wan(r);
        if dept.is_class() {
            rows.push(row);
            let i = rows.len() - 1;
            rows[parent].children.push(i);
            class_index.insert(dept.as_str().to_string(), i);
            continue;
        }
        let class = dept.class();
        let ci = match class_index.get(class.as_str()) {
            Some(i) => *i,
            None => {
                let name = catalog
                    .economic_name(&class)
                    .unwrap_or_default()
                    .to_string();
                rows.push(PubRow::new(
                    Kind::Economic {
                        dept: class.clone(),
                        gov: None,
                        gov_name: String::new(),
                    },
                    name,
                ));
                let i = rows.len() - 1;
                rows[parent].children.push(i);
                class_index.insert(class.as_str().to_string(), i);
                i
            }
        };
        rows.push(row);
        let i = rows.len() - 1;
        rows[ci].children.push(i);
    }
    fill_derived(rows);
}

/// Rows added by yusuan (no values of their own) carry the sum of their children.
fn fill_derived(rows: &mut [PubRow]) {
    fn fill(rows: &mut [PubRow], i: usize) {
        let children = rows[i].children.clone();
        for c in &children {
            fill(rows, *c);
        }
        if rows[i].values.is_empty() && !children.is_empty() {
            let mut sum: BTreeMap<Col, Decimal> = BTreeMap::new();
            for c in &children {
                for (col, v) in &rows[*c].values {
                    *sum.entry(*col).or_default() += *v;
                }
            }
            rows[i].values = sum;
        }
    }
    for i in roots(rows) {
        fill(rows, i);
    }
}

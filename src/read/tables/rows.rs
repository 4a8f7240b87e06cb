//! What the row readers of every family share: the reader over one table's data rows, its
//! amount and text cells, notes, and how read rows become the table's keyed rows (units
//! assigned, duplicates reported, the total apart).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use super::header::Header;
use super::labels::{is_note, Role};
use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::model::{Amount, CellRef, Col, Note, Row, RowKey, Table, TableId, Unit};
use crate::read::cell::{amount_from_cell, Amount as CellAmount, Cell};
use crate::read::Grid;
use crate::text::{normalize_label, normalized_chars};

/// Reads the data rows of one table whose header is known.
pub(super) struct RowReader<'a> {
    pub(super) grid: &'a Grid,
    pub(super) id: TableId,
    pub(super) catalog: &'a Catalog,
    pub(super) unit: Unit,
    pub(super) header: &'a Header,
    pub(super) findings: &'a mut Vec<Finding>,
}

/// A data row before it is keyed.
pub(super) struct Raw {
    pub(super) key: Option<RowKey>,
    pub(super) name: String,
    pub(super) at: CellRef,
    pub(super) values: BTreeMap<Col, Amount>,
    pub(super) text: BTreeMap<&'static str, String>,
    pub(super) is_unit: bool,
}

impl Raw {
    /// A row of no unit and no text columns.
    pub(super) fn new(
        key: Option<RowKey>,
        name: String,
        at: CellRef,
        values: BTreeMap<Col, Amount>,
    ) -> Raw {
        Raw {
            key,
            name,
            at,
            values,
            text: BTreeMap::new(),
            is_unit: false,
        }
    }
}

impl RowReader<'_> {
    pub(super) fn cols(&self, pred: impl Fn(Role) -> bool) -> Vec<u32> {
        self.header
            .columns
            .iter()
            .filter(|(_, _, r)| r.is_some_and(&pred))
            .map(|(c, _, _)| *c)
            .collect()
    }

    /// The first non-empty text of the row in a column whose role `pred` accepts; only the
    /// text found is copied.
    pub(super) fn text_of(&self, r: u32, pred: impl Fn(Role) -> bool) -> Option<(String, u32)> {
        self.header
            .columns
            .iter()
            .filter(|(_, _, role)| role.is_some_and(&pred))
            .map(|(c, _, _)| (self.grid.text_ref(r, *c), *c))
            .find(|(t, _)| !t.is_empty())
            .map(|(t, c)| (t.into_owned(), c))
    }

    /// Reads one amount cell; an unreadable cell becomes a finding and no value.
    pub(super) fn amount(&mut self, r: u32, c: u32) -> Option<Amount> {
        let at = self.grid.cell_ref(r, c);
        match amount_from_cell(self.grid.get(r, c)) {
            CellAmount::Blank => None,
            CellAmount::Value(v) => Some(Amount {
                yuan: v * self.unit.in_yuan(),
                at,
            }),
            CellAmount::Unreadable(s) => {
                self.findings.push(
                    Finding::new(
                        "READ-001",
                        Severity::Error,
                        format!("金额单元格无法读取为数字：“{s}”"),
                    )
                    .at(Some(self.id), Some(at)),
                );
                None
            }
            CellAmount::FormulaWithoutValue(f) => {
                self.findings.push(
                    Finding::new(
                        "READ-002",
                        Severity::Error,
                        format!("公式未计算：单元格只有公式 ={f}，没有保存计算结果。请在 Excel/WPS 中打开、重新计算并保存"),
                    )
                    .at(Some(self.id), Some(at)),
                );
                None
            }
        }
    }

    /// The amount columns of the header: (column, what it holds).
    pub(super) fn amount_columns(&self) -> Vec<(u32, Col)> {
        self.header
            .columns
            .iter()
            .filter_map(|(c, _, role)| match role {
                Some(Role::Amount(col)) => Some((*c, *col)),
                _ => None,
            })
            .collect()
    }

    /// The row's amounts by what they hold; where two columns hold the same figure, the first.
    pub(super) fn amounts(&mut self, r: u32) -> BTreeMap<Col, Amount> {
        let mut values = BTreeMap::new();
        // The header outlives the reader's borrow: walk its columns without collecting them.
        let header = self.header;
        for (c, _, role) in &header.columns {
            if let Some(Role::Amount(col)) = role {
                if let Some(a) = self.amount(r, *c) {
                    values.entry(*col).or_insert(a);
                }
            }
        }
        values
    }

    /// A note row (备注：…, 注：…): its text, if the row is one.
    pub(super) fn note(&self, r: u32) -> Option<Note> {
        let (c, text) = (0..self.grid.row_width(r))
            .map(|c| (c, self.grid.text_ref(r, c)))
            .find(|(_, t)| !t.is_empty())?;
        // A note starts with 注, 备 or 说: most rows are told apart without normalising them.
        let may_be_note = matches!(normalized_chars(&text).next(), Some('注' | '备' | '说'));
        (may_be_note && is_note(&normalize_label(&text))).then(|| Note {
            text: text.into_owned(),
            at: self.grid.cell_ref(r, c),
        })
    }

    pub(super) fn data_rows(&self) -> impl Iterator<Item = u32> + '_ {
        (self.header.data_start..self.grid.height()).filter(|r| !self.grid.is_row_empty(*r))
    }

    /// The first text of a row outside its amount columns (a number in an amount column is
    /// no label).
    pub(super) fn first_text(&self, r: u32) -> Option<(String, u32)> {
        let is_amount = |c: u32| {
            self.header
                .columns
                .iter()
                .any(|(ac, _, role)| *ac == c && matches!(role, Some(Role::Amount(_))))
        };
        (0..self.grid.row_width(r))
            .filter(|c| !is_amount(*c))
            .map(|c| (self.grid.text_ref(r, c), c))
            .find(|(t, _)| !t.is_empty())
            .map(|(t, c)| (t.into_owned(), c))
    }

    /// Keys rows by unit where the table breaks down by more than one unit, checks duplicates,
    /// and puts rows in key order with the total apart.
    pub(super) fn finish_rows(&mut self, table: &mut Table, mut raws: Vec<Raw>) {
        units_in_code_column(&mut raws, self.catalog);
        assign_units(&mut raws);
        let twins = earlier_twins(&raws);
        for (raw, first) in raws.into_iter().zip(twins) {
            let Some(key) = raw.key else { continue };
            if let Some(first) = first {
                let severity = if raw.values.is_empty() {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                self.findings.push(
                    Finding::new(
                        "READ-007",
                        severity,
                        format!(
                            "重复的行“{}”：与 {} 是同一项目，此行未读取",
                            raw.name,
                            first.a1()
                        ),
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
                continue;
            }
            if key == RowKey::Total && raw.text.contains_key("unlabeled") {
                self.findings.push(
                    Finding::new(
                        "READ-009",
                        Severity::Info,
                        "合计行没有“合计”字样，按合计行读取",
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
            }
            let mut text = raw.text;
            text.remove("unlabeled");
            let row = Row {
                key,
                name: raw.name,
                at: raw.at,
                values: raw.values,
                text,
            };
            if row.key == RowKey::Total {
                table.total = Some(row);
            } else {
                table.rows.push(row);
            }
        }
        table.rows.sort_by(|a, b| a.key.cmp(&b.key));
    }

    /// A column whose header is not understood but which holds numbers: say so, once.
    pub(super) fn report_unmapped_columns(&mut self) {
        let unmapped: Vec<(u32, String)> = self
            .header
            .columns
            .iter()
            .filter(|(_, _, role)| role.is_none())
            .map(|(c, labels, _)| (*c, labels.join("/")))
            .collect();
        for (c, labels) in unmapped {
            let with_number = (self.header.data_start..self.grid.height()).find(|r| {
                matches!(self.grid.get(*r, c), Cell::Number(_)) && self.note(*r).is_none()
            });
            if let Some(r) = with_number {
                self.findings.push(
                    Finding::new(
                        "READ-004",
                        Severity::Warning,
                        format!("无法识别的列“{labels}”含有数字，此列未读取"),
                    )
                    .at(Some(self.id), Some(self.grid.cell_ref(r, c))),
                );
            }
        }
    }
}

/// For each row, the cell of an earlier row with the same key (that one is kept, this one is
/// a duplicate). The keys are borrowed rather than copied for each row.
fn earlier_twins(raws: &[Raw]) -> Vec<Option<CellRef>> {
    let mut seen: BTreeMap<&RowKey, &CellRef> = BTreeMap::new();
    raws.iter()
        .map(|raw| match seen.entry(raw.key.as_ref()?) {
            Entry::Occupied(first) => Some((*first.get()).clone()),
            Entry::Vacant(slot) => {
                slot.insert(&raw.at);
                None
            }
        })
        .collect()
}

/// A 部门/单位 code: 3 digits for the department, 3 more per level of unit (047, 047001).
pub(super) fn is_unit_code(digits: &str) -> bool {
    !digits.is_empty()
        && digits.len().is_multiple_of(3)
        && digits.len() <= 12
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A 3-digit 部门 code printed in the code column reads like a class (07: 336, 303; 03: 201):
/// it is the department's row where a unit row below it extends its code (303 › 303001) and
/// its name is not the class's (303 对个人和家庭的补助 stays a class in each unit's block).
pub(super) fn units_in_code_column(raws: &mut [Raw], catalog: &Catalog) {
    let units: Vec<String> = raws
        .iter()
        .filter_map(|r| match &r.key {
            Some(RowKey::Unit(c)) if c.len() > 3 => Some(c.clone()),
            _ => None,
        })
        .collect();
    for raw in raws.iter_mut() {
        let (code, class_name) = match &raw.key {
            Some(RowKey::Economic {
                dept, gov: None, ..
            }) => (dept.as_str(), catalog.economic_name(dept)),
            Some(RowKey::Function { code, .. }) => (code.as_str(), catalog.function_name(code)),
            _ => continue,
        };
        // The names are compared last: most rows are no 3-digit code a unit extends.
        let extended = code.len() == 3 && units.iter().any(|u| u.starts_with(code));
        if !extended {
            continue;
        }
        let named_as_class =
            class_name.is_some_and(|n| normalize_label(n) == normalize_label(&raw.name));
        if !named_as_class {
            raw.key = Some(RowKey::Unit(code.to_string()));
            raw.is_unit = true;
        }
    }
}

/// Where a table breaks down by more than one unit, each coded row belongs to the unit row
/// next to it: the one above when unit rows come first, the one below when they come last.
pub(super) fn assign_units(raws: &mut [Raw]) {
    let unit_codes: Vec<&str> = raws
        .iter()
        .filter(|r| r.is_unit)
        .filter_map(|r| match &r.key {
            Some(RowKey::Unit(c)) => Some(c.as_str()),
            _ => None,
        })
        .collect();
    if unit_codes.len() < 2 {
        return;
    }
    let units_first = raws
        .iter()
        .find(|r| r.key != Some(RowKey::Total))
        .is_some_and(|r| r.is_unit);
    let order: Vec<usize> = if units_first {
        (0..raws.len()).collect()
    } else {
        (0..raws.len()).rev().collect()
    };
    let mut current: Option<String> = None;
    for i in order {
        match &mut raws[i].key {
            Some(RowKey::Unit(c)) => current = Some(c.clone()),
            Some(RowKey::Function { unit, .. }) | Some(RowKey::Economic { unit, .. }) => {
                *unit = current.clone()
            }
            _ => {}
        }
    }
}

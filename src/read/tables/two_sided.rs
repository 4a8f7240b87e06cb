//! The two-sided overviews, 01 部门收支总体情况表 and 04 财政拨款收支总体情况表: income lines
//! on the left, expenditure lines (summary lines and one line per function class) on the right,
//! each line known by its label (`labels::income_key`, `labels::expense_key`).

use std::collections::BTreeMap;

use super::labels::{expense_key, income_key, Role};
use super::rows::{Raw, RowReader};
use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::model::{Amount, CellRef, Col, RowKey, Table};

impl RowReader<'_> {
    /// The two-sided tables 01 and 04: income lines on the left, expenditure on the right.
    pub(super) fn read_two_sided(&mut self, table: &mut Table, catalog: &Catalog) {
        let mut raws = Vec::new();
        let mut carry = false;
        let rows: Vec<u32> = self.data_rows().collect();
        let right_cols = self.amount_columns();
        for r in rows {
            if let Some(note) = self.note(r) {
                table.notes.push(note);
                continue;
            }
            if let Some((label, c)) = self.text_of(r, |x| x == Role::IncomeLabel) {
                let mut values = BTreeMap::new();
                if let Some(ac) = self.cols(|x| x == Role::IncomeAmount).first() {
                    if let Some(a) = self.amount(r, *ac) {
                        values.insert(Col::Amount, a);
                    }
                }
                let at = self.grid.cell_ref(r, c);
                let key = income_key(&label, &mut carry);
                self.push_line(&mut raws, key, label, at, values);
            }
            if let Some((label, c)) = self.text_of(r, |x| x == Role::ExpenseLabel) {
                let mut values = BTreeMap::new();
                for (ac, col) in &right_cols {
                    if let Some(a) = self.amount(r, *ac) {
                        values.insert(*col, a);
                    }
                }
                let at = self.grid.cell_ref(r, c);
                let key = expense_key(&label, catalog);
                self.push_line(&mut raws, key, label, at, values);
            }
        }
        self.drop_legacy_lines(&mut raws, catalog);
        self.finish_rows(table, raws);
    }

    /// A class line under a pre-2019 name (医疗卫生与计划生育支出) is a warning, with or without
    /// money: the figure is right and is read as the class's code, and `build` prints the
    /// current name, so it must not block publication (issue 8). Where the table also prints the
    /// class under its current name (卫生健康支出) and the old line is blank, it is dropped.
    fn drop_legacy_lines(&mut self, raws: &mut Vec<Raw>, catalog: &Catalog) {
        let mut drop = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            let Some(current) = catalog.legacy_replacement(&raw.name) else {
                continue;
            };
            let twin = raws
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other.key == raw.key);
            let has_values = raw.values.values().any(|a| !a.yuan.is_zero());
            let tail = if twin && !has_values {
                "，且表中已有现行名称的行，此行未读取"
            } else {
                ""
            };
            self.findings.push(
                Finding::new(
                    "READ-012",
                    Severity::Warning,
                    format!(
                        "过时的科目名称“{}”，现行名称为“{current}”{tail}",
                        raw.name.trim()
                    ),
                )
                .at(Some(self.id), Some(raw.at.clone())),
            );
            if twin && !has_values {
                drop.push(i);
            }
        }
        for i in drop.into_iter().rev() {
            raws.remove(i);
        }
    }

    /// A line of 01/04: kept when its label is understood, else reported.
    fn push_line(
        &mut self,
        raws: &mut Vec<Raw>,
        key: Option<RowKey>,
        label: String,
        at: CellRef,
        values: BTreeMap<Col, Amount>,
    ) {
        match key {
            Some(key) => raws.push(Raw::new(Some(key), label, at, values)),
            None => self.unknown_line(&label, at, values.is_empty()),
        }
    }

    fn unknown_line(&mut self, label: &str, at: CellRef, blank: bool) {
        let (severity, tail) = if blank {
            (Severity::Warning, "（无金额），已忽略")
        } else {
            (Severity::Error, "，金额未读取")
        };
        self.findings.push(
            Finding::new(
                "READ-008",
                severity,
                format!("无法识别的项目“{label}”{tail}"),
            )
            .at(Some(self.id), Some(at)),
        );
    }
}

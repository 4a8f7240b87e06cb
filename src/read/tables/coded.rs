//! The coded tables, 02, 03 and 05–10: one row per unit, function code (03, 05, 09), economic
//! code (06, 07) or project (10), read into keyed rows; 08 is a line of figures per unit.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::header::is_column_number_row;
use super::labels::{is_total_label, Role};
use super::rows::{is_unit_code, Raw, RowReader};
use crate::finding::{Finding, Severity};
use crate::model::codes::{join_code_parts, split_code_and_name};
use crate::model::{Amount, Col, EconomicCode, FunctionCode, RowKey, Scheme, Table, TableId};
use crate::text::normalize_label;

impl RowReader<'_> {
    /// Rows of the coded and listed tables: 02, 03, 05, 06, 07, 08, 09, 10.
    pub(super) fn read_rows(&mut self, table: &mut Table) {
        let mut raws: Vec<Raw> = Vec::new();
        let rows: Vec<u32> = self.data_rows().collect();
        for r in rows {
            if let Some(note) = self.note(r) {
                table.notes.push(note);
                continue;
            }
            if is_column_number_row(self.grid, r) {
                continue;
            }
            let values = self.amounts(r);
            if let Some(raw) = self.key_row(r, values) {
                raws.push(raw);
            }
        }
        self.finish_rows(table, raws);
    }

    /// Decides what a row is about from its text columns.
    fn key_row(&mut self, r: u32, values: BTreeMap<Col, Amount>) -> Option<Raw> {
        let g = self.grid;
        let label = self.first_text(r);
        let at = label
            .as_ref()
            .map(|(_, c)| g.cell_ref(r, *c))
            .unwrap_or_else(|| g.cell_ref(r, 0));
        let mut raw = Raw::new(None, String::new(), at, values);
        let first = label
            .as_ref()
            .map(|(t, _)| normalize_label(t))
            .unwrap_or_default();
        if is_total_label(&first) {
            raw.key = Some(RowKey::Total);
            return Some(raw);
        }
        match self.id {
            TableId::T08 => return self.key_sangong(r, raw),
            TableId::T10 => return self.key_project(r, raw),
            _ => {}
        }
        let name = self
            .text_of(r, |x| {
                matches!(x, Role::Name | Role::EconName(Scheme::Dept))
            })
            .map(|(t, _)| t);
        if let Some((code, c)) = self.text_of(r, |x| x == Role::UnitCode) {
            raw.name = name.unwrap_or_default();
            raw.at = g.cell_ref(r, c);
            raw.is_unit = true;
            raw.key = Some(RowKey::Unit(code));
            return Some(raw);
        }
        let code = if self.is_economic() {
            self.econ_code(r, Scheme::Dept)
        } else {
            self.function_code(r)
        };
        match code {
            Some((digits, name_in_cell, c)) => {
                raw.name = name
                    .or((!name_in_cell.is_empty()).then_some(name_in_cell))
                    .unwrap_or_default();
                raw.at = g.cell_ref(r, c);
                self.key_code(r, raw, digits)
            }
            None => self.unlabeled(raw, label.map(|(t, _)| t)),
        }
    }

    /// 06 and 07 are keyed by economic codes, the others by function codes.
    fn is_economic(&self) -> bool {
        matches!(self.id, TableId::T06 | TableId::T07)
    }

    /// 08 is one line of figures (or one per unit).
    fn key_sangong(&self, r: u32, mut raw: Raw) -> Option<Raw> {
        if let Some((code, _)) = self.text_of(r, |x| x == Role::UnitCode) {
            raw.is_unit = true;
            raw.key = Some(RowKey::Unit(code));
        } else if !raw.values.is_empty() {
            raw.key = Some(RowKey::Total);
        }
        raw.key.is_some().then_some(raw)
    }

    /// A row with a code: a function or economic code, or a unit printed in the code column.
    /// Any other code is READ-005.
    fn key_code(&mut self, r: u32, mut raw: Raw, digits: String) -> Option<Raw> {
        if self.is_economic() {
            if let Some(dept) = EconomicCode::parse(&digits).filter(|e| e.scheme() == Scheme::Dept)
            {
                return Some(self.key_economic(r, raw, dept));
            }
            if is_unit_code(&digits) {
                // 07 prints its unit rows in the code column: 047 中共… (a 部门 code
                // that looks like an economic class, 336, is told apart in
                // `units_in_code_column`).
                raw.is_unit = true;
                raw.key = Some(RowKey::Unit(digits));
                return Some(raw);
            }
        } else if let Some(code) = FunctionCode::parse(&digits) {
            raw.key = Some(RowKey::Function { unit: None, code });
            return Some(raw);
        } else if is_unit_code(&digits) {
            // Some exports print the unit rows in the code column: 047 中共…
            raw.is_unit = true;
            raw.key = Some(RowKey::Unit(digits));
            return Some(raw);
        }
        self.findings.push(
            Finding::new(
                "READ-005",
                Severity::Error,
                format!("无法识别的科目编码“{digits}”"),
            )
            .at(Some(self.id), Some(raw.at)),
        );
        None
    }

    /// An economic row of 06/07: its 部门 code, and the 政府 code and name printed beside it.
    fn key_economic(&self, r: u32, mut raw: Raw, dept: EconomicCode) -> Raw {
        let gov = self.econ_code(r, Scheme::Gov).and_then(|(d, n, _)| {
            if !n.is_empty() {
                raw.text.insert("gov_name", n);
            }
            EconomicCode::parse(&d)
        });
        if let Some((n, _)) = self.text_of(r, |x| x == Role::EconName(Scheme::Gov)) {
            raw.text.insert("gov_name", n);
        }
        raw.key = Some(RowKey::Economic {
            unit: None,
            dept,
            gov,
        });
        raw
    }

    /// A row with no code and no 合计 label.
    fn unlabeled(&mut self, mut raw: Raw, label: Option<String>) -> Option<Raw> {
        if raw.values.is_empty() {
            if let Some(label) = label {
                self.findings.push(
                    Finding::new(
                        "READ-008",
                        Severity::Warning,
                        format!("无法识别的行“{label}”（无金额），已忽略"),
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
            }
            return None;
        }
        match label {
            Some(label) => {
                self.findings.push(
                    Finding::new(
                        "READ-008",
                        Severity::Error,
                        format!("无法识别的行“{label}”：没有编码，金额未读取"),
                    )
                    .at(Some(self.id), Some(raw.at.clone())),
                );
                None
            }
            None => {
                let first_amount = raw.values.values().next().map(|a| a.at.clone());
                raw.at = first_amount.unwrap_or(raw.at);
                raw.key = Some(RowKey::Total);
                raw.text.insert("unlabeled", String::new());
                Some(raw)
            }
        }
    }

    fn key_project(&mut self, r: u32, mut raw: Raw) -> Option<Raw> {
        let kind = self.text_of(r, |x| x == Role::ProjectKind);
        let name = self.text_of(r, |x| x == Role::ProjectName);
        let unit = self.text_of(r, |x| x == Role::ProjectUnit);
        if let Some((k, c)) = kind
            .as_ref()
            .filter(|(k, _)| k.chars().all(|ch| ch.is_ascii_digit()))
        {
            raw.is_unit = true;
            raw.at = self.grid.cell_ref(r, *c);
            raw.name = name.or(unit).map(|(t, _)| t).unwrap_or_default();
            raw.key = Some(RowKey::Unit(k.clone()));
            return Some(raw);
        }
        if let Some((n, c)) = name {
            raw.at = self.grid.cell_ref(r, c);
            raw.name = n.clone();
            if let Some((k, _)) = kind {
                raw.text.insert("kind", k);
            }
            if let Some((code, _)) = self.text_of(r, |x| x == Role::ProjectCode) {
                raw.text.insert("code", code);
            }
            let unit = unit.map(|(u, _)| u).unwrap_or_default();
            raw.text.insert("unit", unit.clone());
            raw.key = Some(RowKey::Project { unit, name: n });
            return Some(raw);
        }
        let label = self.first_text(r).map(|(t, _)| t);
        self.unlabeled(raw, label)
    }

    /// The function code of a row: split 类|款|项 cells or one cell ("2013601 行政运行").
    /// Returns the digits, a name found in the same cell, and the code's first column.
    fn function_code(&self, r: u32) -> Option<(String, String, u32)> {
        let parts = self.cols(|x| matches!(x, Role::FuncPart(_)));
        if !parts.is_empty() {
            let texts: Vec<Cow<'_, str>> =
                parts.iter().map(|c| self.grid.text_ref(r, *c)).collect();
            if texts.iter().any(|t| !t.is_empty()) {
                let refs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
                let joined = join_code_parts(&refs).unwrap_or_else(|| refs.concat());
                return Some((joined, String::new(), parts[0]));
            }
        }
        let (text, c) = self.text_of(r, |x| x == Role::FuncCode)?;
        match split_code_and_name(&text) {
            Some((code, name)) => Some((code, name, c)),
            None => Some((text, String::new(), c)),
        }
    }

    fn econ_code(&self, r: u32, scheme: Scheme) -> Option<(String, String, u32)> {
        let parts = self.cols(|x| matches!(x, Role::EconPart(s, _) if s == scheme));
        if !parts.is_empty() {
            let texts: Vec<Cow<'_, str>> =
                parts.iter().map(|c| self.grid.text_ref(r, *c)).collect();
            if texts.iter().any(|t| !t.is_empty()) {
                // 07 prints unit rows as "047 | 中共…" across the code columns.
                let refs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
                return match join_code_parts(&refs) {
                    Some(j) => Some((j, String::new(), parts[0])),
                    None => {
                        let (code, name) = split_code_and_name(refs[0])
                            .unwrap_or((refs[0].to_string(), String::new()));
                        let name = if name.is_empty() {
                            refs[1..].concat()
                        } else {
                            name
                        };
                        Some((code, name, parts[0]))
                    }
                };
            }
        }
        let (text, c) = self.text_of(r, |x| x == Role::EconCode(scheme))?;
        match split_code_and_name(&text) {
            Some((code, name)) => Some((code, name, c)),
            None => Some((text, String::new(), c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::super::read_tables;
    use crate::catalog::Catalog;
    use crate::model::{Col, FunctionCode, RowKey, TableId};
    use crate::read::cell::Cell;
    use crate::read::{Grid, Merge};

    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// A 06 table laid out without merges, one code cell, totals last.
    #[test]
    fn economic_table_with_whole_codes_and_total_last() {
        let rows = vec![
            vec![text("2024年一般公共预算基本支出情况表")],
            vec![text("部门名称：测试"), text(""), text(""), text("单位：元")],
            vec![
                text("科目编码"),
                text("科目名称"),
                text("合计"),
                text("人员经费"),
                text("公用经费"),
            ],
            vec![
                text("30101"),
                text("基本工资"),
                Cell::Number(dec!(100)),
                Cell::Number(dec!(100)),
                Cell::Empty,
            ],
            vec![
                text("30201 办公费"),
                text(""),
                text("50.5"),
                Cell::Empty,
                text("50.5"),
            ],
            vec![
                text("合计"),
                text(""),
                Cell::Number(dec!(150.5)),
                Cell::Number(dec!(100)),
                Cell::Number(dec!(50.5)),
            ],
        ];
        let grid = Grid::from_rows("S", rows, Vec::<Merge>::new());
        let out = read_tables(&[grid], &Catalog::builtin());
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        let t = &out.budget.tables[&TableId::T06];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].name, "办公费");
        assert_eq!(t.rows[1].get(Col::PublicUse).unwrap().yuan, dec!(50.5));
        assert_eq!(
            t.total.as_ref().unwrap().get(Col::Total).unwrap().at.a1(),
            "C6"
        );
    }

    /// A unit that splits its rows into two units keys each code row by its unit, whether unit
    /// rows come before or after their rows.
    #[test]
    fn rows_belong_to_the_unit_next_to_them() {
        let header = vec![
            text("单位代码"),
            text("科目编码"),
            text("科目名称"),
            text("合计"),
        ];
        let unit = |c: &str| vec![text(c), text(""), text("单位"), Cell::Number(dec!(1))];
        let code = |c: &str| vec![text(""), text(c), text("行政运行"), Cell::Number(dec!(1))];
        let build = |body: Vec<Vec<Cell>>| {
            let mut rows = vec![
                vec![text("部门支出总体情况表")],
                vec![text("单位：元")],
                header.clone(),
            ];
            rows.extend(body);
            let out = read_tables(
                &[Grid::from_rows("S", rows, Vec::new())],
                &Catalog::builtin(),
            );
            out.budget.tables[&TableId::T03]
                .rows
                .iter()
                .map(|r| r.key.clone())
                .collect::<Vec<_>>()
        };
        let first = build(vec![
            unit("001001"),
            code("2013601"),
            unit("001002"),
            code("2013601"),
        ]);
        let last = build(vec![
            code("2013601"),
            unit("001001"),
            code("2013601"),
            unit("001002"),
        ]);
        assert_eq!(first, last);
        assert!(first.contains(&RowKey::Function {
            unit: Some("001002".into()),
            code: FunctionCode::parse("2013601").unwrap()
        }));
    }
}

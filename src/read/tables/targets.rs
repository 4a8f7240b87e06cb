//! 12 部门预算项目绩效目标汇总表: unit rows, then each project with its funds and its
//! indicators (成本、产出、效益、满意度指标), which may run over several rows.

use std::collections::BTreeMap;

use super::labels::{is_total_label, Role};
use super::rows::{Raw, RowReader};
use crate::model::{Amount, Col, Indicator, ProjectTarget, RowKey, Table};
use crate::text::normalize_label;

impl RowReader<'_> {
    /// 12: unit rows, then each project with its indicators over one or more rows.
    pub(super) fn read_targets(&mut self, table: &mut Table) {
        let mut raws = Vec::new();
        let rows: Vec<u32> = self.data_rows().collect();
        let mut current: Option<ProjectTarget> = None;
        let mut targets = Vec::new();
        let mut unit_above: Option<String> = None;
        for r in rows {
            if let Some(note) = self.note(r) {
                table.notes.push(note);
                continue;
            }
            let values = self.amounts(r);
            let code = self.text_of(r, |x| x == Role::ProjectCode);
            let name = self
                .text_of(r, |x| x == Role::ProjectName)
                .map(|(t, _)| t)
                .unwrap_or_default();
            let first = self
                .first_text(r)
                .map(|(t, _)| normalize_label(&t))
                .unwrap_or_default();
            let indicators = self.indicators(r);
            if is_total_label(&first) {
                let at = self.grid.cell_ref(r, 0);
                raws.push(Raw::new(Some(RowKey::Total), String::new(), at, values));
                continue;
            }
            match code {
                Some((code, c)) if code.len() <= 12 => {
                    targets.extend(current.take());
                    let at = self.grid.cell_ref(r, c);
                    unit_above = Some(code.clone());
                    let mut unit = Raw::new(Some(RowKey::Unit(code)), name, at, values);
                    unit.is_unit = true;
                    raws.push(unit);
                }
                Some((code, c)) => {
                    targets.extend(current.take());
                    current = Some(ProjectTarget {
                        code,
                        name,
                        unit: unit_above.clone(),
                        at: self.grid.cell_ref(r, c),
                        values,
                        indicators,
                    });
                }
                // A row without a code: more indicators of the project above, or the total.
                None => match current.as_mut() {
                    Some(t) if !indicators.is_empty() => t.indicators.extend(indicators),
                    _ => raws.extend(self.unlabeled_total(r, values)),
                },
            }
        }
        targets.extend(current.take());
        targets.sort_by(|a, b| a.code.cmp(&b.code));
        table.targets = targets;
        self.finish_rows(table, raws);
    }

    /// A row of figures with neither code nor 合计 label is the total (READ-009 says so).
    fn unlabeled_total(&self, r: u32, values: BTreeMap<Col, Amount>) -> Option<Raw> {
        if values.is_empty() {
            return None;
        }
        let at = values
            .values()
            .next()
            .map(|a| a.at.clone())
            .unwrap_or_else(|| self.grid.cell_ref(r, 0));
        let mut total = Raw::new(Some(RowKey::Total), String::new(), at, values);
        total.text.insert("unlabeled", String::new());
        Some(total)
    }

    /// The indicators in a row: each kind's 三级指标 with the 指标值 to its right.
    fn indicators(&self, r: u32) -> Vec<Indicator> {
        let mut out = Vec::new();
        for (c, _, role) in &self.header.columns {
            if let Some(Role::IndicatorName(kind)) = role {
                let name = self.grid.text(r, *c);
                if name.is_empty() {
                    continue;
                }
                let value = self
                    .cols(|x| x == Role::IndicatorValue(kind))
                    .into_iter()
                    .find(|vc| vc > c)
                    .map(|vc| self.grid.text(r, vc))
                    .unwrap_or_default();
                out.push(Indicator {
                    level1: kind.to_string(),
                    level2: String::new(),
                    name,
                    value,
                    note: String::new(),
                });
            }
        }
        out
    }
}

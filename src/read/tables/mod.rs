//! Finding the 预算表 in a workbook and pulling their rows into the model.
//!
//! Nothing here depends on positions or sheet names: each table is found by its title text,
//! its unit by the 单位 line, and each column by the labels of its (merged, 1–3 row) header.
//! This file finds the tables and hands each to its family's reader:
//!
//! - `two_sided`: 01 and 04, income lines beside expenditure lines;
//! - `coded`: 02, 03, 05–10, rows keyed by unit, function or economic code, or project;
//! - `performance`: 11, a form read by its labels;
//! - `targets`: 12, projects with their indicators.
//!
//! Every Chinese label the reader understands (titles, 单位 and 部门名称 lines, header labels,
//! row labels) lives in `labels`; `header` finds a table's preamble, header rows and data, and
//! `rows` holds what the row readers share.

mod coded;
mod header;
mod labels;
mod performance;
mod rows;
mod targets;
mod two_sided;

use super::{limits, Grid, ReadOutcome};
use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::model::{
    Budget, BudgetUnit, CellRef, Col, ColumnMap, RowKey, Source, Table, TableId, Unit,
};
use header::{read_header, read_preamble, Header, Preamble};
pub use labels::table_for_title;
use labels::{describe_role, year_in, Role, OWN_LEVEL};
use performance::read_performance;
use rows::RowReader;

/// How many rows from the top of a sheet are searched for a title.
const TITLE_SEARCH_ROWS: u32 = 8;

struct Found {
    id: TableId,
    grid: usize,
    row: u32,
    col: u32,
    title: String,
    year: Option<i32>,
}

fn find_title(grid: &Grid, index: usize) -> Option<Found> {
    for r in 0..grid.height().min(TITLE_SEARCH_ROWS) {
        for c in 0..grid.row_width(r) {
            let text = grid.text_ref(r, c);
            if text.is_empty() {
                continue;
            }
            if let Some(id) = table_for_title(&text) {
                let mut year = year_in(&text);
                // 11 prints its year on the line below: （2024年度）.
                for below in r + 1..(r + 3).min(grid.height()) {
                    year = year
                        .or_else(|| (0..grid.width()).find_map(|c| year_in(&grid.text(below, c))));
                }
                return Some(Found {
                    id,
                    grid: index,
                    row: r,
                    col: c,
                    title: text.into_owned(),
                    year,
                });
            }
        }
    }
    None
}

/// The first texts of every sheet, for the "no table found" message.
pub fn first_texts(grids: &[Grid]) -> String {
    let seen: Vec<String> = grids
        .iter()
        .map(|g| {
            let first = (0..g.height().min(TITLE_SEARCH_ROWS))
                .flat_map(|r| (0..g.width()).map(move |c| (r, c)))
                .map(|(r, c)| g.text(r, c))
                .find(|t| !t.is_empty())
                .unwrap_or_else(|| "(空)".to_string());
            format!("{}: {}", g.name, first)
        })
        .collect();
    seen.join("；")
}

/// Reads every table found in the grids into one budget.
pub fn read_tables(grids: &[Grid], catalog: &Catalog) -> ReadOutcome {
    let mut findings = Vec::new();
    let mut budget = Budget::default();
    let mut years = Vec::new();
    for (i, grid) in grids.iter().enumerate() {
        let found = find_title(grid, i);
        findings.extend(beyond_finding(grid, found.as_ref()));
        let Some(found) = found else {
            continue;
        };
        if let Some(first) = budget.tables.get(&found.id) {
            findings.push(
                Finding::new(
                    "READ-006",
                    Severity::Error,
                    format!(
                        "{}“{}”出现两次：已读取工作表“{}”中的表，忽略此处",
                        found.id,
                        found.id.title(),
                        first.source.sheet
                    ),
                )
                .at(Some(found.id), Some(grid.cell_ref(found.row, found.col))),
            );
            continue;
        }
        years.extend(found.year);
        if let Some(table) = read_table(&grids[found.grid], &found, catalog, &mut findings) {
            budget.tables.insert(found.id, table);
        }
    }
    years.sort_unstable();
    budget.year = most_common(&years);
    fill_department(&mut budget);
    ReadOutcome { budget, findings }
}

/// READ-013: content beyond the area a budget table can occupy (`limits::MAX_GRID_*`),
/// reported once per sheet at its first cell.
fn beyond_finding(grid: &Grid, found: Option<&Found>) -> Option<Finding> {
    let far = grid.beyond?;
    Some(
        Finding::new(
            "READ-013",
            Severity::Warning,
            format!(
                "单元格有内容，但超出预算表读取范围（{} 行 × {} 列），已忽略{}；若是误填，请删除后另存",
                limits::MAX_GRID_ROWS,
                limits::MAX_GRID_COLS,
                if far.count > limits::MAX_BEYOND_CELLS {
                    format!(
                        "（此处起超过 {} 个单元格，其后内容未读取）",
                        limits::MAX_BEYOND_CELLS
                    )
                } else if far.count > 1 {
                    format!("（此处起共 {} 个单元格）", far.count)
                } else {
                    String::new()
                }
            ),
        )
        .at(found.map(|f| f.id), Some(grid.cell_ref(far.row, far.col))),
    )
}

fn most_common<T: Ord + Copy>(sorted: &[T]) -> Option<T> {
    let mut best: Option<(usize, T)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(n, _)| chunk.len() > n) {
            best = Some((chunk.len(), chunk[0]));
        }
    }
    best.map(|(_, v)| v)
}

/// The department and its units come from 02 (the unit rows; the 3-digit code is the
/// department itself), else from the 部门名称 lines.
fn fill_department(budget: &mut Budget) {
    if let Some(t02) = budget.tables.get(&TableId::T02) {
        for row in &t02.rows {
            if let RowKey::Unit(code) = &row.key {
                budget.units.push(BudgetUnit {
                    code: code.clone(),
                    name: row.name.clone(),
                });
            }
        }
    }
    budget.units.sort_by(|a, b| a.code.cmp(&b.code));
    // Without 02, the department row of any other table names it.
    let unit_rows = budget
        .tables
        .values()
        .flat_map(|t| &t.rows)
        .filter_map(|r| match &r.key {
            RowKey::Unit(code) if !r.name.is_empty() => Some((code.len(), r.name.clone())),
            _ => None,
        });
    let from_units = budget
        .units
        .iter()
        .map(|u| (u.code.len(), u.name.clone()))
        .chain(unit_rows)
        .min_by_key(|(len, _)| *len)
        .map(|(_, name)| name);
    let from_lines = budget
        .tables
        .values()
        .filter_map(|t| t.source.dept_name.as_ref().map(|(n, _)| n.clone()))
        .filter(|n| !n.is_empty() && n != OWN_LEVEL)
        .max_by_key(|n| n.chars().count());
    budget.department = from_units.or(from_lines).unwrap_or_default();
}

/// Reads one table found at its title: preamble, header, then its family's rows.
fn read_table(
    grid: &Grid,
    found: &Found,
    catalog: &Catalog,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let id = found.id;
    let pre = read_preamble(grid, found);
    if id == TableId::T11 {
        return read_performance(grid, found, &pre, findings);
    }
    let (header, unit_hint) = read_header(grid, id, pre.body_start);
    let Some(header) = header else {
        findings.push(
            Finding::new(
                "READ-011",
                Severity::Error,
                format!("{}：标题下未找到表头，无法读取此表", id.title()),
            )
            .at(Some(id), Some(grid.cell_ref(found.row, found.col))),
        );
        return None;
    };
    let (unit, unit_at) = unit_of(grid, found, &pre, unit_hint, findings)?;
    let source = source_of(grid, found, &pre, &header, (unit, unit_at));
    let mut table = Table::new(id, source);
    let mut reader = RowReader {
        grid,
        id,
        catalog,
        unit,
        header: &header,
        findings,
    };
    match id {
        TableId::T01 | TableId::T04 => reader.read_two_sided(&mut table, catalog),
        TableId::T12 => reader.read_targets(&mut table),
        _ => reader.read_rows(&mut table),
    }
    reader.report_unmapped_columns();
    Some(table)
}

/// Where a table was read from: sheet, title, unit, name line, and how each column was read.
fn source_of(
    grid: &Grid,
    found: &Found,
    pre: &Preamble,
    header: &Header,
    (unit, unit_at): (Unit, Option<CellRef>),
) -> Source {
    Source {
        sheet: grid.name.clone(),
        title: found.title.clone(),
        title_at: grid.cell_ref(found.row, found.col),
        unit,
        unit_at,
        dept_name: pre.dept_name.clone(),
        columns: header
            .columns
            .iter()
            .map(|(c, labels, role)| ColumnMap {
                labels: labels.clone(),
                role: describe_role(*role),
                col: *c,
            })
            .collect(),
        header_rows: (header.first, header.last),
        amount_cols: header
            .columns
            .iter()
            .filter_map(|(c, _, role)| match role {
                Some(Role::Amount(col)) => Some((*col, *c)),
                Some(Role::IncomeAmount) => Some((Col::Amount, *c)),
                _ => None,
            })
            .collect(),
    }
}

/// The table's unit: from the 单位 line, else from a header label such as 金额（万元）.
fn unit_of(
    grid: &Grid,
    found: &Found,
    pre: &Preamble,
    hint: Option<Unit>,
    findings: &mut Vec<Finding>,
) -> Option<(Unit, Option<CellRef>)> {
    if let Some(u) = pre.unit.clone() {
        return Some(u);
    }
    if let Some(u) = hint {
        return Some((u, None));
    }
    let (message, at) = match &pre.unit_problem {
        Some((value, at)) => (
            format!(
                "{}：无法识别的金额单位“{}”（应为“元”或“万元”），此表未读取",
                found.id.title(),
                value
            ),
            at.clone(),
        ),
        None => (
            format!(
                "{}：未找到“单位：元”或“单位：万元”行，无法确定金额单位，此表未读取",
                found.id.title()
            ),
            grid.cell_ref(found.row, found.col),
        ),
    };
    findings.push(Finding::new("READ-003", Severity::Error, message).at(Some(found.id), Some(at)));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_with_year_code_and_spacing() {
        assert_eq!(
            table_for_title("2024年部门收支总体情况表"),
            Some(TableId::T01)
        );
        assert_eq!(
            table_for_title("预算03表 2024 年部门支出总体情况表"),
            Some(TableId::T03)
        );
        assert_eq!(
            table_for_title("2024年一般公共预算基本支出情况表"),
            Some(TableId::T06)
        );
        assert_eq!(
            table_for_title("2024年一般公共预算支出情况表"),
            Some(TableId::T05)
        );
        assert_eq!(
            table_for_title("2024 年一般公共预算“三公”经费支出情况表"),
            Some(TableId::T08)
        );
        assert_eq!(
            table_for_title("部门（单位）整体绩效目标表"),
            Some(TableId::T11)
        );
        assert_eq!(
            table_for_title("2024年财政拨款收支总体情况表"),
            Some(TableId::T04)
        );
        assert_eq!(table_for_title("备注：本表为部门收支总体情况表"), None);
        assert_eq!(table_for_title("职工花名册"), None);
        assert_eq!(year_in("（2024年度）"), Some(2024));
        assert_eq!(year_in("部门收支总体情况表"), None);
    }
}

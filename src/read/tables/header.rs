//! The parts of a table above and at the top of its data: the preamble (the 单位 and 部门名称
//! lines under the title), the header (1–3 rows, often merged, perhaps followed by a row of
//! column numbers), and which rows are data. What the labels mean is `labels`' business.

use super::labels::{
    after_unit_label, assign_sides, is_lone_total_label, role_for, starts_like_note, strip_unit,
    unit_from_text, year_in, Role, COLUMN_NUMBER_LABELS, NAME_LABELS, UNIT_LABEL, YEAR_MARK,
};
use super::Found;
use crate::model::codes::split_code_and_name;
use crate::model::{CellRef, TableId, Unit};
use crate::read::cell::{amount_from_cell, Amount as CellAmount, Cell};
use crate::read::Grid;
use crate::text::normalize_label;

/// The preamble of a table: its unit and 部门名称 lines, and where its header starts.
pub(super) struct Preamble {
    pub(super) unit: Option<(Unit, Option<CellRef>)>,
    pub(super) unit_problem: Option<(String, CellRef)>,
    pub(super) dept_name: Option<(String, CellRef)>,
    /// The first row after the title, unit and name lines.
    pub(super) body_start: u32,
}

/// The text after a label such as "单位：" or "部门名称：", in the same cell or the next
/// non-empty cell to the right.
pub(super) fn value_after(grid: &Grid, r: u32, c: u32, label_end: &str) -> (String, CellRef) {
    let rest = label_end.trim().to_string();
    if !rest.is_empty() {
        return (rest, grid.cell_ref(r, c));
    }
    for c2 in c + 1..grid.width() {
        let t = grid.text(r, c2);
        if !t.is_empty() {
            return (t.trim().to_string(), grid.cell_ref(r, c2));
        }
    }
    (String::new(), grid.cell_ref(r, c))
}

pub(super) fn read_preamble(grid: &Grid, found: &Found) -> Preamble {
    let mut pre = Preamble {
        unit: None,
        unit_problem: None,
        dept_name: None,
        body_start: found.row + 1,
    };
    for r in found.row..(found.row + 5).min(grid.height()) {
        let mut preamble_row = r == found.row;
        for c in 0..grid.row_width(r) {
            let raw = grid.text_ref(r, c);
            let t = normalize_label(&raw);
            if let Some(after) = after_unit_label(&t) {
                let (value, at) = value_after(grid, r, c, after);
                match unit_from_text(&value) {
                    Some(u) => pre.unit = Some((u, Some(at))),
                    None => pre.unit_problem = Some((value, at)),
                }
                preamble_row = true;
                continue;
            }
            for label in NAME_LABELS {
                if let Some(after) = t.strip_prefix(label) {
                    let (name, at) = value_after(grid, r, c, after);
                    // The unit line may share the cell after the name ("本级  单位：万元").
                    let name = name
                        .split(UNIT_LABEL)
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    pre.dept_name = Some((name, at));
                    preamble_row = true;
                }
            }
            if r > found.row && t.starts_with('(') && t.ends_with(')') && year_in(&raw).is_some() {
                preamble_row = true; // （2024年度）
            }
        }
        if preamble_row {
            pre.body_start = r + 1;
        }
    }
    pre
}

/// Is this row data (or a note), rather than header labels?
pub(super) fn is_data_row(grid: &Grid, r: u32) -> bool {
    let mut first = None;
    let mut texts = 0;
    for c in 0..grid.row_width(r) {
        let cell = grid.get(r, c);
        match cell {
            Cell::Number(_) | Cell::FormulaWithoutValue(_) => return true,
            Cell::Text(s) if !s.trim().is_empty() => {
                let t = normalize_label(s);
                texts += 1;
                first.get_or_insert(t.clone());
                if matches!(amount_from_cell(cell), CellAmount::Value(_)) {
                    return true;
                }
                if let Some((code, _)) = split_code_and_name(&t) {
                    if code.len() != 4 && !t[code.len()..].starts_with(YEAR_MARK) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    // A note, or a 合计 row without figures (an empty table). A header row may start with
    // 合计 too (本年收入 › 合计 | 一般公共预算 | …), but then more labels follow.
    first.is_some_and(|t| starts_like_note(&t) || (is_lone_total_label(&t) && texts == 1))
}

/// A row of column numbers under a header (栏次 1, 2, 3 …), which carries no data.
pub(super) fn is_column_number_row(grid: &Grid, r: u32) -> bool {
    let mut numbers = 0;
    for c in 0..grid.row_width(r) {
        let t = normalize_label(&grid.text_ref(r, c));
        if t.is_empty() {
            continue;
        }
        let small_int = t.parse::<u32>().is_ok_and(|n| n < 100) && !t.starts_with('0');
        if small_int {
            numbers += 1;
        } else if !COLUMN_NUMBER_LABELS.contains(&t.as_str()) {
            return false;
        }
    }
    numbers >= 3
}

/// The header: its rows and the labels over each column.
pub(super) struct Header {
    pub(super) first: u32,
    pub(super) last: u32,
    /// Column index, its labels, and its role.
    pub(super) columns: Vec<(u32, Vec<String>, Option<Role>)>,
    /// The first row of data.
    pub(super) data_start: u32,
}

/// Reads the header that starts at or below row `start`: its rows, each column's labels and
/// what the column holds (`labels::role_for`), and a unit given in a label (金额（万元）).
pub(super) fn read_header(grid: &Grid, id: TableId, start: u32) -> (Option<Header>, Option<Unit>) {
    let Some((first, last)) = header_rows(grid, start) else {
        return (None, None);
    };
    let mut data_start = last + 1;
    if data_start < grid.height() && is_column_number_row(grid, data_start) {
        data_start += 1;
    }
    let mut unit_hint = None;
    let mut columns = Vec::new();
    for c in 0..grid.width() {
        let (labels, unit) = column_labels(grid, c, first, last);
        unit_hint = unit_hint.or(unit);
        if labels.is_empty() {
            continue;
        }
        let role = role_for(id, &labels);
        columns.push((c, labels, role));
    }
    if matches!(id, TableId::T01 | TableId::T04) {
        assign_sides(&mut columns);
    }
    (
        Some(Header {
            first,
            last,
            columns,
            data_start,
        }),
        unit_hint,
    )
}

/// The header's first and last rows: from the first non-empty row at or below `start`, over
/// what its merged labels cover, and on (4 rows at most) until the data starts. `None` when
/// the first row is already data.
fn header_rows(grid: &Grid, start: u32) -> Option<(u32, u32)> {
    let mut first = start;
    while first < grid.height() && grid.is_row_empty(first) {
        first += 1;
    }
    // Merged labels of the first header row span the whole header (合计 merged down over
    // 小计 | 人员经费 …): every row they cover is header, whatever it holds.
    let merged_to = grid
        .merges
        .iter()
        .filter(|m| m.first_row == first && m.last_row > first)
        .map(|m| m.last_row)
        .max()
        .unwrap_or(first);
    let mut last = first;
    while last < merged_to {
        last += 1;
    }
    while last + 1 < grid.height() && !is_data_row(grid, last + 1) && last + 1 - first < 4 {
        if grid.is_row_empty(last + 1) {
            break;
        }
        last += 1;
    }
    if first >= grid.height() || is_data_row(grid, first) {
        return None;
    }
    Some((first, last))
}

/// The labels over column `c`, top to bottom, normalised (a merged label counts in every
/// column it covers), and a unit one of them gives.
fn column_labels(grid: &Grid, c: u32, first: u32, last: u32) -> (Vec<String>, Option<Unit>) {
    let no_merge_info = grid.merges.is_empty();
    let mut unit_hint = None;
    let mut labels: Vec<String> = Vec::new();
    for r in first..=last {
        let mut text = grid.text(r, c);
        if text.is_empty() {
            if let Some(m) = grid.merge_at(r, c) {
                text = grid.text(m.first_row, m.first_col);
            } else if no_merge_info && r < last && !grid.text(r + 1, c).is_empty() {
                // No merge data (.ods): a group label spans to the right until the next label.
                text = (0..c)
                    .rev()
                    .map(|c2| grid.text(r, c2))
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
            }
        }
        let (label, unit) = strip_unit(&normalize_label(&text));
        unit_hint = unit_hint.or(unit);
        if !label.is_empty() && labels.last() != Some(&label) {
            labels.push(label);
        }
    }
    (labels, unit_hint)
}

//! 11 部门（单位）整体绩效目标表: a form rather than a grid, read by its labels (`labels`):
//! the year's goal, the task list, the 预算情况 block of figures, and the indicator list.

use std::collections::BTreeMap;

use super::header::{value_after, Preamble};
use super::labels::{
    ends_tasks, is_goal_label, strip_unit, INDICATOR_LEVELS, INDICATOR_NOTE, INDICATOR_VALUE,
    PERFORMANCE_BUDGET, TASK_CONTENT, TASK_NAME,
};
use super::Found;
use crate::finding::{Finding, Severity};
use crate::model::{Amount, Col, DeptPerformance, Indicator, Source, Table, TableId, Task, Unit};
use crate::read::cell::{amount_from_cell, Amount as CellAmount};
use crate::read::Grid;
use crate::text::normalize_label;

/// Reads the form below its title.
pub(super) fn read_performance(
    grid: &Grid,
    found: &Found,
    pre: &Preamble,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let mut perf = DeptPerformance::default();
    let start = pre.body_start;
    if let Some((r, c)) = find_label(grid, start, &is_goal_label) {
        perf.goal = value_after(grid, r, c, "").0;
    }
    let indicators_at = find_label(grid, start, &|t| t == INDICATOR_LEVELS[0]);
    let end = indicators_at.map(|(r, _)| r).unwrap_or(grid.height());
    perf.tasks = read_tasks(grid, start, end);
    let unit = budget_unit(grid, pre, start, end);
    perf.budget = read_budget(grid, (start, end), unit, findings);
    if let Some((hr, _)) = indicators_at {
        perf.indicators = read_indicators(grid, hr);
    }
    let source = Source {
        sheet: grid.name.clone(),
        title: found.title.clone(),
        title_at: grid.cell_ref(found.row, found.col),
        unit,
        unit_at: pre.unit.as_ref().and_then(|u| u.1.clone()),
        dept_name: pre.dept_name.clone(),
        columns: Vec::new(),
        header_rows: (start, start),
        amount_cols: BTreeMap::new(),
    };
    let mut table = Table::new(TableId::T11, source);
    table.performance = Some(perf);
    Some(table)
}

/// The first cell at or below row `from` whose normalised text `pred` accepts.
fn find_label(grid: &Grid, from: u32, pred: &dyn Fn(&str) -> bool) -> Option<(u32, u32)> {
    (from..grid.height()).find_map(|r| {
        (0..grid.width())
            .find(|c| pred(&normalize_label(&grid.text(r, *c))))
            .map(|c| (r, c))
    })
}

/// 年度主要任务: the rows under 任务名称 | 主要内容, up to the 预算情况 block.
fn read_tasks(grid: &Grid, start: u32, end: u32) -> Vec<Task> {
    let mut tasks = Vec::new();
    let Some((r, _)) = find_label(grid, start, &|t| t == TASK_NAME).filter(|(r, _)| *r < end)
    else {
        return tasks;
    };
    let name_col = (0..grid.width())
        .find(|c| normalize_label(&grid.text(r, *c)) == TASK_NAME)
        .unwrap_or(0);
    let content_col =
        (0..grid.width()).find(|c| normalize_label(&grid.text(r, *c)).contains(TASK_CONTENT));
    for row in r + 1..end {
        let name = grid.text(row, name_col);
        let first = normalize_label(
            &(0..grid.width())
                .map(|c| grid.text(row, c))
                .find(|t| !t.is_empty())
                .unwrap_or_default(),
        );
        if ends_tasks(&first) {
            break;
        }
        if name.is_empty() {
            continue;
        }
        let content = content_col.map(|c| grid.text(row, c)).unwrap_or_default();
        tasks.push(Task { name, content });
    }
    tasks
}

/// The unit of 预算情况: the 单位 line's, else one given in a label (部门预算总额（万元）),
/// else 万元.
fn budget_unit(grid: &Grid, pre: &Preamble, start: u32, end: u32) -> Unit {
    pre.unit
        .as_ref()
        .map(|u| u.0)
        .or_else(|| {
            (start..end)
                .flat_map(|r| (0..grid.width()).map(move |c| (r, c)))
                .find_map(|(r, c)| strip_unit(&normalize_label(&grid.text(r, c))).1)
        })
        .unwrap_or(Unit::WanYuan)
}

/// 预算情况: each label followed by its amount to the right (the first of each label counts).
fn read_budget(
    grid: &Grid,
    (start, end): (u32, u32),
    unit: Unit,
    findings: &mut Vec<Finding>,
) -> BTreeMap<Col, Amount> {
    let mut budget = BTreeMap::new();
    for r in start..end {
        for c in 0..grid.width() {
            let t = normalize_label(&grid.text(r, c));
            let Some((_, col)) = PERFORMANCE_BUDGET.iter().find(|(l, _)| t.contains(l)) else {
                continue;
            };
            if budget.contains_key(col) {
                continue;
            }
            let next = (c + 1..grid.width()).find(|c2| !grid.get(r, *c2).is_empty());
            if let Some(c2) = next {
                match amount_from_cell(grid.get(r, c2)) {
                    CellAmount::Value(v) => {
                        budget.insert(
                            *col,
                            Amount {
                                yuan: v * unit.in_yuan(),
                                at: grid.cell_ref(r, c2),
                            },
                        );
                    }
                    CellAmount::Unreadable(s)
                        if PERFORMANCE_BUDGET
                            .iter()
                            .all(|(l, _)| !normalize_label(&s).contains(l)) =>
                    {
                        findings.push(
                            Finding::new(
                                "READ-001",
                                Severity::Error,
                                format!("金额单元格无法读取为数字：“{s}”"),
                            )
                            .at(Some(TableId::T11), Some(grid.cell_ref(r, c2))),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
    budget
}

/// The indicator list under its header row `hr`: 一级 and 二级 cells carry down over the rows
/// they are merged across.
fn read_indicators(grid: &Grid, hr: u32) -> Vec<Indicator> {
    let col_of = |pred: &dyn Fn(&str) -> bool| {
        (0..grid.width()).find(|c| pred(&normalize_label(&grid.text(hr, *c))))
    };
    let c1 = col_of(&|t| t == INDICATOR_LEVELS[0]);
    let c2 = col_of(&|t| t == INDICATOR_LEVELS[1]);
    let c3 = col_of(&|t| t == INDICATOR_LEVELS[2]);
    let cv = col_of(&|t| t == INDICATOR_VALUE);
    let cn = col_of(&|t| t.contains(INDICATOR_NOTE));
    let (mut l1, mut l2) = (String::new(), String::new());
    let text = |r: u32, c: Option<u32>| c.map(|c| grid.text(r, c)).unwrap_or_default();
    let mut indicators = Vec::new();
    for r in hr + 1..grid.height() {
        let (t1, t2) = (text(r, c1), text(r, c2));
        if !t1.is_empty() {
            l1 = t1;
        }
        if !t2.is_empty() {
            l2 = t2;
        }
        let name = text(r, c3);
        if name.is_empty() {
            continue;
        }
        indicators.push(Indicator {
            level1: l1.clone(),
            level2: l2.clone(),
            name,
            value: text(r, cv),
            note: text(r, cn),
        });
    }
    indicators
}

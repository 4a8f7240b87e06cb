//! READ rules about the workbook as a whole: required tables, the notes of empty tables, the
//! department's name and the budget year in every table.

use crate::finding::{Finding, Severity};
use crate::model::CellRef;
use crate::model::TableId;
use crate::text::{normalize_label, xml_illegal};
use crate::validate::Ctx;

pub fn check(cx: &mut Ctx) {
    required_tables(cx);
    empty_table_notes(cx);
    department_name(cx);
    years(cx);
    hidden_decimals(cx);
    control_characters(cx);
}

/// READ-020 必需的表缺失: the national rules require 预算01表–12表; an empty table is still
/// published, with its note.
fn required_tables(cx: &mut Ctx) {
    for id in cx.budget.missing() {
        cx.push(
            Finding::new(
                "READ-020",
                Severity::Error,
                format!(
                    "缺少{}“{}”：按规定必须公开此表；无数据时也应保留表头、合计行并加注说明",
                    id,
                    id.title()
                ),
            )
            .at(Some(id), None),
        );
    }
}

/// Words by which a note says that a table has no data.
fn says_empty(note: &str) -> bool {
    let n = normalize_label(note);
    n.contains("无数据")
        || n.contains("此表为空")
        || n.contains("本表为空")
        || (n.contains("无") && n.contains("故此表"))
}

/// READ-021 空表缺少说明 / READ-022 说明与数据矛盾.
fn empty_table_notes(cx: &mut Ctx) {
    for t in cx.budget.tables.values() {
        if matches!(t.id, TableId::T11 | TableId::T12) {
            continue;
        }
        let empty_note = t.notes.iter().find(|n| says_empty(&n.text));
        if t.is_empty() && empty_note.is_none() {
            cx.out.push(
                Finding::new(
                    "READ-021",
                    Severity::Error,
                    format!(
                        "{}没有数据，但表下没有说明（如“本部门{}无…，故本表无数据。”）",
                        t.id.title(),
                        cx.budget.year.map(|y| format!("{y}年")).unwrap_or_default()
                    ),
                )
                .at(Some(t.id), Some(t.source.title_at.clone())),
            );
        }
        if let Some(note) = empty_note.filter(|_| !t.is_empty()) {
            cx.out.push(
                Finding::new(
                    "READ-022",
                    Severity::Error,
                    format!("表下说明“{}”称此表无数据，但表中有金额", note.text.trim()),
                )
                .at(Some(t.id), Some(note.at.clone())),
            );
        }
    }
}

/// READ-023 部门名称不一致: every table names the department the same way.
fn department_name(cx: &mut Ctx) {
    let dept = cx.budget.department.clone();
    if dept.is_empty() {
        return;
    }
    for t in cx.budget.tables.values() {
        let Some((name, at)) = &t.source.dept_name else {
            continue;
        };
        if normalize_label(name) != normalize_label(&dept) {
            cx.out.push(
                Finding::new(
                    "READ-023",
                    Severity::Warning,
                    format!("“部门名称”为“{name}”，与部门全称“{dept}”不一致；公开文件各处应使用同一名称"),
                )
                .at(Some(t.id), Some(at.clone())),
            );
        }
    }
}

/// READ-024 年度不一致: every title carries the budget year.
fn years(cx: &mut Ctx) {
    let Some(year) = cx.budget.year else { return };
    for t in cx.budget.tables.values() {
        let title = normalize_label(&t.source.title);
        let other = title
            .char_indices()
            .filter(|(i, _)| title[*i..].len() >= 5)
            .find_map(|(i, _)| {
                let w: String = title[i..].chars().take(5).collect();
                let digits: String = w.chars().take(4).collect();
                (w.ends_with('年') && digits.chars().all(|c| c.is_ascii_digit()))
                    .then(|| digits.parse::<i32>().ok())
                    .flatten()
            });
        if let Some(y) = other.filter(|y| *y != year) {
            cx.out.push(
                Finding::new(
                    "READ-024",
                    Severity::Error,
                    format!("标题年度为 {y} 年，而预算年度为 {year} 年"),
                )
                .at(Some(t.id), Some(t.source.title_at.clone())),
            );
        }
    }
}

/// UNIT-001 隐藏的小数位: figures with more decimals than a published table prints (3.5612 万元
/// shows as 3.56). Exact to the 分, this is how exports in 万元 carry 元 figures, and `build`
/// rounds the whole publication once so that its tables still add up: one `info` per table.
/// Finer than the 分 (a formula's residue, a unit slip): a warning at each such cell.
fn hidden_decimals(cx: &mut Ctx) {
    for t in cx.budget.tables.values() {
        let unit = t.source.unit;
        let rows = t.rows.iter().chain(t.total.iter());
        let amounts = rows
            .flat_map(|r| r.values.values())
            .chain(t.targets.iter().flat_map(|p| p.values.values()));
        let mut hidden = Vec::new();
        for a in amounts {
            let v = unit.from_yuan(a.yuan).normalize();
            if a.yuan.normalize().scale() > 2 {
                cx.out.push(
                    Finding::new(
                        "UNIT-001",
                        Severity::Warning,
                        format!(
                            "金额 {v} {} 比“分”还精确，是否公式残留或单位有误？",
                            unit.label()
                        ),
                    )
                    .at(Some(t.id), Some(a.at.clone())),
                );
            } else if v.scale() > 2 {
                hidden.push((v, a.at.clone()));
            }
        }
        if let Some((v, at)) = hidden.first() {
            cx.out.push(
                Finding::new(
                    "UNIT-001",
                    Severity::Info,
                    format!(
                        "{} 个金额有超过两位的小数（如 {v} {}）；公开时统一四舍五入到 0.01 万元，并保证各表相加一致",
                        hidden.len(),
                        unit.label()
                    ),
                )
                .at(Some(t.id), Some(at.clone())),
            );
        }
    }
}

/// READ-014 不可见的控制字符: a text of the export holding a character XML 1.0 cannot hold
/// (`text::xml_illegal`). The document leaves it out (the workbook keeps it as Excel's
/// `_xHHHH_`); the warning says where it was, so that the export can be corrected. One finding
/// per text, at its cell (11's texts, which the reader keeps without cells, at the table's
/// title).
fn control_characters(cx: &mut Ctx) {
    for t in cx.budget.tables.values() {
        let mut texts: Vec<(&str, &CellRef)> = vec![(&t.source.title, &t.source.title_at)];
        if let Some((name, at)) = &t.source.dept_name {
            texts.push((name, at));
        }
        texts.extend(t.notes.iter().map(|n| (n.text.as_str(), &n.at)));
        for r in t.rows.iter().chain(&t.total) {
            texts.push((&r.name, &r.at));
            texts.extend(r.text.values().map(|v| (v.as_str(), &r.at)));
        }
        for p in &t.targets {
            texts.extend([(&p.code, &p.at), (&p.name, &p.at)].map(|(s, at)| (s.as_str(), at)));
            texts.extend(p.unit.iter().map(|u| (u.as_str(), &p.at)));
            for i in &p.indicators {
                texts.extend(indicator_texts(i).map(|s| (s, &p.at)));
            }
        }
        if let Some(perf) = &t.performance {
            let at = &t.source.title_at;
            texts.push((&perf.goal, at));
            for task in &perf.tasks {
                texts.extend(
                    [(&task.name, at), (&task.content, at)].map(|(s, at)| (s.as_str(), at)),
                );
            }
            for i in &perf.indicators {
                texts.extend(indicator_texts(i).map(|s| (s, at)));
            }
        }
        for (text, at) in texts {
            let Some(c) = text.chars().find(|c| xml_illegal(*c)) else {
                continue;
            };
            let shown: String = text.chars().filter(|c| !xml_illegal(*c)).take(30).collect();
            cx.push(
                Finding::new(
                    "READ-014",
                    Severity::Warning,
                    format!(
                        "“{}”中有不可见的控制字符 U+{:04X}：Word 文档无法容纳，已删去；请在导出表中删除",
                        shown.trim(),
                        c as u32
                    ),
                )
                .at(Some(t.id), Some(at.clone())),
            );
        }
    }
}

fn indicator_texts(i: &crate::model::Indicator) -> impl Iterator<Item = &str> {
    [&i.level1, &i.level2, &i.name, &i.value, &i.note]
        .into_iter()
        .map(String::as_str)
}

//! One test per rule, each fed a small consistent budget built in memory (no files) with one
//! cell changed, asserting the rule id and the cell. The consistent budget itself must raise
//! nothing: a false alarm is a bug.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{validate, Settings};
use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::model::Budget;
use crate::read::cell::Cell;
use crate::read::tables::read_tables;
use crate::read::Grid;

/// A cell from a short literal: "#50.65" is a number, "" empty, anything else text.
fn cell(s: &str) -> Cell {
    match s.strip_prefix('#') {
        Some(n) => Cell::Number(Decimal::from_str(n).expect("number literal")),
        None if s.is_empty() => Cell::Empty,
        None => Cell::Text(s.to_string()),
    }
}

/// A sheet: title, 部门名称 and 单位 lines, then the rows given.
fn sheet(name: &str, title: &str, rows: &[&[&str]]) -> Vec<Vec<Cell>> {
    let mut out = vec![
        vec![cell(title)],
        vec![
            cell("部门名称：测试部门"),
            cell(""),
            cell(""),
            cell("单位：万元"),
        ],
    ];
    out.extend(rows.iter().map(|r| r.iter().map(|s| cell(s)).collect()));
    let _ = name;
    out
}

/// A small department whose twelve tables agree with each other: 10.00 万元 in all,
/// 基本支出 7.00 (人员经费 5.00 = 工资福利 4.00 + 对个人 1.00; 公用经费 2.00) and 项目支出 3.00.
fn consistent() -> Vec<(String, Vec<Vec<Cell>>)> {
    let h03: [&[&str]; 2] = [
        &[
            "科目编码",
            "科目名称",
            "合计",
            "基本支出",
            "基本支出",
            "基本支出",
            "基本支出",
            "基本支出",
            "项目支出",
            "项目支出",
            "项目支出",
        ],
        &[
            "",
            "",
            "",
            "小计",
            "工资福利支出",
            "对个人和家庭的补助",
            "商品和服务支出",
            "资本性支出",
            "小计",
            "其他运转类",
            "特定目标类",
        ],
    ];
    let b03: [&[&str]; 4] = [
        &[
            "合计", "", "#10", "#7", "#4", "#1", "#2", "", "#3", "#3", "",
        ],
        &[
            "201",
            "一般公共服务支出",
            "#10",
            "#7",
            "#4",
            "#1",
            "#2",
            "",
            "#3",
            "#3",
            "",
        ],
        &[
            "2013601",
            "行政运行",
            "#7",
            "#7",
            "#4",
            "#1",
            "#2",
            "",
            "",
            "",
            "",
        ],
        &[
            "2013699",
            "其他共产党事务支出",
            "#3",
            "",
            "",
            "",
            "",
            "",
            "#3",
            "#3",
            "",
        ],
    ];
    let mut t03: Vec<&[&str]> = h03.to_vec();
    t03.extend(b03);
    let t03_rows = t03.clone();
    let empty09: Vec<&[&str]> = vec![
        h03[0],
        h03[1],
        &["合计", "", "", "", "", "", "", "", "", "", ""],
        &["备注：本部门2024年无政府性基金预算财政拨款安排的支出，故本表无数据。"],
    ];
    vec![
        (
            "01".into(),
            sheet(
                "01",
                "2024年部门收支总体情况表",
                &[
                    &["收入", "", "支出", ""],
                    &["项目", "金额", "项目", "金额"],
                    &["一、一般公共预算", "#10", "一、一般公共服务支出", "#10"],
                    &["其中：财政拨款", "#10", "二、外交支出", ""],
                    &["二、政府性基金预算拨款收入", "", "", ""],
                    &["本年收入合计", "#10", "本年支出合计", "#10"],
                    &["上年结转结余", "", "年终结转结余", ""],
                    &["收入总计", "#10", "支出总计", "#10"],
                ],
            ),
        ),
        (
            "02".into(),
            sheet(
                "02",
                "2024年部门收入总体情况表",
                &[
                    &[
                        "单位代码",
                        "单位名称",
                        "总计",
                        "本年收入",
                        "本年收入",
                        "本年收入",
                        "上年结转结余",
                    ],
                    &["", "", "", "合计", "一般公共预算", "其中：财政拨款", "合计"],
                    &["合计", "", "#10", "#10", "#10", "#10", ""],
                    &["001", "测试部门", "#10", "#10", "#10", "#10", ""],
                ],
            ),
        ),
        (
            "03".into(),
            sheet("03", "2024年部门支出总体情况表", &t03_rows),
        ),
        (
            "04".into(),
            sheet(
                "04",
                "2024年财政拨款收支总体情况表",
                &[
                    &["收入", "", "支出", "支出", "支出", "支出", "支出"],
                    &[
                        "项目",
                        "金额",
                        "项目",
                        "合计",
                        "一般公共预算",
                        "政府性基金",
                        "国有资本经营预算",
                    ],
                    &["一、本年收入", "#10", "一、本年支出", "#10", "#10", "", ""],
                    &[
                        "（一）一般公共预算拨款",
                        "#10",
                        "（一）一般公共服务支出",
                        "#10",
                        "#10",
                        "",
                        "",
                    ],
                    &[
                        "（二）政府性基金预算拨款",
                        "",
                        "二、年终结转结余",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &["二、上年结转", "", "", "", "", "", ""],
                    &["收入合计", "#10", "支出合计", "#10", "#10", "", ""],
                ],
            ),
        ),
        (
            "05".into(),
            sheet("05", "2024年一般公共预算支出情况表", &t03_rows),
        ),
        (
            "06".into(),
            sheet(
                "06",
                "2024年一般公共预算基本支出情况表",
                &[
                    &["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                    &["合计", "", "#7", "#5", "#2"],
                    &["30101", "基本工资", "#4", "#4", ""],
                    &["30201", "办公费", "#2", "", "#2"],
                    &["30302", "退休费", "#1", "#1", ""],
                ],
            ),
        ),
        (
            "07".into(),
            sheet(
                "07",
                "2024年支出经济分类汇总表",
                &[
                    &[
                        "部门预算经济分类",
                        "部门预算经济分类",
                        "政府预算经济分类",
                        "政府预算经济分类",
                        "合计",
                        "一般公共预算",
                        "一般公共预算",
                    ],
                    &[
                        "科目编码",
                        "科目名称",
                        "科目编码",
                        "科目名称",
                        "",
                        "小计",
                        "其中：财政拨款",
                    ],
                    &["合计", "", "", "", "#10", "#10", "#10"],
                    &[
                        "30101",
                        "基本工资",
                        "50101",
                        "工资奖金津补贴",
                        "#4",
                        "#4",
                        "#4",
                    ],
                    &["30201", "办公费", "50201", "办公经费", "#2", "#2", "#2"],
                    &["30216", "培训费", "50203", "培训费", "#3", "#3", "#3"],
                    &["30302", "退休费", "50905", "离退休费", "#1", "#1", "#1"],
                ],
            ),
        ),
        (
            "08".into(),
            sheet(
                "08",
                "2024年一般公共预算“三公”经费支出情况表",
                &[
                    &[
                        "“三公”经费合计",
                        "因公出国（境）费",
                        "公务用车购置及运行费",
                        "公务用车购置及运行费",
                        "公务用车购置及运行费",
                        "公务接待费",
                    ],
                    &["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
                    &["备注：本部门2024年无“三公”经费支出，故本表无数据。"],
                ],
            ),
        ),
        (
            "09".into(),
            sheet("09", "2024年政府性基金预算支出情况表", &empty09),
        ),
        (
            "10".into(),
            sheet(
                "10",
                "2024年项目支出表",
                &[
                    &[
                        "项目类型",
                        "项目名称",
                        "项目单位",
                        "合计",
                        "本年拨款",
                        "本年拨款",
                    ],
                    &["", "", "", "", "一般公共预算", "政府性基金预算"],
                    &["合计", "", "", "#3", "#3", ""],
                    &["其他运转类", "党员教育培训", "测试部门", "#3", "#3", ""],
                ],
            ),
        ),
        (
            "11".into(),
            sheet(
                "11",
                "部门（单位）整体绩效目标表",
                &[
                    &["年度履职目标", "做好党建工作"],
                    &["年度主要任务", "任务名称", "主要内容"],
                    &["", "党员教育", "完成培训"],
                    &["预算情况", "部门预算总额（万元）", "#10"],
                    &["", "（1）政府预算资金", "#10"],
                    &["", "（1）基本支出", "#7"],
                    &["", "（2）项目支出", "#3"],
                    &["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"],
                    &["产出指标", "数量指标", "培训次数", "≥1次", "全年培训次数"],
                ],
            ),
        ),
        (
            "12".into(),
            sheet(
                "12",
                "2024年部门预算项目绩效目标汇总表",
                &[
                    &[
                        "单位编码（项目编码）",
                        "项目单位（项目名称）",
                        "项目金额",
                        "项目金额",
                        "绩效目标",
                        "绩效目标",
                    ],
                    &["", "", "资金总额", "政府预算资金", "产出指标", "产出指标"],
                    &["", "", "", "", "三级指标", "指标值"],
                    &["001", "测试部门", "#3", "#3", "", ""],
                    &[
                        "410702220000000013229",
                        "党员教育培训",
                        "#3",
                        "#3",
                        "培训次数",
                        "≥1次",
                    ],
                ],
            ),
        ),
    ]
}

/// Reads the sheets after `edit`: the budget and the reader's findings.
fn read_edited(edit: impl FnOnce(&mut Vec<(String, Vec<Vec<Cell>>)>)) -> (Budget, Vec<Finding>) {
    let mut sheets = consistent();
    edit(&mut sheets);
    let grids: Vec<Grid> = sheets
        .into_iter()
        .map(|(name, rows)| Grid::from_rows(&name, rows, Vec::new()))
        .collect();
    let outcome = read_tables(&grids, &Catalog::builtin());
    (outcome.budget, outcome.findings)
}

/// Runs reader and rules over the sheets after `edit`.
fn run(edit: impl FnOnce(&mut Vec<(String, Vec<Vec<Cell>>)>)) -> Vec<Finding> {
    let (budget, mut findings) = read_edited(edit);
    findings.extend(validate(&budget, &Catalog::builtin(), &Settings::default()));
    findings
}

/// Sets one cell (A1 address) of sheet `name`.
fn set(sheets: &mut [(String, Vec<Vec<Cell>>)], name: &str, a1: &str, value: &str) {
    let (r, c) = crate::model::cell_ref::a1_to_row_col(a1).expect("A1");
    let rows = &mut sheets.iter_mut().find(|(n, _)| n == name).expect("sheet").1;
    while rows.len() <= r as usize {
        rows.push(Vec::new());
    }
    let row = &mut rows[r as usize];
    while row.len() <= c as usize {
        row.push(Cell::Empty);
    }
    row[c as usize] = cell(value);
}

fn has(findings: &[Finding], rule: &str, at: &str) -> bool {
    findings
        .iter()
        .any(|f| f.rule == rule && f.cell.as_ref().map(|c| c.to_string()).as_deref() == Some(at))
}

#[track_caller]
fn assert_finds(findings: &[Finding], rule: &str, at: &str) {
    assert!(
        has(findings, rule, at),
        "expected {rule} at {at}; got:\n{}",
        dump(findings)
    );
}

fn dump(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} {}",
                f.rule,
                f.severity,
                f.cell.as_ref().map(|c| c.to_string()).unwrap_or_default(),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_consistent_budget_raises_nothing() {
    let findings = run(|_| {});
    assert!(findings.is_empty(), "false alarms:\n{}", dump(&findings));
}

// Rows of the sheets (1-based, as Excel shows them): title 1, 部门名称 2, header from 3.
// 03/05: header 3–4, 合计 5, 201 6, 2013601 7, 2013699 8; columns C 合计, D 基本支出 小计,
// E 工资福利, F 对个人, G 商品和服务, H 资本性, I 项目支出 小计, J 其他运转类, K 特定目标类.

#[test]
fn sum_001_total_is_basic_plus_project() {
    let f = run(|s| {
        set(s, "03", "C7", "#7.5");
        set(s, "03", "C6", "#10.5");
        set(s, "03", "C5", "#10.5");
    });
    assert_finds(&f, "SUM-001", "03!C7");
}

#[test]
fn sum_002_basic_is_personnel_plus_public() {
    let f = run(|s| set(s, "03", "D7", "#6"));
    assert_finds(&f, "SUM-002", "03!D7");
    assert_finds(&f, "SUM-001", "03!C7");
}

#[test]
fn sum_005_project_is_operating_plus_specific() {
    let f = run(|s| set(s, "03", "J8", "#2"));
    assert_finds(&f, "SUM-005", "03!I8");
}

#[test]
fn sum_006_category_is_sum_of_items() {
    let f = run(|s| set(s, "03", "E7", "#3"));
    // 201's 工资福利 4.00 ≠ 3.00 + 0.00.
    assert_finds(&f, "SUM-006", "03!E6");
}

#[test]
fn sum_006_says_when_a_detail_row_repeats_its_parent() {
    let f = run(|s| {
        for (c, v) in [
            ("C", "#10"),
            ("D", "#7"),
            ("E", "#4"),
            ("F", "#1"),
            ("G", "#2"),
            ("I", "#3"),
            ("J", "#3"),
        ] {
            set(s, "03", &format!("{c}7"), v);
        }
    });
    let dup = f
        .iter()
        .find(|x| x.rule == "SUM-006" && x.message.contains("重复了上级"));
    assert!(dup.is_some(), "{}", dump(&f));
}

#[test]
fn sum_007_total_row_is_sum_of_rows() {
    let f = run(|s| set(s, "07", "E5", "#11"));
    assert_finds(&f, "SUM-007", "07!E5");
}

#[test]
fn sum_007_total_smaller_than_an_item_says_so() {
    let f = run(|s| set(s, "07", "E5", "#3"));
    let x = f
        .iter()
        .find(|x| x.rule == "SUM-007" && x.cell.as_ref().is_some_and(|c| c.a1() == "E5"))
        .expect("SUM-007");
    assert!(
        x.message.contains("合计小于其中最大的一项"),
        "{}",
        x.message
    );
}

#[test]
fn sum_008_row_total_is_sum_of_sources() {
    let f = run(|s| set(s, "02", "C6", "#11"));
    assert_finds(&f, "SUM-008", "02!C6");
}

#[test]
fn sum_009_income_total_is_sum_of_lines() {
    let f = run(|s| set(s, "01", "B8", "#9"));
    assert_finds(&f, "SUM-009", "01!B8");
}

#[test]
fn sum_010_income_equals_expenditure() {
    let f = run(|s| set(s, "01", "D10", "#11"));
    assert_finds(&f, "SUM-010", "01!D10");
}

#[test]
fn sum_011_sangong_total() {
    let f = run(|s| {
        set(s, "08", "A5", "#0.5");
        set(s, "08", "F5", "#0.4");
        set(s, "08", "A6", "");
    });
    assert_finds(&f, "SUM-011", "08!A5");
}

#[test]
fn sum_012_appropriation_within_general_budget() {
    let f = run(|s| set(s, "07", "G7", "#5"));
    assert_finds(&f, "SUM-012", "07!G7");
}

#[test]
fn sum_012_every_qizhong_line_within_its_parent_also_on_the_income_side() {
    // 04's income side: 其中：财政拨款 12.00 under 一般公共预算拨款 10.00.
    let over = run(|s| {
        set(s, "04", "A7", "其中：财政拨款");
        set(s, "04", "B7", "#12");
    });
    assert_finds(&over, "SUM-012", "04!B7");
    let within = run(|s| {
        set(s, "04", "A7", "其中：财政拨款");
        set(s, "04", "B7", "#10");
    });
    assert!(
        !within.iter().any(|f| f.rule == "SUM-012"),
        "equal to its parent is fine: {within:?}"
    );
}

#[test]
fn sum_013_performance_budget_adds_up() {
    let f = run(|s| set(s, "11", "C9", "#8"));
    assert_finds(&f, "SUM-013", "11!C6");
}

#[test]
fn round_001_residual_within_rounding_is_a_warning() {
    // 0.01 off on a 万元 table: a rounding residual, stated exactly.
    let f = run(|s| set(s, "07", "E5", "#10.01"));
    let x = f.iter().find(|x| x.rule == "ROUND-001").expect("ROUND-001");
    assert_eq!(x.severity, Severity::Warning);
    assert_eq!(x.cell.as_ref().unwrap().to_string(), "07!E5");
    assert_eq!(x.difference(), Some(Decimal::new(1, 2)));
    assert!(
        !f.iter().any(|x| x.severity == Severity::Error),
        "{}",
        dump(&f)
    );
}

#[test]
fn xref_001_overview_income_equals_income_table() {
    let f = run(|s| {
        for a1 in ["C5", "D5", "E5", "C6", "D6", "E6"] {
            set(s, "02", a1, "#9");
        }
        for a1 in ["F5", "F6"] {
            set(s, "02", a1, "#9");
        }
    });
    assert_finds(&f, "XREF-001", "01!B8");
}

#[test]
fn xref_002_overview_expenditure_equals_expenditure_table() {
    let f = run(|s| {
        for a1 in ["D5", "D9", "D10"] {
            set(s, "01", a1, "#11");
        }
        for a1 in ["B5", "B6", "B8", "B10"] {
            set(s, "01", a1, "#11");
        }
    });
    assert_finds(&f, "XREF-002", "01!D5");
}

#[test]
fn xref_004_fiscal_overview_equals_general_budget_table() {
    let f = run(|s| {
        for a1 in ["C5", "D5", "C6", "D6"] {
            set(s, "05", a1, "");
        }
        for (a1, v) in [
            ("C5", "#9"),
            ("C6", "#9"),
            ("D5", "#6"),
            ("D6", "#6"),
            ("C7", "#6"),
            ("D7", "#6"),
            ("E5", "#3"),
            ("E6", "#3"),
            ("E7", "#3"),
        ] {
            set(s, "05", a1, v);
        }
    });
    assert_finds(&f, "XREF-004", "04!E5");
}

#[test]
fn xref_006_basic_economic_table_equals_basic_expenditure() {
    let f = run(|s| {
        set(s, "06", "C6", "#5");
        set(s, "06", "D6", "#5");
        set(s, "06", "C4", "#8");
        set(s, "06", "D4", "#6");
    });
    assert_finds(&f, "XREF-006", "06!C4");
}

#[test]
fn xref_007_economic_lines_cover_all_expenditure() {
    let f = run(|s| {
        set(s, "07", "A8", "");
        set(s, "07", "B8", "");
        set(s, "07", "C8", "");
        set(s, "07", "D8", "");
        for a1 in ["E8", "F8", "G8"] {
            set(s, "07", a1, "");
        }
    });
    assert_finds(&f, "XREF-007", "07!E5");
}

#[test]
fn xref_008_sangong_item_within_its_economic_line() {
    let f = run(|s| {
        set(s, "08", "A5", "#0.5");
        set(s, "08", "F5", "#0.5");
        set(s, "08", "A6", "");
    });
    assert_finds(&f, "XREF-008", "08!F5");
}

#[test]
fn xref_009_projects_equal_project_expenditure() {
    let f = run(|s| {
        set(s, "10", "D5", "#4");
        set(s, "10", "E5", "#4");
        set(s, "10", "D6", "#4");
        set(s, "10", "E6", "#4");
    });
    assert_finds(&f, "XREF-009", "10!D5");
}

#[test]
fn xref_010_target_funding_differs_only_as_information() {
    let f = run(|s| {
        set(s, "12", "C7", "#2");
        set(s, "12", "D7", "#2");
        set(s, "12", "C6", "#2");
        set(s, "12", "D6", "#2");
    });
    let x = f.iter().find(|x| x.rule == "XREF-010").expect("XREF-010");
    assert_eq!(x.severity, Severity::Info);
    assert!(
        !f.iter().any(|x| x.severity == Severity::Error),
        "{}",
        dump(&f)
    );
}

#[test]
fn xref_012_general_budget_row_within_all_funds() {
    let f = run(|s| {
        set(s, "03", "C8", "#2");
        set(s, "03", "I8", "#2");
        set(s, "03", "J8", "#2");
    });
    assert_finds(&f, "XREF-012", "05!C8");
}

#[test]
fn code_001_a_section_that_does_not_exist_is_a_warning() {
    let f = run(|s| {
        set(s, "03", "A8", "2019801");
        set(s, "05", "A8", "2019801");
    });
    let x = f.iter().find(|x| x.rule == "CODE-001").expect("CODE-001");
    assert_eq!(x.severity, Severity::Warning);
    assert_eq!(x.cell.as_ref().unwrap().to_string(), "03!A8");
    assert!(
        x.message.contains("2024 年科目目录") && x.message.contains("款 20198 不存在"),
        "{}",
        x.message
    );
}

#[test]
fn code_001_a_class_that_does_not_exist_is_a_warning() {
    let f = run(|s| set(s, "03", "A8", "2180101"));
    let x = f
        .iter()
        .find(|x| x.rule == "CODE-001" && x.cell.as_ref().unwrap().to_string() == "03!A8")
        .expect("CODE-001");
    assert_eq!(x.severity, Severity::Warning);
    assert!(x.message.contains("类 218 不存在"), "{}", x.message);
}

/// A well-formed 项 under a 款 the catalogue knows is information, not a warning (issue 8).
#[test]
fn code_007_an_unlisted_item_of_a_known_section_is_info() {
    let f = run(|s| {
        set(s, "03", "A8", "2013698");
        set(s, "05", "A8", "2013698");
    });
    let x = f.iter().find(|x| x.rule == "CODE-007").expect("CODE-007");
    assert_eq!(x.severity, Severity::Info);
    assert_eq!(x.cell.as_ref().unwrap().to_string(), "03!A8");
    assert!(x.message.contains("2024 年科目目录"), "{}", x.message);
    assert!(!f.iter().any(|x| x.rule == "CODE-001"), "{}", dump(&f));
}

/// Every sheet's title says `year` instead of 2024.
fn retitle(sheets: &mut [(String, Vec<Vec<Cell>>)], year: &str) {
    for (_, rows) in sheets.iter_mut() {
        for c in rows.iter_mut().flatten() {
            if let Cell::Text(t) = c {
                *t = t.replace("2024年", &format!("{year}年"));
            }
        }
    }
}

/// The edition follows the budget year: 2170404 (added by 财预〔2025〕41号) is known in a 2025
/// budget and only an unlisted 项 in a 2024 one.
#[test]
fn code_rules_use_the_edition_of_the_budget_year() {
    let put = |s: &mut Vec<(String, Vec<Vec<Cell>>)>| {
        set(s, "03", "A8", "2170404");
        set(s, "03", "B8", "中央金融机构注资特别国债支出");
    };
    let f2024 = run(put);
    let x = f2024
        .iter()
        .find(|x| x.rule == "CODE-007")
        .expect("CODE-007");
    assert!(x.message.contains("2024 年"), "{}", x.message);
    let f2025 = run(|s| {
        retitle(s, "2025");
        put(s);
    });
    // Only 03 changes, so the sums disagree; the code itself is known in 2025.
    assert!(
        !f2025
            .iter()
            .any(|x| x.rule.starts_with("CODE-00") && has(&f2025, x.rule, "03!A8")),
        "{}",
        dump(&f2025)
    );
    assert!(
        !f2025.iter().any(|x| x.rule == "READ-024"),
        "{}",
        dump(&f2025)
    );
}

#[test]
fn code_002_name_must_match_the_code() {
    let f = run(|s| set(s, "03", "B7", "一般行政管理事务"));
    assert_finds(&f, "CODE-002", "03!A7");
}

#[test]
fn code_003_missing_parent_row() {
    // A 款 row under 201 is printed for one item but not the other.
    // The table prints 款 20136 above its item; the other item's 款 20101 is missing.
    let f = run(|s| {
        let row = ["20136", "其他共产党事务支出", "#7", "#7", "#4", "#1", "#2"];
        s.iter_mut()
            .find(|(n, _)| n == "03")
            .unwrap()
            .1
            .insert(6, row.iter().map(|c| cell(c)).collect());
        set(s, "03", "A9", "2010199");
        set(s, "03", "B9", "其他人大事务支出");
    });
    assert_finds(&f, "CODE-003", "03!A9");
    assert!(
        !f.iter().any(|x| x.rule == "SUM-006"),
        "201 = 20136 + 2010199: {}",
        dump(&f)
    );
}

#[test]
fn code_006_economic_pair_must_match_the_mapping() {
    let f = run(|s| set(s, "07", "C6", "50502"));
    assert_finds(&f, "CODE-006", "07!A6");
}

#[test]
fn read_020_required_table_missing() {
    let f = run(|s| s.retain(|(n, _)| n != "06"));
    assert!(
        f.iter().any(|x| x.rule == "READ-020"
            && x.severity == Severity::Error
            && x.message.contains("预算06表")),
        "{}",
        dump(&f)
    );
}

#[test]
fn read_021_empty_table_needs_its_note() {
    let f = run(|s| set(s, "09", "A6", ""));
    assert_finds(&f, "READ-021", "09!A1");
}

#[test]
fn read_022_note_says_empty_but_table_has_data() {
    let f = run(|s| {
        set(s, "08", "A5", "#0.5");
        set(s, "08", "F5", "#0.5");
        set(
            s,
            "08",
            "A6",
            "备注：本部门2024年无“三公”经费支出，故本表无数据。",
        );
    });
    assert_finds(&f, "READ-022", "08!A6");
}

#[test]
fn read_023_department_name_differs() {
    let f = run(|s| set(s, "03", "A2", "部门名称：本级"));
    assert_finds(&f, "READ-023", "03!A2");
}

#[test]
fn read_024_title_year_differs() {
    let f = run(|s| set(s, "10", "A1", "2023年项目支出表"));
    assert_finds(&f, "READ-024", "10!A1");
}

#[test]
fn unit_001_hidden_decimals() {
    let f = run(|s| set(s, "06", "D5", "#4.0012"));
    assert_finds(&f, "UNIT-001", "06!D5");
}

#[test]
fn unit_slip_of_ten_thousand_is_named() {
    let f = run(|s| {
        for a1 in ["D5", "E5", "D6", "E6"] {
            set(s, "10", a1, "#30000");
        }
    });
    let x = f.iter().find(|x| x.rule == "XREF-009").expect("XREF-009");
    assert!(x.message.contains("一万倍"), "{}", x.message);
}

#[test]
fn sum_014_economic_line_in_the_wrong_column() {
    let f = run(|s| {
        set(s, "06", "D6", "#2");
        set(s, "06", "E6", "");
        set(s, "06", "D4", "#7");
        set(s, "06", "E4", "");
    });
    assert_finds(&f, "SUM-014", "06!E6");
}

/// A region that counts 30227 委托业务费 in 人员经费 configures it; the comparison of 06 with
/// 05 then moves that line from 公用经费 to 人员经费.
#[test]
fn personnel_composition_is_configurable() {
    let edit = |s: &mut Vec<(String, Vec<Vec<Cell>>)>| {
        set(s, "06", "A6", "30227");
        set(s, "06", "B6", "委托业务费");
        set(s, "06", "D6", "#2");
        set(s, "06", "E6", "");
        set(s, "06", "D4", "#7");
        set(s, "06", "E4", "");
    };
    let mut sheets = consistent();
    edit(&mut sheets);
    let grids: Vec<Grid> = sheets
        .into_iter()
        .map(|(n, rows)| Grid::from_rows(&n, rows, Vec::new()))
        .collect();
    let catalog = Catalog::builtin();
    let budget = read_tables(&grids, &catalog).budget;
    let national = validate(&budget, &catalog, &Settings::default());
    assert!(
        national.iter().any(|f| f.rule == "SUM-014"),
        "{}",
        dump(&national)
    );
    let regional = validate(
        &budget,
        &catalog,
        &Settings {
            personnel_extra: vec!["30227".into()],
        },
    );
    assert!(regional.is_empty(), "{}", dump(&regional));
}

#[test]
fn code_004_unknown_economic_code_is_a_warning() {
    let f = run(|s| set(s, "07", "A7", "30250"));
    let x = f.iter().find(|x| x.rule == "CODE-004").expect("CODE-004");
    assert_eq!(
        (x.severity, x.cell.as_ref().unwrap().to_string()),
        (Severity::Warning, "07!A7".to_string())
    );
}

#[test]
fn code_005_economic_name_must_match() {
    let f = run(|s| set(s, "07", "B6", "津贴补贴"));
    assert_finds(&f, "CODE-005", "07!A6");
}

#[test]
fn xref_005_fund_overview_equals_fund_table() {
    let f = run(|s| {
        for (a1, v) in [("F5", "#1"), ("F9", "#1"), ("D5", "#11"), ("D9", "#11")] {
            set(s, "04", a1, v);
        }
    });
    assert_finds(&f, "XREF-005", "04!F5");
}

#[test]
fn xref_011_performance_budget_against_the_tables() {
    let f = run(|s| {
        set(s, "11", "C8", "#6");
        set(s, "11", "C9", "#4");
    });
    let x = f.iter().find(|x| x.rule == "XREF-011").expect("XREF-011");
    assert_eq!(
        x.severity,
        Severity::Warning,
        "a hand-filled text table: a warning"
    );
    assert_eq!(x.cell.as_ref().unwrap().to_string(), "11!C8");
}

#[test]
fn xref_013_fiscal_income_equals_income_table() {
    let f = run(|s| {
        set(s, "04", "B5", "#9");
        set(s, "04", "B6", "#9");
        set(s, "04", "B9", "#9");
    });
    assert_finds(&f, "XREF-013", "04!B6");
}

#[test]
fn read_006_a_table_found_twice() {
    let f = run(|s| {
        let copy = s.iter().find(|(n, _)| n == "10").unwrap().1.clone();
        s.push(("10b".into(), copy));
    });
    assert_finds(&f, "READ-006", "10b!A1");
}

#[test]
fn read_007_a_row_printed_twice() {
    let f = run(|s| {
        let row = s.iter().find(|(n, _)| n == "06").unwrap().1[6].clone();
        s.iter_mut().find(|(n, _)| n == "06").unwrap().1.push(row);
    });
    let x = f.iter().find(|x| x.rule == "READ-007").expect("READ-007");
    assert_eq!(x.cell.as_ref().unwrap().to_string(), "06!A8");
}

#[test]
fn read_008_a_row_with_figures_but_no_code() {
    let f = run(|s| {
        let rows = &mut s.iter_mut().find(|(n, _)| n == "06").unwrap().1;
        rows.push(vec![
            cell(""),
            cell("其他"),
            cell("#1"),
            cell("#1"),
            cell(""),
        ]);
    });
    assert_finds(&f, "READ-008", "06!B8");
}

#[test]
fn read_012_a_stale_class_name() {
    let f = run(|s| set(s, "01", "C6", "二、医疗卫生与计划生育支出"));
    let x = f.iter().find(|x| x.rule == "READ-012").expect("READ-012");
    assert_eq!(x.cell.as_ref().unwrap().to_string(), "01!C6");
}

/// A class line of 01/04 under its pre-2019 name that carries money is a warning, not an error:
/// the figure is right and is read as the class's code (issue 8).
#[test]
fn read_012_a_stale_class_name_with_money_is_a_warning() {
    let f = run(|s| {
        set(s, "01", "C5", "一、城乡社区事务");
        set(s, "04", "C6", "（一）城乡社区事务支出");
        for t in ["03", "05"] {
            set(s, t, "A6", "212");
            set(s, t, "B6", "城乡社区支出");
            set(s, t, "A7", "2120101");
            set(s, t, "A8", "2120199");
            set(s, t, "B8", "其他城乡社区管理事务支出");
        }
    });
    let stale: Vec<_> = f.iter().filter(|x| x.rule == "READ-012").collect();
    assert_eq!(stale.len(), 2, "{}", dump(&f));
    assert!(stale.iter().all(|x| x.severity == Severity::Warning));
    assert_eq!(stale[0].cell.as_ref().unwrap().to_string(), "01!C5");
    assert!(
        !f.iter().any(|x| x.severity == Severity::Error),
        "{}",
        dump(&f)
    );
}

/// A layout that prints 人员经费 and 公用经费 subtotal columns: SUM-003 and SUM-004 check them.
#[test]
fn sum_003_and_sum_004_check_the_subtotal_columns() {
    let f = run(|s| {
        let rows = &mut s.iter_mut().find(|(n, _)| n == "03").unwrap().1;
        let header: [&[&str]; 3] = [
            &[
                "科目编码",
                "科目名称",
                "合计",
                "基本支出",
                "基本支出",
                "基本支出",
                "基本支出",
                "基本支出",
                "基本支出",
                "基本支出",
                "项目支出",
            ],
            &[
                "",
                "",
                "",
                "小计",
                "人员经费",
                "人员经费",
                "人员经费",
                "公用经费",
                "公用经费",
                "公用经费",
                "",
            ],
            &[
                "",
                "",
                "",
                "",
                "小计",
                "工资福利支出",
                "对个人和家庭的补助",
                "小计",
                "商品和服务支出",
                "资本性支出",
                "",
            ],
        ];
        let body: [&[&str]; 4] = [
            &[
                "合计", "", "#10", "#7", "#5", "#4", "#1", "#2", "#2", "", "#3",
            ],
            &[
                "201",
                "一般公共服务支出",
                "#10",
                "#7",
                "#5",
                "#4",
                "#1",
                "#2",
                "#2",
                "",
                "#3",
            ],
            // 人员经费 6 ≠ 4 + 1 and 公用经费 1 ≠ 2 + 0: each is its own finding.
            &[
                "2013601",
                "行政运行",
                "#7",
                "#7",
                "#6",
                "#4",
                "#1",
                "#1",
                "#2",
                "",
                "",
            ],
            &[
                "2013699",
                "其他共产党事务支出",
                "#3",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "#3",
            ],
        ];
        rows.truncate(2);
        rows.extend(
            header
                .iter()
                .chain(body.iter())
                .map(|r| r.iter().map(|c| cell(c)).collect::<Vec<_>>()),
        );
    });
    assert_finds(&f, "SUM-003", "03!E8");
    assert_finds(&f, "SUM-004", "03!H8");
}

#[test]
fn xref_013_covers_the_qizhong_line_of_04() {
    // 04's 其中：财政拨款 lowered below 02's: still within its parent, but not 02's figure.
    let f = run(|s| {
        set(s, "04", "A7", "其中：财政拨款");
        set(s, "04", "B7", "#4");
    });
    assert_finds(&f, "XREF-013", "04!B7");
}

/// The words for the comparisons are made apart from the comparisons (`identity_descriptions`,
/// only when a report needs them): they must stay index for index with `identities`, so that
/// a failing identity is described as its own finding says it.
#[test]
fn identity_descriptions_follow_the_identities_one_for_one() {
    let (budget, _) = read_edited(|s| set(s, "03", "C7", "#7.5"));
    let catalog = Catalog::builtin();
    let settings = Settings::default();
    let identities = super::identities(&budget, &catalog, &settings);
    let descriptions = super::identity_descriptions(&budget, &catalog, &settings);
    assert_eq!(identities.len(), descriptions.len());
    assert!(identities.len() > 50, "{} identities", identities.len());
    let findings = validate(&budget, &catalog, &settings);
    let mut compared = 0;
    for f in &findings {
        // Findings of comparisons: those not made by one (a code, a name) have no identity.
        let Some(k) = identities
            .iter()
            .position(|i| i.rule == f.rule && i.found.at == f.cell)
        else {
            continue;
        };
        compared += 1;
        assert!(
            f.message.starts_with(&descriptions[k]),
            "{:?} does not start with {:?}",
            f.message,
            descriptions[k]
        );
    }
    assert!(compared >= 2, "findings:\n{}", dump(&findings));
}

/// `identities` skips the presence and code rules because they compare no figures; were one
/// to start comparing, the rounding would miss its identities.
#[test]
fn presence_and_code_rules_compare_no_figures() {
    let (budget, _) = read_edited(|s| {
        set(s, "03", "C7", "#7.5");
        set(s, "03", "A7", "2019999");
    });
    let catalog = Catalog::builtin();
    let settings = Settings::default();
    let mut cx = super::Ctx {
        budget: &budget,
        catalog: &catalog,
        settings: &settings,
        out: Vec::new(),
        record: super::Record::Identities(Vec::new()),
    };
    super::rules::presence::check(&mut cx);
    super::rules::code::check(&mut cx);
    assert!(
        !cx.out.is_empty(),
        "the edits raise findings of these rules"
    );
    assert!(matches!(&cx.record, super::Record::Identities(list) if list.is_empty()));
}

#[test]
fn read_014_a_control_character_in_a_name_is_a_warning_at_its_cell() {
    let f = run(|s| set(s, "03", "B7", "一般行政\u{1}管理事务"));
    // At the row's cell, where the reader keeps the row (its code).
    assert_finds(&f, "READ-014", "03!A7");
    let finding = f.iter().find(|f| f.rule == "READ-014").unwrap();
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.message.contains("U+0001"), "{}", finding.message);
    assert!(
        finding.message.contains("一般行政管理事务"),
        "{}",
        finding.message
    );
    // Tab, line feed and carriage return are text as usual.
    let f = run(|s| set(s, "03", "B7", "一般行政\n管理事务"));
    assert!(!f.iter().any(|f| f.rule == "READ-014"), "{}", dump(&f));
}

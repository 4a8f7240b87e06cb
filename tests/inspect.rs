//! `yusuan inspect`: the reader end to end, on the bundled samples, on every container format,
//! and on bad input (which must give one clear line and exit code 2, never a panic).

mod common;

use common::*;
use pretty_assertions::assert_eq;

#[test]
fn both_sample_layouts_give_identical_json() {
    let seed = yusuan(&["inspect", "--format", "json", &sample("budget.xlsx")]);
    let vendor = yusuan(&[
        "inspect",
        "--format",
        "json",
        &sample("budget-vendor-b.xlsx"),
    ]);
    assert_eq!(seed.code, 0, "{}", seed.stderr);
    assert_eq!(vendor.code, 0, "{}", vendor.stderr);
    assert_eq!(seed.stdout, vendor.stdout);
}

/// Every amount printed in the seed's tables (万元), as it appears in the JSON (元).
#[test]
fn every_number_of_the_seed_tables_is_read() {
    let run = yusuan(&["inspect", "--format", "json", &sample("budget.xlsx")]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut values = Vec::new();
    collect_strings(&json["tables"], &mut values);
    let seed_wan = [
        "50.65", "42.05", "24.81", "13.68", "3.56", "8.60", "5.00", "3.60", "5.62", "5.79", "0.13",
        "1.14", "12.70", "2.18", "7.28", "0.85", "2.76", "0.04", "4.16", "1.50", "0.40", "0.61",
        "0.32", "0.17",
    ];
    for wan in seed_wan {
        let yuan = (wan.parse::<rust_decimal::Decimal>().unwrap()
            * rust_decimal::Decimal::from(10_000))
        .normalize();
        let text = format!("{yuan:.2}");
        assert!(
            values.contains(&text),
            "{wan} 万元 ({text} 元) not in the JSON"
        );
    }
    assert_eq!(json["department"], "中共新乡市红旗区委区直机关工作委员会");
    assert_eq!(json["year"], 2024);
    assert_eq!(json["missing"], serde_json::json!(["06"]));
    // 07 as published: 16 lines that add up to 45.65 under a 合计 of 50.65.
    let t07 = &json["tables"]["07"];
    let lines = t07["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["key"]["economic"].is_string())
        .count();
    assert_eq!(lines, 16);
    assert_eq!(t07["total"]["values"]["total"], "506500.00");
    // 11 and 12, the text tables.
    let t11 = &json["tables"]["11"]["performance"];
    assert_eq!(t11["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(t11["indicators"].as_array().unwrap().len(), 27);
    assert_eq!(t11["budget"]["total"], "506500.00");
    let targets = json["tables"]["12"]["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0]["code"], "410702220000000008246");
    assert_eq!(targets[0]["values"]["total"], "36000.00");
    // The notes under the empty tables.
    assert!(json["tables"]["09"]["notes"][0]
        .as_str()
        .unwrap()
        .contains("故此表无数据"));
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

#[test]
fn text_output_shows_tables_columns_and_missing_ones() {
    let run = yusuan(&["inspect", &sample("budget.xlsx")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("预算03表 部门支出总体情况表 — 工作表“预算03表” 标题 A2 单位 万元（N3）"));
    assert!(run
        .stdout
        .contains("H 基本支出 / 人员经费 / 工资福利支出 → 金额:工资福利支出"));
    assert!(run.stdout.contains("2013601 行政运行：合计 42.05"));
    assert!(run
        .stdout
        .contains("未找到的表：\n  预算06表 一般公共预算基本支出情况表"));
}

#[test]
fn locations_add_source_cells() {
    let run = yusuan(&[
        "inspect",
        "--format",
        "json",
        "--locations",
        &sample("budget.xlsx"),
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let total = &json["tables"]["03"]["total"]["values"]["total"];
    assert_eq!(total["yuan"], "506500.00");
    assert_eq!(total["at"], "预算03表!F7");
}

/// .xls, .ods and .xlsx holding the same table read the same, whatever the file's extension.
#[test]
fn every_container_format_reads_the_same() {
    let xls = yusuan(&["inspect", "--format", "json", &fixture("budget-03.xls")]);
    let ods = yusuan(&["inspect", "--format", "json", &fixture("budget-03.ods")]);
    assert_eq!(xls.code, 0, "{}", xls.stderr);
    assert_eq!(xls.stdout, ods.stdout);
    let dir = tempdir();
    let xlsx = write_workbook(dir.path(), "t.xlsx", |wb| {
        table03(wb.add_worksheet(), |_| {})
    });
    let from_xlsx = yusuan(&["inspect", "--format", "json", &path_str(&xlsx)]);
    // The fixture names the department 中共…, the built one 测试部门: compare the tables.
    let tables = |s: &str| {
        serde_json::from_str::<serde_json::Value>(s).unwrap()["tables"]["03"]["rows"].clone()
    };
    assert_eq!(tables(&xls.stdout)[1], tables(&from_xlsx.stdout)[1]);
    // An .xls renamed .xlsx still opens: the format is told from the bytes.
    let renamed = dir.path().join("renamed.xlsx");
    std::fs::copy(fixture("budget-03.xls"), &renamed).unwrap();
    let run = yusuan(&["inspect", "--format", "json", &path_str(&renamed)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, xls.stdout);
}

#[test]
fn read_002_formula_without_saved_value_is_reported_not_zero() {
    let run = yusuan(&["inspect", &fixture("formula-no-value.xlsx")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("formula-no-value.xlsx:预算03表!F7: error[READ-002] 公式未计算"),
        "{}",
        run.stderr
    );
}

#[test]
fn read_001_text_in_an_amount_cell_names_its_cell() {
    let dir = tempdir();
    let path = write_workbook(dir.path(), "bad.xlsx", |wb| {
        table03(wb.add_worksheet(), |ws| {
            ws.write(8, 7, "24.8l").unwrap();
        })
    });
    let run = yusuan(&["inspect", &path_str(&path)]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("bad.xlsx:预算03表!H9: error[READ-001] 金额单元格无法读取为数字：“24.8l”"),
        "{}",
        run.stderr
    );
}

#[test]
fn amounts_stored_as_text_and_in_yuan_are_exact() {
    let dir = tempdir();
    let path = write_workbook(dir.path(), "yuan.xlsx", |wb| {
        table03(wb.add_worksheet(), |ws| {
            ws.write(2, 13, "单位:元").unwrap();
            ws.write(8, 7, "248,100.10").unwrap();
            ws.write(8, 8, " １３６８００ ").unwrap();
        })
    });
    let run = yusuan(&["inspect", "--format", "json", &path_str(&path)]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = &json["tables"]["03"]["rows"][1];
    assert_eq!(row["key"]["function"], "2013601");
    assert_eq!(row["values"]["wages_benefits"], "248100.10");
    assert_eq!(row["values"]["household_transfers"], "136800.00");
    assert_eq!(
        row["values"]["total"], "42.05",
        "a 元 table keeps its figures in 元"
    );
}

#[test]
fn read_003_unknown_unit_is_reported() {
    let dir = tempdir();
    let path = write_workbook(dir.path(), "unit.xlsx", |wb| {
        table03(wb.add_worksheet(), |ws| {
            ws.write(2, 13, "单位：千元").unwrap();
        })
    });
    let run = yusuan(&["inspect", &path_str(&path)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "unit.xlsx:预算03表!N3: error[READ-003] 部门支出总体情况表：无法识别的金额单位“千元”"
        ),
        "{}",
        run.stderr
    );
}

/// Bad input: one line naming the file, exit code 2, no panic.
fn assert_fails_cleanly(path: &str, needle: &str) {
    let run = yusuan(&["inspect", path]);
    assert_eq!(run.code, 2, "{path}: {}", run.stderr);
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "{path}: one line: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(path),
        "{path}: names the file: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(needle),
        "{path}: says {needle}: {}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn missing_file() {
    assert_fails_cleanly("samples/no-such-file.xlsx", "文件不存在");
}

#[test]
fn not_a_spreadsheet() {
    let dir = tempdir();
    let p = dir.path().join("notes.xlsx");
    std::fs::write(&p, "预算说明，不是表格\n").unwrap();
    assert_fails_cleanly(&path_str(&p), "不是 Excel");
    let p = dir.path().join("empty.xlsx");
    std::fs::write(&p, "").unwrap();
    assert_fails_cleanly(&path_str(&p), "文件为空");
}

#[test]
fn html_and_xml_saved_as_xls_ask_for_a_resave() {
    let dir = tempdir();
    let p = dir.path().join("export.xls");
    std::fs::write(
        &p,
        "<html><body><table><tr><td>部门收支总体情况表</td></tr></table></body></html>",
    )
    .unwrap();
    assert_fails_cleanly(&path_str(&p), "另存为");
    let p = dir.path().join("xml.xls");
    std::fs::write(
        &p,
        r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>"#,
    )
    .unwrap();
    assert_fails_cleanly(&path_str(&p), "SpreadsheetML");
}

#[test]
fn truncated_and_corrupt_xlsx() {
    let dir = tempdir();
    let bytes = std::fs::read(sample("budget.xlsx")).unwrap();
    let p = dir.path().join("truncated.xlsx");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    assert_fails_cleanly(&path_str(&p), "损坏");
    let p = dir.path().join("junk.xlsx");
    std::fs::write(&p, b"PK\x03\x04 this is not a zip at all").unwrap();
    assert_fails_cleanly(&path_str(&p), "损坏");
}

#[test]
fn password_protected() {
    assert_fails_cleanly(&fixture("encrypted.xlsx"), "密码");
}

#[test]
fn empty_workbook_and_workbook_without_tables() {
    let dir = tempdir();
    let empty = write_workbook(dir.path(), "empty.xlsx", |wb| {
        wb.add_worksheet();
    });
    assert_fails_cleanly(&path_str(&empty), "没有任何数据");
    let other = write_workbook(dir.path(), "other.xlsx", |wb| {
        wb.add_worksheet()
            .set_name("名单")
            .unwrap()
            .write(0, 0, "职工花名册")
            .unwrap();
    });
    assert_fails_cleanly(&path_str(&other), "未找到任何预算表");
}

/// Whatever the bytes, the reader answers with an exit code, never a crash: damage the sample
/// at many places and read each result.
#[test]
fn damaged_bytes_never_panic() {
    let dir = tempdir();
    let bytes = std::fs::read(sample("budget.xlsx")).unwrap();
    let p = dir.path().join("damaged.xlsx");
    for i in 0..24 {
        let mut b = bytes.clone();
        let at = (i * 7919 + 31) % b.len();
        for x in &mut b[at..(at + 16).min(bytes.len())] {
            *x ^= 0x5a;
        }
        std::fs::write(&p, &b).unwrap();
        let run = yusuan(&["inspect", &path_str(&p)]);
        assert!(
            matches!(run.code, 0..=2),
            "damage at {at}: exit {} {}",
            run.code,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "damage at {at}: {}",
            run.stderr
        );
    }
}

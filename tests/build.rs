//! `yusuan build` end to end: refusal on errors, the workbook read back (values, merges,
//! formats, print settings), round trip, determinism, controlled rounding, safe file names.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;
use pretty_assertions::assert_eq;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use yusuan::read::cell::Cell;

const BOOK: &str = "中共新乡市红旗区委区直机关工作委员会2024年部门预算表.xlsx";
const DOC: &str = "中共新乡市红旗区委区直机关工作委员会2024年部门预算公开.docx";
const PROFILE: &str = "samples/hongqi-2024/profile.toml";

/// Builds with the sample's profile (fixtures of other departments pass `--draft` instead).
fn build(input: &str, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build", input, "--out", out.to_str().unwrap()];
    if !extra.contains(&"--draft") {
        args.extend(["--profile", PROFILE]);
    }
    args.extend_from_slice(extra);
    yusuan(&args)
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// One part of the xlsx package as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn grid(path: &Path, sheet: &str) -> yusuan::read::Grid {
    yusuan::read::read_grids(path)
        .unwrap()
        .into_iter()
        .find(|g| &*g.name == sheet)
        .unwrap()
}

fn number(g: &yusuan::read::Grid, a1: &str) -> Decimal {
    let (r, c) = yusuan::read::cell::a1_to_row_col(a1).unwrap();
    match g.get(r, c) {
        Cell::Number(d) => *d,
        other => panic!("{a1} is not a number: {other:?}"),
    }
}

#[test]
fn refuses_when_the_data_has_errors_and_writes_nothing() {
    let dir = tempdir();
    let run = build(&sample("budget.xlsx"), dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[READ-020]"), "{}", run.stderr);
    assert!(run.stderr.contains("未生成文件"), "{}", run.stderr);
    assert!(files(dir.path()).is_empty());
}

#[test]
fn the_corrected_sample_builds_every_table() {
    let dir = tempdir();
    let run = build(&sample("budget-corrected.xlsx"), dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files(dir.path()), vec![DOC.to_string(), BOOK.to_string()]);
    let path = dir.path().join(BOOK);
    let sheets: Vec<String> = yusuan::read::read_grids(&path)
        .unwrap()
        .into_iter()
        .map(|g| g.name.to_string())
        .collect();
    let expected: Vec<String> = (1..=12).map(|n| format!("预算{n:02}表")).collect();
    assert_eq!(sheets, expected);

    // 03: title, lines, header, 合计 and rows with 类/款 subtotals, numbers as numbers.
    let g = grid(&path, "预算03表");
    assert_eq!(g.text(0, 0), "预算03表");
    assert_eq!(g.text(1, 0), "2024年部门支出总体情况表");
    assert_eq!(
        g.text(2, 0),
        "部门名称：中共新乡市红旗区委区直机关工作委员会"
    );
    assert_eq!(g.text(2, 13), "单位：万元");
    assert_eq!(g.text(3, 0), "科目编码");
    // Header labels break between words (issue 9).
    assert_eq!(g.text(5, 7), "工资福利\n支出");
    assert_eq!(g.text(6, 0), "合计");
    assert_eq!(number(&g, "F7"), dec!(50.65));
    assert_eq!(g.text(7, 3), "047");
    assert_eq!(
        (g.text(8, 0), g.text(8, 4)),
        ("201".to_string(), "一般公共服务支出".to_string())
    );
    assert_eq!(
        (g.text(9, 1), g.text(9, 4)),
        ("36".to_string(), "其他共产党事务支出".to_string())
    );
    assert_eq!(
        (g.text(10, 2), g.text(10, 4)),
        ("01".to_string(), "行政运行".to_string())
    );
    assert_eq!(number(&g, "G11"), dec!(42.05));
    assert_eq!(
        number(&g, "N11"),
        dec!(0),
        "money cells always print a value"
    );
    let merges: Vec<String> = g
        .merges
        .iter()
        .map(|m| {
            yusuan::read::cell::row_col_to_a1(m.first_row, m.first_col)
                + ":"
                + &yusuan::read::cell::row_col_to_a1(m.last_row, m.last_col)
        })
        .collect();
    for m in [
        "A2:N2", "A4:C5", "G4:K4", "H5:I5", "L4:N4", "F4:F6", "A7:E7",
    ] {
        assert!(
            merges.contains(&m.to_string()),
            "{m} not merged: {merges:?}"
        );
    }

    // 06 and 07 as corrected; 08 empty with its note; 12 with its projects.
    let g = grid(&path, "预算06表");
    assert_eq!(g.text(5, 0), "合计");
    assert_eq!(number(&g, "D6"), dec!(42.05));
    assert_eq!(number(&g, "E6"), dec!(38.49));
    let g = grid(&path, "预算08表");
    assert!(
        (0..g.height()).any(|r| g.text(r, 0).contains("故此表无数据")),
        "08 keeps its note"
    );
    let g = grid(&path, "预算12表");
    assert!((0..g.height()).any(|r| g.text(r, 0) == "410702220000000008246"));

    // Formats and print settings, from the package itself.
    let styles = part(&path, "xl/styles.xml");
    assert!(
        styles.contains(r#"formatCode="0.00""#),
        "0.00 number format"
    );
    assert!(styles.contains("宋体") && styles.contains("黑体"));
    let sheet3 = part(&path, "xl/worksheets/sheet3.xml");
    assert!(
        sheet3.contains(r#"paperSize="9""#) && sheet3.contains(r#"orientation="landscape""#),
        "A4 landscape"
    );
    assert!(
        sheet3.contains(r#"fitToHeight="0""#) && sheet3.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to one page wide"
    );
    assert!(sheet3.contains(r#"horizontalCentered="1""#));
    assert!(
        sheet3.contains("第 &amp;P 页 共 &amp;N 页"),
        "page numbers in the footer"
    );
    let workbook = part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("预算03表!$4:$6"),
        "header rows repeat: {workbook}"
    );
}

/// Our output is a valid input: the same model (once the export's 类/款 subtotals are
/// completed), and no errors.
#[test]
fn the_output_reads_back_as_the_same_budget() {
    let dir = tempdir();
    assert_eq!(
        build(&sample("budget-corrected.xlsx"), dir.path(), &[]).code,
        0
    );
    let out = path_str(&dir.path().join(BOOK));
    let before = yusuan(&[
        "inspect",
        "--complete",
        "--format",
        "json",
        &sample("budget-corrected.xlsx"),
    ]);
    let after = yusuan(&["inspect", "--complete", "--format", "json", &out]);
    assert_eq!(before.stdout, after.stdout);
    let check = yusuan(&["check", &out]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (a, b) = (tempdir(), tempdir());
    build(&sample("budget-corrected.xlsx"), a.path(), &[]);
    build(&sample("budget-corrected.xlsx"), b.path(), &[]);
    let read = |d: &Path| std::fs::read(d.join(BOOK)).unwrap();
    let read_doc = |d: &Path| std::fs::read(d.join(DOC)).unwrap();
    assert!(read(a.path()) == read(b.path()), "two builds differ");
    assert!(
        read_doc(a.path()) == read_doc(b.path()),
        "two documents differ"
    );
    // Two layouts of the same data publish the same workbook.
    let (c, d) = (tempdir(), tempdir());
    build(&sample("budget.xlsx"), c.path(), &["--force"]);
    build(&sample("budget-vendor-b.xlsx"), d.path(), &["--force"]);
    assert!(
        read(c.path()) == read(d.path()),
        "seed and vendor-b layouts publish differently"
    );
}

#[test]
fn force_writes_and_reports_what_is_missing() {
    let dir = tempdir();
    let run = build(&sample("budget.xlsx"), dir.path(), &["--force"]);
    assert_eq!(run.code, 1, "the data still has errors");
    assert!(run.stderr.contains("未生成 预算06表"), "{}", run.stderr);
    assert_eq!(files(dir.path()), vec![DOC.to_string(), BOOK.to_string()]);
}

/// A 元 export whose items each round down: plain rounding would print 3.33 + 3.33 + 3.33
/// under a 合计 of 10.00. Controlled rounding moves one item to 3.34 and says so.
#[test]
fn controlled_rounding_makes_published_totals_add_up() {
    let dir = tempdir();
    let input = write_workbook(dir.path(), "yuan.xlsx", |wb| {
        table03(wb.add_worksheet(), |ws| {
            ws.write(2, 13, "单位：元").unwrap();
            let rows: [(u32, &str, Decimal); 3] = [
                (8, "01", dec!(33333)),
                (9, "02", dec!(33333)),
                (10, "99", dec!(33334)),
            ];
            for (r, item, v) in rows {
                ws.write(r, 0, "201").unwrap();
                ws.write(r, 1, "36").unwrap();
                ws.write(r, 2, item).unwrap();
                ws.write(
                    r,
                    4,
                    ["行政运行", "一般行政管理事务", "其他共产党事务支出"][(r - 8) as usize],
                )
                .unwrap();
                for c in 5..14 {
                    ws.write_blank(r, c, &rust_xlsxwriter::Format::new())
                        .unwrap();
                }
                ws.write(r, 5, v).unwrap();
                ws.write(r, 11, v).unwrap();
                ws.write(r, 12, v).unwrap();
            }
            for r in [6, 7] {
                for c in 5..14 {
                    ws.write_blank(r, c, &rust_xlsxwriter::Format::new())
                        .unwrap();
                }
                for c in [5, 11, 12] {
                    ws.write(r, c, dec!(100000)).unwrap();
                }
            }
        })
    });
    let out = dir.path().join("out");
    let run = build(&path_str(&input), &out, &["--force", "--draft"]);
    assert!(run.stderr.contains("尾差调整"), "{}", run.stderr);
    let book: PathBuf = out.join("测试部门2024年部门预算表.xlsx");
    let g = grid(&book, "预算03表");
    // Rows: 合计 7, 047 8, 201 9, 20136 10, items 11–13.
    let items: Vec<Decimal> = (11..=13).map(|r| number(&g, &format!("F{r}"))).collect();
    assert_eq!(
        items.iter().copied().sum::<Decimal>(),
        dec!(10.00),
        "{items:?}"
    );
    assert_eq!(number(&g, "F7"), dec!(10.00));
    assert_eq!(number(&g, "F9"), dec!(10.00));
    for (item, exact) in items.iter().zip([dec!(3.3333), dec!(3.3333), dec!(3.3334)]) {
        assert!((*item - exact).abs() <= dec!(0.01));
    }
    // 小计 and 其他运转类 columns agree with 合计 in every row.
    for r in 7..=13 {
        assert_eq!(
            number(&g, &format!("F{r}")),
            number(&g, &format!("L{r}")),
            "row {r}"
        );
        assert_eq!(
            number(&g, &format!("L{r}")),
            number(&g, &format!("M{r}")),
            "row {r}"
        );
    }
    // And the published workbook checks without any rounding warning.
    let check = yusuan(&["check", &path_str(&book)]);
    assert!(
        !check.stderr.contains("ROUND-001") && !check.stderr.contains("SUM-"),
        "{}",
        check.stderr
    );
}

#[test]
fn file_names_from_the_department_stay_in_the_output_directory() {
    let dir = tempdir();
    let input = write_workbook(dir.path(), "evil.xlsx", |wb| {
        table03(wb.add_worksheet(), |ws| {
            ws.write(7, 4, "../../evil/部门").unwrap();
        })
    });
    let out = dir.path().join("out");
    build(&path_str(&input), &out, &["--force", "--draft"]);
    let written = files(&out);
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(
        !written[0].contains('/') && !written[0].contains(".."),
        "{written:?}"
    );
    assert!(!dir.path().join("evil").exists());
}

#[test]
fn failures_leave_no_file_and_the_input_untouched() {
    let dir = tempdir();
    let input = dir.path().join("in.xlsx");
    std::fs::copy(sample("budget-corrected.xlsx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    // The output "directory" is a file: the build cannot run.
    let blocker = dir.path().join("out");
    std::fs::write(&blocker, "not a directory").unwrap();
    let run = build(&path_str(&input), &blocker, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert_eq!(
        files(dir.path()),
        vec!["in.xlsx".to_string(), "out".to_string()]
    );
}

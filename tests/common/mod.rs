//! Helpers for the integration tests: run the real binary, build small workbooks in code.
#![allow(dead_code)]

pub mod xml;

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{Workbook, Worksheet};

/// The output of one run of `yusuan`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with these arguments from the crate root.
pub fn yusuan(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run yusuan");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn sample(name: &str) -> String {
    format!("samples/hongqi-2024/{name}")
}

pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn path_str(p: &Path) -> String {
    p.to_str().expect("utf-8 path").to_string()
}

/// Writes a workbook built by `fill` to `dir/name` and returns its path.
pub fn write_workbook(dir: &Path, name: &str, fill: impl FnOnce(&mut Workbook)) -> PathBuf {
    let mut wb = Workbook::new();
    fill(&mut wb);
    let path = dir.join(name);
    wb.save(&path).expect("save fixture");
    path
}

/// A 部门支出总体情况表 in the seed's layout (万元, codes split 类|款|项), rows 7–10 of the
/// seed. `edit` may overwrite any cell before it is saved.
pub fn table03(ws: &mut Worksheet, edit: impl FnOnce(&mut Worksheet)) {
    ws.set_name("预算03表").unwrap();
    ws.write(0, 0, "预算03表").unwrap();
    ws.write(1, 0, "2024年部门支出总体情况表").unwrap();
    ws.write(2, 0, "部门名称：测试部门").unwrap();
    ws.write(2, 13, "单位：万元").unwrap();
    let header = [
        (3, 0, "科目编码"),
        (5, 0, "类"),
        (5, 1, "款"),
        (5, 2, "项"),
        (3, 3, "单位代码"),
        (3, 4, "单位（科目名称）"),
        (3, 5, "合计"),
        (3, 6, "基本支出"),
        (4, 6, "小计"),
        (4, 7, "人员经费"),
        (5, 7, "工资福利支出"),
        (5, 8, "对个人和家庭的补助"),
        (4, 9, "公用经费"),
        (5, 9, "商品和服务支出"),
        (5, 10, "资本性支出"),
        (3, 11, "项目支出"),
        (4, 11, "小计"),
        (4, 12, "其他运转类"),
        (4, 13, "特定目标类"),
    ];
    for (r, c, t) in header {
        ws.write(r, c, t).unwrap();
    }
    for (r1, c1, r2, c2, t) in [
        (3, 0, 4, 2, "科目编码"),
        (3, 3, 5, 3, "单位代码"),
        (3, 4, 5, 4, "单位（科目名称）"),
        (3, 5, 5, 5, "合计"),
        (3, 6, 3, 10, "基本支出"),
        (4, 6, 5, 6, "小计"),
        (4, 7, 4, 8, "人员经费"),
        (4, 9, 4, 10, "公用经费"),
        (3, 11, 3, 13, "项目支出"),
        (4, 11, 5, 11, "小计"),
        (4, 12, 5, 12, "其他运转类"),
        (4, 13, 5, 13, "特定目标类"),
    ] {
        ws.merge_range(r1, c1, r2, c2, t, &rust_xlsxwriter::Format::new())
            .unwrap();
    }
    let z = Decimal::ZERO;
    let amounts: [(u32, [Decimal; 9]); 3] = [
        (
            6,
            [
                dec!(50.65),
                dec!(42.05),
                dec!(24.81),
                dec!(13.68),
                dec!(3.56),
                z,
                dec!(8.60),
                dec!(8.60),
                z,
            ],
        ),
        (
            8,
            [
                dec!(42.05),
                dec!(42.05),
                dec!(24.81),
                dec!(13.68),
                dec!(3.56),
                z,
                z,
                z,
                z,
            ],
        ),
        (9, [dec!(8.60), z, z, z, z, z, dec!(8.60), dec!(8.60), z]),
    ];
    ws.write(6, 4, "合计").unwrap();
    ws.write(7, 3, "047").unwrap();
    ws.write(7, 4, "测试部门").unwrap();
    ws.write(8, 0, "201").unwrap();
    ws.write(8, 1, "36").unwrap();
    ws.write(8, 2, "01").unwrap();
    ws.write(8, 4, "行政运行").unwrap();
    ws.write(9, 0, "201").unwrap();
    ws.write(9, 1, "36").unwrap();
    ws.write(9, 2, "99").unwrap();
    ws.write(9, 4, "其他共产党事务支出").unwrap();
    for (r, values) in amounts {
        for (i, v) in values.iter().enumerate() {
            if !v.is_zero() {
                ws.write(r, 5 + i as u16, *v).unwrap();
            }
        }
    }
    for (i, v) in amounts[0].1.iter().enumerate() {
        if !v.is_zero() {
            ws.write(7, 5 + i as u16, *v).unwrap();
        }
    }
    edit(ws);
}

/// Builds `workbook` into a fresh folder (with `profile`, or as a draft, which may report
/// gaps) and returns the folder with the path of the .docx in it.
pub fn build_document(workbook: &str, profile: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let out = path_str(dir.path());
    let mut args = vec!["build", workbook, "--out", &out];
    match profile {
        Some(p) => args.extend(["--profile", p]),
        None => args.push("--draft"),
    }
    let run = yusuan(&args);
    assert!(run.code == 0 || profile.is_none(), "{}", run.stderr);
    let docx = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("a .docx");
    (dir, docx)
}

/// A generated department written as an export in the official layout (万元) with its
/// complete profile: the folder, the workbook and the profile.
pub fn generated_department(
    seed: u64,
    shape: &yusuan::synth::Shape,
) -> (tempfile::TempDir, String, String) {
    use yusuan::synth::{self, Layout};
    let catalog = yusuan::catalog::Catalog::builtin();
    let budget = synth::department(seed, shape, synth::year_of(seed), &catalog);
    let bytes = synth::export(&budget, Layout::ALL[0], &catalog, seed).unwrap();
    let dir = tempdir();
    let workbook = dir.path().join("export.xlsx");
    std::fs::write(&workbook, bytes).unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::write(&profile, synth::profile(&budget, seed)).unwrap();
    (dir, path_str(&workbook), path_str(&profile))
}

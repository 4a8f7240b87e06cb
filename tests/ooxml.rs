//! Both outputs, the workbook and the document, pass an independent OOXML validator with no
//! finding at all, errors and warnings alike (issue 13: files that Word, WPS and Excel open
//! without a repair prompt).
//!
//! The validator is the PyPI package `openxml-audit` (pure Python; it applies the Open XML
//! SDK's schema and semantic rules), pinned to [`VERSION`] here and in `.ci/run`. It checks
//! against the Office 2016 rules. By hand:
//!
//! ```sh
//! python3 -m pip install openxml-audit==0.8.0
//! python3 -m openxml_audit -f office2016 -m 0 --ooxml-security out/某部门2024年部门预算公开.docx
//! ```
//!
//! Cases: the sample (clean build), the sample's draft (no profile: red 【待填写】 marks), the
//! seed with its errors (`--force`: a missing table drawn empty), the other vendor's layout
//! (元, controlled rounding), and a department made here with several units, many projects,
//! long texts with characters XML must escape, and mostly empty tables; and generated
//! departments (`yusuan::synth`): the largest shape, a one-unit one-class one, and two random
//! ones, as drafts.
//!
//! Without the validator the test skips with a loud message; under `CI` it fails instead.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{Format, Worksheet};
use yusuan::model::Unit;
use yusuan::synth::{self, Layout, Shape};

/// The validator's version; `.ci/run` installs exactly this one.
const VERSION: &str = "0.8.0";

/// The rules to check against: Office 2016, the oldest Office our users have.
const FORMAT: &str = "office2016";

/// Findings that Word demonstrably accepts, as (part, words of the finding, why it is
/// accepted). None today: every finding the validator reports fails the test.
const ACCEPTED: &[(&str, &str, &str)] = &[];

/// Whether the pinned validator can run. Outside CI a missing or different validator skips
/// loudly; under CI it is a failure (`.ci/run` must have installed it).
fn validator_ready() -> bool {
    let probe = Command::new("python3")
        .args([
            "-c",
            "import importlib.metadata as m, openxml_audit; print(m.version('openxml-audit'))",
        ])
        .output();
    let problem = match probe {
        Ok(out) if out.status.success() => {
            let found = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if found == VERSION {
                return true;
            }
            format!("openxml-audit {found} is installed, the tests pin {VERSION}")
        }
        Ok(_) | Err(_) => format!("openxml-audit {VERSION} is not installed"),
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "{problem}: CI must install it (see .ci/run)"
    );
    eprintln!(
        "\n!!!!!!!! OOXML VALIDATION SKIPPED: {problem}.\n\
         !!!!!!!! Install it with: python3 -m pip install openxml-audit=={VERSION}\n"
    );
    false
}

/// Validates every .docx and .xlsx under `dir` and returns one line per finding.
fn findings(dir: &Path) -> Vec<String> {
    let out = Command::new("python3")
        .args(["-m", "openxml_audit", "-r", "-f", FORMAT, "-o", "json"])
        .args(["-m", "0", "--ooxml-security"])
        .arg(dir)
        .output()
        .expect("run python3 -m openxml_audit");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit gave no JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let results = results.as_array().expect("a JSON list, one entry per file");
    let mut lines = Vec::new();
    let mut files = 0;
    for file in results {
        files += 1;
        // `<case>/<file>`, so that a finding names the department it came from.
        let name = file["file"].as_str().unwrap_or("?");
        let name = Path::new(name)
            .strip_prefix(dir)
            .map_or(name.into(), Path::to_string_lossy);
        let listed = file["errors"].as_array().map_or(&[][..], Vec::as_slice);
        for f in listed {
            let part = f["part_uri"].as_str().unwrap_or("");
            let text = f["description"].as_str().unwrap_or("");
            if ACCEPTED
                .iter()
                .any(|(p, words, _)| part == *p && text.contains(words))
            {
                continue;
            }
            lines.push(format!(
                "{name}: {} {part} {}: {text}",
                f["severity"].as_str().unwrap_or("?"),
                f["path"].as_str().unwrap_or("")
            ));
        }
        // The list holds findings of every severity; the verdict and the counts are checked
        // as well, so that a finding the list might leave out still fails the test.
        let counted = ["error_count", "warning_count"]
            .iter()
            .map(|k| file[k].as_u64().unwrap_or(1))
            .sum::<u64>();
        if listed.is_empty() && (counted != 0 || file["valid"] != serde_json::Value::Bool(true)) {
            lines.push(format!("{name}: {file}"));
        }
    }
    let written = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|case| std::fs::read_dir(case.path()).into_iter().flatten())
        .flatten()
        .filter(|f| {
            let p = f.path();
            p.extension().is_some_and(|e| e == "docx" || e == "xlsx")
        })
        .count();
    assert_eq!(files, written, "every output was validated: {stdout}");
    lines
}

/// Builds `input` into `out/<case>` and checks that both files were written.
fn build_case(out: &Path, case: &str, args: &[&str]) {
    let dir = out.join(case);
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let dir_str = path_str(&dir);
    all.extend(["--out", &dir_str]);
    let run = yusuan(&all);
    let written = std::fs::read_dir(&dir).map_or(0, |d| d.count());
    assert_eq!(written, 2, "{case}: {}", run.stderr);
}

#[test]
fn every_output_passes_the_ooxml_validator() {
    if !validator_ready() {
        return;
    }
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let profile = "samples/hongqi-2024/profile.toml";
    build_case(
        &out,
        "sample",
        &[&sample("budget-corrected.xlsx"), "--profile", profile],
    );
    build_case(
        &out,
        "draft",
        &[&sample("budget-corrected.xlsx"), "--draft"],
    );
    build_case(
        &out,
        "seed-forced",
        &[&sample("budget.xlsx"), "--profile", profile, "--force"],
    );
    build_case(
        &out,
        "vendor-b",
        &[
            &sample("budget-vendor-b.xlsx"),
            "--profile",
            profile,
            "--force",
        ],
    );
    let (workbook, profile) = many_units_and_projects(tmp.path());
    build_case(
        &out,
        "many",
        &[
            &path_str(&workbook),
            "--profile",
            &path_str(&profile),
            "--force",
            "--draft",
        ],
    );
    // Generated departments of other shapes (drafts: they have no profile): the largest the
    // generator makes (5 units, 25 classes, 120 projects, 元 off the grid), one unit with one
    // class and no project (empty 09/10/12), and two random ones in the other layouts.
    let catalog = yusuan::catalog::Catalog::builtin();
    let small = Shape {
        units: 1,
        classes: 1,
        projects: 0,
        business: false,
        gov_fund: false,
        sangong: false,
        on_grid: true,
    };
    let cases = [
        (Shape::large(), Layout::Official(Unit::Yuan)),
        (small, Layout::Official(Unit::WanYuan)),
        (Shape::random(&mut synth::Rng::new(11)), Layout::Vendor),
        (
            Shape::random(&mut synth::Rng::new(12)),
            Layout::Official(Unit::WanYuan),
        ),
    ];
    for (i, (shape, layout)) in cases.into_iter().enumerate() {
        let seed = 40 + i as u64;
        let budget = synth::department(seed, &shape, synth::year_of(seed), &catalog);
        let path = tmp.path().join(format!("generated-{i}.xlsx"));
        std::fs::write(
            &path,
            synth::export(&budget, layout, &catalog, seed).unwrap(),
        )
        .unwrap();
        build_case(
            &out,
            &format!("generated-{i}"),
            &[&path_str(&path), "--draft"],
        );
    }
    let found = findings(&out);
    assert!(
        found.is_empty(),
        "openxml-audit {VERSION} ({FORMAT}) reports:\n{}",
        found.join("\n")
    );
}

/// A department unlike the sample: four units with several functions each (预算03表), forty
/// projects (预算10表), every other table missing (so drawn empty with its note), and a
/// profile whose texts are long and hold `& < > "`.
fn many_units_and_projects(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let workbook = write_workbook(dir, "many.xlsx", |wb| {
        table03(wb.add_worksheet(), several_units);
        table10(wb.add_worksheet(), 40);
    });
    let long = "负责A&B<类>“项目”\"管理\"工作，".repeat(40);
    let profile = std::fs::read_to_string("samples/hongqi-2024/profile.toml")
        .unwrap()
        .replace(
            "name = \"中共新乡市红旗区委区直机关工作委员会\"",
            "name = \"测试部门\"",
        )
        .replace(
            "（十二）完成区委交办的其他任务。",
            &format!("（十二）{}", long.replace('"', "\\\"")),
        );
    let path = dir.join("profile.toml");
    std::fs::write(&path, profile).unwrap();
    (workbook, path)
}

/// Replaces the rows under 预算03表's header with four units of four functions each.
fn several_units(ws: &mut Worksheet) {
    let functions = [
        ("201", "36", "01", "行政运行"),
        ("201", "36", "99", "其他共产党事务支出"),
        ("208", "05", "05", "机关事业单位基本养老保险缴费支出"),
        ("221", "02", "01", "住房公积金"),
    ];
    let basic = dec!(10.25);
    let project = dec!(2.50);
    let units = 4u32;
    let k = Decimal::from(functions.len() as u32);
    let amounts = |ws: &mut Worksheet, r: u32, basic: Decimal, project: Decimal| {
        for (c, v) in [
            (5, basic + project),
            (6, basic),
            (7, basic),
            (8, Decimal::ZERO),
            (9, Decimal::ZERO),
            (10, Decimal::ZERO),
            (11, project),
            (12, project),
            (13, Decimal::ZERO),
        ] {
            ws.write(r, c, v).unwrap();
        }
    };
    let n = Decimal::from(units) * k;
    amounts(ws, 6, basic * n, project * n);
    ws.write(7, 3, "047").unwrap();
    ws.write(7, 4, "测试部门").unwrap();
    amounts(ws, 7, basic * n, project * n);
    // Row 9 of the helper held a function code: the first unit's row takes its place.
    for c in 0..=2 {
        ws.clear_cell(8, c);
    }
    let mut r = 8;
    for u in 1..=units {
        ws.write(r, 3, format!("04700{u}")).unwrap();
        ws.write(r, 4, format!("测试部门第{u}单位")).unwrap();
        amounts(ws, r, basic * k, project * k);
        r += 1;
        for (a, b, c, name) in functions {
            ws.write(r, 0, a).unwrap();
            ws.write(r, 1, b).unwrap();
            ws.write(r, 2, c).unwrap();
            ws.write(r, 4, name).unwrap();
            amounts(ws, r, basic, project);
            r += 1;
        }
    }
}

/// A 项目支出表 (预算10表) in the seed's layout with `n` projects of 1.00 万元 each.
fn table10(ws: &mut Worksheet, n: u32) {
    ws.set_name("预算10表").unwrap();
    ws.write(0, 0, "预算10表").unwrap();
    ws.write(1, 0, "2024年项目支出表").unwrap();
    ws.write(2, 0, "部门名称：测试部门").unwrap();
    ws.write(2, 11, "单位：万元").unwrap();
    let plain = Format::new();
    for (c, label) in [
        (0, "类型"),
        (1, "项目名称"),
        (2, "项目单位"),
        (3, "合计"),
        (10, "财政专户管理资金"),
        (11, "单位资金"),
    ] {
        ws.merge_range(3, c, 4, c, label, &plain).unwrap();
    }
    ws.merge_range(3, 4, 3, 6, "本年拨款", &plain).unwrap();
    ws.merge_range(3, 7, 3, 9, "财政拨款结转结余", &plain)
        .unwrap();
    for (c, label) in [
        (4, "一般公共预算"),
        (5, "政府性基金预算"),
        (6, "国有资本经营预算"),
        (7, "一般公共预算"),
        (8, "政府性基金预算"),
        (9, "国有资本经营预算"),
    ] {
        ws.write(4, c, label).unwrap();
    }
    let total = Decimal::from(n);
    ws.write(5, 1, "合计").unwrap();
    ws.write(5, 3, total).unwrap();
    ws.write(5, 4, total).unwrap();
    for i in 0..n {
        let r = 6 + i;
        ws.write(r, 0, "其他运转类").unwrap();
        ws.write(
            r,
            1,
            format!("第{}号项目：党员教育培训与基层党组织建设", i + 1),
        )
        .unwrap();
        ws.write(r, 2, "测试部门").unwrap();
        ws.write(r, 3, dec!(1.00)).unwrap();
        ws.write(r, 4, dec!(1.00)).unwrap();
    }
}

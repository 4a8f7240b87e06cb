//! `yusuan check` and `yusuan rules` end to end on the samples.

mod common;

use common::*;
use pretty_assertions::assert_eq;

/// Compares with a golden file; `UPDATE_GOLDEN=1 cargo test` rewrites it (review the diff).
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/hongqi-2024")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        expected, actual,
        "golden file {name} (UPDATE_GOLDEN=1 rewrites it)"
    );
}

#[test]
fn the_seed_export_fails_with_every_real_inconsistency_at_its_cell() {
    let run = yusuan(&["check", &sample("budget.xlsx")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = [
        // 06 is required and missing.
        "samples/hongqi-2024/budget.xlsx: error[READ-020] 缺少预算06表",
        // 07's 16 lines add up to 45.65, its 047 and 合计 rows say 50.65 (党员教育培训 has no line).
        "samples/hongqi-2024/budget.xlsx:预算07表!G7: error[SUM-007] 单位 047 中共新乡市红旗区委区直机关工作委员会：合计 ≠ 所属各行之和：应为 45.65，实为 50.65（+5.00）",
        "samples/hongqi-2024/budget.xlsx:预算07表!G6: error[XREF-007] 各经济分类科目之和与预算03表合计不一致（经济分类明细不全？）：应为 50.65，实为 45.65（-5.00） [预算03表!F7]",
        // A pre-2019 class name in 04, and names that are not the 2024 ones.
        "samples/hongqi-2024/budget.xlsx:预算04表!C16: warning[READ-012] 过时的科目名称“（九）医疗卫生与计划生育支出”",
        "samples/hongqi-2024/budget.xlsx:预算04表!C14: warning[CODE-002] 科目名称“（七）文化体育旅游与传媒支出”与 207 的规范名称“文化旅游体育与传媒支出”不一致",
        // 部门名称：本级 on the tables, against the department's name.
        "samples/hongqi-2024/budget.xlsx:预算03表!A3: warning[READ-023] “部门名称”为“本级”",
        // 10's total row carries no 合计 label.
        "samples/hongqi-2024/budget.xlsx:预算10表!D6: info[READ-009]",
    ];
    for line in lines {
        assert!(
            run.stderr.lines().any(|l| l.trim_start().starts_with(line)),
            "missing: {line}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.ends_with("5 个错误，18 个警告，1 条提示\n"),
        "{}",
        run.stderr
    );
    golden("findings.txt", &run.stderr);
}

#[test]
fn vendor_b_layout_gives_the_same_findings() {
    let rules = |file: &str| -> Vec<(String, String)> {
        let run = yusuan(&["check", "--format", "json", &sample(file)]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let mut v: Vec<(String, String)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["table"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    // 10's total is labelled in vendor B's export, so READ-009 is the one difference.
    let mut seed = rules("budget.xlsx");
    seed.retain(|(r, _)| r != "READ-009");
    assert_eq!(seed, rules("budget-vendor-b.xlsx"));
}

#[test]
fn the_corrected_export_checks_clean() {
    let run = yusuan(&["check", &sample("budget-corrected.xlsx")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "未发现问题。\n0 个错误，0 个警告，0 条提示\n");
}

#[test]
fn json_findings_are_stable_and_complete() {
    let run = yusuan(&["check", "--format", "json", &sample("budget.xlsx")]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 5, "warnings": 18, "infos": 1})
    );
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "SUM-007" && f["cell"] == "G7")
        .expect("SUM-007 at G7");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["table"], "07");
    assert_eq!(f["sheet"], "预算07表");
    assert_eq!(f["unit"], "万元");
    assert_eq!(f["expected"], "45.65");
    assert_eq!(f["found"], "50.65");
    assert_eq!(f["difference"], "5.00");
    assert_eq!(f["inputs"].as_array().unwrap().len(), 16);
    assert!(f["message"].as_str().unwrap().contains("所属各行之和"));
}

#[test]
fn check_on_bad_input_exits_2() {
    let run = yusuan(&["check", "samples/none.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("samples/none.xlsx"));
}

#[test]
fn rules_lists_the_catalogue() {
    let run = yusuan(&["rules"]);
    assert_eq!(run.code, 0);
    for rule in yusuan::validate::catalogue::RULES {
        assert!(run.stdout.contains(rule.id), "{} missing", rule.id);
    }
    assert!(run
        .stdout
        .contains("SUM-003   error   人员经费 = 工资福利支出 + 对个人和家庭的补助"));
}

/// Every rule id a finding can carry is in the catalogue (so `rules` documents it).
#[test]
fn every_reported_rule_is_catalogued() {
    // The reader's tables and the narrative are directories of files (issue 14).
    let dir = |d: &str| -> String {
        let mut files: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{d} holds no source");
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    };
    let src = dir("src/read/tables")
        + &std::fs::read_to_string("src/validate/rules/sum.rs").unwrap()
        + &std::fs::read_to_string("src/validate/rules/xref.rs").unwrap()
        + &std::fs::read_to_string("src/validate/rules/code.rs").unwrap()
        + &std::fs::read_to_string("src/validate/rules/presence.rs").unwrap()
        + &std::fs::read_to_string("src/validate/mod.rs").unwrap()
        + &dir("src/publish/narrative");
    for family in ["READ-", "SUM-", "XREF-", "CODE-", "UNIT-", "ROUND-", "DOC-"] {
        for (i, _) in src.match_indices(&format!("\"{family}")) {
            let id: String = src[i + 1..].chars().take_while(|c| *c != '"').collect();
            assert!(
                yusuan::validate::catalogue::find(&id).is_some(),
                "{id} is reported but not catalogued"
            );
        }
    }
}

/// `--catalog DIR` replaces the built-in catalogue: `DIR/2024/function.csv` replaces the 2024
/// edition; a 项 it lacks under a known 款 is information, a missing 款 a warning, never an error.
#[test]
fn a_user_catalogue_replaces_the_builtin_one() {
    let builtin = std::fs::read_to_string("catalog/2024/function.csv").unwrap();
    let without = |prefix: &str| -> String {
        builtin
            .lines()
            .filter(|l| !l.starts_with(prefix))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("2024")).unwrap();
    std::fs::write(dir.path().join("2024/function.csv"), without("2013699,")).unwrap();
    let run = yusuan(&[
        "check",
        "--catalog",
        &path_str(dir.path()),
        &sample("budget-corrected.xlsx"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("预算03表!A10: info[CODE-007] 功能分类科目 2013699 不在 2024 年科目目录中"),
        "{}",
        run.stderr
    );

    // A single DIR/function.csv serves every year; without the 款 20136 its codes are warnings.
    let flat = tempdir();
    std::fs::write(flat.path().join("function.csv"), without("20136")).unwrap();
    let run = yusuan(&[
        "check",
        "--catalog",
        &path_str(flat.path()),
        &sample("budget-corrected.xlsx"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "预算03表!A10: warning[CODE-001] 功能分类科目 2013699 不在 自定义科目目录中（款 20136 不存在"
        ),
        "{}",
        run.stderr
    );
    let bad = yusuan(&["check", "--catalog", "no/such/dir", &sample("budget.xlsx")]);
    assert_eq!(bad.code, 2);
}

/// Every `yusuan …` example in the README runs, with the exit code it documents (1 where the
/// README says the sample has errors, else 0).
#[test]
fn readme_examples_run() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let out = tempdir();
    let mut ran = 0;
    let mut in_shell = false;
    let commands: Vec<&str> = readme
        .lines()
        .filter(|l| {
            if l.starts_with("```") {
                in_shell = *l == "```sh";
                return false;
            }
            in_shell && l.starts_with("yusuan ")
        })
        .collect();
    for line in commands {
        let command = line.split('#').next().unwrap().trim();
        let args: Vec<String> = command
            .split_whitespace()
            .skip(1)
            .map(|a| {
                if a == "out" || a == "profile.toml" || a == "部门资料.toml" {
                    path_str(&out.path().join(a))
                } else {
                    a.to_string()
                }
            })
            .collect();
        let _ = std::fs::remove_file(out.path().join("profile.toml"));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = yusuan(&args);
        let expected = if line.contains("退出码 1") || line.contains("--draft") {
            1
        } else {
            0
        };
        assert_eq!(run.code, expected, "{command}\n{}", run.stderr);
        ran += 1;
    }
    assert!(ran >= 10, "only {ran} README examples found");
}

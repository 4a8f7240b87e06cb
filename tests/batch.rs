//! Issue 11: many departments at once. `yusuan build DIR --out OUT` over a folder of generated
//! departments, the sample in both its states and a broken file: each department in its own
//! folder, one failure stopping nothing, the summary files, the exit code the worst of all,
//! and the same bytes whatever the number of jobs.

mod common;

use std::path::Path;

use common::{path_str, sample, tempdir, yusuan};
use yusuan::catalog::Catalog;
use yusuan::synth::{self, Layout, Shape};

/// A folder of `n` generated departments with their profiles in `profiles/` (the last one's
/// left out, so that one department has none).
fn departments(dir: &Path, n: u64) {
    let catalog = Catalog::builtin();
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::create_dir_all(dir.join("profiles")).unwrap();
    for seed in 0..n {
        let shape = Shape::random(&mut synth::Rng::new(500 + seed));
        let b = synth::department(500 + seed, &shape, synth::year_of(500 + seed), &catalog);
        let bytes = synth::export(&b, Layout::ALL[seed as usize % 3], &catalog, seed).unwrap();
        // One in a subfolder: folders are walked.
        let sub = if seed == 0 { "in/sub" } else { "in" };
        std::fs::write(dir.join(format!("{sub}/d{seed}.xlsx")), bytes).unwrap();
        if seed + 1 < n {
            let profile = synth::profile(&b, 500 + seed);
            std::fs::write(dir.join(format!("profiles/p{seed}.toml")), profile).unwrap();
        }
    }
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn issue_11_a_folder_builds_every_department_and_sums_up() {
    let dir = tempdir();
    departments(dir.path(), 4);
    std::fs::copy(sample("budget.xlsx"), dir.path().join("in/sample-a.xlsx")).unwrap();
    std::fs::copy(
        sample("budget-corrected.xlsx"),
        dir.path().join("in/sample-b.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        sample("profile.toml"),
        dir.path().join("profiles/hongqi.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("in/broken.xlsx"), "not a workbook").unwrap();
    let input = path_str(&dir.path().join("in"));
    let profiles = path_str(&dir.path().join("profiles"));
    let mut outs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("out-{jobs}"));
        let run = yusuan(&[
            "build",
            &input,
            "--profile-dir",
            &profiles,
            "--out",
            &path_str(&out),
            "--jobs",
            jobs,
        ]);
        // The broken file makes the batch's exit code 2, and stops nothing.
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("共 7 个部门"), "{}", run.stderr);
        let s = summary(&out);
        let totals = &s["totals"];
        assert_eq!(totals["departments"], 7);
        assert_eq!(totals["failed"], 1, "{s}");
        // The uncorrected sample has errors; the department without a profile lacks it.
        assert_eq!(totals["errors"], 2, "{s}");
        assert_eq!(totals["clean"], 4, "{s}");
        let list = s["departments"].as_array().unwrap();
        let unmatched: Vec<_> = list
            .iter()
            .filter(|d| d["note"].as_str().unwrap().contains("未找到部门资料"))
            .collect();
        assert_eq!(unmatched.len(), 1, "{s}");
        for d in list.iter().filter(|d| d["status"] == "clean") {
            let outputs = d["outputs"].as_array().unwrap();
            assert_eq!(outputs.len(), 2, "{d}");
            for o in outputs {
                assert!(Path::new(o.as_str().unwrap()).exists(), "{o}");
            }
        }
        // The sample's two states each have a folder; the second by its file name.
        let name = "中共新乡市红旗区委区直机关工作委员会";
        assert!(out.join(name).join("核对结果.txt").exists());
        assert!(out.join(format!("{name}（sample-b）")).is_dir());
        assert!(out.join("汇总.xlsx").exists());
        outs.push(out);
    }
    // The same bytes with one job or two.
    let files = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let mut all = Vec::new();
        for d in std::fs::read_dir(root).unwrap() {
            let d = d.unwrap().path();
            if d.is_dir() {
                for f in std::fs::read_dir(&d).unwrap() {
                    let f = f.unwrap().path();
                    let rel = f.strip_prefix(root).unwrap().display().to_string();
                    // The findings name the input, which is the same file in both runs.
                    all.push((rel, std::fs::read(&f).unwrap()));
                }
            }
        }
        all.sort();
        all
    };
    let (one, two) = (files(&outs[0]), files(&outs[1]));
    assert_eq!(
        one.iter().map(|f| &f.0).collect::<Vec<_>>(),
        two.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (a, b) in one.iter().zip(&two) {
        assert!(a.1 == b.1, "{} differs between --jobs 1 and 2", a.0);
    }
    // The summary workbook too: it is stamped with a fixed time, not the clock's.
    let summary = |root: &Path| std::fs::read(root.join("汇总.xlsx")).unwrap();
    assert!(
        summary(&outs[0]) == summary(&outs[1]),
        "汇总.xlsx differs between two runs"
    );
}

/// A batch into a folder an earlier batch wrote: each department's folder is moved into place
/// whole when it is new, and its files replace the earlier ones when it is not (other files
/// there stay). No staging folder is left either way.
#[test]
fn issue_11_a_second_batch_into_the_same_folder_replaces_the_files() {
    let dir = tempdir();
    departments(dir.path(), 3);
    let out = dir.path().join("out");
    let run = || {
        yusuan(&[
            "build",
            &path_str(&dir.path().join("in")),
            "--profile-dir",
            &path_str(&dir.path().join("profiles")),
            "--out",
            &path_str(&out),
            "--draft",
        ])
    };
    let staging_left = || {
        std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".yusuan-"))
            .collect::<Vec<_>>()
    };
    let first = run();
    assert!(first.code < 2, "{}", first.stderr);
    assert_eq!(staging_left(), Vec::<String>::new());
    let folders: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(folders.len(), 3, "{folders:?}");
    let report = folders[0].join("核对结果.txt");
    let before = std::fs::read(&report).unwrap();
    std::fs::write(&report, "an earlier report").unwrap();
    std::fs::write(folders[0].join("mine.txt"), "the user's own file").unwrap();
    let again = run();
    assert_eq!(again.code, first.code, "{}", again.stderr);
    assert_eq!(staging_left(), Vec::<String>::new());
    assert_eq!(
        std::fs::read(&report).unwrap(),
        before,
        "the report is replaced"
    );
    assert_eq!(
        std::fs::read_to_string(folders[0].join("mine.txt")).unwrap(),
        "the user's own file"
    );
}

/// `--prior-dir`: each department's prior-year export is matched by its name and year − 1,
/// read on the batch's threads; a prior of another year, or a file that is not a workbook,
/// matches nothing, and the department it was meant for says so.
#[test]
fn issue_11_prior_dir_matches_by_department_name_and_the_year_before() {
    let dir = tempdir();
    let catalog = Catalog::builtin();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::create_dir_all(dir.path().join("prior/sub")).unwrap();
    // Three departments of distinct names.
    let mut seeds = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for seed in 700u64.. {
        let shape = Shape::random(&mut synth::Rng::new(seed));
        let b = synth::department(seed, &shape, 2025, &catalog);
        if names.insert(b.department.clone()) {
            seeds.push((seed, shape, b.department.clone()));
        }
        if seeds.len() == 3 {
            break;
        }
    }
    for (i, (seed, shape, _)) in seeds.iter().enumerate() {
        let now = synth::department(*seed, shape, 2025, &catalog);
        let bytes = synth::export(&now, Layout::ALL[i % 3], &catalog, *seed).unwrap();
        std::fs::write(dir.path().join(format!("in/d{i}.xlsx")), bytes).unwrap();
        // The third one's export on file is two years old: it matches nothing.
        let year = if i == 2 { 2023 } else { 2024 };
        let before = synth::department(*seed, shape, year, &catalog);
        let bytes = synth::export(&before, Layout::ALL[(i + 1) % 3], &catalog, *seed).unwrap();
        let sub = if i == 1 { "prior/sub" } else { "prior" };
        std::fs::write(dir.path().join(format!("{sub}/old{i}.xlsx")), bytes).unwrap();
    }
    std::fs::write(dir.path().join("prior/broken.xlsx"), "not a workbook").unwrap();
    let out = dir.path().join("out");
    let run = yusuan(&[
        "build",
        &path_str(&dir.path().join("in")),
        "--prior-dir",
        &path_str(&dir.path().join("prior")),
        "--out",
        &path_str(&out),
        "--jobs",
        "2",
        "--draft",
    ]);
    assert!(run.code < 2, "{}", run.stderr);
    let s = summary(&out);
    let list = s["departments"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{s}");
    for (i, (_, _, name)) in seeds.iter().enumerate() {
        let d = list
            .iter()
            .find(|d| d["department"].as_str() == Some(name.as_str()))
            .unwrap_or_else(|| panic!("{name} in {s}"));
        let prior = d["prior"].as_str().unwrap_or("");
        let note = d["note"].as_str().unwrap_or("");
        if i == 2 {
            assert_eq!(prior, "", "{d}");
            assert!(note.contains("未找到上年导出表"), "{d}");
        } else {
            assert!(prior.ends_with(&format!("old{i}.xlsx")), "{d}");
            assert!(!note.contains("未找到上年导出表"), "{d}");
        }
    }
}

#[test]
fn issue_11_check_of_several_workbooks_reports_each_and_the_worst_exit() {
    let dir = tempdir();
    let (a, b) = (sample("budget.xlsx"), sample("budget-corrected.xlsx"));
    let run = yusuan(&["check", &b, &b]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("out");
    let run = yusuan(&["check", &a, &b, "--out", &path_str(&out)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(summary(&out)["totals"]["errors"], 1);
    // One department's profile does not fit a batch.
    let run = yusuan(&[
        "build",
        &a,
        &b,
        "--profile",
        &sample("profile.toml"),
        "--out",
        &path_str(&out),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--profile-dir"), "{}", run.stderr);
}

/// `diff` shows the sample's corrections, and nothing between its two layouts.
#[test]
fn issue_11_diff_shows_the_corrections_and_nothing_between_layouts() {
    let (old, new) = (sample("budget.xlsx"), sample("budget-corrected.xlsx"));
    let run = yusuan(&["diff", &old, &new]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("预算06表 一般公共预算基本支出情况表\n  + 新增此表"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+ 30216 培训费"), "{}", run.stdout);
    assert!(run.stdout.contains("合计 5.00"), "{}", run.stdout);
    assert!(run.stdout.contains("已改正"), "{}", run.stdout);
    let json = yusuan(&["diff", &old, &new, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["identical"], false);
    let changes = v["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["kind"] == "row_added"
            && c["table"] == "07"
            && c["values_yuan"]["total"] == "50000.00"),
        "{v}"
    );
    // Two layouts of the same data: identical.
    let run = yusuan(&["diff", &old, &sample("budget-vendor-b.xlsx")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("数据相同"), "{}", run.stdout);
    // With the profile, the explanation's changed sentences, side by side.
    let run = yusuan(&["diff", &old, &new, "--profile", &sample("profile.toml")]);
    assert!(run.stdout.contains("说明文字\n  旧："), "{}", run.stdout);
    // A file that cannot be read.
    assert_eq!(yusuan(&["diff", &old, "no/such.xlsx"]).code, 2);
}

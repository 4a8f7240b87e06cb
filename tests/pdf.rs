//! PDF copies through LibreOffice (issue 12): `build --pdf`, a batch converting in parallel,
//! and the page's API. The conversions are skipped, with a notice, where LibreOffice is not
//! installed (under CI, where `.ci/run` installs it, that fails instead); what happens without
//! it is tested everywhere.

mod web;

use std::path::Path;
use std::process::Command;

use web::{get, installed, post_form, sample, Part, Server};

const DEPARTMENT: &str = "中共新乡市红旗区委区直机关工作委员会";
const HINT: &str = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk";

fn yusuan(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yusuan"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run yusuan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn libreoffice() -> bool {
    let found = installed("soffice");
    if !found {
        // CI installs it (.ci/run): there a missing LibreOffice is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice is not installed ({HINT})"
        );
        eprintln!("skipped: LibreOffice is not installed ({HINT})");
    }
    found
}

/// Checks a PDF: its header, and with poppler-utils (where installed) its page count and text.
fn check_pdf(path: &Path, min_pages: usize, text: &[&str]) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "{}", path.display());
    assert!(
        bytes.windows(9).any(|w| w == b"/FontFile"),
        "{}: fonts are embedded",
        path.display()
    );
    if !installed("pdfinfo") || !installed("pdftotext") {
        eprintln!(
            "pdfinfo/pdftotext not installed (poppler-utils): page count and text not checked"
        );
        return;
    }
    let info = Command::new("pdfinfo").arg(path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages >= min_pages, "{}: {pages} pages", path.display());
    assert!(info.contains("(A4)"), "{info}");
    let words = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    // pdftotext keeps or drops the spaces of "— 1 —" as the layout has it: compare without.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let words = squeeze(&String::from_utf8_lossy(&words.stdout));
    for t in text {
        assert!(words.contains(&squeeze(t)), "{}: no “{t}”", path.display());
    }
}

#[test]
fn build_pdf_writes_both_files_as_pdf() {
    if !libreoffice() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = yusuan(
        &[
            "build",
            "samples/hongqi-2024/budget-corrected.xlsx",
            "--profile",
            "samples/hongqi-2024/profile.toml",
            "--out",
            out.path().to_str().unwrap(),
            "--pdf",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let stem = format!("{DEPARTMENT}2024年部门预算");
    // The document: cover, 目录, body numbered from — 1 —, the attached tables.
    check_pdf(
        &out.path().join(format!("{stem}公开.pdf")),
        15,
        &["第一部分", "— 1 —", "部门收支总体情况表"],
    );
    // The tables: at least a page per table, each with its footer.
    check_pdf(
        &out.path().join(format!("{stem}表.pdf")),
        12,
        &["支出经济分类汇总表", "第 1 页"],
    );
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn a_batch_converts_departments_in_parallel() {
    if !libreoffice() {
        return;
    }
    // Two exports of one department: two folders, converted at once, each with its own
    // LibreOffice profile.
    let inputs = tempfile::tempdir().unwrap();
    for name in ["a.xlsx", "b.xlsx"] {
        std::fs::write(inputs.path().join(name), sample("budget-corrected.xlsx")).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = yusuan(
        &[
            "build",
            inputs.path().to_str().unwrap(),
            "--profile-dir",
            "samples/hongqi-2024",
            "--out",
            out.path().to_str().unwrap(),
            "--jobs",
            "2",
            "--pdf",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    for folder in [DEPARTMENT.to_string(), format!("{DEPARTMENT}（b）")] {
        let dir = out.path().join(&folder);
        let pdfs = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{folder}: {e}\n{stderr}"))
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "pdf")
            })
            .count();
        assert_eq!(pdfs, 2, "{folder}");
    }
}

#[test]
fn without_libreoffice_pdf_says_how_to_install_it_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let missing = [("YUSUAN_SOFFICE", "/nonexistent/soffice")];
    let out_dir = target.to_str().unwrap();
    for args in [
        // One department, and a batch.
        vec![
            "build",
            "samples/hongqi-2024/budget-corrected.xlsx",
            "--profile",
            "samples/hongqi-2024/profile.toml",
            "--out",
            out_dir,
            "--pdf",
        ],
        vec![
            "build",
            "samples/hongqi-2024",
            "--profile-dir",
            "samples/hongqi-2024",
            "--out",
            out_dir,
            "--pdf",
        ],
    ] {
        let (code, stderr) = yusuan(&args, &missing);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(HINT), "{stderr}");
        assert!(!target.exists(), "{args:?} wrote {target:?}");
    }
    // The page offers no PDF and says why; asked anyway, the API answers the same message.
    let server = Server::start(&[], &missing);
    let info = get(&server.addr, "/api/info").json();
    assert_eq!(info["pdf"], false);
    assert!(info["pdf_hint"].as_str().unwrap().contains(HINT));
    let answer = build_with_pdf(&server);
    assert_eq!(answer.status, 422);
    assert!(answer.json()["error"].as_str().unwrap().contains(HINT));
}

/// The page's build of the corrected sample with its profile, PDFs asked for.
fn build_with_pdf(server: &Server) -> web::Answer {
    post_form(
        &server.addr,
        "/api/build",
        vec![
            Part::File(
                "workbook",
                "budget-corrected.xlsx",
                sample("budget-corrected.xlsx"),
            ),
            Part::File("profile", "profile.toml", sample("profile.toml")),
            Part::Text("pdf", "1"),
        ],
    )
}

#[test]
fn the_page_builds_pdfs_when_asked() {
    if !libreoffice() {
        return;
    }
    let server = Server::start(&[], &[]);
    assert_eq!(get(&server.addr, "/api/info").json()["pdf"], true);
    let json = build_with_pdf(&server).json();
    let files = json["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 4, "{json}");
    assert!(names[2].ends_with("年部门预算表.pdf") && names[3].ends_with("年部门预算公开.pdf"));
    for file in &files[2..] {
        let download = get(&server.addr, file["url"].as_str().unwrap());
        assert_eq!(download.header("content-type"), Some("application/pdf"));
        assert!(download.body.starts_with(b"%PDF"));
    }
}

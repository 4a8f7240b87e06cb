//! The disclosure document: its full generated text (golden, reviewed against the seed
//! sentence by sentence), the rules for missing inputs, and the .docx package itself.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;
use pretty_assertions::assert_eq;
use yusuan::catalog::Catalog;
use yusuan::cmd::build::{explain, DocInputs};
use yusuan::publish::{self, narrative, wording};

const PROFILE: &str = "samples/hongqi-2024/profile.toml";

fn text_of(workbook: &str, inputs: &DocInputs) -> (String, Vec<yusuan::finding::Finding>) {
    let catalog = Catalog::builtin();
    let budget = yusuan::read::read_budget(Path::new(workbook), &catalog)
        .unwrap()
        .budget;
    let mut p = publish::prepare(&budget, &catalog);
    let story = explain(&mut p, inputs, &catalog).unwrap();
    (narrative::plain_text(&story.blocks), story.findings)
}

fn sample_inputs() -> DocInputs {
    DocInputs {
        profile: Some(PROFILE.into()),
        ..DocInputs::default()
    }
}

/// The whole text of the sample's document. Reviewed against the seed: every figure of its
/// 第二部分 is here, and none of its defects ("8.6万元", "占100%", "增加/减少0万元",
/// "增加0万元，与上年持平", a source listed twice).
#[test]
fn the_sample_text_carries_every_seed_figure_and_no_defect() {
    let (text, findings) = text_of(&sample("budget-corrected.xlsx"), &sample_inputs());
    assert!(findings.is_empty(), "{findings:?}");
    for figure in [
        "50.65万元",
        "6.88万元",
        "15.72%",
        "42.05万元",
        "83.02%",
        "8.60万元",
        "16.98%",
        "38.49万元",
        "91.53%",
        "3.56万元",
        "8.47%",
        "100.00%",
    ] {
        assert!(text.contains(figure), "{figure} missing");
    }
    assert_eq!(wording::lint(&text), Vec::<String>::new());
    for defect in [
        "8.6万元",
        "占100%",
        "增加/减少",
        "增加0",
        "减少0",
        "政府性基金收入0",
    ] {
        assert!(!text.contains(defect), "defect {defect} in the text");
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/hongqi-2024/report.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        text,
        "UPDATE_GOLDEN=1 rewrites it"
    );
}

/// Last year's export as --prior: the same budget gives 与上年持平 everywhere, and no reason
/// is asked for.
#[test]
fn prior_year_from_a_workbook() {
    let inputs = DocInputs {
        prior: Some(sample("budget-corrected.xlsx").into()),
        ..sample_inputs()
    };
    let (text, findings) = text_of(&sample("budget-corrected.xlsx"), &inputs);
    assert!(findings.is_empty(), "{findings:?}");
    assert!(text.contains("收入、支出均与上年持平"), "{text}");
    assert!(
        text.contains("与2024年预算相比"),
        "the prior year is the prior workbook's year"
    );
}

#[test]
fn doc_001_a_missing_profile_is_an_error_and_draft_marks_the_gaps() {
    let (text, findings) = text_of(&sample("budget-corrected.xlsx"), &DocInputs::default());
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert!(
        rules.contains(&"DOC-001") && rules.contains(&"DOC-002") && rules.contains(&"DOC-003"),
        "{rules:?}"
    );
    assert!(text.contains("【待填写：主要职责】"), "{text}");
    assert!(text.contains("【待填写：上年收入总计预算数】"), "{text}");

    let dir = tempdir();
    let refused = yusuan(&[
        "build",
        &sample("budget-corrected.xlsx"),
        "--out",
        &path_str(dir.path()),
    ]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("error[DOC-001]") && refused.stderr.contains("--draft"),
        "{}",
        refused.stderr
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
    let draft = yusuan(&[
        "build",
        &sample("budget-corrected.xlsx"),
        "--out",
        &path_str(dir.path()),
        "--draft",
    ]);
    assert_eq!(
        draft.code, 1,
        "a draft is not a clean build: {}",
        draft.stderr
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    let doc = docx_part(
        &dir.path()
            .join("中共新乡市红旗区委区直机关工作委员会2024年部门预算公开.docx"),
        "word/document.xml",
    );
    let gap = doc
        .find("【待填写：主要职责】")
        .expect("the gap is in the document");
    let run_start = doc[..gap].rfind("<w:r>").unwrap();
    assert!(
        doc[run_start..gap].contains(r#"<w:color w:val="FF0000""#),
        "gaps are red"
    );
}

#[test]
fn doc_004_a_change_needs_its_reason() {
    let dir = tempdir();
    let profile = std::fs::read_to_string(PROFILE)
        .unwrap()
        .replace("income = \"新增人员，基本支出增加\"\n", "");
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, profile).unwrap();
    let run = yusuan(&[
        "check",
        &sample("budget-corrected.xlsx"),
        "--profile",
        &path_str(&path),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[DOC-004] 缺少收入增减变化的原因"),
        "{}",
        run.stderr
    );
    let clean = yusuan(&[
        "check",
        &sample("budget-corrected.xlsx"),
        "--profile",
        PROFILE,
    ]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
}

#[test]
fn init_writes_a_skeleton_that_loads() {
    let dir = tempdir();
    let path = dir.path().join("profile.toml");
    let run = yusuan(&["init", &sample("budget.xlsx"), "--out", &path_str(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("name = \"中共新乡市红旗区委区直机关工作委员会\""));
    assert!(text.contains("047001 中共新乡市红旗区委区直机关工作委员会本级"));
    assert!(text.contains("year = 2023"));
    yusuan::profile::Profile::load(&path).expect("the skeleton is a valid profile");
    // Never overwrites.
    let again = yusuan(&["init", &sample("budget.xlsx"), "--out", &path_str(&path)]);
    assert_eq!(again.code, 2);
}

/// Templates are editable without recompiling: a region's own wording is used.
#[test]
fn wording_templates_can_be_replaced() {
    let dir = tempdir();
    let own = std::fs::read_to_string("templates/document.md.j2")
        .unwrap()
        .replace("主要保障机构正常运转及正常履职需要", "用于保障机关日常运转");
    std::fs::write(dir.path().join("document.md.j2"), own).unwrap();
    let inputs = DocInputs {
        templates: Some(dir.path().into()),
        ..sample_inputs()
    };
    let (text, _) = text_of(&sample("budget-corrected.xlsx"), &inputs);
    assert!(text.contains("用于保障机关日常运转"));
}

fn docx_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The package: A4 portrait body with GB/T 9704 margins, landscape attachment, footers in
/// both sections, repeated header rows, named fonts, fixed line spacing, deflated entries.
#[test]
fn the_document_package_is_set_up_for_print() {
    let dir = tempdir();
    let run = yusuan(&[
        "build",
        &sample("budget-corrected.xlsx"),
        "--profile",
        PROFILE,
        "--out",
        &path_str(dir.path()),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir
        .path()
        .join("中共新乡市红旗区委区直机关工作委员会2024年部门预算公开.docx");
    let doc = docx_part(&path, "word/document.xml");
    // Cover and 目录, body, then one section per run of tables of one orientation (the
    // workbook renderer chooses it per table, by what fits): each section's page size differs
    // from the one before it.
    let sections = doc.matches("<w:sectPr").count();
    assert!(sections >= 3, "cover, body and attachment sections");
    let sizes: Vec<&str> = doc
        .split("<w:pgSz ")
        .skip(1)
        .map(|s| &s[..s.find("/>").unwrap()])
        .collect();
    assert_eq!(sizes.len(), sections);
    assert!(sizes[2..].windows(2).all(|w| w[0] != w[1]), "{sizes:?}");
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 portrait body"
    );
    assert!(
        doc.contains(r#"w:w="16838" w:h="11906" w:orient="landscape""#),
        "landscape attachment"
    );
    assert!(
        doc.contains(r#"w:top="2098""#) && doc.contains(r#"w:left="1588""#),
        "37 mm top, 28 mm left"
    );
    assert_eq!(
        doc.matches(r#"w:type="default""#).count(),
        sections,
        "a footer in every section (a blank one on the cover and 目录)"
    );
    assert!(doc.contains("<w:tblHeader"), "header rows repeat");
    // The formats live in named styles, which the paragraphs name.
    let styles = docx_part(&path, "word/styles.xml");
    assert!(
        styles.contains(r#"w:firstLineChars="200""#),
        "two-character indent"
    );
    assert!(
        styles.contains("仿宋_GB2312")
            && styles.contains("黑体")
            && styles.contains("方正小标宋简体")
    );
    assert!(styles.contains(r#"w:lineRule="exact""#));
    assert!(styles.contains(r#"w:eastAsia="zh-CN""#));
    for style in ["BodyText", "Heading1", "Part", "TableTitle", "CellFigure18"] {
        assert!(
            doc.contains(&format!(r#"<w:pStyle w:val="{style}"/>"#)),
            "{style} in use"
        );
        assert!(
            styles.contains(&format!(r#"w:styleId="{style}""#)),
            "{style} defined"
        );
    }
    let footer = docx_part(&path, "word/footer1.xml");
    assert!(
        footer.contains("PAGE") && footer.contains("—"),
        "— N — page numbers"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        if f.is_file() {
            assert_eq!(
                f.compression(),
                zip::CompressionMethod::Deflated,
                "{:?}",
                f.name()
            );
        }
    }
    // Twelve tables attached (11 in three parts: its form, then its indicator list, cut
    // where the page ends with its header row and its merged labels repeated), each with the
    // workbook's figures.
    assert!(doc.matches("<w:tbl>").count() >= 13);
    assert!(doc.contains("50.65") && doc.contains("38.49"));
}

/// python-docx (what many offices script Word with) opens the document and sees its parts.
/// CI installs python-docx (.ci/run); elsewhere the test says so and passes when it is missing.
#[test]
fn python_docx_opens_the_document() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import docx"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have python-docx (see .ci/run)"
        );
        eprintln!("python-docx not installed: skipped");
        return;
    }
    let dir = tempdir();
    let run = yusuan(&[
        "build",
        &sample("budget-corrected.xlsx"),
        "--profile",
        PROFILE,
        "--out",
        &path_str(dir.path()),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir
        .path()
        .join("中共新乡市红旗区委区直机关工作委员会2024年部门预算公开.docx");
    let script = "import sys, docx\nd = docx.Document(sys.argv[1])\nprint(len(d.tables), len(d.sections), d.sections[1].orientation, d.sections[-1].orientation, d.core_properties.title)";
    let out = std::process::Command::new("python3")
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = docx_part(&path, "word/document.xml");
    let (tables, sections) = (
        doc.matches("<w:tbl>").count(),
        doc.matches("<w:sectPr").count(),
    );
    assert_eq!(
        stdout.trim(),
        format!("{tables} {sections} PORTRAIT (0) LANDSCAPE (1) 中共新乡市红旗区委区直机关工作委员会2024年部门预算公开")
    );
}

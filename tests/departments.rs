//! Generated departments of every shape (`yusuan::synth`): 1–5 budget units, 元 and 万元, on
//! and off the 0.01 万元 grid, 1–25 function classes, 0–120 projects, with and without 事业收入,
//! 政府性基金 and 三公, in three export layouts. For each: `check` of the export reports nothing
//! beyond info, the published workbook checks clean, and every published figure is its exact
//! value rounded down or up (see `synth::trial`). Then one amount cell changed at random must be
//! an error on its sheet (`synth::mutation_trial`).
//!
//! Many thousands more run from `cargo run --release --example departments` (see README).

use yusuan::catalog::Catalog;
use yusuan::synth::{mutation_trial, trial, Layout};

/// Seeds run here; the example runs as many as asked.
const ROUND_TRIPS: u64 = 90;
const MUTATIONS: u64 = 240;

#[test]
fn every_generated_department_checks_builds_and_reads_back_clean() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    for seed in 0..ROUND_TRIPS {
        let layout = Layout::ALL[(seed % 3) as usize];
        let t = trial(seed, layout, &catalog);
        if !t.problems.is_empty() {
            failures.push(format!(
                "seed {seed} ({}, {:?}):\n  {}",
                layout.name(),
                t.shape,
                t.problems
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ROUND_TRIPS} departments failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn one_changed_amount_is_always_an_error_on_its_sheet() {
    let catalog = Catalog::builtin();
    let mut missed = Vec::new();
    for seed in 1000..1000 + MUTATIONS {
        let layout = Layout::ALL[(seed % 3) as usize];
        match mutation_trial(seed, layout, &catalog) {
            Ok((_, None)) => {}
            Ok((_, Some(m))) => missed.push(format!("seed {seed} ({}): {m}", layout.name())),
            Err(e) => missed.push(format!("seed {seed} ({}): {e}", layout.name())),
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {MUTATIONS} mutations not caught:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

/// The finance system's own 1-元 residual (a 项 one 元 off its 款 in an export in 元) is a
/// rounding warning in `check`, never an error; the published tables add up all the same.
#[test]
fn a_one_yuan_residual_warns_and_still_publishes_tables_that_add_up() {
    use yusuan::finding::Severity;
    use yusuan::model::Unit;
    use yusuan::synth::{department, export, nudge, Shape};
    let catalog = Catalog::builtin();
    let settings = yusuan::validate::Settings::default();
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..30u64 {
        let shape = Shape {
            units: 1 + seed as usize % 3,
            ..Shape::large()
        };
        let b = department(seed, &shape, 2025, &catalog);
        let bytes = export(&b, Layout::Official(Unit::Yuan), &catalog, seed).unwrap();
        // One amount of 03 one 元 off.
        let (bytes, m) = nudge(&bytes, seed, rust_decimal::Decimal::ONE, |sheet, _| {
            sheet == "预算03表"
        })
        .unwrap();
        let input = dir.path().join(format!("residual-{seed}.xlsx"));
        std::fs::write(&input, bytes).unwrap();
        let checked = yusuan::pipeline::check(
            &yusuan::pipeline::load(&input).unwrap(),
            &catalog,
            &settings,
        )
        .unwrap();
        let (read, findings) = (checked.budget, checked.findings);
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        assert!(errors.is_empty(), "seed {seed} {m:?}: {errors:?}");
        assert!(
            findings.iter().any(|f| f.rule == "ROUND-001"),
            "seed {seed} {m:?}: the residual is reported"
        );
        let p = yusuan::publish::prepare(&read, &catalog);
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 1, 1).unwrap();
        let (book, _) = yusuan::render::xlsx::render(&p, created).unwrap();
        let output = dir.path().join(format!("published-{seed}.xlsx"));
        std::fs::write(&output, book).unwrap();
        let checked = yusuan::pipeline::check(
            &yusuan::pipeline::load(&output).unwrap(),
            &catalog,
            &settings,
        )
        .unwrap();
        let (_, findings) = (checked.budget, checked.findings);
        let left: Vec<_> = findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        assert!(left.is_empty(), "seed {seed} {m:?}: {left:?}");
    }
}

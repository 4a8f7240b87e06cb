//! Benchmark of the whole pipeline on the bundled samples: read, check, prepare, and write
//! both files. A bench binary (no extra dependency): runs each stage many times and prints the
//! median and the spread. Run with `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use yusuan::catalog::Catalog;
use yusuan::cmd::build::{explain, DocInputs};
use yusuan::model::Unit;
use yusuan::publish;
use yusuan::render::{doc::Document, docx, xlsx};
use yusuan::synth::{self, Layout, Shape};
use yusuan::validate::{validate, Settings};

const RUNS: usize = 30;

fn measure(name: &str, mut f: impl FnMut()) {
    f(); // warm up
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<34} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   ({RUNS} runs)",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this binary without it,
    // where a timing run in debug mode would only cost time.
    if !std::env::args().any(|a| a == "--bench") {
        println!("pipeline benchmark: run it with `cargo bench --bench pipeline`");
        return;
    }
    let catalog = Catalog::builtin();
    let seed = Path::new("samples/hongqi-2024/budget-corrected.xlsx");
    let vendor = Path::new("samples/hongqi-2024/budget-vendor-b.xlsx");
    let inputs = DocInputs {
        profile: Some("samples/hongqi-2024/profile.toml".into()),
        ..DocInputs::default()
    };
    measure("read (seed layout, 万元)", || {
        black_box(yusuan::read::read_budget(seed, &catalog).unwrap());
    });
    measure("read (vendor-b layout, 元)", || {
        black_box(yusuan::read::read_budget(vendor, &catalog).unwrap());
    });
    let budget = yusuan::read::read_budget(seed, &catalog).unwrap().budget;
    measure("check (all rules)", || {
        black_box(validate(&budget, &catalog, &Settings::default()));
    });
    measure("publish (controlled rounding)", || {
        black_box(publish::prepare(&budget, &catalog));
    });
    let mut p = publish::prepare(&budget, &catalog);
    let story = explain(&mut p, &inputs, &catalog).unwrap();
    measure("explain (narrative + templates)", || {
        let mut p = p.clone();
        black_box(explain(&mut p, &inputs, &catalog).unwrap());
    });
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1).unwrap();
    measure("render workbook (xlsx)", || {
        black_box(xlsx::render(&p, created.clone()).unwrap());
    });
    let (_, layouts) = xlsx::render(&p, created.clone()).unwrap();
    let document = Document {
        title: "t".into(),
        year: 2024,
        attachment_title: Vec::new(),
        blocks: story.blocks.clone(),
        tables: layouts,
    };
    measure("render document (docx)", || {
        black_box(docx::render(&document, "2024-01-01T00:00:00Z").unwrap());
    });
    // The largest department the generator makes: 5 units, 25 classes, 120 projects, in 元
    // off the 0.01 万元 grid, read back from its export as the reader sees it.
    let dir = tempfile::tempdir().unwrap();
    for seed in [7u64, 8, 9] {
        let large = synth::department(seed, &Shape::large(), 2024, &catalog);
        let bytes = synth::export(&large, Layout::Official(Unit::Yuan), &catalog, seed).unwrap();
        let path = dir.path().join(format!("large-{seed}.xlsx"));
        std::fs::write(&path, bytes).unwrap();
        let b = yusuan::read::read_budget(&path, &catalog).unwrap().budget;
        let p = publish::prepare(&b, &catalog);
        let figures: usize = p
            .tables
            .values()
            .map(|t| {
                t.rows
                    .iter()
                    .chain(&t.left)
                    .map(|r| r.values.len())
                    .sum::<usize>()
            })
            .sum();
        println!(
            "largest generated department, seed {seed}: {figures} printed figures, {} moved off plain rounding, {} residuals",
            p.moved.len(),
            p.residuals.len()
        );
        measure(&format!("publish, largest generated ({seed})"), || {
            black_box(publish::prepare(&b, &catalog));
        });
    }
    measure("whole build, in process", || {
        let b = yusuan::read::read_budget(seed, &catalog).unwrap().budget;
        black_box(validate(&b, &catalog, &Settings::default()));
        let mut p = publish::prepare(&b, &catalog);
        let story = explain(&mut p, &inputs, &catalog).unwrap();
        let (book, layouts) = xlsx::render(&p, created.clone()).unwrap();
        let doc = Document {
            title: "t".into(),
            year: 2024,
            attachment_title: Vec::new(),
            blocks: story.blocks,
            tables: layouts,
        };
        black_box((book, docx::render(&doc, "2024-01-01T00:00:00Z").unwrap()));
    });
}

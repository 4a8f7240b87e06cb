//! Benchmark of `build` over generated departments of every shape (issue 11), against the
//! floor: what merely inflating the input and deflating the two outputs costs, at the
//! compression level the writers use. Nothing else is in the floor.
//!
//! `cargo bench --bench departments` (200 departments); `-- --count N` for more, `-- --stages`
//! to time each stage of the pipeline as well. One core: the departments run one after the
//! other in this thread; each is built [`RUNS`] times and its median taken. The figures
//! printed are medians over the departments.
//!
//! The departments are those of `synth`: random shapes (1–5 units, 1–25 classes, 0–120
//! projects), each exported in one of the three layouts in turn, with a complete profile.

use std::hint::black_box;
use std::io::{Cursor, Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use yusuan::catalog::Catalog;
use yusuan::pipeline::{self, BuildOptions, DocSources, Workbook};
use yusuan::synth::{self, Layout, Shape};

/// Builds of each department; its median is its figure.
const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Every entry of a zip archive, inflated.
fn inflate(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::with_capacity(f.size() as usize);
            f.read_to_end(&mut out).unwrap();
            (f.name().unwrap().to_string(), out)
        })
        .collect()
}

/// The entries deflated into a new archive at zip's default level, which both writers use
/// (rust_xlsxwriter and the document's packer).
fn deflate(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

struct Department {
    book: Workbook,
    sources: DocSources,
}

fn department(seed: u64, catalog: &Catalog) -> Department {
    let shape = Shape::random(&mut synth::Rng::new(seed));
    let year = synth::year_of(seed);
    let budget = synth::department(seed, &shape, year, catalog);
    let layout = Layout::ALL[seed as usize % Layout::ALL.len()];
    let bytes = synth::export(&budget, layout, catalog, seed).expect("export");
    let profile = toml::from_str(&synth::profile(&budget, seed)).expect("profile");
    Department {
        book: Workbook {
            path: PathBuf::from(format!("dept-{seed}.xlsx")),
            bytes,
        },
        sources: DocSources {
            profile: Some((PathBuf::from(format!("dept-{seed}.toml")), profile)),
            ..DocSources::default()
        },
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        println!("departments benchmark: run it with `cargo bench --bench departments`");
        return;
    }
    let count: u64 = args
        .iter()
        .position(|a| a == "--count")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let stages = args.iter().any(|a| a == "--stages");
    let catalog = Catalog::builtin();
    let options = BuildOptions::default();

    let mut builds = Vec::new();
    let mut floors = Vec::new();
    let mut ratios = Vec::new();
    let mut stage_times: Vec<Vec<Duration>> = vec![Vec::new(); 6];
    let mut doc_bytes = Vec::new();
    for seed in 1..=count {
        let d = department(seed, &catalog);
        let built = pipeline::build(&d.book, &d.sources, &catalog, &options).expect("build");
        let files = built.files.expect("a clean department");
        let outputs = [inflate(&files.workbook), inflate(&files.document)];
        doc_bytes.push(outputs[1].iter().map(|(_, b)| b.len()).sum::<usize>());

        let build = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    black_box(pipeline::build(&d.book, &d.sources, &catalog, &options).unwrap());
                    t.elapsed()
                })
                .collect(),
        );
        let floor = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    black_box(inflate(&d.book.bytes));
                    black_box(deflate(&outputs[0]));
                    black_box(deflate(&outputs[1]));
                    t.elapsed()
                })
                .collect(),
        );
        builds.push(build);
        floors.push(floor);
        ratios.push(build.as_secs_f64() / floor.as_secs_f64());
        if stages {
            time_stages(&d, &catalog, &mut stage_times);
        }
    }
    let n = builds.len();
    ratios.sort_by(f64::total_cmp);
    doc_bytes.sort();
    println!("{n} generated departments, one core, median of {RUNS} builds each");
    println!(
        "build   median {:>8.2} ms   (min {:.2}, max {:.2})",
        ms(median(builds.clone())),
        ms(*builds.iter().min().unwrap()),
        ms(*builds.iter().max().unwrap())
    );
    println!(
        "floor   median {:>8.2} ms   (inflate the input, deflate both outputs)",
        ms(median(floors.clone()))
    );
    // A batch's time is the mean's, not the median's: large departments weigh in full.
    let mean = |v: &[Duration]| ms(v.iter().sum::<Duration>()) / v.len() as f64;
    println!(
        "mean    build {:>8.2} ms, floor {:.2} ms (what a batch of such departments costs)",
        mean(&builds),
        mean(&floors)
    );
    println!(
        "ratio   median {:>8.2}×    (p90 {:.2}×, max {:.2}×)",
        ratios[n / 2],
        ratios[n * 9 / 10],
        ratios[n - 1]
    );
    println!(
        "document.xml and friends: median {} KB, max {} KB",
        doc_bytes[n / 2] / 1024,
        doc_bytes[n - 1] / 1024
    );
    if stages {
        let names = [
            "read", "validate", "publish", "explain", "workbook", "document",
        ];
        for (name, times) in names.iter().zip(stage_times) {
            println!("  {name:<9} median {:>8.2} ms", ms(median(times)));
        }
    }
}

/// Each stage of the pipeline once, timed.
fn time_stages(d: &Department, catalog: &Catalog, out: &mut [Vec<Duration>]) {
    use yusuan::render::{doc::Document, docx, xlsx};
    let mut lap = {
        let mut t = Instant::now();
        move |i: usize, out: &mut [Vec<Duration>]| {
            out[i].push(t.elapsed());
            t = Instant::now();
        }
    };
    let read =
        yusuan::read::read_budget_bytes(&d.book.path, d.book.bytes.clone(), catalog).expect("read");
    lap(0, out);
    black_box(yusuan::validate::validate(
        &read.budget,
        catalog,
        &Default::default(),
    ));
    lap(1, out);
    let mut p = yusuan::publish::prepare(&read.budget, catalog);
    lap(2, out);
    let story = pipeline::explain(&mut p, &d.sources, catalog).expect("explain");
    lap(3, out);
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1).unwrap();
    let (_, layouts) = xlsx::render(&p, created).unwrap();
    lap(4, out);
    let doc = Document {
        title: "t".into(),
        year: p.year,
        blocks: story.blocks,
        attachment_title: vec![p.department.clone()],
        tables: layouts,
    };
    black_box(docx::render(&doc, "2024-01-01T00:00:00Z").unwrap());
    lap(5, out);
}

//! Runs the generated-department trials (`synth::trial`) over many seeds and prints what failed.
//!
//! `cargo run --release --example departments -- [COUNT] [FIRST_SEED]`: the round trip of
//! each generated department (`synth::trial`);
//! `MUTATIONS=1 cargo run --release --example departments -- [COUNT] [FIRST_SEED]`: one
//! amount cell changed in each export, which `check` must report (`synth::mutation_trial`);
//! `… -- write SEED LAYOUT PATH [random|large|one-unit]`: one generated export, to look at,
//! and a complete profile for it beside it (PATH with .toml)
//! (`scripts/render.sh` renders the large and one-unit ones for review).

use yusuan::catalog::Catalog;
use yusuan::synth::{trial, Layout};

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("write") {
        // departments write SEED LAYOUT PATH [SHAPE]: one generated export, to look at.
        let v: Vec<String> = args.skip(1).collect();
        let seed: u64 = v[0].parse().expect("a seed");
        let layout = Layout::ALL
            .into_iter()
            .find(|l| l.name() == v[1])
            .expect("a layout name");
        let catalog = Catalog::builtin();
        let mut rng = yusuan::synth::Rng::new(seed);
        let shape = match v.get(3).map(String::as_str) {
            None | Some("random") => yusuan::synth::Shape::random(&mut rng),
            Some("large") => yusuan::synth::Shape::large(),
            Some("one-unit") => yusuan::synth::Shape::one_unit(),
            Some(other) => panic!("shape {other}: random, large or one-unit"),
        };
        let year = yusuan::synth::year_of(seed);
        let b = yusuan::synth::department(seed, &shape, year, &catalog);
        let bytes = yusuan::synth::export(&b, layout, &catalog, seed).expect("export");
        std::fs::write(&v[2], bytes).expect("write");
        // A complete profile beside it, so its document builds as a final one.
        let profile = std::path::Path::new(&v[2]).with_extension("toml");
        std::fs::write(profile, yusuan::synth::profile(&b, seed)).expect("write profile");
        return;
    }
    let count: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let first: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let catalog = Catalog::builtin();
    let mutations = std::env::var_os("MUTATIONS").is_some();
    let mut failed = 0;
    for seed in first..first + count {
        let layout = Layout::ALL[(seed % 3) as usize];
        if mutations {
            match yusuan::synth::mutation_trial(seed, layout, &catalog) {
                Ok((_, None)) => {}
                Ok((_, Some(missed))) => {
                    failed += 1;
                    println!("seed {seed} {}: {missed}", layout.name());
                }
                Err(e) => {
                    failed += 1;
                    println!("seed {seed} {}: {e}", layout.name());
                }
            }
            continue;
        }
        let t = trial(seed, layout, &catalog);
        if !t.problems.is_empty() {
            failed += 1;
            println!(
                "seed {seed} {} {:?}: {} problems",
                layout.name(),
                t.shape,
                t.problems.len()
            );
            for p in t.problems.iter().take(8) {
                println!("    {p}");
            }
        }
    }
    println!("{} passed, {} failed", count - failed, failed);
    if failed > 0 {
        std::process::exit(1);
    }
}

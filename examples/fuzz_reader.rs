//! A seeded mutation fuzzer for the reader, on stable Rust (issue 10).
//!
//! Seeds: every .xlsx/.xls/.ods under samples/ and tests/fixtures/. Each case mutates one seed:
//! flips, inserts or deletes bytes, truncates, or opens the zip, mutates one part's XML (bytes,
//! numbers made huge, references sent to XFD1048576) and re-zips it. The reader runs in-process;
//! its own `catch_unwind` turns panics into `Error::Panic`, which counts as a crash here. A case
//! slower than `--slow-ms` counts as a hang. Crashes and hangs are saved to
//! tests/fixtures/hostile/found/. An abort (allocation failure) cannot be caught in-process, so
//! the harness runs itself as a child and, when the child dies, saves the case it was running
//! (always in /tmp/fuzz-reader-current.*) as found/abort-N and starts a new child.
//!
//! ```sh
//! cargo run --release --example fuzz_reader -- --seconds 300 --seed 1
//! ```

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use yusuan::error::Error;
use yusuan::read::grids_from_bytes;

/// xorshift64*: deterministic for a given --seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![PathBuf::from("samples"), PathBuf::from("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("found") {
                    dirs.push(p);
                }
            } else if p.to_string_lossy().contains("bomb") {
                // Zip bombs only test the zip checks, and re-zipping them costs seconds a case.
                continue;
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("xlsx" | "xls" | "ods")
            ) {
                if let Ok(b) = std::fs::read(&p) {
                    if !b.is_empty() && b.len() < 4 << 20 {
                        out.push((p, b));
                    }
                }
            }
        }
    }
    out.sort();
    out
}

fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = [0, 0xFF, 0x7F, 0x80, b'9', b'<'][rng.below(6)];
            }
            2 => {
                let i = rng.below(b.len() + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                b.splice(i..i, bytes);
            }
            3 if b.len() > 1 => {
                let i = rng.below(b.len());
                let n = (1 + rng.below(64)).min(b.len() - i);
                b.drain(i..i + n);
            }
            4 if b.len() > 1 => {
                let at = rng.below(b.len());
                b.truncate(at.max(1));
            }
            _ if b.len() > 8 => {
                // Duplicate a chunk (grows repeated structures).
                let i = rng.below(b.len() - 4);
                let n = (4 + rng.below(256)).min(b.len() - i);
                let chunk = b[i..i + n].to_vec();
                let at = rng.below(b.len());
                b.splice(at..at, chunk);
            }
            _ => {}
        }
    }
}

/// XML-aware edits: numbers become huge, references far, counts forged.
fn mutate_xml(rng: &mut Rng, xml: &mut Vec<u8>) {
    if rng.below(3) == 0 {
        return mutate_bytes(rng, xml);
    }
    let text = String::from_utf8_lossy(xml).into_owned();
    let spots: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| *c == '"')
        .map(|(i, _)| i)
        .collect();
    if spots.len() < 2 {
        return mutate_bytes(rng, xml);
    }
    let k = rng.below(spots.len() - 1);
    let (a, b) = (spots[k] + 1, spots[k + 1]);
    let replacement = [
        "XFD1048576",
        "A1048577",
        "99999999999999",
        "AAAAAAAAAAAA1",
        "B2:A1",
        "A1:XFD1048576",
        "-1",
        "4294967295",
        "1048576",
        "s",
        "str",
        "",
    ][rng.below(12)];
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..a]);
    out.push_str(replacement);
    out.push_str(&text[b..]);
    *xml = out.into_bytes();
}

fn mutate_zip(rng: &mut Rng, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let target = rng.below(zip.len());
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        if i == target {
            mutate_xml(rng, &mut data);
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(name, options).ok()?;
        out.write_all(&data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

const CURRENT: &str = "/tmp/fuzz-reader-current";
const FOUND: &str = "tests/fixtures/hostile/found";

/// Runs children until the time is up; each abort is saved and counted.
fn supervise(args: &[String], seconds: u64, seed: u64) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut aborts, mut round) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .max(1);
        let _ = std::fs::remove_file(format!("{CURRENT}.count"));
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--child", "--seconds", &left.to_string()])
            .args(["--seed", &(seed + round * 7919).to_string()])
            .args(["--slow-ms", &arg_of(args, "--slow-ms", 2000).to_string()])
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("run child");
        round += 1;
        let count: u64 = std::fs::read_to_string(format!("{CURRENT}.count"))
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0);
        runs += count;
        // Each child's own line (a child ends at the deadline or when the reader aborts it).
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            aborts += 1;
            let ext = std::fs::read_to_string(format!("{CURRENT}.ext")).unwrap_or_default();
            let file = format!("{FOUND}/abort-{seed}-{round}.{}", ext.trim());
            let _ = std::fs::create_dir_all(FOUND);
            let _ = std::fs::copy(format!("{CURRENT}.bin"), &file);
            eprintln!("abort ({}): saved {file}", out.status);
        }
    }
    println!("total: {runs} executions in {round} children, {aborts} aborts");
}

fn arg_of(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--child") {
        return supervise(
            &args,
            arg_of(&args, "--seconds", 60),
            arg_of(&args, "--seed", 1),
        );
    }
    let arg = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1)?.parse().ok())
            .unwrap_or(default)
    };
    let seconds = arg("--seconds", 60);
    let slow = Duration::from_millis(arg("--slow-ms", 2000));
    let mut rng = Rng(arg("--seed", 1).max(1));
    let seeds = seeds();
    assert!(!seeds.is_empty(), "run from the crate root");
    let found = Path::new(FOUND);
    let (mut runs, mut ok, mut errors, mut crashes, mut hangs) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut by_ext = std::collections::BTreeMap::<String, u64>::new();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        let (path, seed) = &seeds[rng.below(seeds.len())];
        let ext = path.extension().unwrap().to_str().unwrap().to_string();
        let is_zip = seed.starts_with(b"PK");
        let case = if is_zip && rng.below(2) == 0 {
            match mutate_zip(&mut rng, seed) {
                Some(c) => c,
                None => continue,
            }
        } else {
            let mut c = seed.clone();
            mutate_bytes(&mut rng, &mut c);
            c
        };
        let _ = std::fs::write(format!("{CURRENT}.bin"), &case);
        let _ = std::fs::write(format!("{CURRENT}.ext"), &ext);
        let name = PathBuf::from(format!("case.{ext}"));
        let start = Instant::now();
        let result = grids_from_bytes(&name, case.clone());
        let took = start.elapsed();
        runs += 1;
        if runs % 500 == 0 {
            let _ = std::fs::write(format!("{CURRENT}.count"), runs.to_string());
        }
        *by_ext.entry(ext.clone()).or_default() += 1;
        let save = |kind: &str| {
            let _ = std::fs::create_dir_all(found);
            let file = found.join(format!("{kind}-{runs}.{ext}"));
            let _ = std::fs::write(&file, &case);
            eprintln!("{kind}: {} ({took:?})", file.display());
        };
        match result {
            Err(Error::Panic { detail, .. }) => {
                crashes += 1;
                save("crash");
                eprintln!("  {detail}");
            }
            Ok(_) => ok += 1,
            Err(_) => errors += 1,
        }
        if took > slow {
            hangs += 1;
            save("slow");
        }
    }
    let _ = std::fs::write(format!("{CURRENT}.count"), runs.to_string());
    println!(
        "{runs} executions ({by_ext:?}): {ok} read, {errors} clean errors, {crashes} crashes, {hangs} slower than {slow:?}"
    );
}

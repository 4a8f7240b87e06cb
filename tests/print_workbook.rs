//! Issue 9: the workbook `build` writes prints readably, for the sample and for generated
//! departments of every size. What is asserted is read back from the .xlsx the way a viewer
//! would: column widths, page setup, print titles and row heights.
//!
//! - Printed text ≥ 8 pt: 10 pt text times the print scale (fit-to-width is worked out from the
//!   columns' widths and the page, as Excel does).
//! - No column narrower than its widest code or figure (they never wrap).
//! - Every table's header rows repeat on each page (11, a form, repeats its indicator header).
//! - Every row is tall enough for the lines its wrapped text needs.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use common::{path_str, sample, tempdir, yusuan};
use quick_xml::events::Event;
use yusuan::model::Unit;
use yusuan::synth::{self, Layout, Shape};

/// Points of a column `width` characters wide (Excel: 7 px a character plus 5, at 96 dpi).
fn column_pt(stored: f64) -> f64 {
    // The file stores the width plus Excel's 5 px of padding (as 5/7 of a character).
    (stored * 7.0).round() * 0.75
}

/// One sheet as read back from the file.
#[derive(Debug, Default)]
struct SheetPrint {
    name: String,
    /// Stored widths by column (0-based).
    widths: BTreeMap<u32, f64>,
    landscape: bool,
    fit_to_page: bool,
    scale: u32,
    /// Left + right margins, inches.
    margins: f64,
    /// Row heights set in the file (0-based rows).
    heights: BTreeMap<u32, f64>,
}

impl SheetPrint {
    fn width(&self, col: u32) -> f64 {
        self.widths.get(&col).copied().unwrap_or(8.43)
    }

    /// The factor text prints at.
    fn printed_scale(&self) -> f64 {
        let page = if self.landscape { 842.0 } else { 595.0 } - self.margins * 72.0;
        if self.fit_to_page {
            let table: f64 = self.widths.values().map(|w| column_pt(*w)).sum();
            (page / table).min(1.0)
        } else {
            f64::from(self.scale) / 100.0
        }
    }
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Page setup, widths and heights of every sheet, and the sheets (0-based) with print titles.
fn read_print(path: &Path) -> (Vec<SheetPrint>, Vec<usize>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let workbook = part(&mut zip, "xl/workbook.xml");
    let mut sheets = Vec::new();
    let mut titled = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&workbook);
    let mut in_titles = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                sheets.push(SheetPrint {
                    name: attr(&e, "name").unwrap(),
                    ..Default::default()
                });
            }
            Event::Start(e) if e.local_name().as_ref() == "definedName" => {
                in_titles = (attr(&e, "name").as_deref() == Some("_xlnm.Print_Titles"))
                    .then(|| attr(&e, "localSheetId").unwrap().parse::<usize>().unwrap());
            }
            Event::End(e) if e.local_name().as_ref() == "definedName" => {
                titled.extend(in_titles.take());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for (i, sheet) in sheets.iter_mut().enumerate() {
        let xml = part(&mut zip, &format!("xl/worksheets/sheet{}.xml", i + 1));
        let mut reader = quick_xml::Reader::from_str(&xml);
        sheet.scale = 100;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "col" => {
                        let min: u32 = attr(&e, "min").unwrap().parse().unwrap();
                        let max: u32 = attr(&e, "max").unwrap().parse().unwrap();
                        let w: f64 = attr(&e, "width").unwrap().parse().unwrap();
                        for c in min..=max {
                            sheet.widths.insert(c - 1, w);
                        }
                    }
                    "row" => {
                        if let Some(ht) = attr(&e, "ht") {
                            let r: u32 = attr(&e, "r").unwrap().parse().unwrap();
                            sheet.heights.insert(r - 1, ht.parse().unwrap());
                        }
                    }
                    "pageSetUpPr" => {
                        sheet.fit_to_page = attr(&e, "fitToPage").as_deref() == Some("1")
                    }
                    "pageSetup" => {
                        sheet.landscape = attr(&e, "orientation").as_deref() == Some("landscape");
                        if let Some(s) = attr(&e, "scale") {
                            sheet.scale = s.parse().unwrap();
                        }
                    }
                    "pageMargins" => {
                        let m = |k: &str| attr(&e, k).unwrap().parse::<f64>().unwrap();
                        sheet.margins = m("left") + m("right");
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
    }
    (sheets, titled)
}

/// Display width of a text: CJK characters count two.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1.0 } else { 2.0 })
        .sum()
}

/// Asserts every print property of one built workbook; returns a summary line.
fn assert_prints_well(path: &Path) -> String {
    let (sheets, titled) = read_print(path);
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut smallest = f64::MAX;
    for (i, sheet) in sheets.iter().enumerate() {
        let what = format!("{}: {}", path.display(), sheet.name);
        let printed = 10.0 * sheet.printed_scale();
        smallest = smallest.min(printed);
        assert!(printed >= 7.95, "{what}: text prints at {printed:.1} pt");
        if sheet.name != "预算11表" {
            assert!(titled.contains(&i), "{what}: header rows do not repeat");
        }
        let range = wb.worksheet_range(&sheet.name).unwrap();
        let merges = wb.merge_cells_by_sheet_name(&sheet.name).unwrap();
        let spans_columns = |r: u32, c: u32| {
            merges
                .iter()
                .any(|m| m.start == (r, c) && m.end.1 > m.start.1)
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            // Figures and codes never wrap: a figure prints with two decimals.
            let unbroken = match value {
                Data::Float(f) => format!("{f:.2}"),
                Data::Int(n) => n.to_string(),
                Data::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                    s.clone()
                }
                _ => continue,
            };
            if spans_columns(r, c) || r < 2 {
                continue;
            }
            // One character of cell margin at least (the stored width carries 0.71 of padding).
            let need = text_width(&unbroken) + 1.0;
            let have = sheet.width(c) - 0.71;
            assert!(
                have >= need,
                "{what}: column {} is {have:.1} wide, {unbroken:?} at row {} needs {need}",
                c + 1,
                r + 1
            );
        }
        // Rows of text in single cells are tall enough for the lines the text wraps to.
        for (r, c, value) in range.used_cells() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            let Data::String(s) = value else { continue };
            if r < 3
                || merges.iter().any(|m| {
                    (m.start.0..=m.end.0).contains(&r) && (m.start.1..=m.end.1).contains(&c)
                })
            {
                continue;
            }
            let room = (sheet.width(c) - 0.71 - 2.0).max(1.0);
            let lines: f64 = s
                .split('\n')
                .map(|l| (text_width(l) / room).ceil().max(1.0))
                .sum();
            let height = sheet.heights.get(&r).copied().unwrap_or(15.0);
            assert!(
                height >= lines * 12.0,
                "{what}: row {} is {height} pt tall for {lines} lines of {s:?}",
                r + 1
            );
        }
    }
    format!("{}: smallest printed text {smallest:.1} pt", path.display())
}

fn build(input: &Path, profile: Option<&Path>, out: &Path) -> PathBuf {
    let (input, out_s) = (path_str(input), path_str(out));
    let mut args = vec!["build", input.as_str(), "--out", out_s.as_str()];
    let profile = profile.map(path_str);
    match &profile {
        Some(p) => args.extend(["--profile", p.as_str()]),
        None => args.push("--draft"),
    }
    let run = yusuan(&args);
    assert!(matches!(run.code, 0 | 1), "build {input}: {}", run.stderr);
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("a workbook")
}

#[test]
fn issue_9_the_sample_workbook_prints_readably() {
    let dir = tempdir();
    let book = build(
        Path::new(&sample("budget-corrected.xlsx")),
        Some(Path::new(&sample("profile.toml"))),
        dir.path(),
    );
    eprintln!("{}", assert_prints_well(&book));
}

#[test]
fn issue_9_generated_workbooks_print_readably() {
    let catalog = yusuan::catalog::Catalog::builtin();
    let mut shapes = vec![
        (Shape::large(), Layout::Official(Unit::Yuan)),
        (Shape::one_unit(), Layout::Official(Unit::WanYuan)),
    ];
    for seed in 0..4 {
        let shape = Shape::random(&mut synth::Rng::new(900 + seed));
        shapes.push((shape, Layout::ALL[seed as usize % 3]));
    }
    for (i, (shape, layout)) in shapes.into_iter().enumerate() {
        let seed = 70 + i as u64;
        let dir = tempdir();
        let budget = synth::department(seed, &shape, synth::year_of(seed), &catalog);
        let input = dir.path().join("export.xlsx");
        std::fs::write(
            &input,
            synth::export(&budget, layout, &catalog, seed).unwrap(),
        )
        .unwrap();
        let out = dir.path().join("out");
        let book = build(&input, None, &out);
        eprintln!("{shape:?}: {}", assert_prints_well(&book));
    }
}

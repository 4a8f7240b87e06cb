//! The department workbook as a viewer sees it, independent of the XML's form (issue 11: the
//! workbook writer was moved from rust_xlsxwriter to a single-pass SpreadsheetML writer,
//! `src/render/sml.rs`; this test holds that nothing a viewer sees changed).
//!
//! Every sheet of the built .xlsx is written out with, for every cell, its value and its
//! *resolved* style (through `cellXfs` to the font, fill, border, number format and alignment
//! it names), and with its merged ranges, column widths, row heights, view, print settings and
//! print titles; the workbook's sheets, defined names and document properties come first.
//! What does not show is left out: the order of attributes and elements, how styles, fonts and
//! borders are numbered (styles are named `{N}` in order of first use, with the list at the
//! end), whether a text is a shared or an inline string, and how a number is spelt (`50.650`
//! and `50.65` are one double). The dump of the sample is compared with the golden file
//! written before the rewrite; generated departments (one unit, large, random) are compared by
//! a hash of their dump, and on a difference the dump is written under `target/` to diff.
//! `UPDATE_GOLDEN=1 cargo test --test xlsx_form` rewrites the golden files (review the diff).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use common::xml::{parse, short, El, Golden, Node};
use common::{build_document, generated_department, sample};
use yusuan::synth::{self, Shape};

/// An element, its attributes sorted, its children in order: `name{a=1 b=2}[child …]`, text
/// as `"…"`.
fn flat(el: &El) -> String {
    let mut attrs: Vec<String> = el
        .attrs
        .iter()
        .filter(|(k, _)| !k.starts_with("xmlns"))
        .map(|(k, v)| format!("{}={}", short(k), v))
        .collect();
    attrs.sort();
    let mut s = short(&el.name).to_string();
    if !attrs.is_empty() {
        let _ = write!(s, "{{{}}}", attrs.join(" "));
    }
    let children: Vec<String> = el
        .children
        .iter()
        .map(|n| match n {
            Node::El(e) => flat(e),
            Node::Text(t) => format!("{:?}", t),
        })
        .collect();
    if !children.is_empty() {
        let _ = write!(s, "[{}]", children.join(" "));
    }
    s
}

/// Excel's escapes of characters XML cannot hold (`_x0001_`), decoded as Excel reads them;
/// `_x005F_` escapes an underscore that would otherwise start one.
fn decode_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let code = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| tail.get(6..7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A number as the double a viewer reads (`50.650` and `50.65` are one number). Excel has no
/// negative zero: it shows `-0` as `0`.
fn number(v: &str) -> String {
    let f: f64 = v
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a number: {v:?}"));
    if f == 0.0 {
        "0".into()
    } else {
        format!("{f}")
    }
}

/// 0-based column number to letters.
fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Styles: every cellXfs entry resolved to what it shows.

/// The number formats Excel knows by id (ECMA-376 Part 1, 18.8.30), as far as a writer would
/// use them.
fn builtin_format(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        49 => "@",
        _ => return None,
    })
}

struct Styles {
    /// `cellXfs` by index, resolved.
    xfs: Vec<String>,
    /// The default font and cell style (font 0, `cellStyleXfs` 0).
    default: String,
}

impl Styles {
    fn read(xml: &str) -> Styles {
        let root = parse(xml);
        let formats: HashMap<u32, String> = root
            .child("numFmts")
            .map(|n| {
                n.all("numFmt")
                    .map(|f| {
                        (
                            f.attr("numFmtId").unwrap().parse().unwrap(),
                            f.attr("formatCode").unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let list = |name: &str, item: &str| -> Vec<String> {
            root.child(name)
                .map(|n| n.all(item).map(flat).collect())
                .unwrap_or_default()
        };
        let fonts = list("fonts", "font");
        let fills = list("fills", "fill");
        let borders = list("borders", "border");
        let style_xfs: Vec<&El> = root
            .child("cellStyleXfs")
            .map(|n| n.all("xf").collect())
            .unwrap_or_default();
        let style_names: HashMap<String, String> = root
            .child("cellStyles")
            .map(|n| {
                n.all("cellStyle")
                    .map(|s| (s.attr("xfId").unwrap_or("0").to_string(), flat(s)))
                    .collect()
            })
            .unwrap_or_default();
        let resolve = |xf: &El, cell: bool| -> String {
            let mut parts: BTreeMap<&str, String> = BTreeMap::new();
            let index = |k: &str| -> usize { xf.attr(k).unwrap_or("0").parse().unwrap() };
            let fmt_id: u32 = xf.attr("numFmtId").unwrap_or("0").parse().unwrap();
            let fmt = formats
                .get(&fmt_id)
                .cloned()
                .or_else(|| builtin_format(fmt_id).map(String::from))
                .unwrap_or_else(|| format!("builtin {fmt_id}"));
            parts.insert("numFmt", format!("{fmt:?}"));
            parts.insert("font", fonts[index("fontId")].clone());
            parts.insert("fill", fills[index("fillId")].clone());
            parts.insert("border", borders[index("borderId")].clone());
            parts.insert(
                "alignment",
                xf.child("alignment")
                    .map(flat)
                    .unwrap_or_else(|| "-".into()),
            );
            if let Some(p) = xf.child("protection") {
                parts.insert("protection", flat(p));
            }
            // apply*, quotePrefix, pivotButton: the flags, sorted.
            let mut flags: Vec<String> = xf
                .attrs
                .iter()
                .filter(|(k, _)| !k.ends_with("Id"))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            flags.sort();
            parts.insert("flags", flags.join(" "));
            if cell {
                let style = xf.attr("xfId").unwrap_or("0");
                parts.insert(
                    "cellStyle",
                    style_names
                        .get(style)
                        .cloned()
                        .unwrap_or_else(|| style.into()),
                );
            }
            parts
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let xfs = root
            .child("cellXfs")
            .map(|n| n.all("xf").map(|x| resolve(x, true)).collect())
            .unwrap_or_default();
        let default = format!(
            "font {} | style {}",
            fonts.first().cloned().unwrap_or_default(),
            style_xfs
                .first()
                .map(|x| resolve(x, false))
                .unwrap_or_default()
        );
        Styles { xfs, default }
    }
}

// ---------------------------------------------------------------------------------------------
// The dump.

struct Dumper {
    out: String,
    /// Every distinct resolved style, numbered in order of first use.
    sets: HashMap<String, usize>,
    legend: Vec<String>,
}

impl Dumper {
    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{}{text}", "  ".repeat(depth));
    }

    fn style(&mut self, resolved: &str) -> String {
        let n = self.sets.len();
        let id = *self.sets.entry(resolved.to_string()).or_insert(n);
        if id == n {
            self.legend.push(resolved.to_string());
        }
        format!("{{{id}}}")
    }
}

/// Zip part names inside the package, by relationship target.
fn target(base: &str, t: &str) -> String {
    if let Some(abs) = t.strip_prefix('/') {
        abs.to_string()
    } else {
        format!("{base}{t}")
    }
}

/// The whole workbook as a viewer sees it.
fn dump(xlsx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut part = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
        Some(s)
    };
    let mut d = Dumper {
        out: String::new(),
        sets: HashMap::new(),
        legend: Vec::new(),
    };

    // Document properties.
    for name in ["docProps/core.xml", "docProps/app.xml"] {
        let xml = part(name).unwrap_or_default();
        d.line(0, &format!("PART {name}"));
        if !xml.is_empty() {
            for e in parse(&xml).elements() {
                d.line(1, &flat(e));
            }
        }
    }

    let workbook = parse(&part("xl/workbook.xml").unwrap());
    let rels = parse(&part("xl/_rels/workbook.xml.rels").unwrap());
    let rel_target: HashMap<String, String> = rels
        .elements()
        .map(|r| {
            (
                r.attr("Id").unwrap().to_string(),
                target("xl/", r.attr("Target").unwrap()),
            )
        })
        .collect();
    let rel_of = |kind: &str| -> Option<String> {
        rels.elements()
            .find(|r| r.attr("Type").unwrap_or("").ends_with(kind))
            .map(|r| target("xl/", r.attr("Target").unwrap()))
    };
    let styles = Styles::read(&part(&rel_of("/styles").unwrap()).unwrap());
    let strings: Vec<String> = rel_of("/sharedStrings")
        .and_then(|p| part(&p))
        .map(|xml| {
            parse(&xml)
                .all("si")
                .map(|si| {
                    // Plain text or rich-text runs; phonetic runs (rPh) do not print.
                    let mut s = String::new();
                    for c in si.elements() {
                        match short(&c.name) {
                            "t" => s.push_str(&c.text()),
                            "r" => s.push_str(&c.child("t").map(El::text).unwrap_or_default()),
                            _ => {}
                        }
                    }
                    decode_escapes(&s)
                })
                .collect()
        })
        .unwrap_or_default();

    d.line(0, "WORKBOOK");
    d.line(1, &format!("DEFAULT {}", styles.default));
    let sheets: Vec<(String, String, String)> = workbook
        .child("sheets")
        .unwrap()
        .all("sheet")
        .map(|s| {
            let mut rest: Vec<String> = s
                .attrs
                .iter()
                .filter(|(k, _)| k != "name" && k != "sheetId" && k != "r:id")
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            rest.sort();
            (
                s.attr("name").unwrap().to_string(),
                rel_target[s.attr("r:id").unwrap()].clone(),
                rest.join(" "),
            )
        })
        .collect();
    for e in workbook.elements() {
        match short(&e.name) {
            // `fileVersion` names the program that wrote the file: not shown.
            "fileVersion" => {}
            "sheets" => {
                for (i, (name, _, rest)) in sheets.iter().enumerate() {
                    d.line(1, &format!("SHEET {} {name} {rest}", i + 1));
                }
            }
            "definedNames" => {
                let mut names: Vec<String> = e
                    .all("definedName")
                    .map(|n| {
                        let mut attrs: Vec<String> = n
                            .attrs
                            .iter()
                            .map(|(k, v)| match k.as_str() {
                                "localSheetId" => {
                                    format!("sheet={}", sheets[v.parse::<usize>().unwrap()].0)
                                }
                                _ => format!("{k}={v}"),
                            })
                            .collect();
                        attrs.sort();
                        format!("NAME {} = {}", attrs.join(" "), n.text())
                    })
                    .collect();
                names.sort();
                for n in names {
                    d.line(1, &n);
                }
            }
            _ => d.line(1, &flat(e)),
        }
    }

    for (name, path, _) in &sheets {
        let ws = parse(&part(path).unwrap());
        d.line(0, &format!("SHEET {name}"));
        for e in ws.elements() {
            match short(&e.name) {
                // The used range, a hint for readers: not shown.
                "dimension" => {}
                "cols" => {
                    for c in e.all("col") {
                        let min: u32 = c.attr("min").unwrap().parse().unwrap();
                        let max: u32 = c.attr("max").unwrap().parse().unwrap();
                        let mut attrs: Vec<String> = c
                            .attrs
                            .iter()
                            .filter(|(k, _)| k != "min" && k != "max")
                            .map(|(k, v)| match k.as_str() {
                                "width" => format!("width={}", number(v)),
                                "style" => format!(
                                    "style={}",
                                    d.style(&styles.xfs[v.parse::<usize>().unwrap()])
                                ),
                                _ => format!("{k}={v}"),
                            })
                            .collect();
                        attrs.sort();
                        // One line a column, however the file groups them.
                        for col in min..=max {
                            d.line(1, &format!("COL {} {}", col_name(col - 1), attrs.join(" ")));
                        }
                    }
                }
                "sheetData" => {
                    for row in e.all("row") {
                        let mut attrs: Vec<String> = row
                            .attrs
                            .iter()
                            // `spans` is a hint for readers: not shown.
                            .filter(|(k, _)| k != "r" && k != "spans")
                            .map(|(k, v)| match k.as_str() {
                                "ht" => format!("ht={}", number(v)),
                                "s" => format!(
                                    "s={}",
                                    d.style(&styles.xfs[v.parse::<usize>().unwrap()])
                                ),
                                _ => format!("{k}={v}"),
                            })
                            .collect();
                        attrs.sort();
                        d.line(
                            1,
                            &format!("ROW {} {}", row.attr("r").unwrap(), attrs.join(" ")),
                        );
                        for c in row.all("c") {
                            let s: usize = c.attr("s").unwrap_or("0").parse().unwrap();
                            let style = d.style(&styles.xfs[s]);
                            let value = match c.attr("t").unwrap_or("n") {
                                "s" => {
                                    let i: usize =
                                        c.child("v").unwrap().text().trim().parse().unwrap();
                                    format!("T {:?}", strings[i])
                                }
                                "inlineStr" => {
                                    let is = c.child("is").unwrap();
                                    let mut s = String::new();
                                    for x in is.elements() {
                                        match short(&x.name) {
                                            "t" => s.push_str(&x.text()),
                                            "r" => s.push_str(
                                                &x.child("t").map(El::text).unwrap_or_default(),
                                            ),
                                            _ => {}
                                        }
                                    }
                                    format!("T {:?}", decode_escapes(&s))
                                }
                                "n" => match c.child("v") {
                                    Some(v) => format!("N {}", number(&v.text())),
                                    None => "blank".into(),
                                },
                                other => format!("{other} {}", flat(c)),
                            };
                            let formula = c
                                .child("f")
                                .map(|f| format!(" formula {}", flat(f)))
                                .unwrap_or_default();
                            d.line(
                                2,
                                &format!("{} {style} {value}{formula}", c.attr("r").unwrap()),
                            );
                        }
                    }
                }
                "mergeCells" => {
                    let mut refs: Vec<(u32, u32, String)> = e
                        .all("mergeCell")
                        .map(|m| {
                            let r = m.attr("ref").unwrap().to_string();
                            let first = r.split(':').next().unwrap();
                            let letters: String =
                                first.chars().take_while(char::is_ascii_uppercase).collect();
                            let row: u32 = first[letters.len()..].parse().unwrap();
                            let col = letters
                                .bytes()
                                .fold(0u32, |a, b| a * 26 + u32::from(b - b'A' + 1));
                            (row, col, r)
                        })
                        .collect();
                    refs.sort();
                    for (_, _, r) in refs {
                        d.line(1, &format!("MERGE {r}"));
                    }
                }
                _ => d.line(1, &flat(e)),
            }
        }
    }

    d.line(0, "STYLES");
    for (i, text) in std::mem::take(&mut d.legend).iter().enumerate() {
        d.line(1, &format!("{{{i}}} {text}"));
    }
    d.out
}

// ---------------------------------------------------------------------------------------------
// The departments.

/// Builds `workbook` with `profile` and dumps its 预算表 workbook.
fn build(workbook: &str, profile: &str) -> String {
    let (dir, _docx) = build_document(workbook, Some(profile));
    let xlsx = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("部门预算表.xlsx"))
        .expect("the 预算表 workbook");
    dump(&xlsx)
}

fn generated(seed: u64, shape: Shape) -> String {
    let (_dir, workbook, profile) = generated_department(seed, &shape);
    build(&workbook, &profile)
}

const GOLDEN: Golden = Golden {
    dir: "xlsx-form",
    what: "workbook",
};

#[test]
fn the_sample_reads_as_before() {
    let actual = build(
        &sample("budget-corrected.xlsx"),
        "samples/hongqi-2024/profile.toml",
    );
    GOLDEN.full("sample", &actual);
}

#[test]
fn generated_departments_read_as_before() {
    let departments = [
        ("one-unit", generated(7, Shape::one_unit())),
        ("large", generated(11, Shape::large())),
        (
            "random",
            generated(3, Shape::random(&mut synth::Rng::new(3))),
        ),
        // 02 too wide for one page at 8 pt: printed at 80 % over two page widths, its code
        // and name columns repeated.
        (
            "two-pages-wide",
            generated(9, Shape::random(&mut synth::Rng::new(9))),
        ),
    ];
    GOLDEN.hashes("XLSX_FORM_DUMP", &departments);
}

/// Text that XML must escape, or cannot hold at all (control characters, U+FFFE), or that
/// looks like one of Excel's own escapes, in the department's name, row names and project
/// names: the same cells read back with exactly that text.
#[test]
fn hostile_text_reads_as_before() {
    let hostile = "A&B <C> \"D\" 'E' \u{1}\u{b}\r\t_x0041_ _x00e9_ \u{fffe}x";
    let catalog = yusuan::catalog::Catalog::builtin();
    let budget = synth::department(7, &Shape::one_unit(), synth::year_of(7), &catalog);
    let mut p = yusuan::publish::prepare(&budget, &catalog);
    p.department = format!(" {hostile} ");
    for t in p.tables.values_mut() {
        for (i, row) in t.rows.iter_mut().enumerate() {
            if i % 3 == 1 {
                row.label = format!("{}{hostile}", row.label);
            }
        }
        for target in &mut t.targets {
            target.name = format!("{hostile}\n{}", target.name);
        }
    }
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1).unwrap();
    let (bytes, _) = yusuan::render::xlsx::render(&p, created).unwrap();
    let dir = common::tempdir();
    let path = dir.path().join("hostile.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let actual = dump(&path);
    let dept = format!("T {:?}", format!("部门名称： {hostile} "));
    assert!(actual.contains(&dept), "{dept} not in the dump");
    let quoted = format!("{hostile:?}");
    let names = format!("{}\"", &quoted[1..quoted.len() - 1]);
    assert!(actual.matches(&names).count() > 10, "row names");
    GOLDEN.full("hostile", &actual);

    // Excel's limit of 32,767 characters a cell: refused, as before.
    p.department = "部".repeat(40_000);
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1).unwrap();
    assert!(yusuan::render::xlsx::render(&p, created).is_err());
}

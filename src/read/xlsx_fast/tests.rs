//! The fast reader against the calamine path: on every workbook we have, on generated
//! departments in every layout and on our own published workbooks it must read exactly what
//! calamine reads (and must actually read them, so that these tests cannot pass by refusing
//! everything); on small hand-made workbooks, each corner of the format either agrees or is
//! refused.

use std::io::{Cursor, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use super::super::{calamine_xlsx_grids, cell::Cell, fast_xlsx_grids, limits, Grid, Spent};
use super::{dimension, index, plain_number, reference};

/// The fast path's grids, or `None` where it leaves the workbook to calamine (a workbook
/// `limits` refuses never reaches it).
fn fast(bytes: &[u8]) -> Option<Vec<Grid>> {
    limits::check_zip(bytes).ok()?;
    fast_xlsx_grids(Path::new("test.xlsx"), bytes)
}

/// The calamine path's grids, or its error (a panic, which `read` turns into an error, too).
fn slow(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    limits::check_zip(bytes).map_err(|(_, e)| e)?;
    let path = Path::new("test.xlsx");
    let run = || calamine_xlsx_grids(path, bytes.to_vec(), &mut Spent::default());
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err("panic".to_string()),
    }
}

/// The fast path's grids after checking them against calamine's: where the fast path reads a
/// workbook, calamine reads the same grids.
fn agree(what: &str, bytes: &[u8]) -> Option<Vec<Grid>> {
    let ours = fast(bytes)?;
    match slow(bytes) {
        Ok(theirs) => {
            assert_eq!(ours.len(), theirs.len(), "{what}: sheets");
            for (a, b) in ours.iter().zip(&theirs) {
                assert_eq!(a.name, b.name, "{what}");
                assert_eq!(a.cells, b.cells, "{what}: cells of {}", a.name);
                assert_eq!(a.merges, b.merges, "{what}: merges of {}", a.name);
                assert_eq!(a.beyond, b.beyond, "{what}: beyond of {}", a.name);
            }
            assert!(ours == theirs, "{what}");
        }
        Err(e) => panic!("{what}: the fast path read what calamine refuses: {e}"),
    }
    Some(ours)
}

fn xlsx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            xlsx_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            out.push(path);
        }
    }
}

#[test]
fn agrees_with_calamine_on_every_xlsx_we_ship() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut samples = Vec::new();
    xlsx_files(&root.join("samples"), &mut samples);
    let mut fixtures = Vec::new();
    xlsx_files(&root.join("tests/fixtures"), &mut fixtures);
    assert!(samples.len() >= 3 && fixtures.len() >= 20);
    for path in &samples {
        let bytes = std::fs::read(path).unwrap();
        let read = agree(&path.display().to_string(), &bytes);
        assert!(read.is_some(), "{}: left to calamine", path.display());
    }
    for path in &fixtures {
        let bytes = std::fs::read(path).unwrap();
        agree(&path.display().to_string(), &bytes);
    }
}

#[test]
fn agrees_with_calamine_on_generated_departments_and_our_own_workbooks() {
    use crate::catalog::Catalog;
    use crate::pipeline::{self, BuildOptions, DocSources, Workbook};
    use crate::synth::{self, Layout, Shape};
    let catalog = Catalog::builtin();
    let options = BuildOptions {
        force: true,
        draft: true,
        ..BuildOptions::default()
    };
    for seed in 0..60u64 {
        let layout = Layout::ALL[seed as usize % Layout::ALL.len()];
        let shape = Shape::random(&mut synth::Rng::new(seed));
        let budget = synth::department(seed, &shape, synth::year_of(seed), &catalog);
        let bytes = synth::export(&budget, layout, &catalog, seed).unwrap();
        let what = format!("seed {seed} ({})", layout.name());
        assert!(agree(&what, &bytes).is_some(), "{what}: left to calamine");

        let profile = toml::from_str(&synth::profile(&budget, seed)).unwrap();
        let sources = DocSources {
            profile: Some((PathBuf::from("profile.toml"), profile)),
            ..DocSources::default()
        };
        let book = Workbook {
            path: PathBuf::from("export.xlsx"),
            bytes,
        };
        let built = pipeline::build(&book, &sources, &catalog, &options).unwrap();
        let published = built.files.unwrap().workbook;
        let what = format!("published {what}");
        assert!(
            agree(&what, &published).is_some(),
            "{what}: left to calamine"
        );
    }
}

// Small workbooks made here, one corner of the format each.

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A workbook of one sheet `name` (XML-escaped) whose `<sheetData>` holds `rows`, with shared
/// strings and styles when given.
struct Book<'a> {
    name: &'a str,
    rows: &'a str,
    strings: Option<&'a str>,
    styles: Option<&'a str>,
}

impl<'a> Book<'a> {
    fn new(rows: &'a str) -> Book<'a> {
        Book {
            name: "Sheet1",
            rows,
            strings: None,
            styles: None,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        package(&self.parts())
    }

    /// The parts of the package: (name, XML).
    fn parts(&self) -> Vec<(&'static str, Vec<u8>)> {
        let decl = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
        let mut parts = vec![
            (
                "_rels/.rels",
                format!(
                    r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml",
                format!(
                    r#"{decl}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                    self.name
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    "{decl}\n<worksheet xmlns=\"{MAIN}\"><dimension ref=\"A1\"/><sheetData>{}</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
                    self.rows
                ),
            ),
        ];
        if let Some(s) = self.strings {
            parts.push((
                "xl/sharedStrings.xml",
                format!("{decl}<sst xmlns=\"{MAIN}\">{s}</sst>"),
            ));
        }
        if let Some(s) = self.styles {
            parts.push((
                "xl/styles.xml",
                format!("{decl}<styleSheet xmlns=\"{MAIN}\">{s}</styleSheet>"),
            ));
        }
        parts
            .into_iter()
            .map(|(name, text)| (name, text.into_bytes()))
            .collect()
    }
}

/// A zip package of these parts.
fn package(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Reads a hand-made workbook both ways; the fast path must read it.
fn read(what: &str, book: &Book) -> Vec<Grid> {
    agree(what, &book.bytes()).unwrap_or_else(|| panic!("{what}: left to calamine"))
}

/// A hand-made workbook the fast path leaves to calamine (which reads it or refuses it).
fn refused(what: &str, book: &Book) -> Result<Vec<Grid>, String> {
    let bytes = book.bytes();
    assert!(fast(&bytes).is_none(), "{what}: read by the fast path");
    slow(&bytes)
}

fn number(s: &str) -> Cell {
    Cell::Number(s.parse().unwrap())
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

#[test]
fn self_closing_cells_are_records_without_values() {
    let book = Book {
        strings: Some("<si><t>x</t></si>"),
        ..Book::new(
            r#"<row r="1"><c r="A1" s="1"/><c r="B1" t="s"><v>0</v></c><c r="C1"></c></row>"#,
        )
    };
    let grids = read("self-closing", &book);
    assert_eq!(grids[0].cells, vec![vec![Cell::Empty, text("x")]]);
}

#[test]
fn cells_and_rows_without_r_follow_calamines_count() {
    let rows = r#"<row r="2"><c><v>1</v></c><c/><c><v>3</v></c></row><row><c><v>4</v></c></row><row/><row spans="1:3"><c r="C7"><v>5</v></c><c><v>6</v></c></row><row r="B9"><c><v>7</v></c></row>"#;
    let grids = read("no r", &Book::new(rows));
    let g = &grids[0];
    assert_eq!(g.get(1, 0), &number("1"));
    assert_eq!(g.get(1, 2), &number("3"));
    assert_eq!(g.get(2, 0), &number("4"));
    assert_eq!(g.get(6, 2), &number("5"));
    // A cell's `r` moves the column, not the row: the next cell is in the row's own count.
    assert_eq!(g.get(4, 3), &number("6"));
    assert_eq!(g.get(8, 0), &number("7"));
}

#[test]
fn shared_strings_decode_as_calamine_decodes_them() {
    let strings = concat!(
        "<si><t>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x4E2D;&#25991;</t></si>",
        "<si><t xml:space=\"preserve\">  kept  </t></si>",
        "<si><t>\n  trimmed \u{a0}\t</t></si>",
        "<si><r><rPr><b/></rPr><t>rich</t></r><r><t xml:space=\"preserve\"> run</t></r></si>",
        "<si><t>ruby</t><rPh sb=\"0\" eb=\"1\"><t>ルビ</t></rPh><phoneticPr fontId=\"1\"/></si>",
        "<si><t>line\r\nbreak\rend</t></si>",
        "<si><t>_x000D_escaped_x005F_x0041_</t></si>",
        "<si/>",
        "<si><t/></si>",
        "<x:si xmlns:x=\"m\"><x:t>prefixed</x:t></x:si>",
    );
    let rows: String = (0..10)
        .map(|i| {
            format!(
                r#"<row r="{}"><c r="A{}" t="s"><v>{i}</v></c></row>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    let book = Book {
        strings: Some(strings),
        ..Book::new(&rows)
    };
    let grids = read("entities", &book);
    let g = &grids[0];
    assert_eq!(g.get(0, 0), &text("a&b <c> \"d\" 'e' 中文"));
    assert_eq!(g.get(1, 0), &text("  kept  "));
    assert_eq!(g.get(2, 0), &text("trimmed \u{a0}"));
    assert_eq!(g.get(3, 0), &text("rich run"));
    assert_eq!(g.get(4, 0), &text("ruby"));
    assert_eq!(g.get(5, 0), &text("line\nbreak\nend"));
    assert_eq!(g.get(6, 0), &text("\rescaped_x0041_"));
    assert_eq!(g.get(9, 0), &text("prefixed"));
}

/// Styles: `s` indexes `<cellXfs>`; a date format (built in or custom) makes a number a date,
/// a style beyond the list leaves it a number.
#[test]
fn number_formats_make_dates_as_calamine_does() {
    let styles = concat!(
        "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;\"/>",
        "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00_ \"/><numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/></numFmts>",
        "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"宋体\"/></font></fonts>",
        "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>",
        "<borders count=\"1\"><border><left style=\"thin\"><color auto=\"1\"/></left><right/><top/><bottom/><diagonal/></border></borders>",
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>",
        "<cellXfs count=\"6\"><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>",
        "<xf numFmtId=\"164\"><alignment horizontal=\"center\"/></xf><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf/></cellXfs>",
    );
    let rows = concat!(
        r#"<row r="1"><c r="A1"><v>45000</v></c><c r="B1" s="0"><v>45000</v></c><c r="C1" s="1"><v>45000.5</v></c>"#,
        r#"<c r="D1" s="2"><v>45000</v></c><c r="E1" s="3"><v>45000.25</v></c><c r="F1" s="4"><v>1.5</v></c>"#,
        r#"<c r="G1" s="5"><v>7</v></c><c r="H1" s="6"><v>8</v></c><c r="I1" s="99"><v>9</v></c></row>"#,
    );
    let book = Book {
        styles: Some(styles),
        ..Book::new(rows)
    };
    let grids = read("formats", &book);
    let g = &grids[0];
    assert_eq!(g.get(0, 0), &number("45000"));
    assert_eq!(g.get(0, 2), &Cell::Other("日期 45000.5".into()));
    assert_eq!(g.get(0, 3), &Cell::Other("日期 45000".into()));
    assert_eq!(g.get(0, 4), &number("45000.25"));
    assert_eq!(g.get(0, 5), &Cell::Other("日期 1.5".into()));
    assert_eq!(g.get(0, 8), &number("9"));
}

#[test]
fn numbers_parse_as_calamine_parses_them() {
    let values = [
        "1.5E-3",
        "1E+20",
        "-2.5e10",
        "12345678901234567890",
        "0.1",
        "-0",
        "9007199254740993",
        "2.2250738585072011e-308",
        "4.9e-324",
        "1.7976931348623157e308",
        "0.30000000000000004",
        "50533160.59",
        "123456789012345678901234567890.123456789",
        "007",
    ];
    let rows: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                r#"<row r="{}"><c r="A{}"><v>{v}</v></c></row>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    let grids = read("numbers", &Book::new(&rows));
    assert_eq!(grids[0].get(0, 0), &number("0.0015"));
    assert_eq!(grids[0].get(13, 0), &number("7"));
}

#[test]
fn formulas_inline_strings_booleans_and_errors_are_left_to_calamine() {
    let formula = refused(
        "formula",
        &Book::new(r#"<row r="1"><c r="A1"><f>SUM(B1:B2)</f></c></row>"#),
    )
    .unwrap();
    assert_eq!(
        formula[0].get(0, 0),
        &Cell::FormulaWithoutValue("SUM(B1:B2)".into())
    );
    refused(
        "formula with value",
        &Book::new(r#"<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>"#),
    )
    .unwrap();
    let inline = refused(
        "inline string",
        &Book::new(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>"#),
    )
    .unwrap();
    assert_eq!(inline[0].get(0, 0), &text("x"));
    refused(
        "boolean",
        &Book::new(r#"<row r="1"><c r="A1" t="b"><v>1</v></c></row>"#),
    )
    .unwrap();
    refused(
        "error",
        &Book::new(r#"<row r="1"><c r="A1" t="e"><v>#REF!</v></c></row>"#),
    )
    .unwrap();
    refused(
        "formula string",
        &Book::new(r#"<row r="1"><c r="A1" t="str"><v>x</v></c></row>"#),
    )
    .unwrap();
    // Text in a number cell without `t`: calamine keeps it as text; `t="n"`: an error.
    refused(
        "text without type",
        &Book::new(r#"<row r="1"><c r="A1"><v> 12 </v></c></row>"#),
    )
    .unwrap();
    refused(
        "text as a number",
        &Book::new(r#"<row r="1"><c r="A1" t="n"><v>abc</v></c></row>"#),
    )
    .unwrap_err();
}

#[test]
fn what_calamine_refuses_is_left_to_it() {
    let out_of_range = Book {
        strings: Some("<si><t>x</t></si>"),
        ..Book::new(r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#)
    };
    refused("shared string index", &out_of_range).unwrap_err();
    refused(
        "beyond Excel's columns",
        &Book::new(r#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#),
    )
    .unwrap_err();
    refused(
        "a comment",
        &Book::new(r#"<row r="1"><!-- x --><c r="A1"><v>1</v></c></row>"#),
    )
    .unwrap();
    refused(
        "mismatched end tag",
        &Book::new(r#"<row r="1"><c r="A1"><v>1</v></x></row>"#),
    )
    .unwrap_err();
}

#[test]
fn far_cells_and_sheet_names_with_entities_agree() {
    let book = Book {
        name: "收&amp;支 &lt;1&gt;",
        ..Book::new(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="300000"><c r="B300000"><v>2</v></c></row>"#,
        )
    };
    let grids = read("far", &book);
    assert_eq!(&*grids[0].name, "收&支 <1>");
    assert_eq!(grids[0].beyond.map(|b| b.count), Some(1));
    assert_eq!(grids[0].merges.len(), 1);
}

/// `merges::by_sheet` keys a sheet by its name as quick-xml normalises it, calamine names it by
/// `unescape`: the two agree on every name the fast path accepts.
#[test]
fn sheet_names_normalise_as_they_unescape() {
    for raw in [
        "收&amp;支",
        "&lt;a&gt; &quot;b&quot; &apos;c&apos;",
        "plain",
        "a&amp;amp;",
    ] {
        let xml = format!(r#"<sheet name="{raw}"/>"#);
        let mut r = quick_xml::Reader::from_str(&xml);
        let quick_xml::events::Event::Empty(e) = r.read_event().unwrap() else {
            panic!()
        };
        let attr = e.attributes().next().unwrap().unwrap();
        let normalised = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap();
        assert_eq!(
            normalised,
            quick_xml::escape::unescape(raw).unwrap(),
            "{raw}"
        );
    }
}

#[test]
fn references_read_as_calamine_reads_them() {
    assert_eq!(reference("A1"), Some((0, Some(0))));
    assert_eq!(reference("xfd1048576"), Some((1_048_575, Some(16_383))));
    assert_eq!(reference("5"), Some((4, None)));
    assert_eq!(reference("B01"), Some((0, Some(1))));
    for bad in [
        "",
        "A",
        "A0",
        "1A",
        "A1B",
        "AAAA1",
        "A12345678",
        "$A$1",
        "A-1",
        "Ａ1",
    ] {
        assert_eq!(reference(bad), None, "{bad}");
    }
    assert_eq!(dimension("A1:D38"), Some(()));
    assert_eq!(dimension("C3"), Some(()));
    // calamine subtracts the start from the end: a debug build panics, release wraps.
    assert_eq!(dimension("B2:A1"), None);
    assert_eq!(dimension("A1:B2:C3"), None);
    assert_eq!(dimension("A1:"), None);
}

#[test]
fn numbers_and_indexes_take_only_plain_spellings() {
    for (text, value) in [
        ("1", 1.0),
        ("-1.5", -1.5),
        ("1e5", 1e5),
        ("1E-5", 1e-5),
        ("2.5e+3", 2500.0),
    ] {
        assert_eq!(plain_number(text), Some(value), "{text}");
    }
    for bad in [
        "", "-", "+1", ".5", "1.", "1e", "1e+", " 1", "1 ", "0x10", "inf", "NaN", "1,000", "1e400",
    ] {
        assert_eq!(plain_number(bad), None, "{bad}");
    }
    assert_eq!(index("0"), Some(0));
    assert_eq!(index("123"), Some(123));
    for bad in ["", "01", "1234567890", "-1", "+1", " 1", "1a"] {
        assert_eq!(index(bad), None, "{bad}");
    }
}

/// Random small edits of a workbook that uses every feature the fast path reads (an XML
/// fragment inserted, a few bytes deleted or replaced, in any part): wherever the fast path
/// still reads the result, calamine must read the same. Most edits break the XML; those that
/// do not (spaces, attributes, prefixes, references, other elements) are the interesting ones.
#[test]
fn random_edits_never_make_the_two_paths_disagree() {
    const SNIPPETS: &[&str] = &[
        " ",
        "\n",
        "\t",
        "\r\n",
        "<x/>",
        "<x:y a=\"1\"/>",
        "&amp;",
        "&#65;",
        "&#0;",
        "&lt;",
        "&bogus;",
        "<!-- c -->",
        "<![CDATA[x]]>",
        "<?pi x?>",
        "_x000D_",
        "</row>",
        "<row>",
        "<row/>",
        "<c>",
        "</c>",
        "<c/>",
        "<v>1</v>",
        "<v>",
        "</v>",
        "<f>1+1</f>",
        " t=\"s\"",
        " t=\"n\"",
        " t=\"b\"",
        " s=\"2\"",
        " s=\"9\"",
        " r=\"B2\"",
        " r=\"A0\"",
        " r=\"7\"",
        "\"",
        "'",
        "<",
        ">",
        "/",
        "=",
        "E5",
        "e-2",
        "-",
        ".",
        "0",
        "9",
        "XFD",
        ":",
        "x:",
        "<is><t>i</t></is>",
        " xml:space=\"preserve\"",
        "<rPh><t>p</t></rPh>",
        "<r><t>q</t></r>",
        "<si><t>new</t></si>",
        "<xf numFmtId=\"14\"/>",
        "\u{a0}",
        "中",
        "<mergeCell ref=\"C1:D2\"/>",
        "<dimension ref=\"B2:A1\"/>",
        " ref=\"A1:A1\"",
    ];
    let rows = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45000</v></c><c r="C1"><v>1.5E-3</v></c></row>"#,
        r#"<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="2"><v>12</v></c><c s="1"/><c><v>-7</v></c></row>"#,
        r#"<row><c t="s"><v>2</v></c><c r="C3" s="3"><v>0.1</v></c></row>"#,
    );
    let strings = concat!(
        "<si><t>a&amp;b</t></si><si><t xml:space=\"preserve\"> x </t></si>",
        "<si><r><t>r1</t></r><r><t>r2</t></r></si>",
    );
    let styles = concat!(
        "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>",
        "<fonts><font><b/></font></fonts><fills><fill/></fills><borders><border><left/></border></borders>",
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"4\"/></cellXfs>",
    );
    let base = Book {
        strings: Some(strings),
        styles: Some(styles),
        ..Book::new(rows)
    }
    .parts();
    assert!(agree("base", &package(&base)).is_some());
    let mut rng = crate::synth::Rng::new(7);
    let (mut read, mut refused) = (0, 0);
    for round in 0..3000 {
        let mut parts = base.clone();
        for _ in 0..rng.range(1, 2) {
            // Mostly the sheet, where most of the reading is.
            let which = *rng.pick(&[3, 3, 3, 3, 3, 4, 4, 5, 1, 0, 2]);
            let part = &mut parts[which].1;
            let at = rng.range(0, part.len() as u64) as usize;
            match rng.range(0, 3) {
                0 | 1 => {
                    let snippet = rng.pick(SNIPPETS).as_bytes();
                    part.splice(at..at, snippet.iter().copied());
                }
                2 => {
                    let to = (at + rng.range(1, 5) as usize).min(part.len());
                    part.drain(at..to);
                }
                _ if at < part.len() => part[at] = *rng.pick(b"<>/=\"' :a0&;"),
                _ => {}
            }
        }
        match agree(&format!("round {round}"), &package(&parts)) {
            Some(_) => read += 1,
            None => refused += 1,
        }
    }
    // Both kinds happen: the test exercises agreement, not only refusal.
    assert!(
        read > 300 && refused > 300,
        "read {read}, refused {refused}"
    );
}

//! Print quality of the disclosure document (issue 9), asserted on the .docx XML of the sample
//! and of generated departments (one unit; the large shape: 5 units, 100+ projects, 50+
//! function lines; a random shape; a draft): the cover prints no page number, a 目录 lists
//! the parts and the attachment, widow control is on in the body, every table repeats its
//! header rows, no code or figure is narrower than its column, header labels break between
//! words, a cut table keeps at least five rows on each page, and 11 prints its year.
//!
//! What only a rendered page shows (where a page ends) is looked at with `scripts/render.sh`.

mod common;

use std::io::Read;
use std::path::Path;

use common::{build_document, generated_department, sample};
use yusuan::synth::{self, Shape};

/// A built document: its main part, its footers, and what it is about.
struct Built {
    xml: String,
    styles: String,
    footers: Vec<(String, String)>,
    rels: String,
    department: String,
    year: i32,
    _dir: tempfile::TempDir,
}

fn part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).unwrap();
    Some(text)
}

/// Builds `workbook` (with `profile`, or as a draft) and reads the document back.
fn build(workbook: &str, profile: Option<&str>) -> Built {
    let (dir, path) = build_document(workbook, profile);
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let stem = stem.strip_suffix("年部门预算公开").unwrap().to_string();
    let year: i32 = stem[stem.len() - 4..].parse().unwrap();
    let department = stem[..stem.len() - 4].to_string();
    let footers = (1..=4)
        .filter_map(|i| {
            let name = format!("word/footer{i}.xml");
            part(&path, &name).map(|x| (format!("footer{i}.xml"), x))
        })
        .collect();
    Built {
        xml: part(&path, "word/document.xml").unwrap(),
        styles: part(&path, "word/styles.xml").unwrap(),
        rels: part(&path, "word/_rels/document.xml.rels").unwrap(),
        footers,
        department,
        year,
        _dir: dir,
    }
}

/// A generated department written as an export with its profile, then built.
fn generated(seed: u64, shape: Shape, draft: bool) -> Built {
    let (_dir, workbook, profile) = generated_department(seed, &shape);
    build(&workbook, (!draft).then_some(profile.as_str()))
}

fn departments() -> Vec<(&'static str, Built)> {
    vec![
        (
            "sample",
            build(
                &sample("budget-corrected.xlsx"),
                Some("samples/hongqi-2024/profile.toml"),
            ),
        ),
        ("one-unit", generated(7, Shape::one_unit(), false)),
        ("large", generated(11, Shape::large(), false)),
        (
            "random",
            generated(3, Shape::random(&mut synth::Rng::new(3)), false),
        ),
        ("draft", generated(7, Shape::one_unit(), true)),
    ]
}

/// The elements `<tag>…</tag>` (or `<tag …>…</tag>`) of `xml`, not nested in themselves.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with(['>', ' ', '/']) {
            rest = after;
            continue;
        }
        let end = match (after.find('>'), after.find(&close)) {
            (Some(gt), _) if after[..gt].ends_with('/') => at + open.len() + gt + 1,
            (_, Some(c)) => at + open.len() + c + close.len(),
            _ => break,
        };
        out.push(&rest[at..end]);
        rest = &rest[end..];
    }
    out
}

/// The text of a piece of XML: its `w:t`, with `|` for a line break.
fn text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        if tag.starts_with("<w:br") {
            out.push('|');
        }
        if (tag.starts_with("<w:t>") || tag.starts_with("<w:t ")) && !tag.ends_with("/>") {
            let close = rest[end..].find("</w:t>").map_or(rest.len(), |c| end + c);
            out.push_str(&rest[end..close]);
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end..];
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn attr<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = xml.find(&key)? + key.len();
    Some(&xml[at..at + xml[at..].find('"')?])
}

/// Half-width units as printed: Chinese characters and ambiguous ones (≤ “) are two.
fn units(s: &str) -> i32 {
    use unicode_width::UnicodeWidthChar;
    s.chars().map(|c| c.width_cjk().unwrap_or(0) as i32).sum()
}

fn is_chinese(s: &str) -> bool {
    use unicode_width::UnicodeWidthChar;
    s.chars().any(|c| c.width() == Some(2))
}

/// The sections of the body, in order (each `w:sectPr`).
fn sections(xml: &str) -> Vec<&str> {
    elements(xml, "w:sectPr")
}

#[test]
fn the_cover_and_contents_print_no_page_number_and_the_body_starts_at_one() {
    for (name, d) in departments() {
        let sections = sections(&d.xml);
        let cover = sections[0];
        assert!(cover.contains("<w:titlePg/>"), "{name}: {cover}");
        // Every footer of the cover section is one without a PAGE field.
        for r in elements(cover, "w:footerReference") {
            let id = attr(r, "r:id").unwrap();
            let rel = elements(&d.rels, "Relationship")
                .into_iter()
                .find(|x| attr(x, "Id") == Some(id))
                .unwrap();
            let target = attr(rel, "Target").unwrap();
            let footer = &d.footers.iter().find(|(n, _)| n == target).unwrap().1;
            assert!(
                !footer.contains("PAGE"),
                "{name}: the cover prints {footer}"
            );
        }
        // The body restarts at 1; every later section has page numbers.
        assert!(
            sections[1].contains(r#"<w:pgNumType w:start="1"/>"#),
            "{name}"
        );
        for s in &sections[1..] {
            assert!(!s.contains("<w:titlePg/>"), "{name}: {s}");
            let default = elements(s, "w:footerReference")
                .into_iter()
                .find(|r| attr(r, "w:type") == Some("default"))
                .unwrap();
            let target = elements(&d.rels, "Relationship")
                .into_iter()
                .find(|x| attr(x, "Id") == attr(default, "r:id"))
                .and_then(|x| attr(x, "Target"))
                .unwrap();
            let footer = &d.footers.iter().find(|(n, _)| n == target).unwrap().1;
            assert!(footer.contains("PAGE"), "{name}");
        }
    }
}

#[test]
fn a_contents_field_lists_the_three_parts_and_the_attachment() {
    for (name, d) in departments() {
        let (dept, year) = (&d.department, d.year);
        assert!(d.xml.contains(
            r#"<w:instrText xml:space="preserve"> TOC \o "1-1" \h \z \u </w:instrText>"#
        ));
        let entries: Vec<String> = elements(&d.xml, "w:p")
            .into_iter()
            .filter(|p| p.contains(r#"<w:pStyle w:val="TocEntry"/>"#))
            .map(|p| text(p).replace('|', ""))
            .collect();
        let titles: Vec<&str> = entries
            .iter()
            .map(|e| e.trim_end_matches(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(
            titles,
            [
                format!("第一部分\u{3000}{dept}概况"),
                format!("第二部分\u{3000}{dept}{year}年度部门预算情况说明"),
                "第三部分\u{3000}名词解释".to_string(),
                format!("附件\u{3000}{dept}{year}年部门预算表"),
            ],
            "{name}"
        );
        // Pages in order, the first part on page 1.
        let pages: Vec<u32> = entries
            .iter()
            .zip(&titles)
            .map(|(e, t)| e[t.len()..].parse().unwrap())
            .collect();
        assert_eq!(pages[0], 1, "{name}");
        assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{name}: {pages:?}");
        // The headings the field collects: the parts and the attachment, whose styles are at
        // outline level 1.
        for id in ["Part", "AttachmentTitle"] {
            assert!(
                style(&d.styles, id).contains(r#"<w:outlineLvl w:val="0"/>"#),
                "{name}: {id}"
            );
        }
        let headings = d.xml.matches(r#"<w:pStyle w:val="Part"/>"#).count()
            + d.xml
                .matches(r#"<w:pStyle w:val="AttachmentTitle"/>"#)
                .count();
        assert_eq!(headings, 4, "{name}");
        // The seed's wording.
        assert!(
            d.xml.contains("（一）行政（事业）单位机构运转经费"),
            "{name}"
        );
    }
}

#[test]
fn body_paragraphs_keep_widow_control_on_a_fixed_line() {
    for (name, d) in departments() {
        // Every body style is based on the fixed 28.9 pt line with widow control.
        let line = style(&d.styles, "Line");
        assert!(
            line.contains("<w:widowControl/>")
                && line.contains(r#"<w:spacing w:line="578" w:lineRule="exact"/>"#),
            "{name}: {line}"
        );
        for id in ["DocTitle", "Part", "Heading1", "BodyText", "TocEntry"] {
            let mut at = id.to_string();
            while at != "Line" {
                let s = style(&d.styles, &at);
                let base = elements(s, "w:basedOn");
                assert!(!base.is_empty(), "{name}: {id} not based on Line");
                at = attr(base[0], "w:val").unwrap().to_string();
            }
        }
        let body = elements(&d.xml, "w:p")
            .into_iter()
            .filter(|p| p.contains(r#"<w:pStyle w:val="BodyText"/>"#))
            .count();
        assert!(body > 20, "{name}");
    }
}

/// The `w:style` of this id.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    elements(styles, "w:style")
        .into_iter()
        .find(|s| s.contains(&format!(r#"w:styleId="{id}""#)))
        .unwrap_or_else(|| panic!("no style {id}"))
}

#[test]
fn every_table_repeats_its_header_and_keeps_codes_and_figures_on_one_line() {
    for (name, d) in departments() {
        let tables = elements(&d.xml, "w:tbl");
        assert!(tables.len() >= 13, "{name}");
        let mut forms = 0;
        for t in &tables {
            let rows = elements(t, "w:tr");
            if !rows[0].contains("<w:tblHeader/>") {
                // 11's form part: a form, not a list.
                assert!(
                    text(t).contains("年度主要任务"),
                    "{name}: no header row in {}",
                    text(t)
                );
                forms += 1;
                continue;
            }
            for cell in elements(t, "w:tc") {
                let width: i32 = attr(elements(cell, "w:tcW")[0], "w:w")
                    .unwrap()
                    .parse()
                    .unwrap();
                // The cell's style names its size: CellFigure18 is 9 pt.
                let style_id = attr(elements(cell, "w:pStyle")[0], "w:val").unwrap();
                let size: i32 = style_id
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .unwrap();
                assert!(size >= 15, "{name}: text below 7.5 pt");
                let content = text(cell);
                if content.is_empty() {
                    continue;
                }
                // A figure or code (no Chinese) fits its cell's width on one line: size/2 pt
                // per half-width unit, 1 mm of margin each side.
                if !is_chinese(&content) {
                    let need = units(&content) * size * 5 + 114;
                    assert!(
                        need <= width,
                        "{name}: “{content}” needs {need} twips, has {width}"
                    );
                }
                // A header label breaks between words: no line of a lone character but
                // 类/款/项, no line starting with a character that ends a word.
                let cap = (width - 114) / (size * 5);
                let header = style_id.starts_with("CellHeader");
                if header && is_chinese(&content) {
                    for line in content.split('|') {
                        // Each line fits, so no viewer breaks it again.
                        assert!(units(line) <= cap, "{name}: header line “{line}” in {cap}");
                    }
                }
                // A name (up to 18 characters) takes at most two lines, its indent kept.
                if !header && is_chinese(&content) && units(&content) <= 36 {
                    let indent =
                        attr(cell, "w:left").map_or(0, |v| v.parse::<i32>().unwrap()) / (size * 5);
                    assert!(
                        units(&content) <= 2 * (cap - indent) - 2,
                        "{name}: “{content}” takes more than two lines in {cap}"
                    );
                }
                if header && content.contains('|') {
                    for line in content.split('|') {
                        assert!(
                            line.chars().count() > 1 || "类款项".contains(line),
                            "{name}: header “{content}” broken mid-word"
                        );
                        assert!(
                            !line.starts_with(['计', '算', '费', '金']),
                            "{name}: “{content}”"
                        );
                    }
                }
            }
        }
        assert_eq!(forms, 1, "{name}: one 11 form");
    }
}

#[test]
fn a_cut_table_keeps_at_least_five_rows_on_each_page() {
    let d = generated(11, Shape::large(), false);
    // A part that continues a table comes after a page-break spacer right after the part
    // before it; both parts hold at least five body rows.
    let body = &d.xml;
    let tables = elements(body, "w:tbl");
    let mut cut = 0;
    for pair in tables.windows(2) {
        let between =
            &body[body.find(pair[0]).unwrap() + pair[0].len()..body.find(pair[1]).unwrap()];
        let is_cut = between.contains("<w:pageBreakBefore/>") && !between.contains("预算");
        if !is_cut {
            continue;
        }
        cut += 1;
        for part in pair {
            let rows = elements(part, "w:tr");
            let header = rows.iter().filter(|r| r.contains("<w:tblHeader/>")).count();
            assert!(rows.len() - header >= 5, "{} rows", rows.len() - header);
        }
    }
    assert!(
        cut >= 5,
        "the large department's long tables are cut ({cut})"
    );
}

#[test]
fn table_11_prints_its_year_and_repeats_a_label_cut_by_a_page() {
    for (name, d) in departments() {
        let title = d.xml.find("部门（单位）整体绩效目标表").unwrap();
        let next = &d.xml[title..];
        let year = format!("（{}年度）", d.year);
        let at = next.find(&year).expect("the year under 11's title");
        assert!(at < next.find("<w:tbl>").unwrap(), "{name}");
    }
}

#[test]
fn a_draft_leaves_the_transfer_count_to_be_filled_in() {
    let d = generated(7, Shape::one_unit(), true);
    let body = text(&d.xml);
    assert!(body.contains("共有【待填写：项目数】项"), "{body}");
    assert!(!body.contains("共有1项"));
}

#[test]
fn the_same_department_gives_the_same_document() {
    let a = generated(11, Shape::large(), false);
    let b = generated(11, Shape::large(), false);
    assert!(a.xml == b.xml);
}

//! The document's text and formatting as a reader sees them, independent of the XML's form
//! (issue 11: the writer was rewritten from docx-rs and a repair pass to a single-pass writer
//! with named styles; this test holds that nothing a reader sees changed).
//!
//! Every paragraph, run, table, row, cell and section of the built .docx is written out with
//! its *resolved* properties: the document defaults, then the style and its `basedOn` chain,
//! then the direct formatting, in the order Word applies them. Paragraph ids, the order of
//! attributes and elements, and whether a property is set in a style or on the run do not
//! show. The dump of the sample (and of a draft) is compared with the golden file written
//! before the rewrite; generated departments (one unit, large, random) are compared by a
//! hash of their dump, and on a difference the dump is written under `target/` to diff.
//! `UPDATE_GOLDEN=1 cargo test --test docx_form` rewrites the golden files (review the diff).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use common::xml::{parse, short, El, Golden, Node};
use common::{build_document, generated_department, sample};
use yusuan::synth::{self, Shape};

// ---------------------------------------------------------------------------------------------
// Properties, flattened: `name` or `name@attr` → value, booleans as 1/0.

type Props = BTreeMap<String, String>;

fn toggle(v: &str) -> String {
    match v {
        "true" | "on" | "1" => "1".into(),
        "false" | "off" | "0" => "0".into(),
        v => v.into(),
    }
}

/// Adds the children of a `w:pPr`, `w:rPr`, `w:tblPr`, … to `props` (later wins). Nested
/// property elements (`w:pPr/w:rPr`, `w:sectPr`, `w:tabs`) are the caller's business.
fn flatten_into(props: &mut Props, el: &El, skip: &[&str]) {
    for c in el.elements() {
        let name = short(&c.name);
        if skip.contains(&name) {
            continue;
        }
        if name == "tabs" {
            let tabs: Vec<String> = c
                .elements()
                .map(|t| {
                    format!(
                        "{}:{}:{}",
                        t.attr("w:val").unwrap_or(""),
                        t.attr("w:pos").unwrap_or(""),
                        t.attr("w:leader").unwrap_or("none")
                    )
                })
                .collect();
            props.insert("tabs".into(), tabs.join(","));
            continue;
        }
        if c.children.iter().any(|n| matches!(n, Node::El(_))) {
            // tblBorders, tblCellMar, …: their children flattened under this name.
            for g in c.elements() {
                for (k, v) in &g.attrs {
                    props.insert(format!("{name}/{}@{}", short(&g.name), short(k)), v.clone());
                }
            }
            continue;
        }
        if c.attrs.is_empty() {
            props.insert(name.into(), "1".into());
        }
        for (k, v) in &c.attrs {
            let k = short(k);
            if k == "val" {
                props.insert(name.into(), toggle(v));
            } else {
                props.insert(format!("{name}@{k}"), v.clone());
            }
        }
    }
}

/// The styles part: each style's paragraph and run properties, resolved through `basedOn`.
struct Styles {
    default_p: Props,
    default_r: Props,
    p: HashMap<String, (Props, Props)>,
    r: HashMap<String, Props>,
}

impl Styles {
    fn read(xml: &str) -> Styles {
        let root = parse(xml);
        let mut default_p = Props::new();
        let mut default_r = Props::new();
        if let Some(d) = root.child("w:docDefaults") {
            if let Some(r) = d.child("w:rPrDefault").and_then(|r| r.child("w:rPr")) {
                flatten_into(&mut default_r, r, &[]);
            }
            if let Some(p) = d.child("w:pPrDefault").and_then(|p| p.child("w:pPr")) {
                flatten_into(&mut default_p, p, &["rPr"]);
            }
        }
        let raw: HashMap<String, &El> = root
            .elements()
            .filter(|e| e.name == "w:style")
            .map(|e| (e.attr("w:styleId").unwrap_or("").to_string(), e))
            .collect();
        let mut p = HashMap::new();
        let mut r = HashMap::new();
        for (id, el) in &raw {
            // The chain from the root down to this style.
            let mut chain = vec![*el];
            let mut at = *el;
            while let Some(base) = at.child("w:basedOn").and_then(|b| b.attr("w:val")) {
                at = raw[base];
                chain.push(at);
            }
            let mut pp = Props::new();
            let mut rp = Props::new();
            for s in chain.iter().rev() {
                if let Some(x) = s.child("w:pPr") {
                    flatten_into(&mut pp, x, &["rPr"]);
                }
                if let Some(x) = s.child("w:rPr") {
                    flatten_into(&mut rp, x, &[]);
                }
            }
            if el.attr("w:type") == Some("character") {
                r.insert(id.clone(), rp);
            } else {
                p.insert(id.clone(), (pp, rp));
            }
        }
        Styles {
            default_p,
            default_r,
            p,
            r,
        }
    }

    /// The paragraph's own and its runs' base properties: defaults, then the paragraph
    /// style (Normal when none is named, if the styles define it).
    fn paragraph(&self, ppr: Option<&El>) -> (Props, Props) {
        let mut pp = self.default_p.clone();
        let mut rp = self.default_r.clone();
        let id = ppr
            .and_then(|p| p.child("w:pStyle"))
            .and_then(|s| s.attr("w:val"))
            .unwrap_or("Normal");
        if let Some((sp, sr)) = self.p.get(id) {
            pp.extend(sp.clone());
            rp.extend(sr.clone());
        }
        if let Some(ppr) = ppr {
            flatten_into(&mut pp, ppr, &["rPr", "sectPr", "pStyle"]);
        }
        (pp, rp)
    }
}

fn props_text(props: &Props) -> String {
    props
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// The dump.

struct Dumper<'a> {
    styles: &'a Styles,
    footers: HashMap<String, El>,
    out: String,
    /// Every distinct set of properties, numbered in order of first use: lines name them as
    /// `{N}`, and the list follows the document.
    sets: HashMap<String, usize>,
    legend: Vec<String>,
}

impl Dumper<'_> {
    fn set(&mut self, props: &Props) -> String {
        let text = props_text(props);
        let n = self.sets.len();
        let id = *self.sets.entry(text.clone()).or_insert(n);
        if id == n {
            self.legend.push(text);
        }
        format!("{{{id}}}")
    }

    fn block(&mut self, el: &El, depth: usize) {
        for c in el.elements() {
            match c.name.as_str() {
                "w:p" => self.paragraph(c, depth),
                "w:tbl" => self.table(c, depth),
                "w:sectPr" => self.section(c, depth),
                _ => {}
            }
        }
    }

    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{}{text}", "  ".repeat(depth));
    }

    fn paragraph(&mut self, p: &El, depth: usize) {
        let ppr = p.child("w:pPr");
        let (props, base_r) = self.styles.paragraph(ppr);
        // The paragraph mark: its own run properties over the paragraph's base.
        let mut mark = base_r.clone();
        if let Some(r) = ppr.and_then(|p| p.child("w:rPr")) {
            flatten_into(&mut mark, r, &[]);
        }
        let (pid, mid) = (self.set(&props), self.set(&mark));
        self.line(depth, &format!("P {pid} mark {mid}"));
        // Runs with the same properties read as one: how text is split into runs does not
        // show.
        let mut runs: Vec<(Props, String)> = Vec::new();
        for r in p.elements().filter(|e| e.name == "w:r") {
            let mut rp = base_r.clone();
            let rpr = r.child("w:rPr");
            if let Some(id) = rpr
                .and_then(|x| x.child("w:rStyle"))
                .and_then(|s| s.attr("w:val"))
            {
                rp.extend(self.styles.r[id].clone());
            }
            if let Some(x) = rpr {
                flatten_into(&mut rp, x, &["rStyle"]);
            }
            let mut content = String::new();
            for c in r.elements() {
                match short(&c.name) {
                    "t" => content.push_str(&c.text()),
                    "br" => content.push('⏎'),
                    "tab" => content.push('⇥'),
                    "fldChar" => {
                        let _ = write!(content, "[{}]", c.attr("w:fldCharType").unwrap_or(""));
                    }
                    "instrText" => {
                        let _ = write!(content, "[instr:{}]", c.text());
                    }
                    "rPr" => {}
                    other => {
                        let _ = write!(content, "[{other}]");
                    }
                }
            }
            match runs.last_mut() {
                Some((last, text)) if *last == rp => text.push_str(&content),
                _ => runs.push((rp, content)),
            }
        }
        for (rp, content) in runs {
            let r = self.set(&rp);
            self.line(depth + 1, &format!("R {r} | {content}"));
        }
        if let Some(s) = ppr.and_then(|p| p.child("w:sectPr")) {
            self.section(s, depth + 1);
        }
    }

    fn table(&mut self, t: &El, depth: usize) {
        let mut props = Props::new();
        if let Some(x) = t.child("w:tblPr") {
            flatten_into(&mut props, x, &[]);
        }
        let grid: Vec<&str> = t
            .child("w:tblGrid")
            .map(|g| g.elements().filter_map(|c| c.attr("w:w")).collect())
            .unwrap_or_default();
        let tid = self.set(&props);
        self.line(depth, &format!("TABLE {tid} grid={}", grid.join(",")));
        for tr in t.elements().filter(|e| e.name == "w:tr") {
            let mut props = Props::new();
            if let Some(x) = tr.child("w:trPr") {
                flatten_into(&mut props, x, &[]);
            }
            let r = self.set(&props);
            self.line(depth + 1, &format!("ROW {r}"));
            for tc in tr.elements().filter(|e| e.name == "w:tc") {
                let mut props = Props::new();
                if let Some(x) = tc.child("w:tcPr") {
                    flatten_into(&mut props, x, &[]);
                }
                let c = self.set(&props);
                self.line(depth + 2, &format!("CELL {c}"));
                self.block(tc, depth + 3);
            }
        }
    }

    fn section(&mut self, s: &El, depth: usize) {
        let mut props = Props::new();
        flatten_into(&mut props, s, &["footerReference", "headerReference"]);
        self.line(depth, &format!("SECTION {}", props_text(&props)));
        let mut refs: Vec<(String, String)> = s
            .elements()
            .filter(|e| e.name == "w:footerReference" || e.name == "w:headerReference")
            .map(|e| {
                (
                    format!(
                        "{} {}",
                        short(&e.name),
                        e.attr("w:type").unwrap_or("default")
                    ),
                    e.attr("r:id").unwrap_or("").to_string(),
                )
            })
            .collect();
        refs.sort();
        for (kind, id) in refs {
            self.line(depth + 1, &kind);
            let footer = self.footers.get(&id).cloned();
            match footer {
                Some(f) => self.block(&f, depth + 2),
                None => self.line(depth + 2, &format!("missing part {id}")),
            }
        }
    }
}

/// The whole document as a reader sees it.
fn dump(docx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut part = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
        Some(s)
    };
    let document = parse(&part("word/document.xml").unwrap());
    let styles = Styles::read(&part("word/styles.xml").unwrap());
    let settings = parse(&part("word/settings.xml").unwrap());
    let core = parse(&part("docProps/core.xml").unwrap());
    let rels = parse(&part("word/_rels/document.xml.rels").unwrap());
    let mut footers = HashMap::new();
    for r in rels.elements() {
        let target = r.attr("Target").unwrap_or("");
        if target.starts_with("footer") || target.starts_with("header") {
            let xml = part(&format!("word/{target}")).unwrap();
            footers.insert(r.attr("Id").unwrap().to_string(), parse(&xml));
        }
    }
    let mut d = Dumper {
        styles: &styles,
        footers,
        out: String::new(),
        sets: HashMap::new(),
        legend: Vec::new(),
    };
    for key in ["dc:title", "dcterms:created", "dcterms:modified"] {
        let v = core.child(key).map(El::text).unwrap_or_default();
        d.line(0, &format!("{key} = {v}"));
    }
    let mut s = Props::new();
    flatten_into(
        &mut s,
        &settings,
        &["compat", "rsids", "docVars", "proofState"],
    );
    // Only the settings that change how the pages look.
    s.retain(|k, _| {
        [
            "evenAndOddHeaders",
            "characterSpacingControl",
            "themeFontLang",
            "defaultTabStop",
        ]
        .iter()
        .any(|n| k.starts_with(n))
    });
    d.line(0, &format!("SETTINGS {}", props_text(&s)));
    let body = document.child("w:body").unwrap().clone();
    d.block(&body, 0);
    d.line(0, "PROPERTIES");
    for (i, text) in std::mem::take(&mut d.legend).iter().enumerate() {
        d.line(1, &format!("{{{i}}} {text}"));
    }
    d.out
}

// ---------------------------------------------------------------------------------------------
// The departments.

/// Builds `workbook` (with `profile`, or as a draft) and dumps its document.
fn build(workbook: &str, profile: Option<&str>) -> String {
    let (_dir, docx) = build_document(workbook, profile);
    dump(&docx)
}

fn generated(seed: u64, shape: Shape) -> String {
    let (_dir, workbook, profile) = generated_department(seed, &shape);
    build(&workbook, Some(&profile))
}

const GOLDEN: Golden = Golden {
    dir: "docx-form",
    what: "document",
};

#[test]
fn the_sample_and_a_draft_read_as_before() {
    GOLDEN.full(
        "sample",
        &build(
            &sample("budget-corrected.xlsx"),
            Some("samples/hongqi-2024/profile.toml"),
        ),
    );
    GOLDEN.full("draft", &build(&sample("budget-corrected.xlsx"), None));
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
    ];
    GOLDEN.hashes("DOCX_FORM_DUMP", &departments);
}

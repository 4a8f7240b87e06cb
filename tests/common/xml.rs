//! A small element tree for the tests that read our own XML parts back (`docx_form`,
//! `xlsx_form`): parsed with quick-xml, entities and character references resolved, adjacent
//! text joined (an entity splits a text into pieces).

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

#[derive(Debug, Clone, Default)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    El(El),
    Text(String),
}

impl El {
    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element of this name (`w:pPr`), or of this name without its prefix
    /// (`pPr`).
    pub fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| is_named(e, name))
    }

    /// Every child element of this name, as [`El::child`].
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.elements().filter(move |e| is_named(e, name))
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All the text inside, in order.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::El(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

fn is_named(e: &El, name: &str) -> bool {
    e.name == name || short(&e.name) == name
}

/// A name without its namespace prefix: `w:p` → `p`.
pub fn short(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn start(e: &BytesStart) -> El {
    El {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        children: Vec::new(),
    }
}

/// Appends text to the element, joined to the text before it.
fn push_text(el: &mut El, t: String) {
    match el.children.last_mut() {
        Some(Node::Text(prev)) => prev.push_str(&t),
        _ => el.children.push(Node::Text(t)),
    }
}

/// The document element of `xml`.
pub fn parse(xml: &str) -> El {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![El::default()];
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(start(&e)),
            Event::Empty(e) => {
                let el = start(&e);
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::Text(t) => {
                let t = t.xml_content(XmlVersion::Implicit1_0).into_owned();
                push_text(stack.last_mut().unwrap(), t);
            }
            Event::GeneralRef(r) => {
                let t = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::unescape(&format!("&{};", r.as_ref()))
                        .unwrap()
                        .into_owned(),
                };
                push_text(stack.last_mut().unwrap(), t);
            }
            Event::CData(t) => {
                let t = t.into_inner().into_owned();
                push_text(stack.last_mut().unwrap(), t);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root = stack.pop().unwrap();
    let first = root.elements().next().cloned();
    first.unwrap()
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
pub fn fnv(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The golden dumps of one test, in `tests/golden/<dir>/`: each compared in full, or many
/// departments as one hash each. `UPDATE_GOLDEN=1` rewrites them (only for a deliberate
/// change); a dump that differs is written under the target's temporary folder to diff.
pub struct Golden {
    /// `docx-form`, `xlsx-form`.
    pub dir: &'static str,
    /// What is dumped, for messages: `document`, `workbook`.
    pub what: &'static str,
}

impl Golden {
    fn path(&self, file: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(self.dir)
            .join(file)
    }

    fn expected(&self, file: &str, actual: &str) -> String {
        let path = self.path(file);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, actual).unwrap();
        }
        std::fs::read_to_string(&path).expect("golden file (UPDATE_GOLDEN=1 writes it)")
    }

    /// Writes a dump that differs where it can be diffed; its path.
    fn keep(&self, name: &str, dump: &str) -> std::path::PathBuf {
        let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{}-{name}.txt", self.dir));
        std::fs::write(&out, dump).unwrap();
        out
    }

    /// `actual` equals `<name>.txt`.
    pub fn full(&self, name: &str, actual: &str) {
        let file = format!("{name}.txt");
        if self.expected(&file, actual) != actual {
            panic!(
                "the {} of {name} reads differently: diff {} {}",
                self.what,
                self.path(&file).display(),
                self.keep(name, actual).display()
            );
        }
    }

    /// Each department's dump hashes as `generated.txt` says. `dump_var` names a folder
    /// to write every dump into, to diff one writer's output with another's.
    pub fn hashes(&self, dump_var: &str, departments: &[(&str, String)]) {
        if let Some(dir) = std::env::var_os(dump_var) {
            for (name, d) in departments {
                std::fs::write(std::path::Path::new(&dir).join(format!("{name}.txt")), d).unwrap();
            }
        }
        let actual: String = departments
            .iter()
            .map(|(name, d)| format!("{name} {}\n", fnv(d)))
            .collect();
        let expected = self.expected("generated.txt", &actual);
        assert_eq!(
            expected.lines().count(),
            departments.len(),
            "{}",
            self.path("generated.txt").display()
        );
        for ((name, d), (want, got)) in departments.iter().zip(expected.lines().zip(actual.lines()))
        {
            if want != got {
                panic!(
                    "the {} of {name} reads differently ({want} → {got}); its dump: {}",
                    self.what,
                    self.keep(name, d).display()
                );
            }
        }
    }
}

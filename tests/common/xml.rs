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

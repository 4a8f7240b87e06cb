//! A strict XML tokenizer for the fast reader. For every document it accepts, it yields exactly
//! the events quick-xml yields as calamine configures it (empty elements expanded into a start
//! and an end, text neither trimmed nor unescaped, references as their own events), and it
//! accepts only documents that neither quick-xml nor calamine's attribute reader can fail on.
//! Anything else is refused (`None`), and the caller gives the workbook back to calamine.
//!
//! Accepted: UTF-8 (with or without a BOM), an XML declaration at the very start whose encoding,
//! if given, is UTF-8; elements with ASCII names of at most one prefix; attributes written
//! `name="value"` or `name='value'`, each once, separated by whitespace, whose values hold no
//! `<` and only references quick-xml can unescape; text; references `&…;`; properly nested
//! elements. Refused: comments, CDATA, DOCTYPE, processing instructions, and every other
//! spelling, valid XML or not.

use memchr::{memchr2, memchr3};

/// One event, as quick-xml gives it to calamine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A start tag (also the first half of an empty element); its attributes are `Reader::attrs`.
    Start(&'a str),
    End(&'a str),
    /// Raw text up to the next tag or reference: not unescaped, line ends not normalised.
    Text(&'a str),
    /// A reference `&name;`, without `&` and `;`.
    Ref(&'a str),
    Eof,
}

/// Reads one document event by event; `next` returns `None` where the document is refused.
pub struct Reader<'a> {
    xml: &'a str,
    pos: usize,
    /// Names of the open elements, innermost last.
    open: Vec<&'a str>,
    /// Attributes of the last start tag, in document order.
    attrs: Vec<(&'a str, &'a str)>,
    /// An empty element's end, given as the next event.
    pending_end: bool,
}

impl<'a> Reader<'a> {
    /// A reader over a whole part, or `None` when it is not UTF-8 or declares another encoding.
    pub fn new(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let xml = std::str::from_utf8(bytes).ok()?;
        // quick-xml drops a UTF-8 byte order mark before reading.
        let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
        let mut reader = Reader {
            xml,
            pos: 0,
            open: Vec::with_capacity(16),
            attrs: Vec::with_capacity(8),
            pending_end: false,
        };
        reader.skip_declaration()?;
        Some(reader)
    }

    /// The next event, or `None` when the document is refused.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Event<'a>> {
        if self.pending_end {
            self.pending_end = false;
            return Some(Event::End(self.open.pop()?));
        }
        let bytes = self.xml.as_bytes();
        match bytes.get(self.pos) {
            None => Some(Event::Eof),
            Some(b'<') => match bytes.get(self.pos + 1)? {
                b'/' => self.end_tag(),
                b'!' | b'?' => None,
                _ => self.start_tag(),
            },
            Some(b'&') => {
                // quick-xml reads a reference up to `;` and fails on a `<` or `&` before it.
                let from = self.pos + 1;
                let i = memchr3(b';', b'&', b'<', &bytes[from..])?;
                if bytes[from + i] != b';' {
                    return None;
                }
                self.pos = from + i + 1;
                Some(Event::Ref(&self.xml[from..from + i]))
            }
            Some(_) => {
                let from = self.pos;
                let to = memchr2(b'<', b'&', &bytes[from..]).map_or(bytes.len(), |i| from + i);
                self.pos = to;
                Some(Event::Text(&self.xml[from..to]))
            }
        }
    }

    /// The text of `<v>text</v>` when that is all the element just started holds, its end tag
    /// included: the common cell read in one step, where `next` would give five events (a
    /// start, a text, two ends). `None`, having read nothing, for any other content, which
    /// `next` then reads event by event.
    pub fn only_v_text(&mut self) -> Option<&'a str> {
        if self.pending_end {
            return None;
        }
        let parent = *self.open.last()?;
        let rest = self.xml.as_bytes().get(self.pos..)?;
        if !rest.starts_with(b"<v>") {
            return None;
        }
        let end = 3 + memchr2(b'<', b'&', &rest[3..])?;
        let close = &rest[end..];
        let closed = end > 3
            && close.starts_with(b"</v></")
            && close.get(6..6 + parent.len()) == Some(parent.as_bytes())
            && close.get(6 + parent.len()) == Some(&b'>');
        if !closed {
            return None;
        }
        let text = &self.xml[self.pos + 3..self.pos + end];
        self.open.pop();
        self.pos += end + 7 + parent.len();
        Some(text)
    }

    /// The value of an attribute of the last start tag (exact name, prefix included).
    pub fn attr(&self, key: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// The attributes of the last start tag, in document order.
    pub fn attrs(&self) -> &[(&'a str, &'a str)] {
        &self.attrs
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// Reads to the end of the document, which must hold only well-formed markup from here on and
    /// no element after the root: what another reader of the whole part (`merges::by_sheet`)
    /// sees is then what calamine saw before it stopped.
    pub fn finish_blank(&mut self) -> Option<()> {
        loop {
            match self.next()? {
                Event::Eof => return self.open.is_empty().then_some(()),
                Event::Text(t) if t.bytes().all(is_space) => {}
                _ => return None,
            }
        }
    }

    /// An XML declaration at the very start: skipped, once its encoding (if any) is UTF-8.
    fn skip_declaration(&mut self) -> Option<()> {
        let bytes = self.xml.as_bytes();
        let declared =
            bytes.starts_with(b"<?xml") && bytes.get(5).is_some_and(|&b| b == b'?' || is_space(b));
        if !declared {
            return Some(());
        }
        let end = memchr::memmem::find(bytes, b"?>")?;
        let mut at = 5;
        self.attrs.clear();
        loop {
            let spaced = self.skip_spaces(&mut at, end);
            if at == end {
                break;
            }
            if !spaced {
                return None;
            }
            let (key, value) = self.attribute(&mut at, end)?;
            if key == "encoding" && !value.eq_ignore_ascii_case("utf-8") {
                return None;
            }
        }
        self.attrs.clear();
        self.pos = end + 2;
        Some(())
    }

    fn start_tag(&mut self) -> Option<Event<'a>> {
        let bytes = self.xml.as_bytes();
        let mut at = self.pos + 1;
        let name = self.name(&mut at)?;
        self.attrs.clear();
        loop {
            let spaced = self.skip_spaces(&mut at, bytes.len());
            match bytes.get(at)? {
                b'>' => {
                    at += 1;
                    break;
                }
                b'/' => {
                    if bytes.get(at + 1) != Some(&b'>') {
                        return None;
                    }
                    at += 2;
                    self.pending_end = true;
                    break;
                }
                _ if !spaced => return None,
                _ => {
                    let (key, value) = self.attribute(&mut at, bytes.len())?;
                    if self.attrs.iter().any(|(k, _)| is_same_key(k, key)) {
                        return None;
                    }
                    self.attrs.push((key, value));
                }
            }
        }
        self.pos = at;
        self.open.push(name);
        Some(Event::Start(name))
    }

    /// An end tag, which must close the innermost open element: its name is compared, not
    /// parsed (the start tag's was).
    fn end_tag(&mut self) -> Option<Event<'a>> {
        let bytes = self.xml.as_bytes();
        let name = self.open.pop()?;
        let from = self.pos + 2;
        let mut at = from + name.len();
        if !same(bytes.get(from..at)?, name.as_bytes()) {
            return None;
        }
        self.skip_spaces(&mut at, bytes.len());
        if bytes.get(at) != Some(&b'>') {
            return None;
        }
        self.pos = at + 1;
        Some(Event::End(name))
    }

    /// `key="value"` (or single quotes, spaces around `=`) before `end`. The value holds no `<`,
    /// and any reference in it unescapes: calamine's `decode_attr` never fails on it.
    #[inline]
    fn attribute(&self, at: &mut usize, end: usize) -> Option<(&'a str, &'a str)> {
        let bytes = self.xml.as_bytes();
        let key = self.name(at)?;
        // Spaces around `=` are allowed, and rare.
        if bytes.get(*at) != Some(&b'=') {
            self.skip_spaces(at, end);
            if bytes.get(*at) != Some(&b'=') {
                return None;
            }
        }
        *at += 1;
        if !matches!(bytes.get(*at), Some(b'"' | b'\'')) {
            self.skip_spaces(at, end);
        }
        let quote = *bytes.get(*at).filter(|&&q| q == b'"' || q == b'\'')?;
        // One pass to the closing quote (values are short: a reference, a style number).
        let from = *at + 1;
        let mut i = from;
        let mut amp = false;
        while i < end {
            match bytes[i] {
                b if b == quote => break,
                b'<' => return None,
                b'&' => amp = true,
                _ => {}
            }
            i += 1;
        }
        if i == end {
            return None;
        }
        let value = &self.xml[from..i];
        *at = i + 1;
        if amp {
            quick_xml::escape::unescape(value).ok()?;
        }
        Some((key, value))
    }

    /// An element or attribute name: ASCII letters, digits, `_`, `.`, `-`, at most one `:` prefix.
    fn name(&self, at: &mut usize) -> Option<&'a str> {
        let bytes = self.xml.as_bytes();
        let from = *at;
        if CLASS[*bytes.get(from)? as usize] != START {
            return None;
        }
        let mut i = from + 1;
        let mut prefixed = false;
        loop {
            match CLASS[*bytes.get(i)? as usize] {
                START | REST => i += 1,
                COLON if !prefixed => {
                    prefixed = true;
                    if CLASS[*bytes.get(i + 1)? as usize] != START {
                        return None;
                    }
                    i += 2;
                }
                _ => break,
            }
        }
        // A name ends at a space, `>`, `/` or `=`: anything else glued to it is refused.
        if !matches!(bytes[i], b'>' | b'/' | b'=') && CLASS[bytes[i] as usize] != SPACE {
            return None;
        }
        *at = i;
        Some(&self.xml[from..i])
    }

    /// Skips whitespace before `end`; says whether there was any.
    fn skip_spaces(&self, at: &mut usize, end: usize) -> bool {
        let bytes = self.xml.as_bytes();
        let from = *at;
        while *at < end && is_space(bytes[*at]) {
            *at += 1;
        }
        *at > from
    }
}

/// The part of a name after its prefix, as quick-xml's `local_name`.
#[inline]
pub fn local_name(name: &str) -> &str {
    match name.bytes().position(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// XML whitespace, as quick-xml counts it.
#[inline]
pub fn is_space(b: u8) -> bool {
    CLASS[b as usize] == SPACE
}

/// Whether two attribute names are the same, told apart by length and first byte before a
/// full comparison: most are.
#[inline]
fn is_same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes()[0] == b.as_bytes()[0] && same(a.as_bytes(), b.as_bytes())
}

/// Byte equality written out: names are a few bytes, too short to pay for a `memcmp` call.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// What a byte can be in a name (`START`: a letter or `_`; `REST`: a digit, `.`, `-`; `COLON`)
/// or around one (`SPACE`).
const OTHER: u8 = 0;
const START: u8 = 1;
const REST: u8 = 2;
const COLON: u8 = 3;
const SPACE: u8 = 4;

static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => START,
            b'0'..=b'9' | b'.' | b'-' => REST,
            b':' => COLON,
            b' ' | b'\t' | b'\r' | b'\n' => SPACE,
            _ => OTHER,
        };
        b += 1;
    }
    class
};

/// The text a reference stands for, as calamine's `unescape_entity_to_buffer` resolves it
/// (one of the five predefined entities or a character reference), or `None` where calamine
/// fails.
pub fn resolve_ref(name: &str) -> Option<char> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(name) {
        return s.chars().next();
    }
    quick_xml::events::BytesRef::new(name)
        .resolve_char_ref()
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Option<Vec<String>> {
        let mut r = Reader::new(xml.as_bytes())?;
        let mut out = Vec::new();
        loop {
            let e = r.next()?;
            if e == Event::Eof {
                return Some(out);
            }
            let attrs: Vec<String> = r.attrs().iter().map(|(k, v)| format!("{k}={v}")).collect();
            out.push(match e {
                Event::Start(n) => format!("<{n} {}>", attrs.join(" ")),
                other => format!("{other:?}"),
            });
        }
    }

    /// The same events as quick-xml with calamine's settings, for documents both read.
    #[test]
    fn agrees_with_quick_xml_where_it_accepts() {
        use quick_xml::events::Event as Q;
        let docs = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<a x='1' y = \"2\"><b/>t&amp;u&#x41;<c:d e:f=\"&lt;\">v</c:d></a> ",
            "\u{feff}<a><b\tr=\"A1\"\n/><c r=\"B1\" ></c ></a>",
            "<sst><si><t xml:space=\"preserve\"> 中文 </t></si></sst>",
        ];
        for doc in docs {
            let ours = events(doc).unwrap_or_else(|| panic!("refused {doc}"));
            let mut q = quick_xml::Reader::from_reader(doc.as_bytes());
            let config = q.config_mut();
            config.check_end_names = false;
            config.trim_text(false);
            config.check_comments = false;
            config.expand_empty_elements = true;
            let mut theirs = Vec::new();
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match q.read_event_into(&mut buf).unwrap() {
                    Q::Eof => break,
                    Q::Decl(_) => {}
                    Q::Start(e) => {
                        let attrs: Vec<String> = e
                            .attributes()
                            .map(|a| {
                                let a = a.unwrap();
                                format!("{}={}", a.key.as_ref(), a.value)
                            })
                            .collect();
                        theirs.push(format!("<{} {}>", e.name().as_ref(), attrs.join(" ")));
                    }
                    Q::End(e) => theirs.push(format!("{:?}", Event::End(e.name().as_ref()))),
                    Q::Text(t) => theirs.push(format!("{:?}", Event::Text(t.as_ref()))),
                    Q::GeneralRef(r) => theirs.push(format!("{:?}", Event::Ref(&r))),
                    other => panic!("unexpected {other:?}"),
                }
            }
            assert_eq!(ours, theirs, "{doc}");
        }
    }

    #[test]
    fn refuses_what_it_does_not_fully_understand() {
        for doc in [
            "<a><!-- c --></a>",
            "<a><![CDATA[x]]></a>",
            "<!DOCTYPE a><a/>",
            "<a><?pi x?></a>",
            "<?xml version=\"1.0\" encoding=\"GBK\"?><a/>",
            "<a></b>",
            "</a>",
            "<a x=1/>",
            "<a x=\"1\"y=\"2\"/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a x=\"<\"/>",
            "<a x=\"&bogus;\"/>",
            "<a>&amp</a>",
            "<a>& b;</a><",
            "<a:b:c/>",
            "<a/ >",
            "<1a/>",
        ] {
            assert_eq!(events(doc), None, "{doc}");
        }
        assert!(Reader::new(b"<a>\xff</a>").is_none());
    }

    /// `only_v_text` reads a plain value as the five events `next` gives for it, and reads
    /// nothing when the content is anything else.
    #[test]
    fn a_plain_value_reads_in_one_step_as_in_five() {
        let docs = [
            ("<c><v>12</v></c>", Some("12")),
            ("<x:c><v>-1.5E-3</v></x:c>", Some("-1.5E-3")),
            ("<c><v>12</v></c ><z/>", None),
            ("<c><v></v></c>", None),
            ("<c><v>1&amp;</v></c>", None),
            ("<c><v a=\"1\">1</v></c>", None),
            ("<c><v>1</v> </c>", None),
            ("<c><x:v>1</x:v></c>", None),
            ("<c><v>1</v></d></c>", None),
            ("<c/>", None),
        ];
        for (doc, text) in docs {
            let mut one = Reader::new(doc.as_bytes()).unwrap();
            let mut five = Reader::new(doc.as_bytes()).unwrap();
            assert!(matches!(one.next(), Some(Event::Start(_))));
            assert!(matches!(five.next(), Some(Event::Start(_))));
            assert_eq!(one.only_v_text(), text, "{doc}");
            if let Some(t) = text {
                assert!(matches!(five.next(), Some(Event::Start("v"))));
                assert_eq!(five.next(), Some(Event::Text(t)));
                assert_eq!(five.next(), Some(Event::End("v")));
                assert!(matches!(five.next(), Some(Event::End(_))));
            }
            loop {
                let (a, b) = (one.next(), five.next());
                assert_eq!(a, b, "{doc}");
                if matches!(a, None | Some(Event::Eof)) {
                    break;
                }
            }
        }
    }

    #[test]
    fn references_resolve_as_calamine_resolves_them() {
        assert_eq!(resolve_ref("amp"), Some('&'));
        assert_eq!(resolve_ref("#x4E2D"), Some('中'));
        assert_eq!(resolve_ref("#20013"), Some('中'));
        assert_eq!(resolve_ref("#0"), None);
        assert_eq!(resolve_ref("#xD800"), None);
        assert_eq!(resolve_ref("nbsp"), None);
    }
}

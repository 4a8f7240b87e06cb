//! Merged ranges of .xlsx sheets, found without parsing each sheet a second time.
//!
//! calamine's `merge_cells_by_sheet_name` runs the XML parser over the whole worksheet part to
//! reach `<mergeCells>` at its end: on a million-row sheet that is two thirds of the read time.
//! Here the part is inflated in chunks and searched for `mergeCell` elements as bytes, which
//! costs little more than inflating. Which part holds which sheet is read from the workbook and
//! its relationships, as calamine does; where anything there is unusual, `None` sends the caller
//! back to calamine.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::model::cell_ref::a1_to_row_col;

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Every sheet's merged ranges by sheet name, or `None` where the package is not laid out in a
/// way this reads with certainty.
pub fn by_sheet(bytes: &[u8]) -> Option<HashMap<String, Vec<Dimensions>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: HashMap<String, String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| (normalize(&n), n.into_owned()))
        .collect();
    let workbook = office_document(&mut zip, &names).unwrap_or_else(|| "xl/workbook.xml".into());
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels = format!("{dir}/_rels/{file}.rels");
    let targets = relationships(&read_part(&mut zip, &names, &rels)?)?;
    let sheets = sheet_ids(&read_part(&mut zip, &names, &workbook)?)?;
    let mut merges = HashMap::new();
    for (name, id) in sheets {
        let target = targets.get(&id)?;
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None if dir.is_empty() => target.clone(),
            None => format!("{dir}/{target}"),
        };
        let part = names.get(&normalize(&path))?;
        let entry = zip.by_name(part).ok()?;
        merges.insert(name, scan(entry)?);
    }
    Some(merges)
}

/// A zip path as calamine compares them: forward slashes, no leading slash, any case.
fn normalize(path: &str) -> String {
    path.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

/// A small XML part, read whole (workbook and relationship parts are a few KB; the zip caps in
/// `limits` have bounded them already).
fn read_part(zip: &mut Zip, names: &HashMap<String, String>, path: &str) -> Option<Vec<u8>> {
    let part = names.get(&normalize(path))?;
    let mut bytes = Vec::new();
    zip.by_name(part).ok()?.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The workbook part named by the package relationships (`_rels/.rels`).
fn office_document(zip: &mut Zip, names: &HashMap<String, String>) -> Option<String> {
    let rels = read_part(zip, names, "_rels/.rels")?;
    let mut found = None;
    each_element(&rels, "Relationship", |attrs| {
        if attrs
            .get("Type")
            .is_some_and(|t| t.ends_with("/relationships/officeDocument"))
        {
            found = attrs
                .get("Target")
                .map(|t| t.trim_start_matches('/').to_string());
        }
    })?;
    found
}

/// Relationship id → target.
fn relationships(xml: &[u8]) -> Option<HashMap<String, String>> {
    let mut targets = HashMap::new();
    each_element(xml, "Relationship", |attrs| {
        if let (Some(id), Some(target)) = (attrs.get("Id"), attrs.get("Target")) {
            targets.insert(id.clone(), target.clone());
        }
    })?;
    Some(targets)
}

/// The workbook's sheets in order: name and relationship id (`r:id`, any prefix).
fn sheet_ids(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut sheets = Vec::new();
    let mut complete = true;
    each_element(xml, "sheet", |attrs| {
        match (attrs.get("name"), attrs.get("id")) {
            (Some(name), Some(id)) => sheets.push((name.clone(), id.clone())),
            _ => complete = false,
        }
    })?;
    complete.then_some(sheets)
}

/// Calls `f` with the attributes (by local name, unescaped) of every element with this local
/// name. `None` if the XML does not parse.
fn each_element(
    xml: &[u8],
    local: &str,
    mut f: impl FnMut(&HashMap<String, String>),
) -> Option<()> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                let mut attrs = HashMap::new();
                for attr in e.attributes() {
                    let attr = attr.ok()?;
                    let key = attr.key.local_name().as_ref().to_string();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned();
                    attrs.insert(key, value);
                }
                f(&attrs);
            }
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// The merged ranges of one worksheet part, streamed in chunks. A `mergeCell` element is
/// `<mergeCell ref="A1:B2"/>` under any namespace prefix; its `ref` is the only attribute.
/// `None` if a range does not read, so that calamine decides.
fn scan(mut part: impl Read) -> Option<Vec<Dimensions>> {
    const CHUNK: usize = 1 << 16;
    let mut merges = Vec::new();
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + TAIL);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = part.read(&mut chunk).ok()?;
        window.extend_from_slice(&chunk[..n]);
        let done = n == 0;
        let keep = scan_window(&window, done, &mut merges)?;
        if done {
            return Some(merges);
        }
        window.drain(..keep);
    }
}

/// `scan` of a worksheet part already in memory (the fast reader's): the same ranges, since
/// what `scan` finds does not depend on where its chunks end.
pub fn scan_bytes(part: &[u8]) -> Option<Vec<Dimensions>> {
    let mut merges = Vec::new();
    scan_window(part, true, &mut merges)?;
    Some(merges)
}

/// An element is far shorter than this. The window keeps this much across chunks, so that an
/// element can straddle them, and an element longer than this (from its name to its `>`) is not
/// read at all (`None`: calamine decides): either way the result never depends on where a chunk
/// ends.
const TAIL: usize = 512;

/// Adds the ranges of the `mergeCell` elements in `window` to `merges`, up to where the next
/// chunk might still change what is read (all of it when `done`). Returns how much of the
/// window's start the next chunk no longer needs.
fn scan_window(window: &[u8], done: bool, merges: &mut Vec<Dimensions>) -> Option<usize> {
    // Elements that may still be cut off stay in the window for the next chunk.
    let limit = if done {
        window.len()
    } else {
        window.len().saturating_sub(TAIL)
    };
    let mut at = 0;
    while let Some(found) = find(&window[at..], b"mergeCell") {
        let start = at + found;
        if start >= limit {
            break;
        }
        let after = start + b"mergeCell".len();
        let opener = start > 0 && matches!(window[start - 1], b'<' | b':');
        let element = matches!(
            window.get(after),
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')
        );
        at = after;
        if !(opener && element) {
            continue;
        }
        let reach = window.len().min(start + TAIL);
        let end = after + find(&window[after..reach], b">")?;
        merges.push(range(&window[after..end])?);
        at = end;
    }
    // The byte before a name not yet read says whether it opens an element: keep it.
    Some(at.max(limit).saturating_sub(1))
}

/// `ref="A1:B2"` (or a single cell) in an element's attribute text.
fn range(attrs: &[u8]) -> Option<Dimensions> {
    let text = std::str::from_utf8(attrs).ok()?;
    let value = text.split("ref=").nth(1)?;
    let quote = value.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = value[1..].split(quote).next()?;
    let (first, last) = value.split_once(':').unwrap_or((value, value));
    let start = a1_to_row_col(first)?;
    let end = a1_to_row_col(last)?;
    Some(Dimensions { start, end })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ranges_across_chunk_borders_and_prefixes() {
        let mut xml = String::from("<worksheet><sheetData>");
        // Push the merges across the 64 KB chunk border.
        xml.push_str(&"<row/>".repeat(10_920));
        xml.push_str(r#"</sheetData><mergeCells count="3"><mergeCell ref="A1:F1"/>"#);
        xml.push_str(r#"<x:mergeCell ref='B2:B5'/><mergeCell ref="C7"/></mergeCells>"#);
        xml.push_str(r#"<extLst><mergeCellsX/></extLst></worksheet>"#);
        let found = scan(xml.as_bytes()).unwrap();
        let spans: Vec<_> = found.iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(
            spans,
            vec![((0, 0), (0, 5)), ((1, 1), (4, 1)), ((6, 2), (6, 2))]
        );
    }

    /// The fast path must agree with calamine on every real workbook we have: the sample, its
    /// fixtures, and a published workbook of a generated department.
    #[test]
    fn agrees_with_calamine_on_real_workbooks() {
        use calamine::{Reader, Xlsx};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["samples/hongqi-2024", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "xlsx") {
                    files.push(path);
                }
            }
        }
        let mut checked = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let Some(mut fast) = by_sheet(&bytes) else {
                continue;
            };
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
            for name in wb.sheet_names() {
                let slow = wb.merge_cells_by_sheet_name(&name).unwrap();
                let ours = fast.remove(&name).unwrap();
                let pairs =
                    |d: &[Dimensions]| d.iter().map(|d| (d.start, d.end)).collect::<Vec<_>>();
                assert_eq!(pairs(&ours), pairs(&slow), "{}: {name}", path.display());
                checked += 1;
            }
        }
        assert!(checked >= 12, "only {checked} sheets compared");
    }

    /// A name that began exactly one `TAIL` before the end of a chunk lost the `<` before it
    /// when the window moved on, and its range was dropped.
    #[test]
    fn a_name_at_the_window_limit_keeps_its_opener() {
        let mut xml = String::from("<worksheet><sheetData/><mergeCells><");
        let name_at = xml.len();
        xml.push_str(r#"mergeCell ref="A1:B2"/></mergeCells><extLst>"#);
        let tail = "</extLst></worksheet>";
        xml.push_str(&" ".repeat(name_at + TAIL - xml.len() - tail.len()));
        xml.push_str(tail);
        assert_eq!(xml.len() - TAIL, name_at);
        let found = scan(xml.as_bytes()).unwrap();
        assert_eq!(found.len(), 1);
    }

    /// However the inflater cuts the part into reads, `scan` finds the same ranges.
    #[test]
    fn chunk_borders_never_change_the_ranges() {
        /// Hands out the part in reads of varying sizes.
        struct Chunked<'a> {
            rest: &'a [u8],
            sizes: std::iter::Cycle<std::slice::Iter<'a, usize>>,
        }
        impl Read for Chunked<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = (*self.sizes.next().unwrap())
                    .min(buf.len())
                    .min(self.rest.len());
                buf[..n].copy_from_slice(&self.rest[..n]);
                self.rest = &self.rest[n..];
                Ok(n)
            }
        }
        let mut xml = String::from("<worksheet><sheetData/><mergeCells>");
        for i in 0..400u32 {
            let prefix = if i % 3 == 0 { "x:" } else { "" };
            let pad = " ".repeat((i as usize * 7) % 23);
            xml.push_str(&format!(
                "<{prefix}mergeCell{pad} ref=\"A{}:C{}\"/>",
                i + 1,
                i + 2
            ));
        }
        xml.push_str("</mergeCells></worksheet>");
        let whole = scan(xml.as_bytes()).unwrap();
        assert_eq!(whole.len(), 400);
        let sizes = [1, 7, 511, 512, 513, 4096, 65536, 300, 1000, 29];
        for skip in 0..sizes.len() {
            let part = Chunked {
                rest: xml.as_bytes(),
                sizes: sizes[skip..].iter().cycle(),
            };
            let chunked = scan(part).unwrap();
            let pairs = |d: &[Dimensions]| d.iter().map(|d| (d.start, d.end)).collect::<Vec<_>>();
            assert_eq!(pairs(&chunked), pairs(&whole), "reads starting {skip}");
        }
    }

    #[test]
    fn an_unreadable_range_defers_to_calamine() {
        assert!(scan(r#"<mergeCell ref="A1:??"/>"#.as_bytes()).is_none());
    }
}

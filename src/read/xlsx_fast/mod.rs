//! The fast way to read an .xlsx: each sheet part inflated once, its cells and merged ranges
//! taken from the same bytes, without calamine's XML parser (about 3,900 instructions a cell,
//! most of the reader's time).
//!
//! # Contract
//! `grids` returns `Some` only when it is certain that the calamine path would return `Ok`
//! with exactly these grids (cells, merges, `beyond`). On anything it does not fully
//! understand it returns `None`, and calamine reads the workbook as before. It never makes an
//! error of its own: a cell beyond Excel's limits, a workbook too large for `limits`, a part
//! that is missing all give `None`, and the calamine path words the error.
//!
//! # How
//! Every part is read as calamine 0.38 reads it (`Xlsx::new`, `worksheet_cells_reader`,
//! `next_cell_with_formula`): the same parts, found the same way, the same elements looked
//! at in the same order, ported event for event over `xml::Reader`, which yields quick-xml's
//! events for the documents it accepts and refuses the rest. The merged ranges are
//! `merges::scan`'s, as the calamine path takes them.
//!
//! Accepted: worksheets of number cells (plain decimals, with or without an exponent) and
//! shared-string cells, blank styled cells, any shared strings and number formats (dates
//! included). Refused, and so left to calamine: formulas, inline strings, booleans, error
//! cells, any other cell type or cell child, chartsheets, comments/CDATA/DOCTYPE in any part
//! read, other encodings than UTF-8, entity or name spellings that calamine and
//! `merges::by_sheet` might read differently, parts over `MAX_PART_BYTES`.

mod from_calamine;
#[cfg(test)]
mod tests;
mod xml;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Dimensions, ExcelDateTime, ExcelDateTimeType};

use self::from_calamine::{builtin_format_by_id, detect_custom_number_format, CellFormat};
use self::xml::{local_name, resolve_ref, Event, Reader};
use super::{cell::Cell, cell_from_data, merges, Grid, GridBuilder, Spent};

/// A part larger than this is left to calamine, which streams sheets: this path holds a whole
/// part in memory. Budget sheets are well under 1 MB.
const MAX_PART_BYTES: u64 = 32 << 20;

/// Every sheet of the workbook, read without calamine, or `None` where that is not certain
/// to give what calamine gives (see the module doc).
pub(super) fn grids(path: &Path, bytes: &[u8]) -> Option<Vec<Grid>> {
    let mut package = Package::open(bytes)?;
    let (xl_path, workbook_name) = office_document(&package.required("_rels/.rels")?)?;
    // Shared strings and styles are where calamine looks for them, whatever the relationships say.
    let strings = match package.optional(&format!("{xl_path}sharedStrings.xml"))? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let formats = match package.optional(&format!("{xl_path}styles.xml"))? {
        Some(xml) => cell_formats(&xml)?,
        None => Vec::new(),
    };
    let rels = package.required(&format!("{xl_path}_rels/{workbook_name}.rels"))?;
    let relationships = relationships(&rels)?;
    let xml = package.required(&format!("{xl_path}{workbook_name}"))?;
    let book = workbook(&xml, &relationships, &xl_path)?;
    let cx = Context {
        strings: &strings,
        formats: &formats,
        is_1904: book.is_1904,
    };
    let mut spent = Spent::default();
    let mut grids = Vec::with_capacity(book.sheets.len());
    for sheet in &book.sheets {
        let xml = package.required(&sheet.part)?;
        let merges = merges::scan_bytes(&xml)?;
        grids.push(sheet_grid(
            path,
            &sheet.name,
            &xml,
            &cx,
            merges,
            &mut spent,
        )?);
    }
    Some(grids)
}

/// The zip container, its parts looked up by name in any case, as calamine looks them up.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names by their lower-case form.
    names: HashMap<String, String>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Option<Package<'a>> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let mut names = HashMap::new();
        for name in zip.file_names() {
            let name = name.ok()?;
            // calamine reads `\` as `/`, and `merges::by_sheet` also drops a leading `/`: with
            // neither, and no two names alike but for case, both find the same part.
            if name.contains('\\') || name.starts_with('/') {
                return None;
            }
            if names
                .insert(name.to_ascii_lowercase(), name.into_owned())
                .is_some()
            {
                return None;
            }
        }
        Some(Package { zip, names })
    }

    /// A part calamine needs: `None` when it is missing or cannot be read whole.
    fn required(&mut self, path: &str) -> Option<Vec<u8>> {
        self.optional(path)?
    }

    /// A part calamine reads when it is there: `Some(None)` when it is not, `None` when it
    /// cannot be read whole (damaged, encrypted, over `MAX_PART_BYTES`).
    fn optional(&mut self, path: &str) -> Option<Option<Vec<u8>>> {
        let Some(name) = self.names.get(&path.to_ascii_lowercase()) else {
            return Some(None);
        };
        let mut entry = self.zip.by_name(name).ok()?;
        if entry.size() > MAX_PART_BYTES {
            return None;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).ok()?;
        Some(Some(bytes))
    }
}

/// Where the workbook part is, from the package relationships (calamine's
/// `read_package_relationships`): the folder (`xl/`) and the file name (`workbook.xml`).
fn office_document(xml: &[u8]) -> Option<(String, String)> {
    let mut target = None;
    each_relationship(xml, |r| {
        let is_document = r
            .attr("Type")
            .is_some_and(|t| t.ends_with("/relationships/officeDocument"));
        // Several, or one without a target: calamine and `merges::by_sheet` may disagree on
        // which part is the workbook.
        if is_document && target.replace(r.attr("Target")?).is_some() {
            return None;
        }
        Some(())
    })?;
    let target = target?;
    // `merges::by_sheet` drops every leading `/`, calamine one; it drops the file name of a
    // target ending in `/`, calamine keeps `workbook.xml`.
    if target.is_empty() || target.starts_with("//") || target.ends_with('/') {
        return None;
    }
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target),
    };
    Some((dir.trim_start_matches('/').to_string(), name.to_string()))
}

/// The workbook's relationships (calamine's `read_relationships`): id → (target, type).
fn relationships(xml: &[u8]) -> Option<HashMap<String, (String, String)>> {
    let mut found = HashMap::new();
    each_relationship(xml, |r| {
        let (id, target) = (r.attr("Id")?, r.attr("Target")?);
        let typ = r.attr("Type").unwrap_or_default();
        let twice = found
            .insert(id.to_string(), (target.to_string(), typ.to_string()))
            .is_some();
        (!twice).then_some(())
    })?;
    Some(found)
}

/// Calls `f` at every `<Relationship>` of a relationships part, its attributes plain; `None`
/// where the part or `f` gives up.
fn each_relationship<'a>(
    xml: &'a [u8],
    mut f: impl FnMut(&Reader<'a>) -> Option<()>,
) -> Option<()> {
    let mut r = Reader::new(xml)?;
    root(&mut r, "Relationships")?;
    loop {
        match r.next()? {
            Event::Start(name) if local_name(name) == "Relationship" => {
                plain_relationship(&r)?;
                f(&r)?;
            }
            // calamine stops at the first such end, `merges::by_sheet` reads on.
            Event::End(name) if local_name(name) == "Relationships" => {
                if r.depth() != 0 {
                    return None;
                }
                break;
            }
            Event::Eof => return None,
            _ => {}
        }
    }
    r.finish_blank()
}

/// The first element must be the root `name`: calamine skips to it, `merges::by_sheet` reads
/// every element of the part, and they agree only when nothing comes before it.
fn root(r: &mut Reader, name: &str) -> Option<()> {
    loop {
        match r.next()? {
            Event::Text(t) if t.bytes().all(xml::is_space) => {}
            Event::Start(n) if local_name(n) == name => return Some(()),
            _ => return None,
        }
    }
}

/// A relationship's attributes read the same raw (calamine) and normalised (`merges::by_sheet`,
/// by local name): no references, no tabs or line breaks, no prefixes.
fn plain_relationship(r: &Reader) -> Option<()> {
    r.attrs()
        .iter()
        .all(|(k, v)| {
            !k.contains(':') && !v.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\r' | b'\n'))
        })
        .then_some(())
}

/// The workbook part: its worksheets in order, and the date system.
struct Workbook {
    sheets: Vec<Sheet>,
    is_1904: bool,
}

/// A worksheet's name (as calamine's `sheet_names` gives it) and its part.
struct Sheet {
    name: String,
    part: String,
}

/// The workbook part, read as calamine's `read_workbook` reads it. Only worksheets are taken:
/// calamine cannot read a chartsheet's cells, and says so as an error.
fn workbook(
    xml: &[u8],
    relationships: &HashMap<String, (String, String)>,
    xl_path: &str,
) -> Option<Workbook> {
    let mut r = Reader::new(xml)?;
    let mut book = Workbook {
        sheets: Vec::new(),
        is_1904: false,
    };
    let mut names = HashSet::new();
    loop {
        match r.next()? {
            Event::Start(name) if local_name(name) == "sheet" => {
                let sheet = sheet(&r, relationships, xl_path)?;
                // calamine reads the first of two sheets with one name twice.
                if !names.insert(sheet.name.clone()) {
                    return None;
                }
                book.sheets.push(sheet);
            }
            Event::Start(name) if local_name(name) == "workbookPr" => {
                if let Some(v) = r.attr("date1904") {
                    book.is_1904 = v == "1" || v == "true";
                }
            }
            Event::Start(name) if local_name(name) == "definedName" && r.attr("name").is_some() => {
                defined_name(&mut r, name)?;
            }
            Event::End(name) if local_name(name) == "workbook" => break,
            Event::Eof => return None,
            _ => {}
        }
    }
    // `merges::by_sheet` reads the sheets of the whole part: nothing may follow the root.
    if r.depth() != 0 {
        return None;
    }
    r.finish_blank()?;
    Some(book)
}

/// One `<sheet>` element: its name, decoded as calamine's `decode_attr` does, and its part.
fn sheet(
    r: &Reader,
    relationships: &HashMap<String, (String, String)>,
    xl_path: &str,
) -> Option<Sheet> {
    let mut name = None;
    let mut rel_id = None;
    let mut locals = HashSet::new();
    for &(key, value) in r.attrs() {
        let local = local_name(key);
        // `merges::by_sheet` keys attributes by local name and normalises their values.
        if !locals.insert(local) || value.bytes().any(|b| matches!(b, b'\t' | b'\r' | b'\n')) {
            return None;
        }
        match key {
            "name" if !value.contains("&#") => {
                name = Some(quick_xml::escape::unescape(value).ok()?.into_owned())
            }
            "state" if matches!(value, "visible" | "hidden" | "veryHidden") => {}
            _ if local == "id" => rel_id = Some(value),
            _ if matches!(local, "name" | "state") => return None,
            _ => {}
        }
    }
    let (target, typ) = relationships.get(rel_id?)?;
    if typ.split('/').next_back() != Some("worksheet") || target.starts_with("//") {
        return None;
    }
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{xl_path}{target}"),
    };
    Some(Sheet { name: name?, part })
}

/// A defined name's text: calamine unescapes it and fails on a reference it cannot resolve.
/// `merges::by_sheet` would see a `<sheet>` inside it, calamine would not.
fn defined_name(r: &mut Reader, name: &str) -> Option<()> {
    loop {
        match r.next()? {
            Event::Ref(x) => {
                resolve_ref(x)?;
            }
            Event::Start(n) if local_name(n) == "sheet" => return None,
            Event::End(n) if n == name => return Some(()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The shared strings, read as calamine's `read_shared_strings` reads them.
fn shared_strings(xml: &[u8]) -> Option<Vec<String>> {
    let mut r = Reader::new(xml)?;
    loop {
        match r.next()? {
            Event::Start(name) if local_name(name) == "sst" => break,
            Event::Eof => return None,
            _ => {}
        }
    }
    let mut strings = Vec::new();
    loop {
        match r.next()? {
            Event::Start(name) if local_name(name) == "si" => {
                strings.push(string_item(&mut r, name)?)
            }
            Event::End(name) if local_name(name) == "sst" => return Some(strings),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// One `<si>` up to its end tag `closing` (calamine's `read_string_with_bufs`): the text of its
/// `<t>` elements, runs of rich text joined, phonetic runs (`<rPh>`) left out.
fn string_item(r: &mut Reader, closing: &str) -> Option<String> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        match r.next()? {
            Event::Start(n) if local_name(n) == "r" && rich.is_none() => rich = Some(String::new()),
            Event::Start(n) if local_name(n) == "rPh" => phonetic = true,
            Event::End(n) if n == closing => return Some(rich.unwrap_or_default()),
            Event::End(n) if local_name(n) == "rPh" => phonetic = false,
            Event::Start(n) if local_name(n) == "t" && !phonetic => {
                let preserve = r.attr("xml:space") == Some("preserve");
                let text = element_text(r, n)?;
                let text = if preserve {
                    &*text
                } else {
                    // ASCII whitespace only: a no-break space stays.
                    text.trim_matches([' ', '\t', '\r', '\n'])
                };
                let text = from_calamine::unescape_xml(text);
                match &mut rich {
                    Some(s) => s.push_str(&text),
                    None => rich = Some(text.into_owned()),
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The text of an element up to its end tag, line ends normalised and references resolved as
/// calamine collects it (`xml10_content`, `unescape_entity_to_buffer`); borrowed from the part
/// when it is one plain text.
fn element_text<'a>(r: &mut Reader<'a>, name: &str) -> Option<Cow<'a, str>> {
    let mut value = Cow::Borrowed("");
    loop {
        match r.next()? {
            Event::Text(t) => {
                let text = quick_xml::events::BytesText::from_escaped(t).xml10_content();
                if value.is_empty() {
                    value = text;
                } else {
                    value.to_mut().push_str(&text);
                }
            }
            Event::Ref(x) => value.to_mut().push(resolve_ref(x)?),
            Event::End(n) if n == name => return Some(value),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// What each cell style (`<cellXfs>`' `<xf>`s, by the cells' `s`) makes of a number, read as
/// calamine's `read_styles` reads the part: it consumes fonts, fills and borders whole, so their
/// ends are found here as there.
fn cell_formats(xml: &[u8]) -> Option<Vec<CellFormat>> {
    let mut r = Reader::new(xml)?;
    let mut number_formats: HashMap<&str, String> = HashMap::new();
    let mut formats = Vec::new();
    loop {
        match r.next()? {
            Event::Start(n) if local_name(n) == "numFmts" => loop {
                match r.next()? {
                    Event::Start(n) if local_name(n) == "numFmt" => {
                        if let (Some(id), Some(code)) = (r.attr("numFmtId"), r.attr("formatCode")) {
                            let code = quick_xml::escape::unescape(code).ok()?;
                            number_formats.insert(id, code.into_owned());
                        }
                    }
                    Event::End(n) if local_name(n) == "numFmts" => break,
                    Event::Eof => return None,
                    _ => {}
                }
            },
            Event::Start(n) if local_name(n) == "fonts" => items(&mut r, "fonts", "font")?,
            Event::Start(n) if local_name(n) == "fills" => items(&mut r, "fills", "fill")?,
            Event::Start(n) if local_name(n) == "borders" => borders(&mut r)?,
            Event::Start(n) if local_name(n) == "cellXfs" => loop {
                match r.next()? {
                    Event::Start(n) if local_name(n) == "xf" => {
                        formats.push(match r.attr("numFmtId") {
                            None => CellFormat::Other,
                            Some(id) => match number_formats.get(id) {
                                Some(code) => detect_custom_number_format(code),
                                None => builtin_format_by_id(id),
                            },
                        });
                        skip_to_end(&mut r, "xf")?;
                    }
                    Event::End(n) if local_name(n) == "cellXfs" => break,
                    Event::Eof => return None,
                    _ => {}
                }
            },
            Event::End(n) if local_name(n) == "styleSheet" => return Some(formats),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A list such as `<fonts>`, each `item` consumed to its end as calamine's parser for it does.
fn items(r: &mut Reader, list: &str, item: &str) -> Option<()> {
    loop {
        match r.next()? {
            Event::Start(n) if local_name(n) == item => skip_to_end(r, item)?,
            Event::End(n) if local_name(n) == list => return Some(()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// `<borders>`: each `<border>` read as calamine's `parse_border` reads it, each side to its
/// own end.
fn borders(r: &mut Reader) -> Option<()> {
    loop {
        match r.next()? {
            Event::Start(n) if local_name(n) == "border" => loop {
                match r.next()? {
                    Event::Start(n) => {
                        let side = local_name(n);
                        if matches!(side, "left" | "right" | "top" | "bottom" | "diagonal") {
                            skip_to_end(r, side)?;
                        }
                    }
                    Event::End(n) if local_name(n) == "border" => break,
                    Event::Eof => return None,
                    _ => {}
                }
            },
            Event::End(n) if local_name(n) == "borders" => return Some(()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Reads up to the first end tag with this local name.
fn skip_to_end(r: &mut Reader, local: &str) -> Option<()> {
    loop {
        match r.next()? {
            Event::End(n) if local_name(n) == local => return Some(()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// What a cell's value needs from the rest of the workbook.
struct Context<'a> {
    strings: &'a [String],
    formats: &'a [CellFormat],
    is_1904: bool,
}

/// One worksheet, read as `read::xlsx_sheet_grid` reads it through calamine's cell reader:
/// positions, values, and `GridBuilder`'s limits the same (any limit reached gives `None`).
fn sheet_grid(
    path: &Path,
    name: &str,
    xml: &[u8],
    cx: &Context,
    merges: Vec<Dimensions>,
    spent: &mut Spent,
) -> Option<Grid> {
    let mut r = Reader::new(xml)?;
    // calamine's `XlsxCellReader::new`: up to `<sheetData>`, reading `<dimension>` on the way.
    loop {
        match r.next()? {
            Event::Start(n) if local_name(n) == "dimension" => dimension(r.attr("ref")?)?,
            Event::Start(n) if local_name(n) == "sheetData" => break,
            Event::Eof => return None,
            _ => {}
        }
    }
    let mut grid = GridBuilder::new(path, name);
    // Where a cell without `r` is: calamine counts rows by their end tags, cells within a row.
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        match r.next()? {
            Event::Start(n) => match local_name(n) {
                "row" => {
                    if let Some(v) = r.attr("r") {
                        row = reference(v)?.0;
                    }
                }
                "c" => {
                    let (mut at, mut style, mut typ) = (None, None, None);
                    for &(key, value) in r.attrs() {
                        match key {
                            "r" => at = Some(value),
                            "s" => style = Some(value),
                            "t" => typ = Some(value),
                            _ => {}
                        }
                    }
                    let pos = match at {
                        Some(v) => {
                            let pos = cell_position(v)?;
                            col = pos.1;
                            pos
                        }
                        None => (row, col),
                    };
                    let value = match r.only_v_text() {
                        Some(text) => v_value(text, cx, style, typ)?,
                        None => cell_value(&mut r, cx, style, typ)?,
                    };
                    col = col.checked_add(1)?;
                    grid.check(spent, pos).ok()?;
                    if !value.is_empty() {
                        grid.put(spent, pos, value).ok()?;
                        if grid.overflowing() {
                            break;
                        }
                    }
                }
                _ => {}
            },
            Event::End(n) => match local_name(n) {
                "row" => {
                    row = row.checked_add(1)?;
                    col = 0;
                }
                "sheetData" => break,
                _ => {}
            },
            Event::Eof => return None,
            _ => {}
        }
    }
    grid.finish(merges).ok()
}

/// A `<c>` element's value, up to its end tag (calamine's `read_value` and `read_v`): `None`
/// for a formula, an inline string or any type but a number or a shared string.
fn cell_value(
    r: &mut Reader,
    cx: &Context,
    style: Option<&str>,
    typ: Option<&str>,
) -> Option<Cell> {
    let mut value = Cell::Empty;
    loop {
        match r.next()? {
            Event::Start(n) if local_name(n) == "v" => value = cell_v(r, n, cx, style, typ)?,
            // A formula (its messages are calamine's), `<is>`, or what calamine refuses.
            Event::Start(_) | Event::Eof => return None,
            Event::End(n) if local_name(n) == "c" => return Some(value),
            _ => {}
        }
    }
}

/// A `<v>` element, up to its end tag.
fn cell_v(
    r: &mut Reader,
    name: &str,
    cx: &Context,
    style: Option<&str>,
    typ: Option<&str>,
) -> Option<Cell> {
    if !matches!(typ, None | Some("n") | Some("s")) {
        return None;
    }
    let text = match r.next()? {
        Event::Text(t) => t,
        Event::End(n) if n == name => return Some(Cell::Empty),
        _ => return None,
    };
    if r.next()? != Event::End(name) {
        return None;
    }
    v_value(text, cx, style, typ)
}

/// The value of a cell whose `<v>` holds `text`: a number (no type or `n`) or a shared string
/// (`s`); `None` for any other type.
fn v_value(text: &str, cx: &Context, style: Option<&str>, typ: Option<&str>) -> Option<Cell> {
    match typ {
        None | Some("n") => number(text, style, cx),
        Some("s") => Some(Cell::Text(cx.strings.get(index(text)?)?.clone())),
        _ => None,
    }
}

/// A number cell, as `read::cell_from_data` makes it of what calamine reads: a date when its
/// style's number format is one (no `s`: general; `s` beyond the styles: a plain number).
fn number(text: &str, style: Option<&str>, cx: &Context) -> Option<Cell> {
    let f = plain_number(text)?;
    let format = match style {
        None => Some(&CellFormat::Other),
        Some(s) => cx.formats.get(index(s)?),
    };
    let data = match format {
        Some(CellFormat::DateTime) => Data::DateTime(ExcelDateTime::new(
            f,
            ExcelDateTimeType::DateTime,
            cx.is_1904,
        )),
        Some(CellFormat::TimeDelta) => Data::DateTime(ExcelDateTime::new(
            f,
            ExcelDateTimeType::TimeDelta,
            cx.is_1904,
        )),
        _ => Data::Float(f),
    };
    Some(cell_from_data(&data))
}

/// A decimal `-?digits[.digits][e±digits]`, as any correctly rounding parser (calamine's
/// `fast_float2`, Rust's own) reads it. Other spellings calamine reads differently by type
/// (text without `t`, an error with `t="n"`): left to it.
fn plain_number(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    if !digits(&mut i) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// An index (a style, a shared string) in plain digits, as calamine's `atoi_simd` reads it.
fn index(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let plain = !b.is_empty()
        && b.len() <= 9
        && b.iter().all(u8::is_ascii_digit)
        && (b[0] != b'0' || b.len() == 1);
    plain.then(|| text.parse().ok()).flatten()
}

/// A reference `A1` or `1` as calamine's `get_row_and_optional_column` reads it: the 0-based
/// row, and the column when there is one. `None` where calamine fails or where its arithmetic
/// could overflow (more than 3 letters or 7 digits: far beyond Excel's limits anyway).
fn reference(text: &str) -> Option<(u32, Option<u32>)> {
    let (mut row, mut col) = (0u32, 0u32);
    let (mut letters, mut digits) = (0, 0);
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' if digits == 0 && letters < 3 => {
                col = col * 26 + u32::from((b | 0x20) - b'a') + 1;
                letters += 1;
            }
            b'0'..=b'9' if digits < 7 => {
                row = row * 10 + u32::from(b - b'0');
                digits += 1;
            }
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

/// A cell's `r`: calamine's `get_row_column`, which needs the column.
fn cell_position(text: &str) -> Option<(u32, u32)> {
    match reference(text)? {
        (row, Some(col)) => Some((row, col)),
        (_, None) => None,
    }
}

/// `<dimension ref>` as calamine's `get_dimension` checks it. A range whose end comes before its
/// start is refused: calamine's subtraction panics on it in a debug build and wraps in release.
fn dimension(text: &str) -> Option<()> {
    let parts = text
        .split(':')
        .map(cell_position)
        .collect::<Option<Vec<_>>>()?;
    match parts[..] {
        [_] => Some(()),
        [(r0, c0), (r1, c1)] if r1 >= r0 && c1 >= c0 => Some(()),
        _ => None,
    }
}

//! SpreadsheetML, written in one pass: the few parts and elements the 预算表 workbook uses,
//! each written once in the schema's order, and the package around them (ECMA-376 Part 1
//! and 2). The model is `wml`, the document's writer.
//!
//! Cell formats are a fixed list ([`Xf`]) given once per workbook: a cell names its format by
//! its index in that list, nothing is compared or hashed per cell. Cells are kept in a grid of
//! rows as they are written (a later write replaces an earlier one, as a spreadsheet does);
//! each sheet's XML is then written row by row straight into a `String`, texts as shared
//! strings (each distinct text once, in the order first written), numbers as the exact text
//! of their `Decimal`, and the parts are deflated into the package.
//!
//! What goes where is `render::xlsx`'s business; this module knows nothing of budgets. Text
//! and attribute values are escaped here and nowhere else, including the characters XML
//! cannot hold at all (control characters), which are written as Excel's `_xHHHH_` escapes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Cursor, Write};

use rust_decimal::Decimal;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Excel's limits: rows, columns, characters (UTF-16 units) in a cell.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLUMNS: u16 = 16_384;
pub const MAX_TEXT: usize = 32_767;

/// What cannot be written. Each is a bug in the layout or text too long for Excel.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("row or column beyond Excel's 1,048,576 × 16,384")]
    Limit,
    #[error("text longer than Excel's 32,767 characters")]
    TextTooLong,
    #[error("a merged range of one cell")]
    MergeOneCell,
    #[error("a range whose first row or column comes after its last")]
    Order,
    #[error("merged range {0} overlaps merged range {1}")]
    MergeOverlaps(String, String),
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
}

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ---------------------------------------------------------------------------------------------
// Escaping.

/// Appends `text` as element content: `&`, `<`, `>` as entities, and the characters XML 1.0
/// cannot hold (controls other than tab and line feed, U+FFFE, U+FFFF) as `_xHHHH_`, which
/// Excel reads back as the character.
pub fn escape_data(out: &mut String, text: &str) {
    escape(out, text, false);
}

/// As [`escape_data`], and text that already looks like such an escape keeps its underscore
/// (`_x0041_` is written `_x005F_x0041_`), so a cell reads back exactly as written.
pub fn escape_cell_text(out: &mut String, text: &str) {
    escape(out, text, true);
}

fn escape(out: &mut String, text: &str, cell: bool) {
    let bytes = text.as_bytes();
    // Text up to `done` is in `out`.
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (with, len): (&str, usize) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b @ (0..=0x08 | 0x0b..=0x1f) => (CONTROL_ESCAPES[b as usize], 1),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            0xef if bytes.get(i + 1) == Some(&0xbf) && bytes.get(i + 2) == Some(&0xbe) => {
                ("_xFFFE_", 3)
            }
            0xef if bytes.get(i + 1) == Some(&0xbf) && bytes.get(i + 2) == Some(&0xbf) => {
                ("_xFFFF_", 3)
            }
            // `_x005F` before the underscore, which then follows as it is.
            b'_' if cell && looks_escaped(&bytes[i..]) => ("_x005F", 0),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[done..i]);
        out.push_str(with);
        if len == 0 {
            // The underscore goes with the text that follows.
            done = i;
            i += 1;
        } else {
            i += len;
            done = i;
        }
    }
    out.push_str(&text[done..]);
}

/// `_xHHHH_` at the start of `bytes`.
fn looks_escaped(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

/// `_xHHHH_` for each control character (tab and line feed are never looked up).
const CONTROL_ESCAPES: [&str; 32] = [
    "_x0000_", "_x0001_", "_x0002_", "_x0003_", "_x0004_", "_x0005_", "_x0006_", "_x0007_",
    "_x0008_", "\t", "\n", "_x000B_", "_x000C_", "_x000D_", "_x000E_", "_x000F_", "_x0010_",
    "_x0011_", "_x0012_", "_x0013_", "_x0014_", "_x0015_", "_x0016_", "_x0017_", "_x0018_",
    "_x0019_", "_x001A_", "_x001B_", "_x001C_", "_x001D_", "_x001E_", "_x001F_",
];

/// Appends `text` escaped for a double-quoted attribute value.
pub fn escape_attribute(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers and references, written without `fmt`.

/// Appends `n` in decimal.
pub fn push_u32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// Appends the exact value of `v`, normalised: no trailing zeros after the point, no point
/// for a whole number, `0` for zero (of either sign). No `f64` on the way.
pub fn push_decimal(out: &mut String, v: Decimal) {
    // A Decimal's mantissa has at most 29 digits.
    let mut buf = [0u8; 40];
    let len = digits_reversed(v.mantissa().unsigned_abs(), &mut buf);
    // No trailing zeros after the point: here they come first.
    let mut scale = v.scale() as usize;
    let mut zeros = 0;
    while scale > 0 && zeros < len && buf[zeros] == b'0' {
        zeros += 1;
        scale -= 1;
    }
    if zeros == len {
        // The mantissa is zero.
        out.push('0');
        return;
    }
    if v.mantissa() < 0 {
        out.push('-');
    }
    let digits = &mut buf[zeros..len];
    digits.reverse();
    let digits = std::str::from_utf8(digits).unwrap_or_default();
    if digits.len() > scale {
        let (whole, frac) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
    } else {
        out.push_str("0.");
        for _ in digits.len()..scale {
            out.push('0');
        }
        out.push_str(digits);
    }
}

/// Writes the decimal digits of `u` into `buf`, least significant first, as ASCII; returns
/// how many (none for zero). In 64 bits where `u` fits, as every budget figure does: 128-bit
/// division, a call for each digit, was most of the time of writing a figure.
pub fn digits_reversed(u: u128, buf: &mut [u8; 40]) -> usize {
    let mut len = 0;
    match u64::try_from(u) {
        Ok(mut u) => {
            while u > 0 {
                buf[len] = b'0' + (u % 10) as u8;
                u /= 10;
                len += 1;
            }
        }
        Err(_) => {
            let mut u = u;
            while u > 0 {
                buf[len] = b'0' + (u % 10) as u8;
                u /= 10;
                len += 1;
            }
        }
    }
    len
}

/// Appends a 0-based column's letters (A … XFD).
pub fn push_column(out: &mut String, c: u16) {
    let c = u32::from(c);
    let letter = |n: u32| char::from(b'A' + n as u8);
    if c >= 702 {
        out.push(letter((c - 702) / 676));
    }
    if c >= 26 {
        out.push(letter(((c - 26) / 26) % 26));
    }
    out.push(letter(c % 26));
}

/// Appends an A1 reference to the 0-based cell.
fn push_cell_ref(out: &mut String, r: u32, c: u16) {
    push_column(out, c);
    push_u32(out, r + 1);
}

fn cell_ref(r: u32, c: u16) -> String {
    let mut s = String::new();
    push_cell_ref(&mut s, r, c);
    s
}

/// A height in pixels as points (3/4 point a pixel): `27` is `20.25`.
fn push_pixels_as_points(out: &mut String, px: u32) {
    let quarters = px * 3;
    push_u32(out, quarters / 4);
    out.push_str(match quarters % 4 {
        1 => ".25",
        2 => ".5",
        3 => ".75",
        _ => "",
    });
}

// ---------------------------------------------------------------------------------------------
// Cell formats.

/// A font: its name, size in points, and whether bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Font {
    pub name: &'static str,
    pub size: u8,
    pub bold: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizontal {
    General,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vertical {
    Bottom,
    Center,
    Top,
}

/// A cell format: one entry of the workbook's `cellXfs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Xf {
    pub font: Font,
    /// A number format code (`0.00`); `None` is General.
    pub number_format: Option<&'static str>,
    /// Thin black lines on all four sides.
    pub border: bool,
    pub horizontal: Horizontal,
    pub vertical: Vertical,
    pub indent: u8,
    pub wrap: bool,
}

/// The index in `cellXfs` of a workbook's format: the position in the list given to
/// [`Workbook::package`] plus one (index 0 is the default format).
pub type StyleId = u16;

/// The styles part: the default font and format, then `xfs` as `cellXfs` 1, 2, …
fn styles_xml(xfs: &[Xf]) -> String {
    let mut fonts: Vec<Font> = Vec::new();
    let mut formats: Vec<&'static str> = Vec::new();
    for xf in xfs {
        if !fonts.contains(&xf.font) {
            fonts.push(xf.font);
        }
        if let Some(f) = xf.number_format {
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
    }
    let mut s = String::with_capacity(4096);
    s.push_str(DECLARATION);
    let _ = write!(s, r#"<styleSheet xmlns="{MAIN_NS}">"#);
    if !formats.is_empty() {
        let _ = write!(s, r#"<numFmts count="{}">"#, formats.len());
        for (i, f) in formats.iter().enumerate() {
            let _ = write!(s, r#"<numFmt numFmtId="{}" formatCode=""#, 164 + i);
            escape_attribute(&mut s, f);
            s.push_str(r#""/>"#);
        }
        s.push_str("</numFmts>");
    }
    let _ = write!(s, r#"<fonts count="{}">"#, fonts.len() + 1);
    s.push_str(r#"<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>"#);
    for f in &fonts {
        s.push_str("<font>");
        if f.bold {
            s.push_str("<b/>");
        }
        let _ = write!(s, r#"<sz val="{}"/><color theme="1"/><name val=""#, f.size);
        escape_attribute(&mut s, f.name);
        s.push_str(r#""/><family val="2"/></font>"#);
    }
    s.push_str("</fonts>");
    s.push_str(r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#);
    s.push_str(
        r#"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>"#,
    );
    for side in ["left", "right", "top", "bottom"] {
        let _ = write!(s, r#"<{side} style="thin"><color auto="1"/></{side}>"#);
    }
    s.push_str("<diagonal/></border></borders>");
    s.push_str(r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
    let _ = write!(
        s,
        r#"<cellXfs count="{}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
        xfs.len() + 1
    );
    for xf in xfs {
        let number = xf
            .number_format
            .and_then(|f| formats.iter().position(|x| *x == f))
            .map_or(0, |i| 164 + i);
        let font = fonts.iter().position(|f| *f == xf.font).unwrap_or(0) + 1;
        let border = usize::from(xf.border);
        let _ = write!(
            s,
            r#"<xf numFmtId="{number}" fontId="{font}" fillId="0" borderId="{border}" xfId="0""#
        );
        if number != 0 {
            s.push_str(r#" applyNumberFormat="1""#);
        }
        s.push_str(r#" applyFont="1""#);
        if xf.border {
            s.push_str(r#" applyBorder="1""#);
        }
        // An indent needs an explicit horizontal alignment.
        let horizontal = match (xf.horizontal, xf.indent) {
            (Horizontal::General, 1..) => Horizontal::Left,
            (h, _) => h,
        };
        let aligned = horizontal != Horizontal::General
            || xf.vertical != Vertical::Bottom
            || xf.wrap
            || xf.indent > 0;
        if aligned {
            s.push_str(r#" applyAlignment="1"><alignment"#);
            match horizontal {
                Horizontal::General => {}
                Horizontal::Left => s.push_str(r#" horizontal="left""#),
                Horizontal::Center => s.push_str(r#" horizontal="center""#),
                Horizontal::Right => s.push_str(r#" horizontal="right""#),
            }
            match xf.vertical {
                Vertical::Bottom => {}
                Vertical::Center => s.push_str(r#" vertical="center""#),
                Vertical::Top => s.push_str(r#" vertical="top""#),
            }
            if xf.indent > 0 {
                let _ = write!(s, r#" indent="{}""#, xf.indent);
            }
            if xf.wrap {
                s.push_str(r#" wrapText="1""#);
            }
            s.push_str("/></xf>");
        } else {
            s.push_str("/>");
        }
    }
    s.push_str("</cellXfs>");
    s.push_str(
        r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    );
    s.push_str(r#"<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>"#);
    s
}

// ---------------------------------------------------------------------------------------------
// Shared strings.

/// The shared strings: each distinct text once, numbered in the order first written, its
/// `<si>` written at once.
#[derive(Debug, Default)]
pub struct Strings {
    index: HashMap<String, u32>,
    xml: String,
}

impl Strings {
    /// The number of `text`, added if new.
    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.index.get(text) {
            return n;
        }
        let n = self.index.len() as u32;
        let ws = ['\t', '\n', ' '];
        self.xml
            .push_str(if text.starts_with(ws) || text.ends_with(ws) {
                r#"<si><t xml:space="preserve">"#
            } else {
                "<si><t>"
            });
        escape_cell_text(&mut self.xml, text);
        self.xml.push_str("</t></si>");
        self.index.insert(text.to_owned(), n);
        n
    }
}

// ---------------------------------------------------------------------------------------------
// Worksheets.

#[derive(Debug, Clone, Copy, Default)]
enum Value {
    #[default]
    None,
    Blank,
    Number(Decimal),
    Text(u32),
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    value: Value,
    style: StyleId,
    /// Inside a merged range.
    merged: bool,
}

#[derive(Debug, Clone, Default)]
struct Row {
    cells: Vec<Cell>,
    /// Height in pixels, if set.
    height: Option<u32>,
}

/// How a sheet prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// `paperSize` (9 is A4).
    pub paper: u8,
    pub landscape: bool,
    /// Fit to one page wide (and as many tall as it takes); else `scale` applies.
    pub fit_to_width: bool,
    /// Percent.
    pub scale: u16,
    /// Pages across before down (when a sheet is more than one page wide).
    pub over_then_down: bool,
    pub center_horizontally: bool,
    /// Inches: left, right, top, bottom, header, footer.
    pub margins: [f64; 6],
    /// The footer's text, with its `&C`, `&P`, `&N` codes.
    pub footer: String,
    /// Rows repeated at the top of every page (0-based, inclusive).
    pub repeat_rows: Option<(u32, u32)>,
    /// Columns repeated at the left of every page (0-based, inclusive).
    pub repeat_columns: Option<(u16, u16)>,
}

impl Default for Page {
    fn default() -> Page {
        Page {
            paper: 0,
            landscape: false,
            fit_to_width: false,
            scale: 100,
            over_then_down: false,
            center_horizontally: false,
            margins: [0.7, 0.7, 0.75, 0.75, 0.3, 0.3],
            footer: String::new(),
            repeat_rows: None,
            repeat_columns: None,
        }
    }
}

/// One sheet's cells, merged ranges, sizes and print setup, until it is written.
#[derive(Debug, Default)]
pub struct Worksheet {
    name: String,
    rows: Vec<Row>,
    /// Widths in pixels, by column.
    widths: Vec<Option<u32>>,
    merges: Vec<(u32, u16, u32, u16)>,
    pub page: Page,
    /// The most cells a row has held: a new row is given room for as many at once, rather
    /// than growing cell by cell.
    widest: usize,
}

/// The default column width (8.43 characters) and row height (15 points), in pixels.
const DEFAULT_WIDTH_PX: u32 = 64;
const DEFAULT_HEIGHT_PX: u32 = 20;
/// Excel's widest column, 255 characters, in pixels.
const MAX_WIDTH_PX: u32 = 255 * 7 + 5;

impl Worksheet {
    fn cell(&mut self, r: u32, c: u16) -> Result<&mut Cell, Error> {
        if r >= MAX_ROWS || c >= MAX_COLUMNS {
            return Err(Error::Limit);
        }
        let (r, c) = (r as usize, c as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Row::default);
        }
        let row = &mut self.rows[r];
        if row.cells.len() <= c {
            if row.cells.capacity() == 0 {
                row.cells.reserve_exact(self.widest.max(c + 1));
            }
            row.cells.resize(c + 1, Cell::default());
            self.widest = self.widest.max(c + 1);
        }
        Ok(&mut row.cells[c])
    }

    fn put(&mut self, r: u32, c: u16, value: Value, style: StyleId) -> Result<(), Error> {
        let cell = self.cell(r, c)?;
        cell.value = value;
        cell.style = style;
        Ok(())
    }

    /// A text cell; an empty text is a blank cell in the format.
    ///
    /// # Errors
    /// Beyond the sheet's limits, or longer than Excel allows.
    pub fn text(
        &mut self,
        strings: &mut Strings,
        r: u32,
        c: u16,
        text: &str,
        style: StyleId,
    ) -> Result<(), Error> {
        if text.is_empty() {
            return self.blank(r, c, style);
        }
        // UTF-8 never has fewer bytes than UTF-16 has units.
        if text.len() > MAX_TEXT && text.encode_utf16().count() > MAX_TEXT {
            return Err(Error::TextTooLong);
        }
        // The place first, so that nothing is added for a cell that cannot be.
        self.cell(r, c)?;
        let n = strings.number(text);
        self.put(r, c, Value::Text(n), style)
    }

    /// A number cell, its value exactly the `Decimal`'s.
    ///
    /// # Errors
    /// Beyond the sheet's limits.
    pub fn number(&mut self, r: u32, c: u16, v: Decimal, style: StyleId) -> Result<(), Error> {
        self.put(r, c, Value::Number(v), style)
    }

    /// A cell with a format and no value.
    ///
    /// # Errors
    /// Beyond the sheet's limits.
    pub fn blank(&mut self, r: u32, c: u16, style: StyleId) -> Result<(), Error> {
        self.put(r, c, Value::Blank, style)
    }

    /// Merges a range (0-based, inclusive): `text` in its first cell, every other cell blank in
    /// the same format, so that borders print all round.
    ///
    /// # Errors
    /// A range of one cell, backwards, beyond the limits, or over another merged range.
    pub fn merge(
        &mut self,
        strings: &mut Strings,
        (r1, c1, r2, c2): (u32, u16, u32, u16),
        text: &str,
        style: StyleId,
    ) -> Result<(), Error> {
        if r2 >= MAX_ROWS || c2 >= MAX_COLUMNS {
            return Err(Error::Limit);
        }
        if r1 > r2 || c1 > c2 {
            return Err(Error::Order);
        }
        if (r1, c1) == (r2, c2) {
            return Err(Error::MergeOneCell);
        }
        for r in r1..=r2 {
            for c in c1..=c2 {
                if self.cell(r, c)?.merged {
                    let range = |(a, b, c, d): (u32, u16, u32, u16)| {
                        format!("{}:{}", cell_ref(a, b), cell_ref(c, d))
                    };
                    let other = self
                        .merges
                        .iter()
                        .find(|m| m.0 <= r && r <= m.2 && m.1 <= c && c <= m.3)
                        .copied()
                        .unwrap_or((r, c, r, c));
                    return Err(Error::MergeOverlaps(range((r1, c1, r2, c2)), range(other)));
                }
            }
        }
        self.text(strings, r1, c1, text, style)?;
        for r in r1..=r2 {
            for c in c1..=c2 {
                if (r, c) != (r1, c1) {
                    self.blank(r, c, style)?;
                }
                self.cell(r, c)?.merged = true;
            }
        }
        self.merges.push((r1, c1, r2, c2));
        Ok(())
    }

    /// A column's width in characters of the default font, as Excel stores it: whole pixels,
    /// 7 a character plus 5 of padding.
    pub fn set_width(&mut self, c: u16, width: f64) {
        let px = if width <= 0.0 {
            0
        } else if width < 1.0 {
            (width * 12.0).round() as u32
        } else {
            (width * 7.0).round() as u32 + 5
        };
        let c = c as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, None);
        }
        self.widths[c] = Some(px.min(MAX_WIDTH_PX));
    }

    /// A row's height in points, as Excel stores it: whole pixels, 4/3 a point.
    ///
    /// # Errors
    /// Beyond the sheet's limits.
    pub fn set_height(&mut self, r: u32, points: f64) -> Result<(), Error> {
        if r >= MAX_ROWS {
            return Err(Error::Limit);
        }
        let px = (points * 4.0 / 3.0).round() as u32;
        let r = r as usize;
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Row::default);
        }
        self.rows[r].height = Some(px);
        Ok(())
    }

    /// The used range: rows with cells or a height, columns with cells.
    fn dimension(&self) -> String {
        let (mut rows, mut columns) = ((usize::MAX, 0), (usize::MAX, 0));
        for (r, row) in self.rows.iter().enumerate() {
            let mut used = row.height.is_some();
            for (c, cell) in row.cells.iter().enumerate() {
                if cell.is_set() {
                    used = true;
                    columns = (columns.0.min(c), columns.1.max(c));
                }
            }
            if used {
                rows = (rows.0.min(r), rows.1.max(r));
            }
        }
        if rows.0 == usize::MAX {
            return "A1".into();
        }
        let first_column = if columns.0 == usize::MAX {
            0
        } else {
            columns.0
        };
        let first = cell_ref(rows.0 as u32, first_column as u16);
        let last = cell_ref(rows.1 as u32, columns.1 as u16);
        if first == last {
            first
        } else {
            format!("{first}:{last}")
        }
    }

    /// Writes the sheet's part; returns how many cells refer to a shared string.
    fn write(&self, out: &mut String, selected: bool) -> u32 {
        out.push_str(DECLARATION);
        let _ = write!(out, r#"<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">"#);
        let page = &self.page;
        if page.fit_to_width {
            out.push_str(r#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#);
        }
        out.push_str(r#"<dimension ref=""#);
        out.push_str(&self.dimension());
        out.push_str(r#""/><sheetViews><sheetView "#);
        if selected {
            out.push_str(r#"tabSelected="1" "#);
        }
        out.push_str(r#"workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#);
        self.write_columns(out);
        let strings = self.write_rows(out);
        if !self.merges.is_empty() {
            out.push_str(r#"<mergeCells count=""#);
            push_u32(out, self.merges.len() as u32);
            out.push_str(r#"">"#);
            for &(r1, c1, r2, c2) in &self.merges {
                out.push_str(r#"<mergeCell ref=""#);
                push_cell_ref(out, r1, c1);
                out.push(':');
                push_cell_ref(out, r2, c2);
                out.push_str(r#""/>"#);
            }
            out.push_str("</mergeCells>");
        }
        if page.center_horizontally {
            out.push_str(r#"<printOptions horizontalCentered="1"/>"#);
        }
        let [left, right, top, bottom, header, footer] = page.margins;
        let _ = write!(
            out,
            r#"<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" header="{header}" footer="{footer}"/>"#
        );
        out.push_str("<pageSetup");
        if page.paper > 0 {
            let _ = write!(out, r#" paperSize="{}""#, page.paper);
        }
        if page.scale != 100 {
            let _ = write!(out, r#" scale="{}""#, page.scale);
        }
        if page.fit_to_width {
            // One page wide (the default of `fitToWidth`), as many tall as it takes.
            out.push_str(r#" fitToHeight="0""#);
        }
        if page.over_then_down {
            out.push_str(r#" pageOrder="overThenDown""#);
        }
        out.push_str(if page.landscape {
            r#" orientation="landscape""#
        } else {
            r#" orientation="portrait""#
        });
        out.push_str(r#" horizontalDpi="200" verticalDpi="200"/>"#);
        if !page.footer.is_empty() {
            out.push_str("<headerFooter><oddFooter>");
            escape_data(out, &page.footer);
            out.push_str("</oddFooter></headerFooter>");
        }
        out.push_str("</worksheet>");
        strings
    }

    /// `<cols>`: each run of adjacent columns of one width as one element.
    fn write_columns(&self, out: &mut String) {
        let set: Vec<(usize, u32)> = self
            .widths
            .iter()
            .enumerate()
            .filter_map(|(c, w)| w.map(|w| (c, w)))
            .collect();
        if set.is_empty() {
            return;
        }
        out.push_str("<cols>");
        let mut i = 0;
        while i < set.len() {
            let (first, px) = set[i];
            let mut last = first;
            while i + 1 < set.len() && set[i + 1] == (last + 1, px) {
                i += 1;
                last += 1;
            }
            // The width in characters, to 1/256 of one, as Excel writes it.
            let width = f64::from(px * 256 / 7) / 256.0;
            let _ = write!(
                out,
                r#"<col min="{}" max="{}" width="{width}""#,
                first + 1,
                last + 1
            );
            if px != DEFAULT_WIDTH_PX {
                out.push_str(r#" customWidth="1""#);
            }
            out.push_str("/>");
            i += 1;
        }
        out.push_str("</cols>");
    }

    /// `<sheetData>`; returns how many cells refer to a shared string.
    fn write_rows(&self, out: &mut String) -> u32 {
        let mut strings = 0;
        out.push_str("<sheetData>");
        for (r, row) in self.rows.iter().enumerate() {
            let has_cells = row.cells.iter().any(Cell::is_set);
            if !has_cells && row.height.is_none() {
                continue;
            }
            let r = r as u32;
            out.push_str(r#"<row r=""#);
            push_u32(out, r + 1);
            out.push('"');
            if let Some(px) = row.height.filter(|&px| px != DEFAULT_HEIGHT_PX) {
                out.push_str(r#" ht=""#);
                push_pixels_as_points(out, px);
                out.push_str(r#"" customHeight="1""#);
            }
            if !has_cells {
                out.push_str("/>");
                continue;
            }
            out.push('>');
            for (c, cell) in row.cells.iter().enumerate() {
                if !cell.is_set() {
                    continue;
                }
                out.push_str(r#"<c r=""#);
                push_cell_ref(out, r, c as u16);
                out.push('"');
                if cell.style != 0 {
                    out.push_str(r#" s=""#);
                    push_u32(out, u32::from(cell.style));
                    out.push('"');
                }
                match cell.value {
                    Value::None | Value::Blank => out.push_str("/>"),
                    Value::Number(v) => {
                        out.push_str("><v>");
                        push_decimal(out, v);
                        out.push_str("</v></c>");
                    }
                    Value::Text(n) => {
                        out.push_str(r#" t="s"><v>"#);
                        push_u32(out, n);
                        out.push_str("</v></c>");
                        strings += 1;
                    }
                }
            }
            out.push_str("</row>");
        }
        out.push_str("</sheetData>");
        strings
    }
}

impl Cell {
    fn is_set(&self) -> bool {
        !matches!(self.value, Value::None)
    }
}

// ---------------------------------------------------------------------------------------------
// The workbook and its package.

/// The document properties.
pub struct Properties<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// `YYYY-MM-DDThh:mm:ssZ`: both the creation and the modification time.
    pub created: &'a str,
}

/// The sheets in order and the strings they share.
#[derive(Debug, Default)]
pub struct Workbook {
    strings: Strings,
    sheets: Vec<Worksheet>,
}

/// The theme part: Office's default theme, as Excel writes it. The default font (Calibri
/// 11, the `minor` font of the theme) sets the unit of column widths.
const THEME: &[u8] = include_bytes!("xlsx/theme1.xml");

const PACKAGE_RELS: &str = concat!(
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    r#"</Relationships>"#
);

impl Workbook {
    pub fn new() -> Workbook {
        Workbook::default()
    }

    /// Adds a sheet named `name` (a name Excel accepts: the caller's) at the end; returns it
    /// with the strings it shares with the others.
    pub fn add_sheet(&mut self, name: &str) -> (&mut Worksheet, &mut Strings) {
        self.sheets.push(Worksheet {
            name: name.to_string(),
            ..Worksheet::default()
        });
        let last = self.sheets.len() - 1;
        (&mut self.sheets[last], &mut self.strings)
    }

    /// The name of a sheet in a reference: quoted unless it is plainly a name (letters,
    /// digits, `_` and `.`, starting with a letter that is not a Latin one, so that it cannot
    /// read as a cell reference).
    fn reference_name(name: &str) -> String {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_ascii())
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if plain {
            name.to_string()
        } else {
            format!("'{}'", name.replace('\'', "''"))
        }
    }

    /// Each sheet's print titles (rows and columns repeated on every page), as the value of
    /// its `_xlnm.Print_Titles`.
    fn print_titles(&self) -> Vec<(usize, String)> {
        let mut names = Vec::new();
        for (i, ws) in self.sheets.iter().enumerate() {
            let sheet = Self::reference_name(&ws.name);
            let mut parts = Vec::new();
            if let Some((c1, c2)) = ws.page.repeat_columns {
                let mut s = format!("{sheet}!$");
                push_column(&mut s, c1);
                s.push_str(":$");
                push_column(&mut s, c2);
                parts.push(s);
            }
            if let Some((r1, r2)) = ws.page.repeat_rows {
                parts.push(format!("{sheet}!${}:${}", r1 + 1, r2 + 1));
            }
            if !parts.is_empty() {
                names.push((i, parts.join(",")));
            }
        }
        names
    }

    fn workbook_xml(&self, titles: &[(usize, String)]) -> String {
        let mut s = String::with_capacity(2048);
        s.push_str(DECLARATION);
        let _ = write!(s, r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">"#);
        s.push_str(r#"<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/><workbookPr defaultThemeVersion="124226"/><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews><sheets>"#);
        for (i, ws) in self.sheets.iter().enumerate() {
            s.push_str(r#"<sheet name=""#);
            escape_attribute(&mut s, &ws.name);
            let _ = write!(s, r#"" sheetId="{}" r:id="rId{}"/>"#, i + 1, i + 1);
        }
        s.push_str("</sheets>");
        if !titles.is_empty() {
            s.push_str("<definedNames>");
            for (i, value) in titles {
                let _ = write!(
                    s,
                    r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">"#
                );
                escape_data(&mut s, value);
                s.push_str("</definedName>");
            }
            s.push_str("</definedNames>");
        }
        s.push_str(r#"<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"#);
        s
    }

    fn workbook_rels(&self) -> String {
        let mut s = String::with_capacity(2048);
        s.push_str(DECLARATION);
        s.push_str(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
        let n = self.sheets.len();
        for i in 1..=n {
            let _ = write!(
                s,
                r#"<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>"#
            );
        }
        let _ = write!(
            s,
            r#"<Relationship Id="rId{}" Type="{REL_NS}/theme" Target="theme/theme1.xml"/><Relationship Id="rId{}" Type="{REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId{}" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
            n + 1,
            n + 2,
            n + 3
        );
        s
    }

    fn content_types(&self) -> String {
        let mut s = String::with_capacity(3072);
        s.push_str(DECLARATION);
        s.push_str(r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#);
        for i in 1..=self.sheets.len() {
            let _ = write!(
                s,
                r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            );
        }
        s.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#);
        s
    }

    /// `docProps/app.xml`: the sheets and the named ranges (print titles) by name.
    fn app_xml(&self, titles: &[(usize, String)]) -> String {
        let mut s = String::with_capacity(2048);
        s.push_str(DECLARATION);
        s.push_str(r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs>"#);
        let (sheets, names) = (self.sheets.len(), titles.len());
        let pairs = if names > 0 { 4 } else { 2 };
        let _ = write!(
            s,
            r#"<vt:vector size="{pairs}" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>{sheets}</vt:i4></vt:variant>"#
        );
        if names > 0 {
            let _ = write!(
                s,
                r#"<vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>{names}</vt:i4></vt:variant>"#
            );
        }
        let _ = write!(
            s,
            r#"</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="{}" baseType="lpstr">"#,
            sheets + names
        );
        for ws in &self.sheets {
            s.push_str("<vt:lpstr>");
            escape_data(&mut s, &ws.name);
            s.push_str("</vt:lpstr>");
        }
        for (i, _) in titles {
            s.push_str("<vt:lpstr>");
            escape_data(&mut s, &self.sheets[*i].name);
            s.push_str("!Print_Titles</vt:lpstr>");
        }
        s.push_str(r#"</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"#);
        s
    }

    fn core_xml(props: &Properties) -> String {
        let mut s = String::with_capacity(1024);
        s.push_str(DECLARATION);
        s.push_str(r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#);
        if !props.title.is_empty() {
            s.push_str("<dc:title>");
            escape_data(&mut s, props.title);
            s.push_str("</dc:title>");
        }
        for tag in ["dc:creator", "cp:lastModifiedBy"] {
            let _ = write!(s, "<{tag}>");
            escape_data(&mut s, props.author);
            let _ = write!(s, "</{tag}>");
        }
        for tag in ["dcterms:created", "dcterms:modified"] {
            let _ = write!(s, r#"<{tag} xsi:type="dcterms:W3CDTF">"#);
            escape_data(&mut s, props.created);
            let _ = write!(s, "</{tag}>");
        }
        s.push_str("</cp:coreProperties>");
        s
    }

    /// Writes the package: the sheets in order (the first selected), `xfs` as the cell
    /// formats (a cell's [`StyleId`] is its format's position in `xfs` plus one), every part
    /// deflated and every entry stamped with zip's fixed default time (1980-01-01 00:00), so
    /// that the same workbook always gives the same bytes.
    ///
    /// # Errors
    /// The zip writer's, which in memory means a bug.
    pub fn package(&self, props: &Properties, xfs: &[Xf]) -> Result<Vec<u8>, Error> {
        let titles = self.print_titles();
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .last_modified_time(DateTime::default())
            .system(System::Unix)
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o644);
        let put = |zip: &mut ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| {
            zip.start_file(name, options)?;
            zip.write_all(bytes).map_err(zip::result::ZipError::Io)
        };
        put(
            &mut zip,
            "[Content_Types].xml",
            self.content_types().as_bytes(),
        )?;
        let package_rels = format!("{DECLARATION}{PACKAGE_RELS}");
        put(&mut zip, "_rels/.rels", package_rels.as_bytes())?;
        put(
            &mut zip,
            "xl/_rels/workbook.xml.rels",
            self.workbook_rels().as_bytes(),
        )?;
        put(&mut zip, "xl/theme/theme1.xml", THEME)?;
        put(&mut zip, "xl/styles.xml", styles_xml(xfs).as_bytes())?;
        put(
            &mut zip,
            "xl/workbook.xml",
            self.workbook_xml(&titles).as_bytes(),
        )?;
        // One buffer, reused: each sheet is written into it, then deflated.
        let mut buffer = String::with_capacity(64 * 1024);
        let mut references = 0;
        for (i, ws) in self.sheets.iter().enumerate() {
            buffer.clear();
            references += ws.write(&mut buffer, i == 0);
            put(
                &mut zip,
                &format!("xl/worksheets/sheet{}.xml", i + 1),
                buffer.as_bytes(),
            )?;
        }
        buffer.clear();
        buffer.push_str(DECLARATION);
        let _ = write!(
            buffer,
            r#"<sst xmlns="{MAIN_NS}" count="{references}" uniqueCount="{}">"#,
            self.strings.index.len()
        );
        buffer.push_str(&self.strings.xml);
        buffer.push_str("</sst>");
        put(&mut zip, "xl/sharedStrings.xml", buffer.as_bytes())?;
        put(
            &mut zip,
            "docProps/core.xml",
            Self::core_xml(props).as_bytes(),
        )?;
        put(
            &mut zip,
            "docProps/app.xml",
            self.app_xml(&titles).as_bytes(),
        )?;
        Ok(zip.finish()?.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn decimal_text(s: &str) -> String {
        let mut out = String::new();
        push_decimal(&mut out, Decimal::from_str(s).unwrap());
        out
    }

    #[test]
    fn decimals_are_written_exactly_and_normalised() {
        for (v, want) in [
            ("0", "0"),
            ("0.00", "0"),
            ("-0.00", "0"),
            ("50.65", "50.65"),
            ("50.650", "50.65"),
            ("50.00", "50"),
            ("-3.10", "-3.1"),
            ("0.05", "0.05"),
            ("-0.005", "-0.005"),
            ("1234567890123.45", "1234567890123.45"),
            ("100", "100"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
        ] {
            assert_eq!(decimal_text(v), want, "{v}");
            let d = Decimal::from_str(v).unwrap();
            assert_eq!(Decimal::from_str(&decimal_text(v)).unwrap(), d);
            assert_eq!(decimal_text(v), d.normalize().to_string(), "{v}");
        }
    }

    #[test]
    fn columns_and_integers() {
        let name = |c| {
            let mut s = String::new();
            push_column(&mut s, c);
            s
        };
        assert_eq!(name(0), "A");
        assert_eq!(name(25), "Z");
        assert_eq!(name(26), "AA");
        assert_eq!(name(701), "ZZ");
        assert_eq!(name(702), "AAA");
        assert_eq!(name(16_383), "XFD");
        let mut s = String::new();
        push_u32(&mut s, 0);
        s.push(' ');
        push_u32(&mut s, u32::MAX);
        assert_eq!(s, "0 4294967295");
        let mut s = String::new();
        for px in [20, 27, 26, 25, 48] {
            push_pixels_as_points(&mut s, px);
            s.push(' ');
        }
        assert_eq!(s, "15 20.25 19.5 18.75 36 ");
    }

    #[test]
    fn text_is_escaped_and_control_characters_are_excel_escapes() {
        let mut s = String::new();
        escape_cell_text(
            &mut s,
            "a&b<c>\"d\" \t\n\r\u{1}\u{1f}\u{fffe}\u{ffff}\u{fffd}部_x0041_ _x12_ _xZZZZ_",
        );
        assert_eq!(
            s,
            "a&amp;b&lt;c&gt;\"d\" \t\n_x000D__x0001__x001F__xFFFE__xFFFF_\u{fffd}部_x005F_x0041_ _x12_ _xZZZZ_"
        );
        let mut s = String::new();
        escape_data(&mut s, "_x0041_\u{b}");
        assert_eq!(s, "_x0041__x000B_");
        let mut s = String::new();
        escape_attribute(&mut s, "a&\"<>\n");
        assert_eq!(s, "a&amp;&quot;&lt;&gt;&#xA;");
    }

    #[test]
    fn cells_overwrite_merges_check_and_limits_refuse() {
        let mut wb = Workbook::new();
        let (ws, strings) = wb.add_sheet("预算01表");
        ws.text(strings, 0, 0, "x", 1).unwrap();
        ws.number(0, 0, Decimal::ONE, 2).unwrap();
        ws.merge(strings, (1, 0, 2, 1), "m", 3).unwrap();
        assert!(matches!(
            ws.merge(strings, (2, 1, 3, 1), "n", 3),
            Err(Error::MergeOverlaps(..))
        ));
        assert!(matches!(
            ws.merge(strings, (5, 0, 5, 0), "n", 3),
            Err(Error::MergeOneCell)
        ));
        assert!(matches!(
            ws.text(strings, MAX_ROWS, 0, "x", 1),
            Err(Error::Limit)
        ));
        assert!(matches!(
            ws.text(strings, 0, 1, &"部".repeat(MAX_TEXT + 1), 1),
            Err(Error::TextTooLong)
        ));
        ws.text(strings, 0, 1, &"部".repeat(MAX_TEXT), 1).unwrap();
        let mut xml = String::new();
        let refs = wb.sheets[0].write(&mut xml, true);
        assert_eq!(refs, 2);
        assert!(xml.contains(r#"<c r="A1" s="2"><v>1</v></c>"#), "{xml}");
        assert!(xml.contains(r#"<c r="B2" s="3"/>"#));
        assert!(xml.contains(r#"<mergeCell ref="A2:B3"/>"#));
    }
}

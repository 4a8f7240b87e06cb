//! WordprocessingML, written in one pass: the few elements the disclosure document uses, each
//! written once in the schema's order, and the package around them (ECMA-376 Part 1 and 2).
//!
//! Formatting lives in named styles ([`STYLES`]): a paragraph names its style and writes only
//! what differs (a page break, keep-with-next, an indent); a run writes nothing unless it is
//! red or in another font. A large department's `document.xml` is a fifth of what repeating
//! every run's fonts and sizes made it, and nothing is parsed again after it is written.
//!
//! What goes where on which page is `render::docx`'s business; this module knows nothing of
//! budgets. Text and attribute values are escaped here and nowhere else.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// The namespaces of the main document and its footers.
const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Appends `text` escaped for element content or a double-quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    escape_chars(out, text, true);
}

/// Appends `text` escaped for element content (quotes stay as they are).
pub fn escape_text(out: &mut String, text: &str) {
    escape_chars(out, text, false);
}

/// Escapes the characters XML gives a meaning, and leaves out those XML 1.0 cannot hold at
/// all (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF): a name read from
/// a workbook can carry one (`_x0001_`), and WordprocessingML has no escape for it. It is
/// invisible in print either way. The bytes matched are those of `text::xml_illegal`'s
/// characters (a test holds the two together); `check` reports them as READ-014.
fn escape_chars(out: &mut String, text: &str, quotes: bool) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes need nothing: one look in a table passes them.
        if !NOTICED[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        // ASCII bytes never occur inside a multi-byte character: `i` is a boundary.
        let (entity, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if quotes => ("&quot;", 1),
            0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f => ("", 1),
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        i += len;
        start = i;
    }
    out.push_str(&text[start..]);
}

/// The bytes [`escape_chars`] looks at: `&`, `<`, `>`, `"`, the C0 controls, and 0xEF, which
/// begins U+FFFE and U+FFFF (and many other characters, which it then passes).
const NOTICED: [bool; 256] = {
    let mut noticed = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        noticed[b] = true;
        b += 1;
    }
    noticed[b'&' as usize] = true;
    noticed[b'<' as usize] = true;
    noticed[b'>' as usize] = true;
    noticed[b'"' as usize] = true;
    noticed[0xef] = true;
    noticed
};

// ---------------------------------------------------------------------------------------------
// Styles.

/// Latin letters and digits in every run.
const LATIN: &str = "Times New Roman";

/// A style: its id, the name Word shows, the style it is based on, and its paragraph and run
/// properties as XML (children of `w:pPr` and `w:rPr`, in schema order; see [`rfonts`],
/// [`size`], [`exact`]).
#[derive(Debug, Clone)]
pub struct StyleDef {
    pub id: String,
    pub name: String,
    pub based_on: Option<String>,
    pub ppr: String,
    pub rpr: String,
    /// A character style (for runs) rather than a paragraph style.
    pub character: bool,
}

impl StyleDef {
    /// A paragraph style.
    pub fn paragraph(id: &str, name: &str, based_on: Option<&str>, ppr: &str, rpr: &str) -> Self {
        StyleDef {
            id: id.into(),
            name: name.into(),
            based_on: based_on.map(String::from),
            ppr: ppr.into(),
            rpr: rpr.into(),
            character: false,
        }
    }

    /// A character style.
    pub fn character(id: &str, name: &str, rpr: &str) -> Self {
        StyleDef {
            character: true,
            ..StyleDef::paragraph(id, name, None, "", rpr)
        }
    }
}

/// `w:rFonts`: `east_asia` for Chinese, Times New Roman for Latin letters and digits. The
/// `eastAsia` hint makes Chinese quotation marks and dashes, which Unicode shares with Western
/// text, take the Chinese font too.
pub fn rfonts(east_asia: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:cs="{LATIN}" w:eastAsia="{east_asia}" w:hint="eastAsia"/>"#
    )
}

/// `w:rFonts` naming one font for every script.
pub fn rfonts_all(font: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}" w:hint="eastAsia"/>"#
    )
}

/// `w:sz` and `w:szCs` in half-points.
pub fn size(half_points: usize) -> String {
    format!(r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#)
}

/// Exactly `line` twips a line.
pub fn exact(line: i32) -> String {
    format!(r#"<w:spacing w:line="{line}" w:lineRule="exact"/>"#)
}

/// The styles part: document defaults (`default_rpr`; nothing before or after a paragraph),
/// an empty Normal style, and `defs`.
pub fn styles_xml(default_rpr: &str, defs: &[StyleDef]) -> String {
    let mut s = String::with_capacity(16 * 1024);
    s.push_str(DECLARATION);
    let _ = write!(s, "<w:styles {W_NS}>");
    s.push_str("<w:docDefaults><w:rPrDefault><w:rPr>");
    s.push_str(default_rpr);
    s.push_str(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN"/>"#);
    s.push_str("</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>");
    s.push_str(r#"<w:spacing w:before="0" w:after="0"/>"#);
    s.push_str("</w:pPr></w:pPrDefault></w:docDefaults>");
    s.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    for d in defs {
        let kind = if d.character {
            "character"
        } else {
            "paragraph"
        };
        let _ = write!(
            s,
            r#"<w:style w:type="{kind}" w:customStyle="1" w:styleId=""#
        );
        escape_into(&mut s, &d.id);
        s.push_str(r#""><w:name w:val=""#);
        escape_into(&mut s, &d.name);
        s.push_str(r#""/>"#);
        if let Some(b) = &d.based_on {
            s.push_str(r#"<w:basedOn w:val=""#);
            escape_into(&mut s, b);
            s.push_str(r#""/>"#);
        }
        s.push_str("<w:qFormat/>");
        if !d.ppr.is_empty() {
            s.push_str("<w:pPr>");
            s.push_str(&d.ppr);
            s.push_str("</w:pPr>");
        }
        if !d.rpr.is_empty() {
            s.push_str("<w:rPr>");
            s.push_str(&d.rpr);
            s.push_str("</w:rPr>");
        }
        s.push_str("</w:style>");
    }
    s.push_str("</w:styles>");
    s
}

// ---------------------------------------------------------------------------------------------
// Paragraphs and runs.

/// A right-aligned tab stop at `pos` twips, with a dotted leader or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    pub pos: i32,
    pub dots: bool,
}

/// A paragraph: its style and what it sets beyond it, its runs, and the section it ends. Its
/// text may borrow from the document (a table has thousands of cells, each a paragraph).
#[derive(Debug, Clone, Default)]
pub struct Para<'a> {
    /// A style id: one of the document's fixed list.
    pub style: &'static str,
    pub keep_next: bool,
    pub page_break_before: bool,
    pub tab: Option<Tab>,
    /// Left indent in twips (and a right indent of 0), every line.
    pub left: Option<i32>,
    pub runs: Vec<Run<'a>>,
    pub section: Option<Section>,
}

/// A run: text (a line feed in it is a line break), a tab, or a field's parts.
#[derive(Debug, Clone, PartialEq)]
pub enum Run<'a> {
    Text(Cow<'a, str>),
    /// Text in a character style.
    Styled(&'static str, String),
    /// Text in red: what a person must still supply.
    Red(String),
    Tab,
    /// A field's begin, its instruction and its separator.
    FieldStart(&'static str),
    FieldEnd,
}

impl<'a> Para<'a> {
    pub fn new(style: &'static str) -> Para<'a> {
        Para {
            style,
            ..Para::default()
        }
    }

    pub fn text(mut self, text: impl Into<Cow<'a, str>>) -> Para<'a> {
        self.runs.push(Run::Text(text.into()));
        self
    }

    pub fn run(mut self, run: Run<'a>) -> Para<'a> {
        self.runs.push(run);
        self
    }

    pub fn keep_next(mut self, on: bool) -> Para<'a> {
        self.keep_next = on;
        self
    }

    pub fn page_break_before(mut self, on: bool) -> Para<'a> {
        self.page_break_before = on;
        self
    }

    /// Appends the paragraph's XML to `out`.
    pub fn write(&self, out: &mut String) {
        paragraph_start(out, self.style, self.keep_next);
        if self.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some(tab) = self.tab {
            let leader = if tab.dots { r#" w:leader="dot""# } else { "" };
            let _ = write!(
                out,
                r#"<w:tabs><w:tab w:val="right"{leader} w:pos="{}"/></w:tabs>"#,
                tab.pos
            );
        }
        if let Some(left) = self.left {
            left_indent(out, left);
        }
        if let Some(section) = &self.section {
            section.write(out);
        }
        out.push_str("</w:pPr>");
        for run in &self.runs {
            run.write(out);
        }
        out.push_str("</w:p>");
    }
}

/// A table cell's paragraph: its style, whether its row keeps with the next, a left indent,
/// and its text (none in a cell under a vertical merge). It writes what a [`Para`] of the
/// same writes, without a list of runs to allocate for each of a table's thousands of cells.
#[derive(Debug, Clone, Copy)]
pub struct CellPara<'a> {
    pub style: &'static str,
    pub keep_next: bool,
    /// Left indent in twips (and a right indent of 0), every line.
    pub left: Option<i32>,
    pub text: Option<&'a str>,
}

impl CellPara<'_> {
    fn write(&self, out: &mut String) {
        paragraph_start(out, self.style, self.keep_next);
        if let Some(left) = self.left {
            left_indent(out, left);
        }
        out.push_str("</w:pPr>");
        if let Some(text) = self.text {
            text_run(out, "", text);
        }
        out.push_str("</w:p>");
    }
}

/// Opens a paragraph and its properties: its style, and keep-with-next.
fn paragraph_start(out: &mut String, style: &str, keep_next: bool) {
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"");
    out.push_str(style);
    out.push_str("\"/>");
    if keep_next {
        out.push_str("<w:keepNext/>");
    }
}

/// A left indent of `left` twips, every line.
fn left_indent(out: &mut String, left: i32) {
    out.push_str(r#"<w:ind w:left=""#);
    push_i32(out, left);
    out.push_str(r#"" w:right="0"/>"#);
}

impl Run<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Run::Text(t) => text_run(out, "", t),
            Run::Styled(style, t) => text_run(
                out,
                &format!(r#"<w:rPr><w:rStyle w:val="{style}"/></w:rPr>"#),
                t,
            ),
            Run::Red(t) => text_run(out, r#"<w:rPr><w:color w:val="FF0000"/></w:rPr>"#, t),
            Run::Tab => out.push_str("<w:r><w:tab/></w:r>"),
            Run::FieldStart(instr) => {
                out.push_str(
                    r#"<w:r><w:fldChar w:fldCharType="begin"/><w:instrText xml:space="preserve">"#,
                );
                escape_text(out, instr);
                out.push_str(r#"</w:instrText><w:fldChar w:fldCharType="separate"/></w:r>"#);
            }
            Run::FieldEnd => out.push_str(r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#),
        }
    }
}

/// `<w:r>` with `rpr`, its text's lines joined by line breaks.
fn text_run(out: &mut String, rpr: &str, text: &str) {
    out.push_str("<w:r>");
    out.push_str(rpr);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        if !line.is_empty() || i == 0 {
            out.push_str(if keeps_spaces(line) {
                r#"<w:t xml:space="preserve">"#
            } else {
                "<w:t>"
            });
            escape_text(out, line);
            out.push_str("</w:t>");
        }
    }
    out.push_str("</w:r>");
}

/// Whether `line` has spaces that are kept only when the text says so: at either end, or two
/// in a row. Most lines have no space at all, which one `memchr` finds.
fn keeps_spaces(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.first() == Some(&b' ')
        || bytes.last() == Some(&b' ')
        || memchr::memchr_iter(b' ', bytes).any(|i| bytes.get(i + 1) == Some(&b' '))
}

// ---------------------------------------------------------------------------------------------
// Sections.

/// Page margins in twips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margins {
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub left: i32,
    pub header: i32,
    pub footer: i32,
}

/// Which footers a section prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footers {
    /// The page numbers: odd pages right, even pages left.
    Numbers,
    /// The blank footer on every page (the cover and the 目录).
    Blank,
}

/// A section: its page, margins, footers and numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Width and height in twips.
    pub page: (i32, i32),
    /// Whether `w:orient` is written (the tables' sections say portrait or landscape).
    pub orient: bool,
    pub margins: Margins,
    pub footers: Footers,
    /// Page numbers restart at 1.
    pub restart: bool,
}

/// Relationship ids of the footer parts.
const ODD_FOOTER: &str = "rId11";
const EVEN_FOOTER: &str = "rId12";
const BLANK_FOOTER: &str = "rId13";

impl Section {
    pub fn write(&self, out: &mut String) {
        out.push_str("<w:sectPr>");
        match self.footers {
            Footers::Numbers => {
                let _ = write!(
                    out,
                    r#"<w:footerReference w:type="default" r:id="{ODD_FOOTER}"/><w:footerReference w:type="even" r:id="{EVEN_FOOTER}"/>"#
                );
            }
            Footers::Blank => {
                for kind in ["default", "even", "first"] {
                    let _ = write!(
                        out,
                        r#"<w:footerReference w:type="{kind}" r:id="{BLANK_FOOTER}"/>"#
                    );
                }
            }
        }
        let (w, h) = self.page;
        let orient = match (self.orient, w > h) {
            (false, _) => "",
            (true, true) => r#" w:orient="landscape""#,
            (true, false) => r#" w:orient="portrait""#,
        };
        let m = self.margins;
        let _ = write!(
            out,
            r#"<w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="{}" w:footer="{}" w:gutter="0"/>"#,
            m.top, m.right, m.bottom, m.left, m.header, m.footer
        );
        if self.restart {
            out.push_str(r#"<w:pgNumType w:start="1"/>"#);
        }
        out.push_str(r#"<w:cols w:space="425" w:num="1"/>"#);
        if self.footers == Footers::Blank {
            out.push_str("<w:titlePg/>");
        }
        out.push_str("</w:sectPr>");
    }
}

// ---------------------------------------------------------------------------------------------
// Tables.

/// Starts a table: fixed layout at the grid's widths (twips), centred, single black borders,
/// cell margins of `cell_margin` twips left and right.
pub fn table_start(out: &mut String, grid: &[i32], cell_margin: i32) {
    let total: i32 = grid.iter().sum();
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(
            out,
            r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#
        );
    }
    let _ = write!(
        out,
        r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{cell_margin}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
    );
    for g in grid {
        let _ = write!(out, r#"<w:gridCol w:w="{g}"/>"#);
    }
    out.push_str("</w:tblGrid>");
}

pub fn table_end(out: &mut String) {
    out.push_str("</w:tbl>");
}

/// Starts a row that never splits over two pages; a header row repeats on every page.
pub fn row_start(out: &mut String, header: bool) {
    out.push_str(if header {
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
    } else {
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
    });
}

pub fn row_end(out: &mut String) {
    out.push_str("</w:tr>");
}

/// Appends `n` in decimal, as `write!` would.
fn push_i32(out: &mut String, n: i32) {
    if n < 0 {
        out.push('-');
    }
    super::sml::push_u32(out, n.unsigned_abs());
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    None,
    Restart,
    Continue,
}

/// A cell of `width` twips over `span` grid columns, vertically centred, holding `para`.
/// Its numbers are written without `fmt`: a large document has tens of thousands of cells.
pub fn cell(out: &mut String, width: i32, span: usize, merge: VMerge, para: &CellPara) {
    out.push_str(r#"<w:tc><w:tcPr><w:tcW w:w=""#);
    push_i32(out, width);
    out.push_str(r#"" w:type="dxa"/>"#);
    if span > 1 {
        out.push_str(r#"<w:gridSpan w:val=""#);
        push_i32(out, i32::try_from(span).unwrap_or(i32::MAX));
        out.push_str(r#""/>"#);
    }
    match merge {
        VMerge::None => {}
        VMerge::Restart => out.push_str(r#"<w:vMerge w:val="restart"/>"#),
        VMerge::Continue => out.push_str(r#"<w:vMerge w:val="continue"/>"#),
    }
    out.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
    para.write(out);
    out.push_str("</w:tc>");
}

// ---------------------------------------------------------------------------------------------
// The package.

/// The theme part: the Office 2013–2022 colour and format schemes, unchanged, with a font
/// scheme for Chinese text: Times New Roman for Latin letters and digits (as the runs of the
/// document name), 黑体 for headings and 宋体 for body text in Simplified Chinese (script
/// `Hans`, picked through `w:themeFontLang` in the settings). The Open XML SDK's rules require
/// a theme for a main document part, and Word writes one in every file.
const THEME: &[u8] = include_bytes!("theme1.xml");

/// Settings: even and odd pages have their own footers (GB/T 9704 puts odd page numbers
/// right and even ones left), punctuation is compressed as Chinese typesetting does, the
/// theme's fonts are those of Simplified Chinese, and Word lays the file out as Word 2013+.
const SETTINGS: &str = concat!(
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:evenAndOddHeaders/>"#,
    r#"<w:characterSpacingControl w:val="compressPunctuation"/><w:compat>"#,
    r#"<w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"#,
    r#"<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>"#,
    r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
    r#"<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"<w:compatSetting w:name="differentiateMultirowTableHeaders" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>"#,
    r#"</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#
);

/// The fonts the document names, each with the font a viewer without it should use
/// (`w:altName`): 仿宋 for 仿宋_GB2312, 楷体 for 楷体_GB2312, 宋体 for 方正小标宋简体.
const FONT_TABLE: &str = concat!(
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"</w:fonts>"#
);

const CONTENT_TYPES: &str = concat!(
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    r#"<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>"#,
    r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
    r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
    r#"<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
    r#"<Override PartName="/word/footer3.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    r#"</Types>"#
);

const PACKAGE_RELS: &str = concat!(
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    r#"</Relationships>"#
);

const DOCUMENT_RELS: &str = concat!(
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>"#,
    r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>"#,
    r#"<Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
    r#"<Relationship Id="rId12" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>"#,
    r#"<Relationship Id="rId13" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer3.xml"/>"#,
    r#"</Relationships>"#
);

const APP: &str = concat!(
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
    r#"<Application>yusuan</Application></Properties>"#
);

/// The parts that differ from one document to the next.
pub struct Parts<'a> {
    /// The children of `w:body`, its final `w:sectPr` included.
    pub body: &'a str,
    /// `word/styles.xml` ([`styles_xml`]).
    pub styles: String,
    /// The paragraphs of the page-number footers (odd, even) and of the blank one.
    pub footers: [&'a str; 3],
    pub title: &'a str,
    /// RFC 3339, both the creation and the modification time.
    pub created: &'a str,
}

/// Writes the package: every part deflated, every entry stamped with zip's fixed default
/// time (1980-01-01 00:00) and the Unix "made by", so that the same parts always give the
/// same bytes.
///
/// # Errors
/// The zip writer's, which in memory means a bug.
pub fn package(parts: &Parts) -> zip::result::ZipResult<Vec<u8>> {
    // The body is written into its entry between its head and tail, never copied.
    let document_head = format!("{DECLARATION}<w:document {W_NS}><w:body>");
    let document_tail = "</w:body></w:document>";

    let footer = |p: &str| format!("{DECLARATION}<w:ftr {W_NS}>{p}</w:ftr>");
    let mut core = String::new();
    core.push_str(DECLARATION);
    core.push_str(r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#);
    if !parts.title.is_empty() {
        core.push_str("<dc:title>");
        escape_text(&mut core, parts.title);
        core.push_str("</dc:title>");
    }
    for (tag, time) in [("created", parts.created), ("modified", parts.created)] {
        let _ = write!(core, r#"<dcterms:{tag} xsi:type="dcterms:W3CDTF">"#);
        escape_text(&mut core, time);
        let _ = write!(core, "</dcterms:{tag}>");
    }
    core.push_str("</cp:coreProperties>");

    let with_declaration = |s: &str| format!("{DECLARATION}{s}");
    let [odd, even, blank] = parts.footers.map(footer);
    let content_types = with_declaration(CONTENT_TYPES);
    let package_rels = with_declaration(PACKAGE_RELS);
    let app = with_declaration(APP);
    let document_rels = with_declaration(DOCUMENT_RELS);
    let settings = with_declaration(SETTINGS);
    let font_table = with_declaration(FONT_TABLE);
    let entries: [(&str, &[&[u8]]); 13] = [
        ("[Content_Types].xml", &[content_types.as_bytes()]),
        ("_rels/.rels", &[package_rels.as_bytes()]),
        ("docProps/core.xml", &[core.as_bytes()]),
        ("docProps/app.xml", &[app.as_bytes()]),
        ("word/_rels/document.xml.rels", &[document_rels.as_bytes()]),
        (
            "word/document.xml",
            &[
                document_head.as_bytes(),
                parts.body.as_bytes(),
                document_tail.as_bytes(),
            ],
        ),
        ("word/styles.xml", &[parts.styles.as_bytes()]),
        ("word/settings.xml", &[settings.as_bytes()]),
        ("word/fontTable.xml", &[font_table.as_bytes()]),
        ("word/theme/theme1.xml", &[THEME]),
        ("word/footer1.xml", &[odd.as_bytes()]),
        ("word/footer2.xml", &[even.as_bytes()]),
        ("word/footer3.xml", &[blank.as_bytes()]),
    ];

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (name, pieces) in entries {
        zip.start_file(name, options)?;
        for piece in pieces {
            zip.write_all(piece)?;
        }
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Escaping leaves out exactly the characters `text::xml_illegal` names.
    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            if matches!(c, '&' | '<' | '>') {
                continue;
            }
            let mut out = String::new();
            escape_text(&mut out, &c.to_string());
            assert_eq!(out.is_empty(), crate::text::xml_illegal(c), "{c:?}");
        }
    }

    #[test]
    fn a_cell_paragraph_is_written_as_a_paragraph() {
        for (keep_next, left, text) in [
            (false, None, Some("合计")),
            (true, Some(360), Some("  行政运行\n（一般）")),
            (true, None, None),
            (false, Some(-20), Some("")),
        ] {
            let mut para = Para::new("CellName18").keep_next(keep_next);
            para.left = left;
            if let Some(text) = text {
                para = para.text(text);
            }
            let (mut expected, mut written) = (String::new(), String::new());
            para.write(&mut expected);
            let cell = CellPara {
                style: "CellName18",
                keep_next,
                left,
                text,
            };
            cell.write(&mut written);
            assert_eq!(written, expected);
        }
    }

    #[test]
    fn spaces_are_kept_where_they_would_be_lost() {
        for line in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "a b",
            "a  b",
            "部门  名称",
            "部 门",
            "  ",
            "a b c",
        ] {
            let keep = line.starts_with(' ') || line.ends_with(' ') || line.contains("  ");
            assert_eq!(keeps_spaces(line), keep, "{line:?}");
        }
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut out = String::new();
        escape_text(&mut out, "A&B <c> \"引号\" 部门&");
        assert_eq!(out, "A&amp;B &lt;c&gt; \"引号\" 部门&amp;");
        out.clear();
        escape_into(&mut out, "&\"预算\"<>");
        assert_eq!(out, "&amp;&quot;预算&quot;&lt;&gt;");
        out.clear();
        escape_into(&mut out, "中文无需转义");
        assert_eq!(out, "中文无需转义");
        out.clear();
        escape_text(&mut out, "部\u{1}门\t名\u{fffe}称\u{ffff}\u{fffd}");
        assert_eq!(out, "部门\t名称\u{fffd}");
    }
}

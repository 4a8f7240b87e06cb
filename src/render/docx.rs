//! The disclosure document (情况说明) as .docx, laid out in the 党政机关公文 style of
//! GB/T 9704-2012: a cover and a 目录 without page numbers, then the A4 portrait body in 3号
//! 仿宋_GB2312 on a fixed 28.9 pt line (22 lines a page) numbered "— 1 —" from its first page,
//! then the attached tables (附件), each on pages of the orientation its layout asks for.
//!
//! This file owns every paragraph and table format of the document, and the estimates that
//! place things on pages: how many lines a paragraph takes (for the 目录's page numbers), how
//! wide each table column must be (codes and figures never wrap, names at most on two lines,
//! header labels broken between words) and where a long table is cut (at least
//! [`MIN_ROWS`] rows on every page, merged labels repeated after the cut). Every format is a
//! named style ([`styles`]: 公文正文, 一级标题, 表格数字（9磅）, …) that the paragraphs name;
//! `render::wml` writes the XML in one pass and packs it. The words come ready-made in
//! `render::doc::Document`; nothing here rounds or formats money.
//!
//! Fonts are named, not embedded: a viewer without 方正小标宋简体 or 仿宋_GB2312 falls back
//! to a font it has. Every run names the Chinese font for East Asian text and Times New Roman
//! for Latin letters and digits.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::doc::{Block, CellStyle, Document, LayoutCell, TableLayout};
use super::wml::{self, CellPara, Footers, Margins, Para, Run, Section, Tab, VMerge};

/// Why the document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A table layout whose merged cells do not tile its grid (a bug in the layout's maker).
    #[error(
        "附件表“{table}”无法排版 (table layout cannot be drawn), row {row}, column {col}: {detail}"
    )]
    Layout {
        table: String,
        row: usize,
        col: usize,
        detail: String,
    },
    #[error("无法生成 Word 文档 (cannot write the .docx): {0}")]
    Zip(#[from] zip::result::ZipError),
}

// Page geometry, in twentieths of a point (twips).

/// Millimetres to twips (1 mm = 56.7 twips), rounded to the nearest twip.
const fn mm(v: i32) -> i32 {
    (v * 567 + 5) / 10
}

/// A4: 210 × 297 mm.
const A4_SHORT: i32 = 11906;
const A4_LONG: i32 = 16838;

/// GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm; the text block is 156 × 225 mm, which
/// leaves 35 mm at the foot and 26 mm on the right.
const BODY_MARGIN: Margins = Margins {
    top: mm(37),
    bottom: mm(35),
    left: mm(28),
    right: mm(26),
    header: mm(15),
    // §7.5: the page number sits 7 mm below the text block. A 4号 line is about 6 mm high,
    // so its foot is about 35 − 7 − 6 = 22 mm above the paper's edge.
    footer: mm(22),
};

/// Width of the body's text block (156 mm).
const BODY_TEXT_WIDTH: i32 = A4_SHORT - mm(28) - mm(26);

/// The attached tables: 20 mm all round, on portrait or landscape pages.
const TABLE_MARGIN: Margins = Margins {
    top: mm(20),
    bottom: mm(20),
    left: mm(20),
    right: mm(20),
    header: mm(10),
    footer: mm(10),
};

/// The text block of a table page, width × height in twips.
fn table_block(landscape: bool) -> (i32, i32) {
    let long = A4_LONG - 2 * mm(20);
    let short = A4_SHORT - 2 * mm(20);
    if landscape {
        (long, short)
    } else {
        (short, long)
    }
}

/// 28.9 pt: 22 lines fill the 225 mm text block (GB/T 9704-2012 §5.2.2).
const BODY_LINE: i32 = 578;
/// Lines of a full body page.
const BODY_LINES: usize = 22;

/// Type sizes in half-points (`w:sz`).
const SIZE_2HAO: usize = 44; // 22 pt
const SIZE_3HAO: usize = 32; // 16 pt
const SIZE_4HAO: usize = 28; // 14 pt
const SIZE_5HAO: usize = 21; // 10.5 pt
const SIZE_TABLE: usize = 18; // 9 pt
/// The line of the small print above a table (code, 部门名称, 单位): 5号 text needs 280 twips.
const TABLE_SMALL_LINE: i32 = 300;
/// Table text sizes tried in turn until the columns fit the page: 9, 8 and 7.5 pt.
const TABLE_SIZES: [usize; 3] = [SIZE_TABLE, 16, 15];

/// A two-character first-line indent in twips at 3号 (2 × 16 pt), and in hundredths of a
/// character (`firstLineChars`), which keeps it two characters whatever the font size.
const INDENT_TWO_CHARS: i32 = 2 * 16 * 20;
/// One 4号 character: the page number's distance from the text block's side.
const ONE_4HAO_CHAR: i32 = 14 * 20;
/// Where a wrapped 目录 entry goes on: after 第二部分 and its space (five characters).
const TOC_HANG: i32 = 5 * 16 * 20;

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEI: &str = "黑体";
const KAI: &str = "楷体_GB2312";
const SONG: &str = "宋体";

/// The style ids. Word shows the styles by their Chinese names ([`styles`]); a clerk who
/// wants every 一级标题 in another font changes one style.
mod id {
    pub const LINE: &str = "Line";
    pub const TITLE: &str = "DocTitle";
    pub const SUBTITLE: &str = "DocSubtitle";
    pub const PART: &str = "Part";
    pub const H1: &str = "Heading1";
    pub const H2: &str = "Heading2";
    pub const H3: &str = "Heading3";
    pub const TEXT: &str = "BodyText";
    pub const TOC: &str = "TocEntry";
    pub const ATTACHMENT_LABEL: &str = "AttachmentLabel";
    pub const ATTACHMENT_TITLE: &str = "AttachmentTitle";
    pub const SPACER: &str = "Spacer";
    pub const TABLE_CODE: &str = "TableCode";
    pub const TABLE_TITLE: &str = "TableTitle";
    pub const TABLE_SUB: &str = "TableSubtitle";
    pub const NOTE: &str = "TableNote";
    /// Character styles for the title lines inside a part's heading.
    pub const TITLE_CHAR: &str = "TitleChar";
    pub const KAI_CHAR: &str = "KaiChar";
}

/// What a table cell holds, which decides its style: alignment and weight, at each table
/// text size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellLook {
    /// The plain cell style the others are based on; an empty cell under a vertical merge.
    Empty,
    Header,
    Name,
    NameBold,
    Centred,
    Figure,
    FigureBold,
}

impl CellLook {
    const ALL: [CellLook; 7] = [
        CellLook::Empty,
        CellLook::Header,
        CellLook::Name,
        CellLook::NameBold,
        CellLook::Centred,
        CellLook::Figure,
        CellLook::FigureBold,
    ];

    /// The style id at text size `size` (half-points), one of [`TABLE_SIZES`]: the prefix and
    /// the size, from a fixed table rather than formatted for each of thousands of cells.
    fn style(self, size: usize) -> &'static str {
        let ids: [&'static str; 3] = match self {
            CellLook::Empty => ["Cell18", "Cell16", "Cell15"],
            CellLook::Header => ["CellHeader18", "CellHeader16", "CellHeader15"],
            CellLook::Name => ["CellName18", "CellName16", "CellName15"],
            CellLook::NameBold => ["CellNameBold18", "CellNameBold16", "CellNameBold15"],
            CellLook::Centred => ["CellCentred18", "CellCentred16", "CellCentred15"],
            CellLook::Figure => ["CellFigure18", "CellFigure16", "CellFigure15"],
            CellLook::FigureBold => ["CellFigureBold18", "CellFigureBold16", "CellFigureBold15"],
        };
        let at = TABLE_SIZES.iter().position(|s| *s == size);
        ids[at.expect("table text is set at one of TABLE_SIZES")]
    }

    /// Its Chinese name, its alignment and whether it is bold.
    fn format(self) -> (&'static str, &'static str, bool) {
        match self {
            CellLook::Empty => ("", "", false),
            CellLook::Header => ("表头", "center", true),
            CellLook::Name => ("名称", "left", false),
            CellLook::NameBold => ("名称加粗", "left", true),
            CellLook::Centred => ("居中", "center", false),
            CellLook::Figure => ("数字", "right", false),
            CellLook::FigureBold => ("数字加粗", "right", true),
        }
    }
}

/// Every style of the document. The body sits on a fixed 28.9 pt line with widow and orphan
/// control (a page then holds 21 lines where 22 would leave one line of a paragraph alone,
/// and the line pitch stays the same); headings stay with what follows them; body text is
/// justified with its first line indented two characters. Table text is 宋体 on a line of
/// 4/3 its size, at each size a table may be set in.
fn styles() -> String {
    use wml::{exact, rfonts, size, StyleDef};
    let bold = "<w:b/><w:bCs/>";
    let indent = format!(
        r#"<w:ind w:left="0" w:right="0" w:firstLine="{INDENT_TWO_CHARS}" w:firstLineChars="200"/>"#
    );
    let centre = r#"<w:jc w:val="center"/>"#;
    let p = StyleDef::paragraph;
    let mut defs = vec![
        p(
            id::LINE,
            "公文行",
            None,
            &format!("<w:widowControl/>{}", exact(BODY_LINE)),
            "",
        ),
        p(
            id::TITLE,
            "公文标题",
            Some(id::LINE),
            centre,
            &(rfonts(TITLE_FONT) + &size(SIZE_2HAO)),
        ),
        p(
            id::SUBTITLE,
            "公文副标题",
            Some(id::LINE),
            centre,
            &rfonts(KAI),
        ),
        p(
            id::PART,
            "部分标题",
            Some(id::LINE),
            r#"<w:keepNext/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>"#,
            &rfonts(HEI),
        ),
        p(
            id::H1,
            "一级标题",
            Some(id::LINE),
            &format!(r#"<w:keepNext/>{indent}<w:jc w:val="both"/>"#),
            &rfonts(HEI),
        ),
        p(id::H2, "二级标题", Some(id::H1), "", &rfonts(KAI)),
        p(
            id::H3,
            "三级标题",
            Some(id::H1),
            "",
            &(rfonts(BODY_FONT) + bold),
        ),
        p(
            id::TEXT,
            "公文正文",
            Some(id::LINE),
            &format!(r#"{indent}<w:jc w:val="both"/>"#),
            "",
        ),
        p(
            id::TOC,
            "目录条目",
            Some(id::LINE),
            &format!(
                r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{BODY_TEXT_WIDTH}"/></w:tabs><w:ind w:left="{TOC_HANG}" w:right="0" w:hanging="{TOC_HANG}"/>"#
            ),
            "",
        ),
        p(
            id::ATTACHMENT_LABEL,
            "附件标签",
            Some(id::LINE),
            "<w:keepNext/>",
            &rfonts(HEI),
        ),
        p(
            id::ATTACHMENT_TITLE,
            "附件标题",
            Some(id::TITLE),
            r#"<w:outlineLvl w:val="0"/>"#,
            "",
        ),
        p(
            id::SPACER,
            "间隔",
            None,
            &exact(20),
            &(rfonts(SONG) + &size(2)),
        ),
        p(
            id::TABLE_CODE,
            "表号",
            None,
            &format!("<w:keepNext/>{}", exact(TABLE_SMALL_LINE)),
            &(rfonts(SONG) + &size(SIZE_5HAO)),
        ),
        p(
            id::TABLE_TITLE,
            "表名",
            None,
            r#"<w:keepNext/><w:spacing w:before="120" w:after="120" w:line="480" w:lineRule="exact"/><w:jc w:val="center"/>"#,
            &rfonts(HEI),
        ),
        p(id::TABLE_SUB, "表副标题", Some(id::TABLE_CODE), centre, ""),
        p(
            id::NOTE,
            "表注",
            None,
            &exact(cell_line(SIZE_TABLE)),
            &(rfonts(SONG) + &size(SIZE_TABLE)),
        ),
        StyleDef::character(
            id::TITLE_CHAR,
            "标题字",
            &(rfonts(TITLE_FONT) + &size(SIZE_2HAO)),
        ),
        StyleDef::character(id::KAI_CHAR, "楷体字", &rfonts(KAI)),
    ];
    for s in TABLE_SIZES {
        let points = s as f64 / 2.0;
        let plain = CellLook::Empty.style(s);
        defs.push(p(
            plain,
            &format!("表格（{points}磅）"),
            None,
            &exact(cell_line(s)),
            &(rfonts(SONG) + &size(s)),
        ));
        for look in &CellLook::ALL[1..] {
            let (name, jc, is_bold) = look.format();
            defs.push(p(
                look.style(s),
                &format!("表格{name}（{points}磅）"),
                Some(plain),
                &format!(r#"<w:jc w:val="{jc}"/>"#),
                if is_bold { bold } else { "" },
            ));
        }
    }
    wml::styles_xml(&(rfonts(BODY_FONT) + &size(SIZE_3HAO)), &defs)
}

/// Renders the document to .docx bytes. `created` (RFC 3339, e.g. `2024-01-01T00:00:00Z`)
/// is written as both the creation and the modification time, so the same input always
/// gives the same bytes.
///
/// The pages: the cover (the title blocks before the first part) and the 目录, unnumbered;
/// the body, numbered from 1, ending with the 附件 title as in the seed; then one section per
/// run of tables of the same orientation.
///
/// # Errors
/// `Error::Layout` when a table's merged cells do not tile its grid; `Error::Zip` when the
/// package cannot be written (a bug, not a user error).
pub fn render(doc: &Document, created: &str) -> Result<Vec<u8>, Error> {
    let plans = doc
        .tables
        .iter()
        .map(plan_table)
        .collect::<Result<Vec<_>, _>>()?;
    // A table cell takes about 200 bytes.
    let mut body = String::with_capacity(64 * 1024 + doc.tables.len() * 48 * 1024);
    let (cover, items) = body_items(&doc.blocks);
    let attachment = (!doc.tables.is_empty()).then_some(doc.attachment_title.as_slice());
    let toc = contents(&items, attachment);
    front_matter(&cover, &toc, &mut body);
    main_text(&items, attachment, &mut body);
    attached_tables(doc, &plans, &mut body)?;

    // GB/T 9704-2012 §7.5: odd pages right, even pages left, one character from the edge.
    let odd = page_number(true);
    let even = page_number(false);
    let mut blank = String::new();
    spacer().write(&mut blank);
    Ok(wml::package(&wml::Parts {
        body: &body,
        styles: styles(),
        footers: [&odd, &even, &blank],
        title: &doc.title,
        created,
    })?)
}

/// The body's section: A4 portrait in the GB/T 9704 margins, numbered from 1.
const BODY_SECTION: Section = Section {
    page: (A4_SHORT, A4_LONG),
    orient: false,
    margins: BODY_MARGIN,
    footers: Footers::Numbers,
    restart: true,
};

/// The cover and the 目录: a section of their own, without page numbers.
fn front_matter(cover: &[&Block], toc: &[TocEntry], out: &mut String) {
    if cover.is_empty() && toc.is_empty() {
        return;
    }
    let mut front = cover_paragraphs(cover);
    if !toc.is_empty() {
        front.extend(toc_paragraphs(toc, !front.is_empty()));
    }
    front.push(Para {
        section: Some(Section {
            footers: Footers::Blank,
            restart: false,
            ..BODY_SECTION
        }),
        ..Para::new(id::LINE)
    });
    for p in &front {
        p.write(out);
    }
}

/// The body, ending with 附件 and the attachment's title where tables follow; its section
/// break is the last paragraph's (or, without tables, the document's final section).
fn main_text(items: &[Item], attachment: Option<&[String]>, out: &mut String) {
    let mut paragraphs = body_paragraphs(items);
    if let Some(lines) = attachment {
        paragraphs.extend(attachment_heading(lines));
    }
    match (attachment, paragraphs.last_mut()) {
        (Some(_), Some(last)) => last.section = Some(BODY_SECTION),
        _ => {
            for p in &paragraphs {
                p.write(out);
            }
            BODY_SECTION.write(out);
            return;
        }
    }
    for p in &paragraphs {
        p.write(out);
    }
}

/// The tables, grouped into sections by orientation; each table starts a page. The last
/// section is the document's final one.
fn attached_tables(doc: &Document, plans: &[TablePlan], out: &mut String) -> Result<(), Error> {
    let units = table_units(&doc.tables);
    let mut u = 0;
    while u < units.len() {
        let landscape = doc.tables[units[u].start].landscape;
        let mut end = u;
        while end < units.len() && doc.tables[units[end].start].landscape == landscape {
            end += 1;
        }
        for (k, unit) in units[u..end].iter().enumerate() {
            table_unit(doc, plans, unit.clone(), k > 0, out)?;
        }
        let section = Section {
            page: if landscape {
                (A4_LONG, A4_SHORT)
            } else {
                (A4_SHORT, A4_LONG)
            },
            orient: true,
            margins: TABLE_MARGIN,
            footers: Footers::Numbers,
            restart: false,
        };
        if end < units.len() {
            Para {
                section: Some(section),
                ..spacer()
            }
            .write(out);
        } else {
            section.write(out);
        }
        u = end;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The body.

/// A piece of the body as printed.
#[derive(Debug, Clone, PartialEq)]
enum Item<'a> {
    /// 第一部分 and the title lines under it: one centred heading at outline level 1, which
    /// the 目录 lists.
    Part {
        label: &'a str,
        titles: Vec<&'a Block>,
    },
    /// A title line not under a part label (a document without parts).
    Title(&'a Block),
    Block(&'a Block),
}

/// Splits the blocks into the cover (the title lines before the first part) and the body,
/// joining each part label with the title lines under it.
fn body_items(blocks: &[Block]) -> (Vec<&Block>, Vec<Item<'_>>) {
    let is_title = |b: &Block| matches!(b, Block::Title(_) | Block::Subtitle(_));
    let has_part = blocks.iter().any(|b| matches!(b, Block::Part(_)));
    let cover_len = if has_part {
        blocks.iter().take_while(|b| is_title(b)).count()
    } else {
        0
    };
    let cover = blocks[..cover_len].iter().collect();
    let mut items = Vec::new();
    let mut i = cover_len;
    while i < blocks.len() {
        match &blocks[i] {
            Block::Part(label) => {
                let titles: Vec<&Block> =
                    blocks[i + 1..].iter().take_while(|b| is_title(b)).collect();
                i += 1 + titles.len();
                items.push(Item::Part { label, titles });
            }
            b if is_title(b) => {
                items.push(Item::Title(b));
                i += 1;
            }
            b => {
                items.push(Item::Block(b));
                i += 1;
            }
        }
    }
    (cover, items)
}

fn block_text(b: &Block) -> &str {
    match b {
        Block::Title(t)
        | Block::Subtitle(t)
        | Block::Part(t)
        | Block::Heading1(t)
        | Block::Heading2(t)
        | Block::Heading3(t)
        | Block::Paragraph(t)
        | Block::Gap(t) => t,
    }
}

/// One line of the 目录: the heading's words and its estimated page.
#[derive(Debug, Clone, PartialEq)]
struct TocEntry {
    text: String,
    page: u32,
}

/// The 目录: every part with its title, then the attachment, each with the page the body's
/// estimate puts it on (Word, WPS and LibreOffice correct them when the field is updated).
fn contents(items: &[Item], attachment: Option<&[String]>) -> Vec<TocEntry> {
    let mut pager = Pager::default();
    let mut toc = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let page = pager.place_item(item, items.get(i + 1));
        if let Item::Part { label, titles } = item {
            let lines: Vec<&str> = titles.iter().map(|t| block_text(t)).collect();
            toc.push(TocEntry {
                text: toc_text(label, &lines),
                page,
            });
        }
    }
    if let Some(lines) = attachment {
        // 附件： and its title lines stay together.
        let n = 1 + lines
            .iter()
            .map(|l| title_lines(l, TITLE_UNITS).len())
            .sum::<usize>();
        let page = pager.place(n, 0);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        toc.push(TocEntry {
            text: toc_text("附件", &lines),
            page,
        });
    }
    toc
}

/// A 目录 entry: the label, a full-width space, the title; where that does not fit on one line
/// beside its page number, the title's own lines (the department, then 2024年度…) go on
/// lines of their own, rather than breaking wherever the line ends.
fn toc_text(label: &str, lines: &[&str]) -> String {
    let one = format!("{label}\u{3000}{}", lines.concat());
    // The page number and a few leader dots.
    if units(&one) + 8 <= BODY_UNITS {
        one
    } else {
        format!("{label}\u{3000}{}", lines.join("\n"))
    }
}

/// Where body lines fall: page and line, with Word's rules for keeping lines together
/// (widow and orphan control; a heading kept with the first lines of what follows).
#[derive(Debug, Clone, Copy)]
struct Pager {
    page: u32,
    line: usize,
}

impl Default for Pager {
    fn default() -> Self {
        Pager { page: 1, line: 0 }
    }
}

impl Pager {
    fn new_page(&mut self) {
        if self.line > 0 {
            self.page += 1;
            self.line = 0;
        }
    }

    /// Places a paragraph of `n` lines that must share its page with `keep` lines of the
    /// next one; returns the page it starts on.
    fn place(&mut self, n: usize, keep: usize) -> u32 {
        let free = BODY_LINES - self.line;
        if n + keep <= free {
            self.line += n;
            return self.page;
        }
        if keep > 0 || n <= 2 || free < 2 || n > BODY_LINES {
            // Kept together, or only its first line would fit: it moves to the next page.
            if n + keep > free && !(n > BODY_LINES && free >= 2) {
                self.new_page();
                let page = self.page;
                self.advance(n);
                return page;
            }
        }
        // Split: at least two lines on each side.
        let page = self.page;
        let mut here = free;
        if n - here == 1 {
            here -= 1;
        }
        self.line += here;
        self.new_page();
        self.advance(n - here);
        page
    }

    /// Adds `n` lines from the current line on, over as many pages as they take.
    fn advance(&mut self, mut n: usize) {
        while self.line + n > BODY_LINES {
            n -= BODY_LINES - self.line;
            self.line = BODY_LINES;
            self.new_page();
        }
        self.line += n;
    }

    fn place_item(&mut self, item: &Item, next: Option<&Item>) -> u32 {
        let next_keep = match next {
            Some(Item::Block(b)) => block_lines(b).min(2),
            _ => 1,
        };
        match item {
            Item::Part { titles, .. } => {
                self.new_page();
                let n = 1 + titles
                    .iter()
                    .map(|t| title_lines(block_text(t), TITLE_UNITS).len())
                    .sum::<usize>();
                let page = self.page;
                // The heading, then a blank line.
                self.advance(n + 1);
                page
            }
            Item::Title(b) => self.place(title_lines(block_text(b), TITLE_UNITS).len(), 0),
            Item::Block(b @ (Block::Heading1(_) | Block::Heading2(_) | Block::Heading3(_))) => {
                self.place(block_lines(b), next_keep)
            }
            Item::Block(b) => self.place(block_lines(b), 0),
        }
    }
}

/// Half-width units a body line holds: 156 mm at 3号 (8 pt a unit).
const BODY_UNITS: usize = (BODY_TEXT_WIDTH / (SIZE_3HAO as i32 * 5)) as usize;
/// Half-width units a title line holds: 156 mm at 2号.
const TITLE_UNITS: usize = (BODY_TEXT_WIDTH / (SIZE_2HAO as i32 * 5)) as usize;

/// Lines a body block takes (first line indented two characters).
fn block_lines(b: &Block) -> usize {
    let text: Cow<str> = match b {
        Block::Gap(t) => format!("【待填写：{t}】").into(),
        b => block_text(b).into(),
    };
    // Word and LibreOffice set a figure or a year in Chinese text off by about a quarter of
    // a character on each side.
    let mut lines = 1;
    let mut used = 4;
    each_piece(&text, |p, units| {
        let w = units + usize::from(!p.chars().any(is_wide));
        if used + w > BODY_UNITS && used > 0 {
            lines += 1;
            used = 0;
        }
        used += w;
    });
    lines
}

/// The cover: its title lines, centred, broken where a title reads well.
fn cover_paragraphs<'a>(cover: &[&'a Block]) -> Vec<Para<'a>> {
    cover
        .iter()
        .map(|b| match b {
            Block::Subtitle(t) => Para::new(id::SUBTITLE).text(t.as_str()),
            b => Para::new(id::TITLE).text(title_lines(block_text(b), TITLE_UNITS).join("\n")),
        })
        .collect()
}

/// The TOC field `TOC \o "1-1" \h \z \u` (headings of outline level 1: the parts and the
/// attachment), filled in with the entries and their estimated pages so that it reads right
/// before any update.
const TOC_FIELD: &str = r#" TOC \o "1-1" \h \z \u "#;

/// 目录 on a page of its own: the title, then one line per entry with a dotted leader to the
/// page number. A long entry wraps under its title, clear of 第二部分 (the style's hanging
/// indent).
fn toc_paragraphs(toc: &[TocEntry], new_page: bool) -> Vec<Para<'_>> {
    let mut out = vec![
        Para::new(id::TITLE)
            .page_break_before(new_page)
            .text("目\u{3000}\u{3000}录"),
        Para::new(id::LINE),
    ];
    for (i, entry) in toc.iter().enumerate() {
        let mut p = Para::new(id::TOC);
        if i == 0 {
            p = p.run(Run::FieldStart(TOC_FIELD));
        }
        p = p
            .text(entry.text.as_str())
            .run(Run::Tab)
            .text(entry.page.to_string());
        if i + 1 == toc.len() {
            p = p.run(Run::FieldEnd);
        }
        out.push(p);
    }
    out
}

/// The body: one paragraph per item, plus a blank line after each part's heading.
fn body_paragraphs<'a>(items: &[Item<'a>]) -> Vec<Para<'a>> {
    let mut out = Vec::new();
    let mut first_part = true;
    for item in items {
        let p = match item {
            Item::Part { label, titles } => {
                // One paragraph, so that the 目录 lists the part with its title.
                let mut p = Para::new(id::PART)
                    .page_break_before(!first_part)
                    .text(*label);
                first_part = false;
                for t in titles {
                    p = p.run(match t {
                        Block::Subtitle(s) => Run::Styled(id::KAI_CHAR, format!("\n{s}")),
                        t => {
                            let lines = title_lines(block_text(t), TITLE_UNITS).join("\n");
                            Run::Styled(id::TITLE_CHAR, format!("\n{lines}"))
                        }
                    });
                }
                out.push(p);
                Para::new(id::LINE)
            }
            Item::Title(b) => Para::new(id::TITLE)
                .keep_next(true)
                .text(title_lines(block_text(b), TITLE_UNITS).join("\n")),
            Item::Block(block) => match block {
                Block::Heading1(text) => Para::new(id::H1).text(text.as_str()),
                Block::Heading2(text) => Para::new(id::H2).text(text.as_str()),
                Block::Heading3(text) => Para::new(id::H3).text(text.as_str()),
                Block::Paragraph(text) => Para {
                    runs: gap_marked_runs(text),
                    ..Para::new(id::TEXT)
                },
                Block::Gap(text) => {
                    Para::new(id::TEXT).run(Run::Red(format!("【待填写：{text}】")))
                }
                Block::Title(t) | Block::Subtitle(t) | Block::Part(t) => {
                    Para::new(id::LINE).text(t.as_str())
                }
            },
        };
        out.push(p);
    }
    out
}

/// 附件： and the attachment's title under it, at the end of the body as in the seed; the
/// title is a heading of outline level 1, so that the 目录 lists it.
fn attachment_heading(lines: &[String]) -> Vec<Para<'_>> {
    let mut out = vec![Para::new(id::ATTACHMENT_LABEL).text("附件：")];
    if !lines.is_empty() {
        let text = lines
            .iter()
            .map(|l| title_lines(l, TITLE_UNITS).join("\n"))
            .collect::<Vec<_>>()
            .join("\n");
        out.push(Para::new(id::ATTACHMENT_TITLE).text(text));
    }
    out
}

/// An empty paragraph one point high: between two tables (so that Word does not join them),
/// before a table's continuation (carrying the page break) and at the end of a table
/// section (carrying the section break), where a full-size empty line could spill onto a
/// page of its own.
fn spacer() -> Para<'static> {
    Para::new(id::SPACER)
}

/// Body text as runs, with every 【待填写：…】 mark of a draft in red so that a reviewer
/// cannot miss it.
fn gap_marked_runs(text: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("【待填写") {
        let end = rest[start..]
            .find('】')
            .map(|e| start + e + '】'.len_utf8())
            .unwrap_or(rest.len());
        if start > 0 {
            runs.push(Run::Text(rest[..start].into()));
        }
        runs.push(Run::Red(rest[start..end].to_string()));
        rest = &rest[end..];
    }
    if !rest.is_empty() || runs.is_empty() {
        runs.push(Run::Text(rest.into()));
    }
    runs
}

/// The page-number footer paragraph "— N —", 4号 宋体 (digits too: GB/T 9704 §7.5 asks for
/// 半角宋体阿拉伯数字), one character in from the text block's side. Its formats are written
/// on the paragraph and its runs rather than in a style: LibreOffice sets a PAGE field in a
/// footer paragraph that names a style at the document's default size (seen: the number came
/// out at 16 pt between dashes at 14 pt).
fn page_number(odd: bool) -> String {
    let (left, right, align) = if odd {
        (0, ONE_4HAO_CHAR, "right")
    } else {
        (ONE_4HAO_CHAR, 0, "left")
    };
    let rpr = format!(
        "<w:rPr>{}{}</w:rPr>",
        wml::rfonts_all(SONG),
        wml::size(SIZE_4HAO)
    );
    let mut p = format!(
        r#"<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:left="{left}" w:right="{right}"/><w:jc w:val="{align}"/>{rpr}</w:pPr>"#
    );
    for part in ["— ", "", " —"] {
        p.push_str("<w:r>");
        p.push_str(&rpr);
        if part.is_empty() {
            p.push_str(r#"<w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>1</w:t><w:fldChar w:fldCharType="end"/>"#);
        } else {
            let _ = write!(p, r#"<w:t xml:space="preserve">{part}</w:t>"#);
        }
        p.push_str("</w:r>");
    }
    p.push_str("</w:p>");
    p
}

// ---------------------------------------------------------------------------------------------
// Measuring text: half-width units (a Chinese character is two, a digit or Latin letter one,
// as in Times New Roman where digits are half an em), and where a line may break.

/// A Chinese (full-width) character.
fn is_wide(c: char) -> bool {
    !c.is_ascii() && UnicodeWidthChar::width(c) == Some(2)
}

/// Width of text in half-width units as printed: a Chinese character is two, and so are the
/// characters Unicode leaves ambiguous (“ ” ≤ ≥ … —), which runs hinted East Asian print in the
/// Chinese font, full width.
fn units(s: &str) -> usize {
    s.chars().map(char_units).sum()
}

/// Width of one character in half-width units (see [`units`]).
fn char_units(c: char) -> usize {
    match c {
        ' '..='~' => 1,
        _ => c.width_cjk().unwrap_or(0),
    }
}

/// Characters that may not begin a line (they stay with what comes before).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '”'
            | '’'
            | '%'
            | '％'
            | '·'
            | '…'
            | '—'
    )
}

/// Characters that may not end a line (they stay with what comes after).
fn is_opening(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '〔' | '“' | '‘')
}

/// The pieces a line may break between: each Chinese character alone, a run of Latin letters
/// and digits (a figure, a code, a year) whole; closing punctuation joins the piece before it,
/// opening punctuation the piece after it.
fn breakable_pieces(s: &str) -> Vec<&str> {
    let mut pieces: Vec<&str> = Vec::new();
    each_piece(s, |p, _| pieces.push(p));
    pieces
}

/// Calls `f` with each of the [`breakable_pieces`] of `s` and its width in units, in order,
/// without collecting them.
fn each_piece<'s>(s: &'s str, mut f: impl FnMut(&'s str, usize)) {
    let mut start = 0;
    let mut width = 0;
    let mut glue_next = false;
    let mut latin = false;
    for (i, c) in s.char_indices() {
        let wide = is_wide(c);
        let closing = is_closing(c);
        let joins = i > 0 && (glue_next || closing || (!wide && latin && c != ' '));
        if !joins && i > 0 {
            f(&s[start..i], width);
            start = i;
            width = 0;
        }
        width += char_units(c);
        glue_next = is_opening(c);
        latin = if closing && joins { latin } else { !wide };
    }
    if start < s.len() {
        f(&s[start..], width);
    }
}

/// Lines `text` takes in lines of `cap` units, the first line `first_indent` units shorter,
/// breaking only between pieces (a piece wider than a line takes a line of its own): the
/// length of [`wrap_pieces`], counted without making the lines.
fn wrap_count(text: &str, cap: usize, first_indent: usize) -> usize {
    let mut lines = Lines::new(cap, first_indent);
    each_piece(text, |_, w| lines.add(w));
    lines.count
}

/// [`wrap_count`] over the widths of the pieces.
fn count_lines(widths: &[usize], cap: usize, first_indent: usize) -> usize {
    let mut lines = Lines::new(cap, first_indent);
    widths.iter().for_each(|w| lines.add(*w));
    lines.count
}

/// Pieces filled greedily into lines, counted.
struct Lines {
    cap: usize,
    count: usize,
    used: usize,
    empty: bool,
}

impl Lines {
    fn new(cap: usize, first_indent: usize) -> Lines {
        Lines {
            cap,
            count: 1,
            used: first_indent,
            empty: true,
        }
    }

    fn add(&mut self, w: usize) {
        if self.used + w > self.cap && !self.empty {
            self.count += 1;
            self.used = 0;
        }
        self.used += w;
        self.empty = false;
    }
}

/// Pieces greedily filled into lines of `cap` units; the first line is `first_indent` shorter.
fn wrap_pieces<S: AsRef<str>>(pieces: &[S], cap: usize, first_indent: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = first_indent;
    for p in pieces {
        let p = p.as_ref();
        let w = units(p);
        if used + w > cap && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        line.push_str(p);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A title broken into lines that fit `cap` units: as few lines as it needs, as even as they
/// can be, broken after a word that ends a body's name (委, 局, 办事处, 中心, …) or before a
/// year, never inside a figure or a year ("…办事处2025 / 年…" cannot happen).
fn title_lines(text: &str, cap: usize) -> Vec<String> {
    if units(text) <= cap || cap == 0 {
        return vec![text.to_string()];
    }
    let pieces = breakable_pieces(text);
    let widths: Vec<usize> = pieces.iter().map(|p| units(p)).collect();
    let total: usize = widths.iter().sum();
    let lines = total.div_ceil(cap).max(2);
    // Cost of breaking before piece i: 0 at a good place, more elsewhere.
    let good = |i: usize| -> bool {
        let before = pieces[i - 1].chars().last().unwrap_or(' ');
        let after = pieces[i].chars().next().unwrap_or(' ');
        let ends_name = "委局会处心府院所站室队团部厅办司馆场园社关区县市省镇乡".contains(before);
        let starts_year = after.is_ascii_digit() && pieces[i].contains('年')
            || after.is_ascii_digit() && pieces.get(i + 1).is_some_and(|p| p.starts_with('年'));
        ends_name || starts_year
    };
    // Greedy from the end of each line back to the best break: aim at even lines.
    let mut out = Vec::new();
    let mut start = 0;
    for k in (1..=lines).rev() {
        if k == 1 || start >= pieces.len() {
            out.push(pieces[start..].concat());
            break;
        }
        let rest: usize = widths[start..].iter().sum();
        let target = rest.div_ceil(k);
        let mut best: Option<(usize, usize)> = None;
        let mut width = 0;
        for i in start + 1..pieces.len() {
            width += widths[i - 1];
            if width > cap {
                break;
            }
            let rest_after: usize = widths[i..].iter().sum();
            if rest_after > cap * (k - 1) {
                continue;
            }
            let cost = width.abs_diff(target) + if good(i) { 0 } else { 8 };
            if best.is_none_or(|(_, c)| cost < c) {
                best = Some((i, cost));
            }
        }
        let Some((at, _)) = best else {
            out.extend(wrap_pieces(&pieces[start..], cap, 0));
            break;
        };
        out.push(pieces[start..at].concat());
        start = at;
    }
    out
}

/// Words of a header label that a line break must not split; a break falls between them.
const HEADER_WORDS: &[&str] = &[
    "“三公”",
    "出国（境）",
    "（单位）",
    "对个人",
    "和家庭的",
    "和服务",
    "资本性",
    "运转类",
    "目标类",
    "政府性",
    "满意度",
    "指标值",
    "单位",
    "代码",
    "编码",
    "科目",
    "名称",
    "合计",
    "小计",
    "总计",
    "基本",
    "支出",
    "人员",
    "经费",
    "工资",
    "福利",
    "补助",
    "公用",
    "商品",
    "项目",
    "其他",
    "特定",
    "部门",
    "本年",
    "收入",
    "一般",
    "公共",
    "预算",
    "其中：",
    "财政",
    "拨款",
    "基金",
    "国有",
    "资本",
    "经营",
    "专户",
    "管理",
    "资金",
    "事业",
    "上级",
    "附属",
    "上缴",
    "上年",
    "结转",
    "结余",
    "经济",
    "分类",
    "因公",
    "公务",
    "用车",
    "购置",
    "运行",
    "接待",
    "类型",
    "金额",
    "总额",
    "绩效",
    "目标",
    "成本",
    "产出",
    "效益",
    "指标",
    "一级",
    "二级",
    "三级",
    "年度",
    "说明",
    "任务",
    "内容",
    "主要",
    "职能",
    "职责",
    "数量",
    "质量",
    "时效",
    "社会",
    "生态",
    "可持续",
    "影响",
    "服务",
    "对象",
];

/// A header label's words: the longest known word at each place; a character no word
/// covers joins the word before it (费 in 公务接待费, 及 in 购置及); brackets and quotes
/// stay with their word.
fn header_words(label: &str) -> Vec<&str> {
    let mut words = Vec::new();
    each_header_word(label, |w| words.push(w));
    words
}

/// Calls `f` with each of the [`header_words`] of `label`, in order. A word is a slice of the
/// label (the pieces joined into it follow one another), so nothing is allocated: this runs
/// for every header cell at every text size a table is planned at.
fn each_header_word<'s>(label: &'s str, mut f: impl FnMut(&'s str)) {
    // The word being made is `label[start..at]`; the rest is `label[at..]`.
    let mut start = 0;
    let mut at = 0;
    let mut glue_next = false;
    while let Some(first) = label[at..].chars().next() {
        let rest = &label[at..];
        // The first character's bytes compared one by one before the whole word: this runs
        // for every character of every header label, several times per table.
        let lead = &rest.as_bytes()[..first.len_utf8()];
        let known = HEADER_WORDS
            .iter()
            .filter(|w| {
                let wb = w.as_bytes();
                wb.len() >= lead.len()
                    && lead.iter().zip(wb).all(|(a, b)| a == b)
                    && rest.starts_with(**w)
            })
            .max_by_key(|w| w.len());
        let piece = match known {
            Some(w) => *w,
            None => &rest[..first.len_utf8()],
        };
        let joins =
            at > 0 && (glue_next || is_closing(first) || (known.is_none() && !is_opening(first)));
        if !joins && at > 0 {
            f(&label[start..at]);
            start = at;
        }
        glue_next = piece.chars().last().is_some_and(is_opening);
        at += piece.len();
    }
    if at > 0 {
        f(&label[start..at]);
    }
}

/// A header label in lines of at most `cap` units, broken between words (a word wider than
/// the line is broken between its characters).
fn header_lines(label: &str, cap: usize) -> Vec<String> {
    let mut out = Vec::new();
    for part in label.split('\n') {
        let mut pieces: Vec<&str> = Vec::new();
        each_header_word(part, |w| {
            if units(w) > cap {
                pieces.extend(breakable_pieces(w));
            } else {
                pieces.push(w);
            }
        });
        out.extend(wrap_pieces(&pieces, cap, 0));
    }
    out
}

/// How many [`header_lines`] a label takes, counted without making them.
fn header_line_count(label: &str, cap: usize) -> usize {
    label
        .split('\n')
        .map(|part| {
            let mut lines = Lines::new(cap, 0);
            each_header_word(part, |w| {
                let width = units(w);
                if width > cap {
                    each_piece(w, |_, w| lines.add(w));
                } else {
                    lines.add(width);
                }
            });
            lines.count
        })
        .sum()
}

// ---------------------------------------------------------------------------------------------
// The attached tables: column widths, row heights, and where they are cut.

/// Fewest body rows a printed page of a table holds (issue 9: no continuation page of 2–4).
pub const MIN_ROWS: usize = 5;

/// Left and right cell margin in twips (1 mm ≈ 57).
const CELL_MARGIN: usize = 57;

/// Share of a page's height the cut plans with: row heights are estimates, and a row that
/// does not fit would carry the rows after it onto a page of their own.
const PAGE_SAFETY: f64 = 0.95;

/// A cell's line height at table text size `size` (half-points): exactly 4/3 of the size.
fn cell_line(size: usize) -> i32 {
    (size as i32 * 40 + 2) / 3
}

/// Row height over its lines: borders and a little air.
const ROW_PAD: i32 = 20;

/// Twips per half-width unit at `size` half-points.
fn unit_twips(size: usize) -> i32 {
    size as i32 * 5
}

/// The text of a cell without the full-width spaces that indent a name, and the indent in
/// characters.
fn indent_of(text: &str) -> (usize, &str) {
    let rest = text.trim_start_matches('\u{3000}');
    ((text.len() - rest.len()) / '\u{3000}'.len_utf8(), rest)
}

/// Whether a cell's text must stay on one line: figures, codes and anything without Chinese.
fn is_unbreakable(cell: &LayoutCell) -> bool {
    matches!(cell.style, CellStyle::Number | CellStyle::NumberBold)
        || !cell.text.chars().any(is_wide)
}

/// What a column needs, in half-width units of text (margins not included).
#[derive(Debug, Clone, Copy, Default)]
struct Need {
    /// Below this something breaks a rule: a figure wraps, a name takes three lines, a header
    /// word is split.
    min: usize,
    /// Everything on one line (names) and headers on at most two lines.
    pref: usize,
    /// The column holds names (it takes the space that is left over).
    names: bool,
    /// The widest text of a column of descriptions (11's 指标值说明), longer than any name:
    /// such a column is served first, since its lines make the rows tall; 0 elsewhere.
    long: usize,
}

/// Most half-width units a column asks for so that its longest text takes two lines (a
/// name of 18 characters); longer texts are descriptions rather than names.
const NAME_MIN_CAP: usize = 36;
/// Most half-width units a column asks for to hold its longest text on one line.
const NAME_PREF_CAP: usize = 72;

/// The narrowest width at which `text` takes at most `lines` lines (first line indented).
fn width_for_lines(text: &str, lines: usize, indent: usize) -> usize {
    let mut widths = Vec::new();
    each_piece(text, |_, w| widths.push(w));
    let full = widths.iter().sum::<usize>() + indent;
    let mut w = (full.div_ceil(lines)).max(2);
    while w < full && count_lines(&widths, indented_cap(w, indent), 0) > lines {
        w += 1;
    }
    w.min(full)
}

/// Lines of a name of `indent` characters' indent on every line, in `cap` units.
fn wrap_count_indented(text: &str, cap: usize, indent: usize) -> usize {
    wrap_count(text, indented_cap(cap, indent), 0)
}

/// What is left of a line of `cap` units for text indented `indent` units on every line
/// (never less than one character).
fn indented_cap(cap: usize, indent: usize) -> usize {
    cap.saturating_sub(indent).max(2)
}

/// The needs of every column, from the cells that span one column.
fn column_needs(rows: &[Vec<Option<LayoutCell>>], columns: usize) -> Vec<Need> {
    let mut needs = vec![Need::default(); columns];
    for row in rows {
        for (c, cell) in row.iter().enumerate().take(columns) {
            let Some(cell) = cell else { continue };
            if cell.col_span > 1 || cell.text.is_empty() {
                continue;
            }
            let n = &mut needs[c];
            if cell.style == CellStyle::Header {
                let widest = cell
                    .text
                    .split('\n')
                    .flat_map(header_words)
                    .map(units)
                    .max()
                    .unwrap_or(0);
                let two = width_for_lines(&cell.text, 2, 0).max(widest);
                n.min = n.min.max(widest);
                n.pref = n.pref.max(two);
            } else if is_unbreakable(cell) {
                let w = units(&cell.text);
                n.min = n.min.max(w);
                n.pref = n.pref.max(w);
            } else {
                // Names on two lines at most; a longer text (11's 指标值说明) is a
                // description and wraps as it must.
                let (indent, text) = indent_of(&cell.text);
                let indent = indent * 2;
                n.names = true;
                n.min = n
                    .min
                    .max((width_for_lines(text, 2, 0) + indent).min(NAME_MIN_CAP));
                let width = units(text);
                n.pref = n.pref.max((width + indent).min(NAME_PREF_CAP));
                if width > NAME_PREF_CAP {
                    n.long = n.long.max(width + indent);
                }
            }
        }
    }
    for n in &mut needs {
        n.min = n.min.max(2);
        n.pref = n.pref.max(n.min);
    }
    needs
}

/// A table as it will be printed: text size, column widths and estimated row heights.
#[derive(Debug, Clone)]
struct TablePlan {
    size: usize,
    grid: Vec<i32>,
    heights: Vec<i32>,
}

/// Sizes the columns of a table to its page: every column gets what it needs at minimum
/// (codes and figures on one line, names on two, header words whole); what is left goes
/// first to the names (up to one line), then to the headers (up to two lines), then to all
/// columns alike. The text is 9 pt, or 8 or 7.5 pt where that keeps on one page a table that
/// would otherwise run over, or where the columns do not fit at 9 pt; past that the columns
/// are scaled down to the page.
fn plan_table(table: &TableLayout) -> Result<TablePlan, Error> {
    let columns = table.columns;
    if columns == 0 {
        return Err(layout_error(table, 0, 0, "a table without columns"));
    }
    let needs = column_needs(&table.rows, columns);
    let measures = measure_cells(&table.rows);
    let (_, page_height) = table_block(table.landscape);
    let room = (page_height as f64 * PAGE_SAFETY) as i32 - heading_height(is_form(table));
    let one_page = |p: &TablePlan| p.heights.iter().sum::<i32>() <= room;
    // Sizes are tried largest first; the first that fits on one page wins, else the first
    // whose columns fit, else the smallest.
    let mut plans: Vec<(TablePlan, bool)> = Vec::with_capacity(TABLE_SIZES.len());
    for size in TABLE_SIZES {
        let (plan, fits) = plan_at(table, &needs, &measures, size);
        if fits && one_page(&plan) {
            return Ok(plan);
        }
        plans.push((plan, fits));
    }
    let chosen = match plans.iter().position(|(_, fits)| *fits) {
        Some(i) => i,
        None => plans.len() - 1,
    };
    Ok(plans.swap_remove(chosen).0)
}

/// 11's form, which prints its year under the title.
fn is_form(table: &TableLayout) -> bool {
    table.code.contains("11")
}

/// The columns at one text size, and whether their minimum widths fit the page.
fn plan_at(
    table: &TableLayout,
    needs: &[Need],
    measures: &[Vec<Measure>],
    size: usize,
) -> (TablePlan, bool) {
    let columns = needs.len();
    let (page_width, _) = table_block(table.landscape);
    let overhead = 2 * CELL_MARGIN as i32;
    let twips = |units: usize| units as i32 * unit_twips(size) + overhead;
    let slack = 1;
    let mut grid: Vec<i32> = needs.iter().map(|n| twips(n.min + slack)).collect();
    let used: i32 = grid.iter().sum();
    let fits = used <= page_width;
    if !fits {
        // Shrink every column alike.
        let scale = page_width as f64 / used as f64;
        for g in &mut grid {
            *g = (*g as f64 * scale).floor() as i32;
        }
    } else {
        let mut room = page_width - used;
        // Descriptions first (their lines make the rows tall), then names, then header
        // labels, each up to what it prefers.
        for pass in 0..3 {
            let wants: Vec<i32> = needs
                .iter()
                .zip(&grid)
                .map(|(n, g)| {
                    let want = match pass {
                        0 => n.long,
                        1 if n.names => n.pref,
                        1 => 0,
                        _ => n.pref,
                    };
                    if want == 0 {
                        return 0;
                    }
                    (twips(want + slack) - g).max(0)
                })
                .collect();
            let total: i32 = wants.iter().sum();
            if total == 0 {
                continue;
            }
            let give = room.min(total);
            for (g, w) in grid.iter_mut().zip(&wants) {
                let share = (*w as i64 * give as i64 / total as i64) as i32;
                *g += share;
                room -= share;
            }
        }
        // The rest to every column in proportion to its width.
        let total: i32 = grid.iter().sum();
        for g in &mut grid {
            *g += (*g as i64 * room as i64 / total as i64) as i32;
        }
    }
    // The rounding remainder goes to the last column, so the table meets both margins.
    let rest: i32 = grid[..columns - 1].iter().sum();
    grid[columns - 1] = (page_width - rest).max(overhead);
    let heights = row_heights(table, measures, &grid, size);
    (
        TablePlan {
            size,
            grid,
            heights,
        },
        fits,
    )
}

/// Units of text a cell of `width` twips holds on a line at `size`.
fn cap_units(width: i32, size: usize) -> usize {
    // A quarter of a character to spare: a line that fills its cell exactly is wrapped again
    // by LibreOffice (seen on "事业收入", which printed as 事业收/入).
    ((width - 2 * CELL_MARGIN as i32 - unit_twips(size) / 2).max(0) / unit_twips(size)) as usize
}

/// How a cell's text wraps, measured once per table: a table is planned at up to three text
/// sizes, and measuring every name again at each of them was most of the planning's time.
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// Figures, codes and text without Chinese: one line at any width.
    OneLine,
    /// A header label: broken between its words, at each width anew (there are few).
    Header,
    /// Text that wraps: its indent on every line (units), how many lines it has of its own,
    /// and the widest of them (units). Where that fits, each line is one line.
    Wrapped {
        indent: usize,
        lines: usize,
        widest: usize,
    },
}

/// Each cell's [`Measure`], by row and column (an empty slot is one line).
fn measure_cells(rows: &[Vec<Option<LayoutCell>>]) -> Vec<Vec<Measure>> {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell.as_ref().map_or(Measure::OneLine, measure))
                .collect()
        })
        .collect()
}

fn measure(cell: &LayoutCell) -> Measure {
    if cell.style == CellStyle::Header {
        Measure::Header
    } else if is_unbreakable(cell) {
        Measure::OneLine
    } else {
        let (indent, text) = indent_of(&cell.text);
        Measure::Wrapped {
            indent: indent * 2,
            lines: text.split('\n').count(),
            widest: text.split('\n').map(units).max().unwrap_or(0),
        }
    }
}

/// Lines a cell takes in `width` twips.
fn cell_lines(cell: &LayoutCell, measure: Measure, width: i32, size: usize) -> usize {
    let cap = cap_units(width, size);
    match measure {
        Measure::Header => header_line_count(&cell.text, cap),
        Measure::OneLine => 1,
        // Every line fits: no need to wrap them.
        Measure::Wrapped {
            indent,
            lines,
            widest,
        } if widest <= indented_cap(cap, indent) => lines,
        Measure::Wrapped { indent, .. } => {
            let (_, text) = indent_of(&cell.text);
            text.split('\n')
                .map(|t| wrap_count_indented(t, cap, indent))
                .sum()
        }
    }
}

/// Estimated height of every row in twips: its tallest cell's lines; a cell merged over
/// several rows adds to the last of them what they lack. `measures` are the table's
/// [`measure_cells`].
fn row_heights(
    table: &TableLayout,
    measures: &[Vec<Measure>],
    grid: &[i32],
    size: usize,
) -> Vec<i32> {
    let line = cell_line(size);
    let cols = grid.len();
    let width = |c: usize, span: usize| grid[c.min(cols)..(c + span).min(cols)].iter().sum::<i32>();
    // A figure or a code is one line whatever its width, which is then not worked out.
    let lines_of = |cell: &LayoutCell, measure: Measure, c: usize| match measure {
        Measure::OneLine => 1,
        _ => cell_lines(
            cell,
            measure,
            width(c, usize::from(cell.col_span.max(1))),
            size,
        ),
    };
    let mut heights: Vec<i32> = table
        .rows
        .iter()
        .zip(measures)
        .map(|(row, measures)| {
            let lines = row
                .iter()
                .zip(measures)
                .enumerate()
                .filter_map(|(c, (cell, m))| cell.as_ref().map(|cell| (c, cell, *m)))
                .filter(|(_, cell, _)| cell.row_span <= 1)
                .map(|(c, cell, m)| lines_of(cell, m, c))
                .max()
                .unwrap_or(1)
                .max(1);
            lines as i32 * line + ROW_PAD
        })
        .collect();
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let Some(cell) = cell else { continue };
            let span = cell.row_span as usize;
            if span <= 1 || r + span > heights.len() {
                continue;
            }
            let need = lines_of(cell, measures[r][c], c) as i32 * line + ROW_PAD;
            let have: i32 = heights[r..r + span].iter().sum();
            if need > have {
                heights[r + span - 1] += need - have;
            }
        }
    }
    heights
}

/// A table and the tables continuing it (11's indicator list after its form): printed from a
/// new page on, one after the other.
#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
}

fn table_units(tables: &[TableLayout]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        match units.last_mut() {
            Some(u) if t.continued => u.end = i + 1,
            _ => units.push(Unit {
                start: i,
                end: i + 1,
            }),
        }
    }
    units
}

/// Height of the lines above a table: code, title, (11's year), 部门名称 and 单位.
fn heading_height(with_subtitle: bool) -> i32 {
    let small = TABLE_SMALL_LINE;
    small + 720 + small + if with_subtitle { small } else { 0 }
}

/// The 11 form's year under its title, as the workbook prints it: （2024年度）.
fn table_subtitle(doc: &Document, table: &TableLayout) -> Option<String> {
    (is_form(table) && doc.year > 0).then(|| format!("（{}年度）", doc.year))
}

/// A table unit: the heading, then each table cut into pages (its header rows repeated, at
/// least [`MIN_ROWS`] rows on every page), then the notes; written to `out`.
fn table_unit(
    doc: &Document,
    plans: &[TablePlan],
    unit: Unit,
    new_page: bool,
    out: &mut String,
) -> Result<(), Error> {
    let first = &doc.tables[unit.start];
    let subtitle = table_subtitle(doc, first);
    let (_, page_height) = table_block(first.landscape);
    let room = (page_height as f64 * PAGE_SAFETY) as i32;
    for p in table_heading(first, subtitle.as_deref(), new_page) {
        p.write(out);
    }
    let mut used = heading_height(subtitle.is_some());
    for (i, (table, plan)) in doc.tables[unit.start..unit.end]
        .iter()
        .zip(&plans[unit.start..unit.end])
        .enumerate()
    {
        let i = unit.start + i;
        let header = table.header_rows.min(table.rows.len());
        let header_height: i32 = plan.heights[..header].iter().sum();
        let notes_height: i32 = table
            .notes
            .iter()
            .map(|n| {
                wrap_count(n, cap_units(plan.grid.iter().sum(), SIZE_TABLE), 0) as i32
                    * cell_line(SIZE_TABLE)
            })
            .sum();
        let body = table.rows.len() - header;
        if i > unit.start {
            // A continuing table starts on a new page unless a header and a few rows fit.
            let few: i32 = plan.heights[header..header + body.min(MIN_ROWS)]
                .iter()
                .sum();
            if used + 200 + header_height + few > room {
                spacer().page_break_before(true).write(out);
                used = 0;
            } else {
                spacer().write(out);
                used += 200;
            }
        }
        let breaks = page_cuts(&plan.heights, header, room - used, room, notes_height);
        let mut starts = vec![header];
        starts.extend(&breaks);
        let one_page = breaks.is_empty();
        // Which cell covers each slot, where the table is cut and merged cells may be too.
        let owners = if one_page {
            Vec::new()
        } else {
            cell_owners(&table.rows)
        };
        for (k, &from) in starts.iter().enumerate() {
            let to = starts.get(k + 1).copied().unwrap_or(table.rows.len());
            if k > 0 {
                spacer().page_break_before(true).write(out);
            }
            let page = if one_page {
                PageRows::whole(&table.rows, header)
            } else {
                PageRows::cut(&table.rows, header, from..to, &owners)
            };
            let n = page.len();
            // Rows kept with the next: all of a table that fits on one page; elsewhere the
            // header and the last rows of the part, so that a viewer whose rows come out
            // taller than estimated still carries at least MIN_ROWS rows over.
            let keep = |r: usize| r + 1 < n && (one_page || r < header + 1 || r + MIN_ROWS >= n);
            layout_table(table, &page, plan, &keep, out)?;
        }
        used = match breaks.last() {
            Some(&b) => header_height + plan.heights[b..].iter().sum::<i32>(),
            None => used + plan.heights.iter().sum::<i32>(),
        } + notes_height;
        for note in &table.notes {
            Para::new(id::NOTE).text(note.as_str()).write(out);
        }
    }
    Ok(())
}

/// Where a table is cut: the body rows that begin a new page. Rows are filled into pages of
/// `room` twips (`first_room` on the first, which the heading shares), the header rows
/// repeated on each; the last page keeps at least [`MIN_ROWS`] rows (taken from the page
/// before) and room for the notes (`tail`).
fn page_cuts(heights: &[i32], header: usize, first_room: i32, room: i32, tail: i32) -> Vec<usize> {
    let header_height: i32 = heights[..header].iter().sum();
    let n = heights.len();
    let mut cuts = Vec::new();
    let mut used = header_height;
    let mut cap = first_room;
    let mut on_page = 0;
    for (r, h) in heights.iter().enumerate().skip(header) {
        let h = h + if r + 1 == n { tail } else { 0 };
        if used + h > cap && on_page > 0 {
            cuts.push(r);
            used = header_height;
            cap = room;
            on_page = 0;
        }
        used += h;
        on_page += 1;
    }
    if let Some(&last) = cuts.last() {
        let on_last = n - last;
        let prev = if cuts.len() >= 2 {
            cuts[cuts.len() - 2]
        } else {
            header
        };
        if on_last < MIN_ROWS {
            let spare = (last - prev).saturating_sub(MIN_ROWS);
            let shift = (MIN_ROWS - on_last).min(spare);
            if let Some(l) = cuts.last_mut() {
                *l -= shift;
            }
        }
    }
    cuts
}

/// The rows of a table as printed on one page: its header rows, then body rows `from..to`.
/// Where the table is cut into pages, a merged cell cut by the page's end is shortened, and
/// one begun on an earlier page is repeated at the top of this one (a 一级指标 label then
/// prints on every page it covers). The cells are the layout's own, borrowed: a long table
/// runs over many pages, and copying its rows for each of them cost more than writing them.
struct PageRows<'a> {
    rows: &'a [Vec<Option<LayoutCell>>],
    /// Header rows, repeated on every page.
    header: usize,
    body: Range<usize>,
    /// Where the table is cut: the cells carried onto the page's first body row from rows
    /// above it, with the row each begins on, by column.
    carried: Option<Vec<Option<(usize, &'a LayoutCell)>>>,
}

impl<'a> PageRows<'a> {
    /// A table that fits on one page: all its rows, as laid out.
    fn whole(rows: &'a [Vec<Option<LayoutCell>>], header: usize) -> PageRows<'a> {
        PageRows {
            rows,
            header,
            body: header..rows.len(),
            carried: None,
        }
    }

    /// Body rows `body` of a table cut into pages; `owners` is the table's [`cell_owners`].
    fn cut(
        rows: &'a [Vec<Option<LayoutCell>>],
        header: usize,
        body: Range<usize>,
        owners: &[Vec<Option<(usize, usize)>>],
    ) -> PageRows<'a> {
        let from = body.start;
        let carried = (0..rows[from].len())
            .map(|c| match (&rows[from][c], owners[from][c]) {
                (None, Some((r0, c0))) if r0 < from && c0 == c => {
                    rows[r0][c0].as_ref().map(|cell| (r0, cell))
                }
                _ => None,
            })
            .collect();
        PageRows {
            rows,
            header,
            body,
            carried: Some(carried),
        }
    }

    /// Rows on the page.
    fn len(&self) -> usize {
        self.header + self.body.len()
    }

    /// The layout's row printed as the page's row `r`.
    fn source(&self, r: usize) -> usize {
        if r < self.header {
            r
        } else {
            self.body.start + r - self.header
        }
    }

    /// Slots of the page's row `r`.
    fn width(&self, r: usize) -> usize {
        self.rows[self.source(r)].len()
    }

    /// The cell that starts at the page's row `r`, column `c`, and the rows it spans there.
    fn cell(&self, r: usize, c: usize) -> Option<(&'a LayoutCell, u32)> {
        let row = self.source(r);
        let slot = self.rows[row].get(c)?.as_ref();
        let Some(carried) = &self.carried else {
            return slot.map(|cell| (cell, cell.row_span));
        };
        if r < self.header {
            return slot.map(|cell| (cell, cell.row_span));
        }
        let to = self.body.end;
        match slot {
            Some(cell) => Some((cell, cell.row_span.min((to - row) as u32).max(1))),
            None if row == self.body.start => carried[c].map(|(r0, cell)| {
                let end = (r0 + cell.row_span as usize).min(to);
                (cell, (end - row) as u32)
            }),
            None => None,
        }
    }
}

/// Which cell covers each slot of a layout: the row and column of the cell (the last one
/// laid out, should two overlap).
fn cell_owners(rows: &[Vec<Option<LayoutCell>>]) -> Vec<Vec<Option<(usize, usize)>>> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut owner: Vec<Vec<Option<(usize, usize)>>> = vec![vec![None; cols]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let Some(cell) = cell else { continue };
            let rows_end = (r + cell.row_span.max(1) as usize).min(rows.len());
            let cols_end = (c + usize::from(cell.col_span.max(1))).min(cols);
            for covered in &mut owner[r..rows_end] {
                for slot in &mut covered[c..cols_end] {
                    *slot = Some((r, c));
                }
            }
        }
    }
    owner
}

/// The lines above a table: code (预算03表), title, 11's year, and department left / unit
/// right; each kept with the next (their styles say so), so that they never stay behind at
/// the foot of a page.
fn table_heading<'a>(
    table: &'a TableLayout,
    subtitle: Option<&'a str>,
    new_page: bool,
) -> Vec<Para<'a>> {
    let (width, _) = table_block(table.landscape);
    let mut out = vec![
        Para::new(id::TABLE_CODE)
            .page_break_before(new_page)
            .text(table.code.as_str()),
        Para::new(id::TABLE_TITLE).text(table.title.as_str()),
    ];
    if let Some(s) = subtitle {
        out.push(Para::new(id::TABLE_SUB).text(s));
    }
    // A right tab stop at the right margin puts the unit flush right on the same line.
    out.push(
        Para {
            tab: Some(Tab {
                pos: width,
                dots: false,
            }),
            ..Para::new(id::TABLE_CODE)
        }
        .text(table.dept_line.as_str())
        .run(Run::Tab)
        .text(table.unit_line.as_str()),
    );
    out
}

/// A vertical merge still open above a column: the rows it still covers and its width.
#[derive(Clone, Copy)]
struct OpenMerge {
    rows_left: u32,
    col_span: usize,
}

/// The table proper, written to `out`; its first `header` rows repeat on every page. Each row
/// is walked column by column: a cell starts where `rows` holds one; a `None` under an open
/// vertical merge becomes a `vMerge` continue cell of the same width (Word needs the covered
/// cell written out); a `None` inside a cell's `col_span` is skipped (the span covers it).
/// `keep(r)`: row `r` is kept on a page with the next.
fn layout_table(
    table: &TableLayout,
    rows: &PageRows,
    plan: &TablePlan,
    keep: &dyn Fn(usize) -> bool,
    out: &mut String,
) -> Result<(), Error> {
    let size = plan.size;
    let grid = &plan.grid;
    let cols = grid.len();
    let span_width = |col: usize, span: usize| grid[col..col + span].iter().sum::<i32>();
    let mut open: Vec<Option<OpenMerge>> = vec![None; cols];
    wml::table_start(out, grid, CELL_MARGIN as i32);
    for r in 0..rows.len() {
        if rows.width(r) > cols {
            return Err(layout_error(table, r, cols, "more cells than columns"));
        }
        let kept = keep(r);
        wml::row_start(out, r < rows.header);
        let mut c = 0;
        while c < cols {
            match (rows.cell(r, c), open[c]) {
                (Some(_), Some(_)) => {
                    return Err(layout_error(
                        table,
                        r,
                        c,
                        "a cell sits under a vertical merge",
                    ));
                }
                (Some((cell, row_span)), None) => {
                    let span = usize::from(cell.col_span.max(1));
                    if c + span > cols {
                        return Err(layout_error(
                            table,
                            r,
                            c,
                            "col_span runs past the last column",
                        ));
                    }
                    let merge = if row_span > 1 {
                        if r + row_span as usize > rows.len() {
                            return Err(layout_error(
                                table,
                                r,
                                c,
                                "row_span runs past the last row",
                            ));
                        }
                        open[c] = Some(OpenMerge {
                            rows_left: row_span - 1,
                            col_span: span,
                        });
                        VMerge::Restart
                    } else {
                        VMerge::None
                    };
                    write_cell(out, cell, (span_width(c, span), span, merge), size, kept);
                    c += span;
                }
                (None, Some(merge)) => {
                    let para = CellPara {
                        style: CellLook::Empty.style(size),
                        keep_next: kept,
                        left: None,
                        text: None,
                    };
                    let width = span_width(c, merge.col_span);
                    wml::cell(out, width, merge.col_span, VMerge::Continue, &para);
                    open[c] = (merge.rows_left > 1).then_some(OpenMerge {
                        rows_left: merge.rows_left - 1,
                        ..merge
                    });
                    c += merge.col_span;
                }
                (None, None) => {
                    return Err(layout_error(
                        table,
                        r,
                        c,
                        "an empty slot no merged cell covers",
                    ));
                }
            }
        }
        wml::row_end(out);
    }
    wml::table_end(out);
    Ok(())
}

/// A cell of `width` twips over `span` columns, and its paragraph: 宋体; header cells bold
/// and centred, their labels broken between words; names left-aligned with their indent kept
/// on a second line; numbers right-aligned. `kept`: its row keeps with the next.
fn write_cell(
    out: &mut String,
    cell: &LayoutCell,
    (width, span, merge): (i32, usize, VMerge),
    size: usize,
    kept: bool,
) {
    let look = match cell.style {
        CellStyle::Header => CellLook::Header,
        CellStyle::Text => CellLook::Name,
        CellStyle::TextCenter => CellLook::Centred,
        CellStyle::TextBold => CellLook::NameBold,
        CellStyle::Number => CellLook::Figure,
        CellStyle::NumberBold => CellLook::FigureBold,
    };
    let para = CellPara {
        style: look.style(size),
        keep_next: kept,
        left: None,
        text: None,
    };
    match cell.style {
        CellStyle::Header => {
            let text = header_lines(&cell.text, cap_units(width, size)).join("\n");
            let para = CellPara {
                text: Some(&text),
                ..para
            };
            wml::cell(out, width, span, merge, &para);
        }
        _ => {
            let (indent, text) = indent_of(&cell.text);
            let para = CellPara {
                left: (indent > 0).then(|| indent as i32 * unit_twips(size) * 2),
                text: Some(text),
                ..para
            };
            wml::cell(out, width, span, merge, &para);
        }
    }
}

fn layout_error(table: &TableLayout, row: usize, col: usize, detail: &str) -> Error {
    Error::Layout {
        table: table.title.clone(),
        row: row + 1,
        col: col + 1,
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn cell(text: &str, style: CellStyle, row_span: u32, col_span: u16) -> Option<LayoutCell> {
        Some(LayoutCell {
            text: text.to_string(),
            style,
            row_span,
            col_span,
        })
    }

    /// A 3-row table: "项目" spans two header rows, "本年预算" spans two columns.
    fn sample_table(code: &str) -> TableLayout {
        use CellStyle::*;
        TableLayout {
            code: code.to_string(),
            title: "2024年部门收支总体情况表".to_string(),
            dept_line: "部门名称：某某局".to_string(),
            unit_line: "单位：万元".to_string(),
            columns: 3,
            rows: vec![
                vec![
                    cell("项目", Header, 2, 1),
                    cell("本年预算", Header, 1, 2),
                    None,
                ],
                vec![None, cell("金额", Header, 1, 1), cell("占比", Header, 1, 1)],
                vec![
                    cell("合计", TextBold, 1, 1),
                    cell("42.05", NumberBold, 1, 1),
                    cell("100.00", Number, 1, 1),
                ],
            ],
            header_rows: 2,
            notes: vec!["注：本表无数据的项目不列示。".to_string()],
            continued: false,
            landscape: true,
        }
    }

    fn sample() -> Document {
        Document {
            title: "某某局2024年部门预算".to_string(),
            year: 2024,
            attachment_title: Vec::new(),
            blocks: vec![
                Block::Title("某某局2024年部门预算".to_string()),
                Block::Subtitle("（2024年）".to_string()),
                Block::Part("第一部分".to_string()),
                Block::Title("某某局概况".to_string()),
                Block::Heading1("一、部门职责".to_string()),
                Block::Heading2("（一）主要职能".to_string()),
                Block::Heading3("1. 基本情况".to_string()),
                Block::Paragraph("收入预算42.05万元，“三公”经费0.00万元。".to_string()),
                Block::Gap("机构设置".to_string()),
            ],
            tables: vec![sample_table("预算01表")],
        }
    }

    fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<&[u8]>> {
        zip::ZipArchive::new(Cursor::new(bytes)).unwrap()
    }

    fn entry(bytes: &[u8], name: &str) -> String {
        let mut archive = unzip(bytes);
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn entries_are_deflated_and_fixed_in_time() {
        let bytes = render(&sample(), "2024-01-01T00:00:00Z").unwrap();
        let mut archive = unzip(&bytes);
        let mut files = 0;
        for i in 0..archive.len() {
            let file = archive.by_index(i).unwrap();
            assert_eq!(
                file.last_modified(),
                Some(zip::DateTime::default()),
                "{:?}",
                file.name()
            );
            if !file.is_dir() {
                files += 1;
                assert_eq!(
                    file.compression(),
                    zip::CompressionMethod::Deflated,
                    "{:?}",
                    file.name()
                );
            }
        }
        assert_eq!(files, 13, "{files} files");
        let core = entry(&bytes, "docProps/core.xml");
        assert!(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-01-01T00:00:00Z<"));
        assert!(
            core.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-01-01T00:00:00Z<")
        );
        assert!(core.contains("<dc:title>某某局2024年部门预算</dc:title>"));
    }

    #[test]
    fn same_input_gives_identical_bytes() {
        let a = render(&sample(), "2024-01-01T00:00:00Z").unwrap();
        let b = render(&sample(), "2024-01-01T00:00:00Z").unwrap();
        // The same in another thread (docx-rs once numbered paragraphs from a thread-local counter).
        let c = std::thread::spawn(|| render(&sample(), "2024-01-01T00:00:00Z").unwrap())
            .join()
            .unwrap();
        assert!(a == b && b == c, "renders differ");
    }

    #[test]
    fn table_header_rows_and_merges() {
        let bytes = render(&sample(), "2024-01-01T00:00:00Z").unwrap();
        let xml = entry(&bytes, "word/document.xml");
        let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
        assert_eq!(rows.len(), 3);
        assert!(rows[0].contains("<w:tblHeader/>") && rows[1].contains("<w:tblHeader/>"));
        assert!(!rows[2].contains("<w:tblHeader/>"));
        // Row 1: 项目 restarts a vertical merge, 本年预算 spans two columns: two cells.
        assert_eq!(count(rows[0], "<w:tc>"), 2);
        assert!(rows[0].contains(r#"<w:vMerge w:val="restart"/>"#));
        assert!(rows[0].contains(r#"<w:gridSpan w:val="2"/>"#));
        // Row 2: the covered 项目 slot is written as a continue cell, then 金额 and 占比.
        assert_eq!(count(rows[1], "<w:tc>"), 3);
        assert!(rows[1].contains(r#"<w:vMerge w:val="continue"/>"#));
        assert_eq!(count(rows[2], "<w:tc>"), 3);
        assert!(!rows[2].contains("w:vMerge"));
        assert!(xml.contains(r#"<w:tblLayout w:type="fixed"/>"#));
        assert_eq!(count(&xml, "<w:gridCol "), 3);
    }

    #[test]
    fn body_indents_sections_and_footers() {
        let bytes = render(&sample(), "2024-01-01T00:00:00Z").unwrap();
        let xml = entry(&bytes, "word/document.xml");
        let styles = entry(&bytes, "word/styles.xml");
        assert!(styles.contains(r#"w:firstLine="640" w:firstLineChars="200""#));
        // Cover and 目录, body, tables.
        let sections: Vec<&str> = xml.split("<w:sectPr>").skip(1).collect();
        assert_eq!(sections.len(), 3);
        let reference = |s: &str, kind: &str| -> String {
            let el = s
                .split("<w:footerReference ")
                .skip(1)
                .map(|e| &e[..e.find("/>").unwrap()])
                .find(|e| e.contains(&format!(r#"w:type="{kind}""#)))
                .unwrap_or_else(|| panic!("no {kind} footer in {s}"));
            let id = &el[el.find(r#"r:id=""#).unwrap() + 6..];
            id[..id.find('"').unwrap()].to_string()
        };
        // The cover section prints the blank footer on every page; the others number them.
        for s in &sections {
            reference(s, "default");
            reference(s, "even");
        }
        let blank = reference(sections[0], "first");
        assert!(sections[0].contains("<w:titlePg/>"));
        assert_eq!(reference(sections[0], "default"), blank);
        assert_eq!(reference(sections[0], "even"), blank);
        assert_ne!(reference(sections[1], "default"), blank);
        assert!(
            !sections[2].contains("<w:titlePg/>") && !sections[2].contains(r#"w:type="first""#)
        );
        assert!(sections[1].contains(r#"<w:pgNumType w:start="1"/>"#));
        assert!(sections[1].contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
        assert!(sections[1]
            .contains(r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588""#));
        assert!(sections[2].contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#));
        // The 目录: a TOC field listing the part with its title.
        assert!(xml.contains(
            r#"<w:instrText xml:space="preserve"> TOC \o "1-1" \h \z \u </w:instrText>"#
        ));
        assert!(xml.contains("第一部分\u{3000}某某局概况"));
        assert!(styles.contains(r#"<w:outlineLvl w:val="0"/>"#));
        assert!(styles.contains(r#"<w:widowControl/>"#));
        assert!(styles.contains(r#"<w:spacing w:line="578" w:lineRule="exact"/>"#));
        assert!(styles.contains(r#"<w:spacing w:before="0" w:after="0"/>"#));
        assert!(
            styles.contains(r#"<w:jc w:val="both"/>"#) && !styles.contains(r#"w:val="justified""#)
        );
        // Paragraphs name their style and carry no fonts or sizes of their own.
        assert!(!xml.contains("<w:rFonts") && !xml.contains("<w:sz "));
        assert!(xml.contains("【待填写：机构设置】"));
        let settings = entry(&bytes, "word/settings.xml");
        assert!(settings.contains("<w:evenAndOddHeaders/>"));
        let footer = entry(&bytes, "word/footer1.xml");
        assert!(footer.contains("PAGE") && footer.contains("— "));
    }

    #[test]
    fn styles_declare_chinese() {
        let bytes = render(&sample(), "2024-01-01T00:00:00Z").unwrap();
        let styles = entry(&bytes, "word/styles.xml");
        assert!(
            styles.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN"/>"#),
            "{styles}"
        );
    }

    #[test]
    fn without_tables_one_portrait_section_with_footers() {
        let doc = Document {
            tables: vec![],
            ..sample()
        };
        let bytes = render(&doc, "2024-01-01T00:00:00Z").unwrap();
        let xml = entry(&bytes, "word/document.xml");
        // The cover and 目录, then the body.
        assert_eq!(count(&xml, "<w:sectPr>"), 2);
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
        assert!(xml.contains(r#"<w:footerReference w:type="even""#));
    }

    #[test]
    fn uncovered_slot_is_a_layout_error() {
        let mut doc = sample();
        doc.tables[0].rows[2][1] = None;
        let err = render(&doc, "2024-01-01T00:00:00Z").unwrap_err();
        assert!(matches!(err, Error::Layout { row: 3, col: 2, .. }), "{err}");
    }

    #[test]
    fn titles_break_after_a_name_or_before_a_year_never_inside_it() {
        // 20 characters a line at 2号.
        let lines = title_lines(
            "新乡市红旗区人民政府东街街道办事处2025年部门预算情况说明",
            TITLE_UNITS,
        );
        assert!(lines.len() == 2, "{lines:?}");
        assert!(lines.iter().all(|l| units(l) <= TITLE_UNITS), "{lines:?}");
        assert!(
            !lines[1].starts_with('年') && !lines[0].ends_with("2025"),
            "{lines:?}"
        );
        assert_eq!(title_lines("名词解释", TITLE_UNITS), ["名词解释"]);
    }

    #[test]
    fn header_labels_break_between_words() {
        assert_eq!(header_lines("“三公”经费合计", 8), ["“三公”", "经费合计"]);
        assert_eq!(
            header_lines("国有资本经营预算", 8),
            ["国有资本", "经营预算"]
        );
        assert_eq!(header_lines("公务接待费", 6), ["公务", "接待费"]);
        assert_eq!(
            header_lines("对个人和家庭的补助", 10),
            ["对个人", "和家庭的", "补助"]
        );
        assert_eq!(
            header_words("单位（科目名称）"),
            ["单位", "（科目", "名称）"]
        );
    }

    #[test]
    fn header_lines_are_counted_as_made() {
        let labels = [
            "“三公”经费合计",
            "国有资本经营预算",
            "对个人和家庭的补助",
            "单位（科目名称）",
            "财政专户管理资金收入\n2024年",
            "",
            "其中：财政拨款",
        ];
        for label in labels {
            for cap in 0..24 {
                assert_eq!(
                    header_line_count(label, cap),
                    header_lines(label, cap).len(),
                    "{label:?} at {cap}"
                );
            }
        }
    }

    #[test]
    fn figures_and_codes_are_never_broken() {
        assert_eq!(
            breakable_pieces("增加6.88万元"),
            ["增", "加", "6.88", "万", "元"]
        );
        assert_eq!(wrap_count("2010301", 4, 0), 1);
        assert_eq!(wrap_count("行政运行（一般行政管理事务）", 8, 0), 4);
    }

    #[test]
    fn a_cut_leaves_at_least_five_rows_on_the_last_page() {
        // Two header rows of 300, 30 body rows of 300, pages of 3000: 8 rows a page.
        let heights = vec![300; 32];
        let cuts = page_cuts(&heights, 2, 3000, 3000, 0);
        let mut starts = vec![2];
        starts.extend(&cuts);
        starts.push(32);
        let sizes: Vec<usize> = starts.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(sizes.iter().all(|n| *n >= MIN_ROWS), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 30);
        // A table that fits is not cut.
        assert!(page_cuts(&heights[..10], 2, 3000, 3000, 0).is_empty());
    }

    #[test]
    fn a_merged_label_cut_by_a_page_is_repeated() {
        use CellStyle::*;
        let rows = vec![
            vec![
                cell("一级指标", Header, 1, 1),
                cell("三级指标", Header, 1, 1),
            ],
            vec![cell("产出指标", Text, 3, 1), cell("a", Text, 1, 1)],
            vec![None, cell("b", Text, 1, 1)],
            vec![None, cell("c", Text, 1, 1)],
        ];
        let owners = cell_owners(&rows);
        let first = PageRows::cut(&rows, 1, 1..3, &owners);
        assert_eq!(first.cell(1, 0).unwrap().1, 2);
        let second = PageRows::cut(&rows, 1, 3..4, &owners);
        assert_eq!(second.len(), 2);
        let (repeated, row_span) = second.cell(1, 0).unwrap();
        assert_eq!((repeated.text.as_str(), row_span), ("产出指标", 1));
    }
}

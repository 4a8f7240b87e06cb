//! The disclosure document as plain blocks, independent of the file format: what
//! `render::docx` lays out. The narrative (`publish::narrative`) and the table layouts
//! (`render::xlsx`) fill it.

/// A whole document: the cover and 目录, the body in portrait pages, then the attached tables,
/// each on pages of its own orientation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Document title for the file's properties.
    pub title: String,
    /// The budget year (11's form prints （2024年度） under its title); 0 when unknown.
    pub year: i32,
    pub blocks: Vec<Block>,
    /// The attachment's title lines under 附件： (e.g. the department, 2024年部门预算表).
    pub attachment_title: Vec<String>,
    /// 附件: each table from a new page, portrait or landscape as its layout says.
    pub tables: Vec<TableLayout>,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title: 2号 方正小标宋简体, centred.
    Title(String),
    /// A centred line under the title (e.g. the year), 3号 楷体_GB2312.
    Subtitle(String),
    /// 第一部分 …: starts a new page, 黑体 3号, centred.
    Part(String),
    /// 一、…: 黑体 3号, indented two characters.
    Heading1(String),
    /// （一）…: 楷体_GB2312 3号, indented two characters.
    Heading2(String),
    /// 1. …: 仿宋_GB2312 3号 bold, indented two characters.
    Heading3(String),
    /// Body text: 仿宋_GB2312 3号, first line indented two characters, justified.
    Paragraph(String),
    /// Text that a person must still supply (draft mode): printed as 【待填写：…】 in red.
    Gap(String),
}

/// How a table cell is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellStyle {
    Header,
    Text,
    TextCenter,
    TextBold,
    Number,
    NumberBold,
}

/// One cell of a table layout (the top-left cell of a merged range carries the span).
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutCell {
    pub text: String,
    pub style: CellStyle,
    /// Rows and columns this cell covers (1 and 1 when not merged).
    pub row_span: u32,
    pub col_span: u16,
}

/// A table as laid out for print, shared by the workbook and the document so that both show
/// the same merged headers and the same figures.
#[derive(Debug, Clone, PartialEq)]
pub struct TableLayout {
    /// 预算03表
    pub code: String,
    /// 2024年部门支出总体情况表
    pub title: String,
    /// 部门名称：…
    pub dept_line: String,
    /// 单位：万元
    pub unit_line: String,
    /// How many columns the table has; the document sizes them itself from the cells, for the
    /// page and text size it chooses.
    pub columns: usize,
    /// Rows of the table proper (header rows first); `None` where a merged cell covers the spot.
    pub rows: Vec<Vec<Option<LayoutCell>>>,
    /// How many of the first rows are header rows (repeated on every printed page).
    pub header_rows: usize,
    /// Notes printed under the table.
    pub notes: Vec<String>,
    /// This part continues the table before it (11's indicator list after its form part):
    /// no heading of its own, and its header row repeats on the pages it runs over.
    pub continued: bool,
    /// Printed on a landscape page (else portrait): chosen once, by the workbook renderer, by
    /// what fits at a readable size, so that both files print the table the same way.
    pub landscape: bool,
}

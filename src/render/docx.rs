//! The disclosure document (情况说明) as .docx, laid out in the 党政机关公文 style of
//! GB/T 9704-2012: A4 portrait body, 3号 仿宋_GB2312 text on a fixed 28.9 pt line (22 lines a
//! page), "— N —" page numbers, then the attached tables (附件) in a landscape section.
//!
//! This file owns every paragraph and table format of the document. It builds the document
//! with docx-rs and leaves closing docx-rs's gaps (repeated header rows, `firstLineChars`,
//! footers of every section, schema order, `w:lang`, compression) to `render::docx_fix`.
//! The words come ready-made in `render::doc::Document`; nothing here rounds or formats money.
//!
//! Fonts are named, not embedded: a viewer without 方正小标宋简体 or 仿宋_GB2312 falls back
//! to a font it has. Every run names the Chinese font for East Asian text and Times New Roman
//! for Latin letters and digits.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, PageOrientationType, PageSize, Paragraph, Run, RunFonts, Section,
    SpecialIndentType, Tab, TabValueType, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow, VAlignType,
    VMergeType, WidthType,
};

use super::doc::{Block, CellStyle, Document, LayoutCell, TableLayout};
use super::text_width;
use super::docx_fix::{self, FixError, Fixes};

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
    Fix(#[from] FixError),
}

// Page geometry, in twentieths of a point (twips).

/// Millimetres to twips (1 mm = 56.7 twips), rounded to the nearest twip.
const fn mm(v: i32) -> i32 {
    (v * 567 + 5) / 10
}

/// A4: 210 × 297 mm.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;

/// GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm; the text block is 156 × 225 mm, which
/// leaves 35 mm at the foot and 26 mm on the right.
const BODY_MARGIN: PageMargin = PageMargin {
    top: mm(37),
    bottom: mm(35),
    left: mm(28),
    right: mm(26),
    header: mm(15),
    // §7.5: the page number sits 7 mm below the text block. A 4号 line is about 6 mm high,
    // so its foot is about 35 − 7 − 6 = 22 mm above the paper's edge.
    footer: mm(22),
    gutter: 0,
};

/// The attached tables: landscape, with narrow margins for wide tables.
const TABLE_MARGIN: PageMargin = PageMargin {
    top: mm(20),
    bottom: mm(20),
    left: mm(20),
    right: mm(20),
    header: mm(10),
    footer: mm(10),
    gutter: 0,
};

/// Width of the landscape text block, which the table grid fills.
const TABLE_TEXT_WIDTH: i32 = A4_LONG as i32 - TABLE_MARGIN.left - TABLE_MARGIN.right;

/// 28.9 pt: 22 lines fill the 225 mm text block (GB/T 9704-2012 §5.2.2).
const BODY_LINE: i32 = 578;

/// Type sizes in half-points (`w:sz`).
const SIZE_2HAO: usize = 44; // 22 pt
const SIZE_3HAO: usize = 32; // 16 pt
const SIZE_4HAO: usize = 28; // 14 pt
const SIZE_5HAO: usize = 21; // 10.5 pt
const SIZE_TABLE: usize = 18; // 9 pt

/// The table text size: 9 pt, or smaller for a wide table (02 has twenty columns) so that its
/// figures and names still fit the landscape page on one line each. `widths` are in character
/// units of 9 pt text; the page holds about 150 of them.
fn table_size(table: &TableLayout) -> usize {
    let need: f64 = table.widths.iter().sum();
    match need {
        n if n <= 150.0 => SIZE_TABLE,
        n if n <= 170.0 => 16,
        _ => 15,
    }
}

/// A two-character first-line indent in twips at 3号 (2 × 16 pt); `docx_fix` adds
/// `firstLineChars="200"` so that it stays two characters.
const INDENT_TWO_CHARS: i32 = 2 * 16 * 20;
/// One 4号 character: the page number's distance from the text block's side.
const ONE_4HAO_CHAR: i32 = 14 * 20;

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEI: &str = "黑体";
const KAI: &str = "楷体_GB2312";
const SONG: &str = "宋体";
/// Latin letters and digits in every run.
const LATIN: &str = "Times New Roman";

/// Red for text a person must still supply.
const GAP_COLOR: &str = "FF0000";

/// Renders the document to .docx bytes. `created` (RFC 3339, e.g. `2024-01-01T00:00:00Z`)
/// is written as both the creation and the modification time, so the same input always
/// gives the same bytes.
///
/// # Errors
/// `Error::Layout` when a table's merged cells do not tile its grid; `Error::Fix` when the
/// built parts cannot be fixed or packed (a bug, not a user error).
pub fn render(doc: &Document, created: &str) -> Result<Vec<u8>, Error> {
    let mut ids = ParaIds::default();
    let body = body_paragraphs(&doc.blocks, &mut ids);

    let mut docx = Docx::new()
        .created_at(created)
        .updated_at(created)
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_3HAO);

    if doc.tables.is_empty() {
        for p in body {
            docx = docx.add_paragraph(p);
        }
        docx = docx.page_size(A4_SHORT, A4_LONG).page_margin(BODY_MARGIN);
    } else {
        // The body ends with its own section break (a paragraph's sectPr); the final sectPr
        // of the document is then the landscape one of the tables.
        let mut section = Section::new()
            .page_size(PageSize::new().size(A4_SHORT, A4_LONG))
            .page_margin(BODY_MARGIN);
        for p in body {
            section = section.add_paragraph(p);
        }
        docx = docx.add_section(section);
        docx = docx.add_paragraph(body_line(&mut ids, HEI, SIZE_3HAO).add_run(run(
            "附件：",
            HEI,
            SIZE_3HAO,
        )));
        for line in &doc.attachment_title {
            docx = docx.add_paragraph(
                body_line(&mut ids, TITLE_FONT, SIZE_2HAO)
                    .align(AlignmentType::Center)
                    .add_run(run(line, TITLE_FONT, SIZE_2HAO)),
            );
        }
        for (i, table) in doc.tables.iter().enumerate() {
            if table.continued {
                // A paragraph between two tables keeps Word from joining them into one.
                docx = docx.add_paragraph(cell_paragraph(table_size(table), &mut ids));
            } else {
                for p in table_heading(table, i > 0, &mut ids) {
                    docx = docx.add_paragraph(p);
                }
            }
            docx = docx.add_table(layout_table(table, &mut ids)?);
            for note in &table.notes {
                docx = docx.add_paragraph(
                    ids.next()
                        .add_run(run(note, SONG, SIZE_TABLE))
                        .fonts(fonts(SONG))
                        .size(SIZE_TABLE)
                        .line_spacing(single_spacing()),
                );
            }
        }
        // page_orient must follow page_size, which resets the orientation.
        docx = docx
            .page_size(A4_LONG, A4_SHORT)
            .page_orient(PageOrientationType::Landscape)
            .page_margin(TABLE_MARGIN);
    }

    // GB/T 9704-2012 §7.5: odd pages right, even pages left, one character from the edge.
    let odd = page_number(AlignmentType::Right, &mut ids);
    let even = page_number(AlignmentType::Left, &mut ids);
    docx = docx.footer(Footer::new().add_paragraph(odd));
    docx = docx.even_footer(Footer::new().add_paragraph(even));

    let header_rows: Vec<usize> = doc.tables.iter().map(|t| t.header_rows).collect();
    let fixes = Fixes {
        header_rows: &header_rows,
        title: &doc.title,
    };
    Ok(docx_fix::finish(docx.build(), &fixes)?)
}

/// Paragraph ids (`w14:paraId`) handed out in order. docx-rs draws them from a thread-local
/// counter that is reset when a document is built, not when it is begun, so the ids of a
/// document depended on what the thread built before (checked: the same document with a
/// section break, built twice in one thread, came out different). Numbering them here keeps
/// the output byte-identical. They start high, clear of the ids docx-rs gives its
/// section-break paragraphs at build time (00000001, …).
struct ParaIds(u32);

impl Default for ParaIds {
    fn default() -> Self {
        ParaIds(0x0010_0000)
    }
}

impl ParaIds {
    fn next(&mut self) -> Paragraph {
        self.0 += 1;
        Paragraph::new().id(format!("{:08X}", self.0))
    }
}

/// The body: one paragraph per block, plus a blank line after the title lines.
fn body_paragraphs(blocks: &[Block], ids: &mut ParaIds) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut in_title = false;
    for (i, block) in blocks.iter().enumerate() {
        let p = match block {
            Block::Title(text) => {
                in_title = true;
                body_line(ids, TITLE_FONT, SIZE_2HAO)
                    .align(AlignmentType::Center)
                    .add_run(run(text, TITLE_FONT, SIZE_2HAO))
            }
            Block::Subtitle(text) => body_line(ids, KAI, SIZE_3HAO)
                .align(AlignmentType::Center)
                .add_run(run(text, KAI, SIZE_3HAO)),
            Block::Part(text) => body_line(ids, HEI, SIZE_3HAO)
                .align(AlignmentType::Center)
                .page_break_before(i > 0)
                .add_run(run(text, HEI, SIZE_3HAO)),
            Block::Heading1(text) => {
                indented(body_line(ids, HEI, SIZE_3HAO)).add_run(run(text, HEI, SIZE_3HAO))
            }
            Block::Heading2(text) => {
                indented(body_line(ids, KAI, SIZE_3HAO)).add_run(run(text, KAI, SIZE_3HAO))
            }
            Block::Heading3(text) => indented(body_line(ids, BODY_FONT, SIZE_3HAO))
                .bold()
                .add_run(run(text, BODY_FONT, SIZE_3HAO).bold()),
            Block::Paragraph(text) => gap_marked_runs(text)
                .into_iter()
                .fold(indented(body_line(ids, BODY_FONT, SIZE_3HAO)), |p, r| {
                    p.add_run(r)
                }),
            Block::Gap(text) => indented(body_line(ids, BODY_FONT, SIZE_3HAO)).add_run(
                run(&format!("【待填写：{text}】"), BODY_FONT, SIZE_3HAO).color(GAP_COLOR),
            ),
        };
        out.push(p);
        // The blank line goes after the whole title (a two-line title, a subtitle under it),
        // not between its lines.
        let title_goes_on = matches!(
            blocks.get(i + 1),
            Some(Block::Title(_) | Block::Subtitle(_))
        );
        if in_title && !title_goes_on {
            in_title = false;
            out.push(body_line(ids, BODY_FONT, SIZE_3HAO));
        }
    }
    out
}

/// An empty body paragraph: fixed 28.9 pt lines with nothing before or after, its mark in
/// `font` and `size`. Widow control is off, as in 公文 templates, so that every full page
/// holds exactly 22 lines (LibreOffice turns it on when the file does not say).
fn body_line(ids: &mut ParaIds, font: &str, size: usize) -> Paragraph {
    ids.next()
        .fonts(fonts(font))
        .size(size)
        .line_spacing(body_spacing())
        .widow_control(false)
}

/// Justified, with the first line indented two characters.
fn indented(p: Paragraph) -> Paragraph {
    p.align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(INDENT_TWO_CHARS)),
        None,
        None,
    )
}

/// Exactly 28.9 pt a line, nothing before or after.
fn body_spacing() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(BODY_LINE)
        .before(0)
        .after(0)
}

/// Single spacing, nothing before or after (table pages).
fn single_spacing() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(240)
        .before(0)
        .after(0)
}

/// The fonts of a run: `east_asia` for Chinese, Times New Roman for Latin letters and digits.
/// The `eastAsia` hint makes Chinese quotation marks and dashes, which Unicode shares with
/// Western text, take the Chinese font too.
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN)
        .hi_ansi(LATIN)
        .cs(LATIN)
        .hint("eastAsia")
}

/// Body text as runs, with every 【待填写：…】 mark of a draft in red so that a reviewer
/// cannot miss it.
fn gap_marked_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("【待填写") {
        let end = rest[start..]
            .find('】')
            .map(|e| start + e + '】'.len_utf8())
            .unwrap_or(rest.len());
        if start > 0 {
            runs.push(run(&rest[..start], BODY_FONT, SIZE_3HAO));
        }
        runs.push(run(&rest[start..end], BODY_FONT, SIZE_3HAO).color(GAP_COLOR));
        rest = &rest[end..];
    }
    if !rest.is_empty() || runs.is_empty() {
        runs.push(run(rest, BODY_FONT, SIZE_3HAO));
    }
    runs
}

/// A run of text; a line feed in the text becomes a line break.
fn run(text: &str, font: &str, size: usize) -> Run {
    let mut r = Run::new().fonts(fonts(font)).size(size);
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(part);
    }
    r
}

/// The page-number footer paragraph "— N —", 4号 宋体 (digits too: GB/T 9704 §7.5 asks for
/// 半角宋体阿拉伯数字).
fn page_number(align: AlignmentType, ids: &mut ParaIds) -> Paragraph {
    let song = RunFonts::new()
        .east_asia(SONG)
        .ascii(SONG)
        .hi_ansi(SONG)
        .cs(SONG)
        .hint("eastAsia");
    let text = |t: &str| Run::new().fonts(song.clone()).size(SIZE_4HAO).add_text(t);
    let field = Run::new()
        .fonts(song.clone())
        .size(SIZE_4HAO)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let (start, end) = match align {
        AlignmentType::Right => (None, Some(ONE_4HAO_CHAR)),
        _ => (Some(ONE_4HAO_CHAR), None),
    };
    ids.next()
        .align(align)
        .indent(start, None, end, None)
        .fonts(song.clone())
        .size(SIZE_4HAO)
        .line_spacing(single_spacing())
        .add_run(text("— "))
        .add_run(field)
        .add_run(text(" —"))
}

/// The lines above a table: code (预算03表), title, and department left / unit right.
fn table_heading(table: &TableLayout, new_page: bool, ids: &mut ParaIds) -> Vec<Paragraph> {
    let code = ids
        .next()
        .page_break_before(new_page)
        .add_run(run(&table.code, SONG, SIZE_5HAO))
        .fonts(fonts(SONG))
        .size(SIZE_5HAO)
        .line_spacing(single_spacing());
    let title = ids
        .next()
        .align(AlignmentType::Center)
        .add_run(run(&table.title, HEI, SIZE_3HAO))
        .fonts(fonts(HEI))
        .size(SIZE_3HAO)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(240)
                .before(120)
                .after(120),
        );
    // A right tab stop at the right margin puts the unit flush right on the same line.
    let dept_unit = ids
        .next()
        .add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos(TABLE_TEXT_WIDTH as usize),
        )
        .add_run(run(&table.dept_line, SONG, SIZE_5HAO))
        .add_run(Run::new().fonts(fonts(SONG)).size(SIZE_5HAO).add_tab())
        .add_run(run(&table.unit_line, SONG, SIZE_5HAO))
        .fonts(fonts(SONG))
        .size(SIZE_5HAO)
        .line_spacing(single_spacing());
    vec![code, title, dept_unit]
}

/// Grid widths in twips: `widths` scaled to fill the landscape text block exactly.
fn grid_widths(table: &TableLayout) -> Result<Vec<usize>, Error> {
    let total: f64 = table.widths.iter().sum();
    let bad = |w: &f64| !w.is_finite() || *w < 0.0;
    if table.widths.iter().any(bad) || total <= 0.0 {
        return Err(layout_error(
            table,
            0,
            0,
            "column widths are missing or negative",
        ));
    }
    let full = TABLE_TEXT_WIDTH as usize;
    let mut grid: Vec<usize> = table
        .widths
        .iter()
        .map(|w| (w / total * full as f64).round() as usize)
        .collect();
    // Give the rounding remainder to the last column so the table meets the right margin.
    let rest: usize = grid[..grid.len() - 1].iter().sum();
    if let Some(last) = grid.last_mut() {
        *last = full.saturating_sub(rest);
    }
    Ok(grid)
}

/// How wide the document's landscape page is, in character units of its 9 pt table text.
const DOC_TABLE_WIDTH: f64 = 150.0;

/// Column widths for the document's copy of a table: numbers and codes keep the width they
/// need on one line; names and wrapped labels take what is left (they wrap), so that a wide
/// table such as 07 fits the landscape page without splitting "301" over three lines.
pub fn doc_widths(rows: &[Vec<Option<LayoutCell>>], sheet_widths: &[f64]) -> Vec<f64> {
    let columns = sheet_widths.len();
    let mut fixed = vec![0.0f64; columns];
    let mut flexible = vec![0.0f64; columns];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let Some(cell) = cell else { continue };
            // Two units of cell margin and one of slack, so that nothing short wraps.
            let w = text_width(&cell.text) as f64 + 3.0;
            match cell.style {
                CellStyle::Number | CellStyle::NumberBold | CellStyle::TextCenter
                    if cell.col_span == 1 =>
                {
                    fixed[c] = fixed[c].max(w)
                }
                CellStyle::Header if cell.col_span == 1 => {
                    flexible[c] = flexible[c].max(w.min(12.0))
                }
                CellStyle::Text | CellStyle::TextBold if cell.col_span == 1 => {
                    flexible[c] = flexible[c].max(w.min(30.0))
                }
                _ => {}
            }
        }
    }
    // Wrapping text keeps at least a few characters a line (a name, 三级指标); beyond that it
    // shares what the page has left. A table wider than the page at 9 pt is set smaller
    // (render::docx::table_size).
    let floor: Vec<f64> = (0..columns)
        .map(|c| (flexible[c] - fixed[c]).clamp(0.0, 12.0))
        .collect();
    let base: f64 = fixed.iter().sum::<f64>() + floor.iter().sum::<f64>();
    let wanted: f64 = (0..columns)
        .map(|c| (flexible[c] - fixed[c]).max(0.0) - floor[c])
        .sum();
    // The page holds DOC_TABLE_WIDTH units at 9 pt, proportionally more at 8 and 7.5 pt.
    let capacity = [
        DOC_TABLE_WIDTH,
        DOC_TABLE_WIDTH * 9.0 / 8.0,
        DOC_TABLE_WIDTH * 9.0 / 7.5,
    ]
    .into_iter()
    .find(|c| base <= *c)
    .unwrap_or(DOC_TABLE_WIDTH * 9.0 / 7.5);
    let room = (capacity - base).max(0.0);
    let scale = if wanted > room && wanted > 0.0 {
        room / wanted
    } else {
        1.0
    };
    (0..columns)
        .map(|c| {
            (fixed[c] + floor[c] + ((flexible[c] - fixed[c]).max(0.0) - floor[c]) * scale).max(4.0)
        })
        .collect()
}

/// A vertical merge still open above a column: the rows it still covers and its width.
#[derive(Clone, Copy)]
struct OpenMerge {
    rows_left: u32,
    col_span: usize,
}

/// The table proper. Each row is walked column by column: a cell starts where `rows` holds
/// one; a `None` under an open vertical merge becomes a `vMerge` continue cell of the same
/// width (Word needs the covered cell written out); a `None` inside a cell's `col_span` is
/// skipped (the span covers it).
fn layout_table(table: &TableLayout, ids: &mut ParaIds) -> Result<Table, Error> {
    let size = table_size(table);
    let grid = grid_widths(table)?;
    let cols = grid.len();
    let span_width = |col: usize, span: usize| grid[col..col + span].iter().sum::<usize>();
    let mut open: Vec<Option<OpenMerge>> = vec![None; cols];
    let mut rows = Vec::with_capacity(table.rows.len());

    for (r, slots) in table.rows.iter().enumerate() {
        if slots.len() > cols {
            return Err(layout_error(table, r, cols, "more cells than columns"));
        }
        let mut cells = Vec::new();
        let mut c = 0;
        while c < cols {
            let slot = slots.get(c).and_then(Option::as_ref);
            match (slot, open[c]) {
                (Some(_), Some(_)) => {
                    return Err(layout_error(
                        table,
                        r,
                        c,
                        "a cell sits under a vertical merge",
                    ));
                }
                (Some(cell), None) => {
                    let span = usize::from(cell.col_span.max(1));
                    if c + span > cols {
                        return Err(layout_error(
                            table,
                            r,
                            c,
                            "col_span runs past the last column",
                        ));
                    }
                    if cell.row_span > 1 {
                        if r + cell.row_span as usize > table.rows.len() {
                            return Err(layout_error(
                                table,
                                r,
                                c,
                                "row_span runs past the last row",
                            ));
                        }
                        open[c] = Some(OpenMerge {
                            rows_left: cell.row_span - 1,
                            col_span: span,
                        });
                    }
                    cells.push(layout_cell(cell, span_width(c, span), size, ids));
                    c += span;
                }
                (None, Some(merge)) => {
                    cells.push(continue_cell(
                        merge.col_span,
                        span_width(c, merge.col_span),
                        size,
                        ids,
                    ));
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
        rows.push(TableRow::new(cells).cant_split());
    }

    let border = |position| {
        TableBorder::new(position)
            .border_type(docx_rs::BorderType::Single)
            .size(4)
            .color("000000")
    };
    let borders = TableBorders::new()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    Ok(Table::new(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(TABLE_TEXT_WIDTH as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        // Narrow cell margins (about 1 mm): Word's default 1.9 mm a side takes a third of a
        // twenty-column table's width.
        .margins(docx_rs::TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
        .set_borders(borders))
}

/// Left and right cell margin in twips (1 mm ≈ 57).
const CELL_MARGIN: usize = 57;

/// A cell with its text: 宋体 9 pt; header cells bold and centred, numbers right-aligned.
fn layout_cell(cell: &LayoutCell, width: usize, size: usize, ids: &mut ParaIds) -> TableCell {
    let (align, bold) = match cell.style {
        CellStyle::Header => (AlignmentType::Center, true),
        CellStyle::Text => (AlignmentType::Left, false),
        CellStyle::TextCenter => (AlignmentType::Center, false),
        CellStyle::TextBold => (AlignmentType::Left, true),
        CellStyle::Number => (AlignmentType::Right, false),
        CellStyle::NumberBold => (AlignmentType::Right, true),
    };
    let mut text = run(&cell.text, SONG, size);
    let mut p = cell_paragraph(size, ids).align(align);
    if bold {
        text = text.bold();
        p = p.bold();
    }
    let mut tc = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(p.add_run(text));
    if cell.col_span > 1 {
        tc = tc.grid_span(usize::from(cell.col_span));
    }
    if cell.row_span > 1 {
        tc = tc.vertical_merge(VMergeType::Restart);
    }
    tc
}

/// A cell covered by the merge above it: same width, `vMerge` continue, an empty paragraph.
fn continue_cell(col_span: usize, width: usize, size: usize, ids: &mut ParaIds) -> TableCell {
    let mut tc = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .vertical_merge(VMergeType::Continue)
        .add_paragraph(cell_paragraph(size, ids));
    if col_span > 1 {
        tc = tc.grid_span(col_span);
    }
    tc
}

/// An empty table paragraph whose mark is 9 pt too, so empty cells are no taller than full ones.
fn cell_paragraph(size: usize, ids: &mut ParaIds) -> Paragraph {
    ids.next()
        .fonts(fonts(SONG))
        .size(size)
        .line_spacing(single_spacing())
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
            widths: vec![30.0, 12.0, 12.0],
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
        assert!(files >= 14, "{files} files");
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
        // A fresh thread starts docx-rs's paragraph-id counter afresh.
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
        assert!(xml.contains(r#"w:firstLine="640" w:firstLineChars="200""#));
        let sections: Vec<&str> = xml.split("<w:sectPr>").skip(1).collect();
        assert_eq!(sections.len(), 2);
        for s in &sections {
            assert!(s.contains(r#"<w:footerReference w:type="default""#), "{s}");
            assert!(s.contains(r#"<w:footerReference w:type="even""#), "{s}");
        }
        assert!(sections[0].contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
        assert!(sections[0]
            .contains(r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588""#));
        assert!(sections[1].contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#));
        assert!(xml
            .contains(r#"<w:spacing w:before="0" w:after="0" w:line="578" w:lineRule="exact"/>"#));
        assert!(xml.contains(r#"<w:jc w:val="both"/>"#) && !xml.contains(r#"w:val="justified""#));
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
        assert_eq!(count(&xml, "<w:sectPr>"), 1);
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
}

//! The 预算表 workbook (rust_xlsxwriter): every table as a sheet 预算01表 … in the official
//! layout of the seed, print-ready on A4 landscape. All cell formats live in this file.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::doc::{CellStyle, LayoutCell, TableLayout};
use super::text_width;
use crate::model::{Col, RowKey, TableId};
use crate::publish::{Kind, PubRow, PubTable, PubTarget, Publication};

/// The fonts of the tables: 宋体 body, 黑体 title (named; viewers fall back when missing).
const BODY_FONT: &str = "宋体";
const TITLE_FONT: &str = "黑体";

/// Cell formats, made once.
struct Formats {
    code: Format,
    title: Format,
    line: Format,
    line_right: Format,
    header: Format,
    text: Format,
    text_center: Format,
    text_bold: Format,
    money: Format,
    money_bold: Format,
    note: Format,
    /// `text` indented one, two and three levels (made once: `style_of` compares with them
    /// for every cell).
    text_indented: [Format; 3],
    text_bold_center: Format,
}

impl Formats {
    /// The layout style of a cell format (and the indent of a name), for the document.
    fn style_of(&self, fmt: &Format) -> (CellStyle, usize) {
        if let Some(i) = self.text_indented.iter().position(|f| f == fmt) {
            return (CellStyle::Text, i + 1);
        }
        let style = if *fmt == self.header {
            CellStyle::Header
        } else if *fmt == self.text_center {
            CellStyle::TextCenter
        } else if *fmt == self.money {
            CellStyle::Number
        } else if *fmt == self.money_bold {
            CellStyle::NumberBold
        } else if *fmt == self.text_bold || *fmt == self.text_bold_center {
            CellStyle::TextBold
        } else {
            CellStyle::Text
        };
        (style, 0)
    }

    fn new() -> Formats {
        let base = Format::new()
            .set_font_name(BODY_FONT)
            .set_font_size(10)
            .set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Formats {
            code: base.clone(),
            title: Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line: base.clone(),
            line_right: base.clone().set_align(FormatAlign::Right),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            text_indented: [1, 2, 3].map(|d| cell.clone().set_text_wrap().set_indent(d)),
            text_bold_center: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            text_center: cell.clone().set_align(FormatAlign::Center),
            text_bold: cell.clone().set_bold().set_text_wrap(),
            money: cell
                .clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right),
            money_bold: cell
                .clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right)
                .set_bold(),
            note: base
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
        }
    }
}

/// The widest a column gets (characters): a name of 16 characters on one line; longer names
/// wrap.
const MAX_WIDTH: f64 = 34.0;

/// A header cell of a table: its label, and the rows and columns it covers (absolute).
type HeaderCell = (u32, u16, u32, u16, &'static str);

/// A header cell: rows and columns relative to the header's first row, inclusive.
struct H(u32, u16, u32, u16, &'static str);

/// Writes one sheet while keeping track of the widths its columns need.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    /// Printed value per figure (1 for 万元; 10 000 for an export in 元, see `synth`).
    scale: Decimal,
    widths: BTreeMap<u16, usize>,
    /// Column widths fixed by the layout (in character units).
    fixed: BTreeMap<u16, f64>,
    /// Every cell as laid out, for the document's copy of the table.
    cells: BTreeMap<(u32, u16), LayoutCell>,
    /// Where a table's second part starts (11's indicator header), for the document.
    split_at: Option<u32>,
    /// Header cells, written once the widths are known.
    headers: Vec<HeaderCell>,
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(r, c, s, fmt)?;
        self.fit(c, s);
        self.record(r, c, s, fmt, (1, 1));
        Ok(())
    }

    fn money(&mut self, r: u32, c: u16, v: Decimal, fmt: &Format) -> Result<(), XlsxError> {
        // Written as a number cell (rust_xlsxwriter converts the Decimal for the file format).
        let v = v * self.scale;
        self.ws.write_with_format(r, c, v, fmt)?;
        self.fit(c, &format!("{v:.2}"));
        let keep = self
            .cells
            .get(&(r, c))
            .map(|x| (x.row_span, x.col_span))
            .unwrap_or((1, 1));
        self.record(r, c, &format!("{v:.2}"), fmt, keep);
        Ok(())
    }

    fn blank(&mut self, r: u32, c: u16, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_blank(r, c, fmt)?;
        self.record(r, c, "", fmt, (1, 1));
        Ok(())
    }

    fn merge(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        if c1 == c2 {
            // A cell merged down a column (12's project names) is that column's content.
            self.fit(c1, s);
        }
        if r1 == r2 && c1 == c2 {
            self.ws.write_string_with_format(r1, c1, s, fmt)?;
        } else {
            self.ws.merge_range(r1, c1, r2, c2, s, fmt)?;
        }
        self.record(r1, c1, s, fmt, (r2 - r1 + 1, c2 - c1 + 1));
        Ok(())
    }

    /// Remembers a cell for the document's copy of the table.
    fn record(
        &mut self,
        r: u32,
        c: u16,
        text: &str,
        fmt: &Format,
        (row_span, col_span): (u32, u16),
    ) {
        let (style, indent) = self.f.style_of(fmt);
        let text = format!("{}{}", "\u{3000}".repeat(indent), text);
        self.cells.insert(
            (r, c),
            LayoutCell {
                text,
                style,
                row_span,
                col_span,
            },
        );
    }

    /// The table's rows (from `first` to `last`) as a layout for the document.
    fn layout(&self, first: u32, last: u32, columns: u16) -> Vec<Vec<Option<LayoutCell>>> {
        let mut rows: Vec<Vec<Option<LayoutCell>>> = (first..=last)
            .map(|_| vec![None; columns as usize])
            .collect();
        for ((r, c), cell) in self.cells.range((first, 0)..=(last, u16::MAX)) {
            if *c < columns {
                rows[(r - first) as usize][*c as usize] = Some(cell.clone());
            }
        }
        // A merged range covers the cells under and beside its top-left cell.
        for ((r, c), cell) in self.cells.range((first, 0)..=(last, u16::MAX)) {
            for dr in 0..cell.row_span {
                for dc in 0..cell.col_span {
                    let (rr, cc) = (r + dr - first, c + dc);
                    if (dr, dc) != (0, 0) && (rr as usize) < rows.len() && cc < columns {
                        rows[rr as usize][cc as usize] = None;
                    }
                }
            }
        }
        rows
    }

    fn fit(&mut self, c: u16, s: &str) {
        let w = s.lines().map(text_width).max().unwrap_or(0);
        let e = self.widths.entry(c).or_insert(0);
        *e = (*e).max(w);
    }

    /// Records a table's header. Its cells are written by `finish`, once the columns' widths
    /// are known, so that each label breaks at a word ('|' in the label) and not mid-word.
    fn header(&mut self, first: u32, cells: &[H]) -> Result<(), XlsxError> {
        for H(r1, c1, r2, c2, label) in cells {
            let (r1, r2) = (first + r1, first + r2);
            let fmt = self.f.header.clone();
            self.record(
                r1,
                *c1,
                &label.replace('|', ""),
                &fmt,
                (r2 - r1 + 1, c2 - c1 + 1),
            );
            self.headers.push((r1, *c1, r2, *c2, label));
        }
        Ok(())
    }

    /// Sizes the table that starts at row `first`, writes its header, and sets its print
    /// layout (`print_setup`). Columns take the width of their content: a code or figure never
    /// wraps, a name up to `MAX_WIDTH`, a header label as narrow as three lines of whole words
    /// allow; so a fund column that holds only zeros shrinks to its label. Every row's height
    /// follows the lines its wrapped cells need. Returns the widths (character units) and
    /// whether the table prints landscape.
    fn finish(&mut self, columns: u16, first: u32) -> Result<(Vec<f64>, bool), XlsxError> {
        let content = |c: u16| self.widths.get(&c).copied().unwrap_or(0) as f64 + PADDING;
        // A label's width as narrow as HEADER_LINES lines of whole words allow.
        let header_need = |c: u16| -> f64 {
            let mut need = MIN_WIDTH;
            for &(_, c1, _, c2, label) in &self.headers {
                if c1 == c && c2 == c {
                    // No word breaks inside.
                    let widest = label.split('|').map(text_width).max().unwrap_or(0);
                    need = need.max(widest as f64 + PADDING);
                    while wrap_words(label, need - PADDING).len() > HEADER_LINES && need < MAX_WIDTH
                    {
                        need += 1.0;
                    }
                }
            }
            need
        };
        // Columns of names wrap (to two lines at most); codes and figures never do. A width the
        // layout sets (`fixed`, a form such as 11) is a floor under the content's.
        let names: Vec<bool> = (0..columns)
            .map(|c| {
                !self.fixed.contains_key(&c)
                    && self.cells.range((first, 0)..).any(|(&(_, cc), cell)| {
                        cc == c
                            && cell.col_span == 1
                            && matches!(cell.style, CellStyle::Text | CellStyle::TextBold)
                            && !cell.text.trim().is_empty()
                    })
            })
            .collect();
        // What must stay on one line: codes and figures.
        let unbroken = |c: u16| -> f64 {
            self.cells
                .range((first, 0)..)
                .filter(|(&(_, cc), cell)| {
                    cc == c
                        && cell.col_span == 1
                        && matches!(
                            cell.style,
                            CellStyle::TextCenter | CellStyle::Number | CellStyle::NumberBold
                        )
                })
                .map(|(_, cell)| text_width(&cell.text) as f64 + PADDING)
                .fold(0.0, f64::max)
        };
        let natural: Vec<f64> = (0..columns)
            .map(|c| {
                let own = content(c).max(header_need(c));
                match self.fixed.get(&c) {
                    // A form's text wraps in the width the layout gives it.
                    Some(w) => w.max(unbroken(c)),
                    None if names[c as usize] => own.clamp(MIN_WIDTH, MAX_WIDTH),
                    None => own.max(MIN_WIDTH),
                }
            })
            .collect();
        let floor: Vec<f64> = (0..columns)
            .map(|c| {
                let i = c as usize;
                if names[i] {
                    let half = (content(c) - PADDING) / 2.0 + PADDING;
                    half.max(NAME_FLOOR)
                        .max(header_need(c))
                        .min(natural[i])
                        .ceil()
                } else {
                    natural[i]
                }
            })
            .collect();
        // Too wide for a landscape page at 8 pt: names give way, evenly, down to two lines.
        let fits = |w: &[f64]| fits_at_min(w, LANDSCAPE_PT);
        let between = |t: f64| -> Vec<f64> {
            natural
                .iter()
                .zip(&floor)
                .map(|(n, f)| (f + (n - f) * t).floor().max(*f))
                .collect()
        };
        let widths = if fits(&natural) || !fits(&floor) {
            if fits(&natural) {
                natural.clone()
            } else {
                floor.clone()
            }
        } else {
            let (mut lo, mut hi) = (0.0f64, 1.0f64);
            for _ in 0..20 {
                let mid = (lo + hi) / 2.0;
                if fits(&between(mid)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            between(lo)
        };
        // A narrow table (08) is at least as wide as its title (16 pt) and its 部门名称 line,
        // which would otherwise be cut at both edges.
        let mut lines: BTreeMap<u32, f64> = BTreeMap::new();
        for (&(r, _), cell) in self.cells.range(..(first, 0)) {
            let per_unit = if r == 1 {
                TITLE_PT / 2.0
            } else {
                FONT_PT / 2.0
            };
            *lines.entry(r).or_default() += text_width(&cell.text) as f64 * per_unit + FONT_PT;
        }
        let above = lines.into_values().fold(0.0, f64::max) + FONT_PT;
        let printed = table_pt(&widths);
        let widths: Vec<f64> = if printed < above {
            let grow = above / printed;
            widths.iter().map(|w| (w * grow).ceil()).collect()
        } else {
            widths
        };
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w)?;
        }
        let span_width =
            |c1: u16, c2: u16| -> f64 { widths[c1 as usize..=c2 as usize].iter().sum() };
        let header_fmt = self.f.header.clone();
        for &(r1, c1, r2, c2, label) in &self.headers.clone() {
            let text = wrap_words(label, span_width(c1, c2) - PADDING).join("\n");
            if (r1, c1) == (r2, c2) {
                self.ws
                    .write_string_with_format(r1, c1, &text, &header_fmt)?;
            } else {
                self.ws.merge_range(r1, c1, r2, c2, &text, &header_fmt)?;
            }
        }
        // Heights: each row holds its tallest single-row cell; a cell merged over several rows
        // adds what they lack to the last of them.
        let labels: BTreeMap<(u32, u16), &str> =
            self.headers.iter().map(|h| ((h.0, h.1), h.4)).collect();
        let lines_of = |cell: &LayoutCell, (r, c): (u32, u16)| -> usize {
            let room = span_width(c, c + cell.col_span - 1) - PADDING;
            if let Some(label) = labels.get(&(r, c)) {
                return wrap_words(label, room).len();
            }
            cell.text
                .split('\n')
                .map(|line| ((text_width(line) as f64) / room.max(1.0)).ceil().max(1.0) as usize)
                .sum()
        };
        let mut heights: BTreeMap<u32, f64> = BTreeMap::new();
        let last = self.cells.keys().map(|k| k.0).max().unwrap_or(first);
        for r in first..=last {
            heights.insert(r, row_height(1));
        }
        for (&(r, c), cell) in self.cells.range((first, 0)..) {
            if cell.row_span == 1 {
                let h = heights.entry(r).or_insert(0.0);
                *h = h.max(row_height(lines_of(cell, (r, c))));
            }
        }
        for (&(r, c), cell) in self.cells.range((first, 0)..) {
            if cell.row_span > 1 {
                let rows = r..r + cell.row_span;
                let have: f64 = rows.clone().map(|x| heights[&x]).sum();
                let need = row_height(lines_of(cell, (r, c)));
                if need > have {
                    *heights.get_mut(&(rows.end - 1)).unwrap() += need - have;
                }
            }
        }
        let tall: f64 = heights.values().sum();
        for (r, h) in heights {
            self.ws.set_row_height(r, h)?;
        }
        let portrait = fits_portrait(&widths, tall);
        Ok((widths, portrait))
    }
}

/// Cell padding, in character units: a column is this much wider than its widest text.
const PADDING: f64 = 2.0;
/// The narrowest column (a zero figure, a short code).
const MIN_WIDTH: f64 = 5.0;
/// Lines a single-column header label may take.
const HEADER_LINES: usize = 4;
/// The narrowest a column of names gets to make a table fit (six characters a line).
const NAME_FLOOR: f64 = 14.0;
/// The tables' font size, and the smallest it may print at after scaling; the title's.
const FONT_PT: f64 = 10.0;
const TITLE_PT: f64 = 16.0;
const MIN_PRINTED_PT: f64 = 8.0;
/// A4 (210 × 297 mm) less 0.5 in left and right margins, in points.
const PORTRAIT_PT: f64 = 595.0 - 72.0;
const LANDSCAPE_PT: f64 = 842.0 - 72.0;
/// A landscape A4 page's height for a table: less 0.7 in margins and the title lines.
const LANDSCAPE_HEIGHT_PT: f64 = 595.0 - 100.0 - 80.0;

/// Height of a row of `lines` lines of 10 pt text.
fn row_height(lines: usize) -> f64 {
    (lines.max(1) as f64 * 13.5 + 6.0).round()
}

/// A column's printed width in points: Excel's pixels (7 per character of the default
/// font, plus 5 of padding) at 96 dpi.
fn column_pt(width: f64) -> f64 {
    ((width * 7.0 + 5.0).trunc()) * 0.75
}

/// The table's printed width in points at 100 %.
fn table_pt(widths: &[f64]) -> f64 {
    widths.iter().map(|w| column_pt(*w)).sum()
}

/// Whether a table shrunk to fit `page` keeps its text at `MIN_PRINTED_PT` or more, with 2 %
/// to spare for the viewer's own measure of the columns.
fn fits_at_min(widths: &[f64], page: f64) -> bool {
    table_pt(widths) * MIN_PRINTED_PT / FONT_PT <= page * 0.98
}

/// Portrait when the table fits the portrait page at full size, or when it is longer than a
/// landscape page and fits the portrait page at 8 pt or more (a long list such as 04 then
/// prints on one page instead of two); landscape otherwise.
fn fits_portrait(widths: &[f64], height: f64) -> bool {
    let width = table_pt(widths);
    width <= PORTRAIT_PT || (height > LANDSCAPE_HEIGHT_PT && fits_at_min(widths, PORTRAIT_PT))
}

/// Breaks a header label into lines at its word marks ('|'), as many words a line as fit in
/// `room` character units; a word wider than the room stands alone (it wraps inside, which the
/// widths above avoid).
fn wrap_words(label: &str, room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split('|') {
        if !line.is_empty() && (text_width(&line) + text_width(word)) as f64 > room {
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Writes the workbook into memory, and returns each table's layout for the document.
///
/// # Errors
/// rust_xlsxwriter's errors (they indicate a bug: the layout is fixed).
pub fn render(
    p: &Publication,
    creation: ExcelDateTime,
) -> Result<(Vec<u8>, Vec<TableLayout>), XlsxError> {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title(format!("{}{}年部门预算表", p.department, p.year))
        .set_author("yusuan")
        .set_creation_datetime(&creation);
    wb.set_properties(&props);
    let f = Formats::new();
    let mut layouts = Vec::new();
    for t in p.tables.values() {
        let ws = wb.add_worksheet();
        ws.set_name(t.id.code())?;
        let mut sheet = Sheet {
            ws,
            scale: Decimal::from(10_000) / p.unit.in_yuan(),
            f: &f,
            widths: BTreeMap::new(),
            fixed: BTreeMap::new(),
            cells: BTreeMap::new(),
            split_at: None,
            headers: Vec::new(),
        };
        layouts.extend(write_table(&mut sheet, p, t)?);
    }
    Ok((wb.save_to_buffer()?, layouts))
}

/// The code and name columns at a table's left, repeated on a second page width.
fn label_columns(id: TableId) -> u16 {
    match id {
        TableId::T02 => 2,
        TableId::T03 | TableId::T05 | TableId::T09 => 5,
        TableId::T06 => 3,
        TableId::T07 => 3,
        TableId::T10 => 2,
        TableId::T12 => 2,
        TableId::T01 | TableId::T04 | TableId::T08 | TableId::T11 => 0,
    }
}

/// How many columns each table spans.
fn width_of(id: TableId) -> u16 {
    match id {
        TableId::T01 => 4,
        TableId::T02 => 20,
        TableId::T03 | TableId::T05 | TableId::T09 => 14,
        TableId::T04 => 8,
        TableId::T06 => 6,
        TableId::T07 => 18,
        TableId::T08 => 6,
        TableId::T10 => 12,
        TableId::T11 => 5,
        TableId::T12 => 14,
    }
}

fn title_of(p: &Publication, id: TableId) -> String {
    match id {
        TableId::T11 => id.title().to_string(),
        _ => format!("{}年{}", p.year, id.title()),
    }
}

/// The top of every sheet: code, title, 部门名称 and 单位 lines. Returns the first header row.
fn write_top(s: &mut Sheet, p: &Publication, id: TableId) -> Result<u32, XlsxError> {
    let cols = width_of(id);
    s.ws.write_string_with_format(0, 0, id.code(), &s.f.code)?;
    s.merge(1, 0, 1, cols - 1, &title_of(p, id), &s.f.title.clone())?;
    s.ws.set_row_height(1, 36)?;
    let mut row = 2;
    if id == TableId::T11 {
        s.merge(
            2,
            0,
            2,
            cols - 1,
            &format!("（{}年度）", p.year),
            &s.f.line.clone().set_align(FormatAlign::Center),
        )?;
        row = 3;
    }
    s.merge(
        row,
        0,
        row,
        cols.saturating_sub(2).max(1),
        &format!("部门名称：{}", p.department),
        &s.f.line.clone(),
    )?;
    s.ws.write_string_with_format(
        row,
        cols - 1,
        format!("单位：{}", p.unit.label()),
        &s.f.line_right,
    )?;
    Ok(row + 1)
}

/// Print setup: A4 in the orientation `finish` chose, header rows on every page, page
/// numbers. A table wider than the page is shrunk to one page wide only while its 10 pt text
/// stays at 8 pt or more; wider still, it prints at 80 % over a second page width, its code and
/// name columns (`labels`) repeated there as its header rows are on every page.
fn print_setup(
    ws: &mut Worksheet,
    repeat: Option<(u32, u32)>,
    widths: &[f64],
    landscape: bool,
    labels: u16,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    let page = if landscape {
        ws.set_landscape();
        LANDSCAPE_PT
    } else {
        ws.set_portrait();
        PORTRAIT_PT
    };
    let smallest = MIN_PRINTED_PT / FONT_PT;
    if fits_at_min(widths, page) {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale((smallest * 100.0) as u16);
        ws.set_page_order(false);
        if labels > 0 {
            ws.set_repeat_columns(0, labels - 1)?;
        }
    }
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer("&C第 &P 页 共 &N 页");
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    Ok(())
}

fn notes(s: &mut Sheet, t: &PubTable, mut row: u32) -> Result<(), XlsxError> {
    let cols = width_of(t.id);
    for n in &t.notes {
        row += 1;
        s.merge(row, 0, row, cols - 1, n, &s.f.note.clone())?;
    }
    Ok(())
}

fn write_table(
    s: &mut Sheet,
    p: &Publication,
    t: &PubTable,
) -> Result<Vec<TableLayout>, XlsxError> {
    let first = write_top(s, p, t.id)?;
    // Code columns are narrow and fixed: 类 | 款 | 项, unit codes.
    let fixed: &[(u16, f64)] = match t.id {
        TableId::T03 | TableId::T05 | TableId::T09 => &[(0, 5.0), (1, 4.0), (2, 4.0), (3, 9.0)],
        TableId::T06 => &[(0, 5.0), (1, 4.0)],
        TableId::T07 => &[(0, 5.0), (1, 4.0), (3, 5.0), (4, 4.0)],
        TableId::T02 => &[(0, 10.0)],
        _ => &[],
    };
    s.fixed.extend(fixed.iter().copied());
    let (header_last, last_row) = match t.id {
        TableId::T01 | TableId::T04 => two_sided(s, t, first)?,
        TableId::T02 => listed(
            s,
            t,
            first,
            INCOME_HEADER,
            &[(0, Field::UnitCode), (1, Field::Name)],
            2,
        )?,
        TableId::T03 | TableId::T05 | TableId::T09 => listed(
            s,
            t,
            first,
            EXPENDITURE_HEADER,
            &[
                (0, Field::FunctionParts),
                (3, Field::UnitCode),
                (4, Field::Name),
            ],
            5,
        )?,
        TableId::T06 => listed(
            s,
            t,
            first,
            BASIC_ECONOMIC_HEADER,
            &[(0, Field::EconParts), (2, Field::Name)],
            3,
        )?,
        TableId::T07 => listed(
            s,
            t,
            first,
            ECONOMIC_HEADER,
            &[
                (0, Field::EconParts),
                (2, Field::Name),
                (3, Field::GovParts),
                (5, Field::GovName),
            ],
            6,
        )?,
        TableId::T08 => listed(s, t, first, SANGONG_HEADER, &[], 0)?,
        TableId::T10 => listed(
            s,
            t,
            first,
            PROJECT_HEADER,
            &[
                (0, Field::ProjectKind),
                (1, Field::Name),
                (2, Field::ProjectUnit),
            ],
            3,
        )?,
        TableId::T11 => (first, performance(s, p, t, first)?),
        TableId::T12 => targets(s, t, first)?,
    };
    notes(s, t, last_row)?;
    let (widths, portrait) = s.finish(width_of(t.id), first)?;
    print_setup(
        s.ws,
        // 11 is a form: only its indicator header repeats, on the pages the list runs over.
        match (t.id, s.split_at) {
            (TableId::T11, Some(split)) => Some((split, split)),
            (TableId::T11, None) => None,
            _ => Some((first, header_last)),
        },
        &widths,
        !portrait,
        label_columns(t.id),
    )?;
    let columns = width_of(t.id);
    let doc_width = super::docx::doc_widths(&s.layout(first, last_row, columns), &widths);
    let whole = TableLayout {
        code: t.id.code().to_string(),
        title: title_of(p, t.id),
        dept_line: format!("部门名称：{}", p.department),
        unit_line: format!("单位：{}", p.unit.label()),
        widths: doc_width,
        rows: s.layout(first, last_row, columns),
        header_rows: (header_last - first + 1) as usize,
        notes: t.notes.clone(),
        continued: false,
        landscape: !portrait,
    };
    // 11 is a form followed by a list of indicators: in the document they are two tables,
    // so that the list's header row can repeat on every page it runs over.
    match s.split_at {
        Some(split) if t.id == TableId::T11 && split > first => Ok(vec![
            TableLayout {
                rows: s.layout(first, split - 1, columns),
                header_rows: 0,
                notes: Vec::new(),
                ..whole.clone()
            },
            TableLayout {
                rows: s.layout(split, last_row, columns),
                header_rows: 1,
                continued: true,
                ..whole
            },
        ]),
        _ => Ok(vec![whole]),
    }
}

const EXPENDITURE_HEADER: &[H] = &[
    H(0, 0, 1, 2, "科目编码"),
    H(2, 0, 2, 0, "类"),
    H(2, 1, 2, 1, "款"),
    H(2, 2, 2, 2, "项"),
    H(0, 3, 2, 3, "单位|代码"),
    H(0, 4, 2, 4, "单位|（科目名称）"),
    H(0, 5, 2, 5, "合计"),
    H(0, 6, 0, 10, "基本支出"),
    H(1, 6, 2, 6, "小计"),
    H(1, 7, 1, 8, "人员经费"),
    H(2, 7, 2, 7, "工资福利|支出"),
    H(2, 8, 2, 8, "对个人|和家庭的|补助"),
    H(1, 9, 1, 10, "公用经费"),
    H(2, 9, 2, 9, "商品和|服务|支出"),
    H(2, 10, 2, 10, "资本性|支出"),
    H(0, 11, 0, 13, "项目支出"),
    H(1, 11, 2, 11, "小计"),
    H(1, 12, 2, 12, "其他|运转类"),
    H(1, 13, 2, 13, "特定|目标类"),
];

const INCOME_HEADER: &[H] = &[
    H(0, 0, 2, 0, "部门|（单位）|代码"),
    H(0, 1, 2, 1, "部门|（单位）|名称"),
    H(0, 2, 2, 2, "总计"),
    H(0, 3, 0, 13, "本年收入"),
    H(1, 3, 2, 3, "合计"),
    H(1, 4, 1, 5, "一般|公共|预算"),
    H(2, 4, 2, 4, "小计"),
    H(2, 5, 2, 5, "其中：|财政|拨款"),
    H(1, 6, 2, 6, "政府性|基金"),
    H(1, 7, 2, 7, "国有|资本|经营|预算"),
    H(1, 8, 2, 8, "财政|专户|管理|资金|收入"),
    H(1, 9, 2, 9, "事业|收入"),
    H(1, 10, 2, 10, "事业|单位|经营|收入"),
    H(1, 11, 2, 11, "上级|补助|收入"),
    H(1, 12, 2, 12, "附属|单位|上缴|收入"),
    H(1, 13, 2, 13, "其他|收入"),
    H(0, 14, 0, 19, "上年|结转|结余"),
    H(1, 14, 2, 14, "合计"),
    H(1, 15, 2, 15, "一般|公共|预算"),
    H(1, 16, 2, 16, "政府性|基金"),
    H(1, 17, 2, 17, "国有|资本|经营|预算"),
    H(1, 18, 2, 18, "财政|专户|管理|资金"),
    H(1, 19, 2, 19, "单位|资金"),
];

const BASIC_ECONOMIC_HEADER: &[H] = &[
    H(0, 0, 0, 2, "部门预算|经济分类"),
    H(1, 0, 1, 0, "类"),
    H(1, 1, 1, 1, "款"),
    H(1, 2, 1, 2, "科目名称"),
    H(0, 3, 1, 3, "合计"),
    H(0, 4, 1, 4, "人员经费"),
    H(0, 5, 1, 5, "公用经费"),
];

const ECONOMIC_HEADER: &[H] = &[
    H(0, 0, 0, 2, "部门预算|经济分类"),
    H(1, 0, 1, 0, "类"),
    H(1, 1, 1, 1, "款"),
    H(1, 2, 1, 2, "科目名称"),
    H(0, 3, 0, 5, "政府预算|经济分类"),
    H(1, 3, 1, 3, "类"),
    H(1, 4, 1, 4, "款"),
    H(1, 5, 1, 5, "科目名称"),
    H(0, 6, 1, 6, "总计"),
    H(0, 7, 0, 8, "一般|公共|预算"),
    H(1, 7, 1, 7, "小计"),
    H(1, 8, 1, 8, "其中：|财政|拨款"),
    H(0, 9, 1, 9, "政府性|基金"),
    H(0, 10, 1, 10, "国有|资本|经营|预算"),
    H(0, 11, 1, 11, "上年|结转|结余"),
    H(0, 12, 1, 12, "财政|专户|管理|资金|收入"),
    H(0, 13, 1, 13, "事业|收入"),
    H(0, 14, 1, 14, "上级|补助|收入"),
    H(0, 15, 1, 15, "附属|单位|上缴|收入"),
    H(0, 16, 1, 16, "事业|单位|经营|收入"),
    H(0, 17, 1, 17, "其他|收入"),
];

const SANGONG_HEADER: &[H] = &[
    H(0, 0, 1, 0, "“三公”|经费|合计"),
    H(0, 1, 1, 1, "因公|出国|（境）费"),
    H(0, 2, 0, 4, "公务用车|购置及|运行费"),
    H(1, 2, 1, 2, "小计"),
    H(1, 3, 1, 3, "公务用车|购置费"),
    H(1, 4, 1, 4, "公务用车|运行费"),
    H(0, 5, 1, 5, "公务|接待费"),
];

const PROJECT_HEADER: &[H] = &[
    H(0, 0, 1, 0, "项目|类型"),
    H(0, 1, 1, 1, "项目|名称"),
    H(0, 2, 1, 2, "项目|单位"),
    H(0, 3, 1, 3, "合计"),
    H(0, 4, 0, 6, "本年拨款"),
    H(1, 4, 1, 4, "一般|公共|预算"),
    H(1, 5, 1, 5, "政府性|基金|预算"),
    H(1, 6, 1, 6, "国有|资本|经营|预算"),
    H(0, 7, 0, 9, "财政拨款|结转结余"),
    H(1, 7, 1, 7, "一般|公共|预算"),
    H(1, 8, 1, 8, "政府性|基金|预算"),
    H(1, 9, 1, 9, "国有|资本|经营|预算"),
    H(0, 10, 1, 10, "财政|专户|管理|资金"),
    H(0, 11, 1, 11, "单位|资金"),
];

/// What a text column of a listed table shows.
#[derive(Clone, Copy)]
enum Field {
    FunctionParts,
    EconParts,
    GovParts,
    GovName,
    UnitCode,
    Name,
    ProjectKind,
    ProjectUnit,
}

/// Tables printed as a list of rows (02, 03, 05, 06, 07, 08, 09, 10): the text fields at
/// their columns, then the table's amount columns from `amount_col` on.
fn listed(
    s: &mut Sheet,
    t: &PubTable,
    first: u32,
    header: &[H],
    fields: &[(u16, Field)],
    amount_col: u16,
) -> Result<(u32, u32), XlsxError> {
    s.header(first, header)?;
    let header_last = first + header.iter().map(|h| h.2).max().unwrap_or(0);
    let mut r = header_last;
    let label_cols = amount_col.max(1);
    // Row depth for the indent of names (unit 0, 类 0, 款 1, 项 2).
    for row in &t.rows {
        if t.id == TableId::T08 && row.kind != Kind::Total {
            continue;
        }
        r += 1;
        let bold = row.kind == Kind::Total || is_department(&row.kind);
        if row.kind == Kind::Total && amount_col > 0 {
            s.merge(
                r,
                0,
                r,
                label_cols - 1,
                "合计",
                &s.f.text_bold.clone().set_align(FormatAlign::Center),
            )?;
        } else {
            for (c, field) in fields {
                write_field(s, r, *c, *field, row)?;
            }
        }
        for (i, col) in t.columns.iter().enumerate() {
            let fmt = if bold {
                s.f.money_bold.clone()
            } else {
                s.f.money.clone()
            };
            s.money(r, amount_col + i as u16, row.get(*col), &fmt)?;
        }
    }
    Ok((header_last, r))
}

fn write_field(s: &mut Sheet, r: u32, c: u16, field: Field, row: &PubRow) -> Result<(), XlsxError> {
    let f = s.f;
    let blank = |s: &mut Sheet, c: u16, fmt: &Format| s.blank(r, c, fmt);
    match (field, &row.kind) {
        (Field::FunctionParts, Kind::Function(code)) => {
            let (a, b, cc) = code.split();
            s.text(r, c, a, &f.text_center)?;
            match b {
                Some(b) => s.text(r, c + 1, b, &f.text_center)?,
                None => blank(s, c + 1, &f.text_center)?,
            }
            match cc {
                Some(x) => s.text(r, c + 2, x, &f.text_center)?,
                None => blank(s, c + 2, &f.text_center)?,
            }
        }
        (Field::FunctionParts, _) => {
            for k in 0..3 {
                blank(s, c + k, &f.text_center)?;
            }
        }
        (Field::EconParts, Kind::Economic { dept, .. }) => {
            let code = dept.as_str();
            s.text(r, c, &code[..3], &f.text_center)?;
            match code.get(3..) {
                Some(k) if !k.is_empty() => s.text(r, c + 1, k, &f.text_center)?,
                _ => blank(s, c + 1, &f.text_center)?,
            }
        }
        (Field::EconParts, Kind::Unit(code)) => {
            s.text(r, c, code, &f.text_center)?;
            blank(s, c + 1, &f.text_center)?;
        }
        (Field::EconParts, _) | (Field::GovParts, _) => {
            let gov = match &row.kind {
                Kind::Economic { gov: Some(g), .. } if matches!(field, Field::GovParts) => {
                    Some(g.as_str().to_string())
                }
                _ => None,
            };
            match gov {
                Some(g) => {
                    s.text(r, c, &g[..3], &f.text_center)?;
                    match g.get(3..) {
                        Some(k) if !k.is_empty() => s.text(r, c + 1, k, &f.text_center)?,
                        _ => blank(s, c + 1, &f.text_center)?,
                    }
                }
                None => {
                    blank(s, c, &f.text_center)?;
                    blank(s, c + 1, &f.text_center)?;
                }
            }
        }
        (Field::GovName, Kind::Economic { gov_name, .. }) => s.text(r, c, gov_name, &f.text)?,
        (Field::UnitCode, Kind::Unit(code)) => s.text(r, c, code, &f.text_center)?,
        (Field::ProjectKind, Kind::Unit(code)) => s.text(r, c, code, &f.text_center)?,
        (Field::ProjectKind, Kind::Project { kind, .. }) => s.text(r, c, kind, &f.text_center)?,
        (Field::ProjectUnit, Kind::Project { unit, .. }) => s.text(r, c, unit, &f.text)?,
        (Field::Name, kind) => {
            let depth = match kind {
                Kind::Function(code) => code.as_str().len().saturating_sub(3) / 2,
                Kind::Economic { dept, .. } if !dept.is_class() => 1,
                _ => 0,
            };
            let fmt = if is_department(kind) {
                f.text_bold.clone()
            } else {
                f.text.clone()
            };
            s.text(r, c, &row.label, &fmt.set_indent(depth as u8))?;
            // An indented name needs its indent's width too.
            s.fit(c, &format!("{}{}", "  ".repeat(depth), row.label));
        }
        (_, _) => blank(s, c, &f.text)?,
    }
    Ok(())
}

/// The department's own row (047) is a subtotal and prints bold; a unit (047001) does not.
fn is_department(kind: &Kind) -> bool {
    matches!(kind, Kind::Unit(code) if code.len() <= 3)
}

/// 01 and 04: income lines on the left, expenditure on the right, totals aligned at the foot.
fn two_sided(s: &mut Sheet, t: &PubTable, first: u32) -> Result<(u32, u32), XlsxError> {
    let four = t.id == TableId::T04;
    let header: &[H] = if four {
        &[
            H(0, 0, 0, 1, "收入"),
            H(0, 2, 0, 7, "支出"),
            H(1, 0, 2, 0, "项目"),
            H(1, 1, 2, 1, "金额"),
            H(1, 2, 2, 2, "项目"),
            H(1, 3, 2, 3, "合计"),
            H(1, 4, 1, 5, "一般|公共|预算"),
            H(2, 4, 2, 4, "小计"),
            H(2, 5, 2, 5, "其中：|财政|拨款"),
            H(1, 6, 2, 6, "政府性|基金"),
            H(1, 7, 2, 7, "国有|资本|经营|预算"),
        ]
    } else {
        &[
            H(0, 0, 0, 1, "收入"),
            H(0, 2, 0, 3, "支出"),
            H(1, 0, 1, 0, "项目"),
            H(1, 1, 1, 1, "金额"),
            H(1, 2, 1, 2, "项目"),
            H(1, 3, 1, 3, "金额"),
        ]
    };
    s.header(first, header)?;
    let header_last = first + header.iter().map(|h| h.2).max().unwrap_or(0);
    // The footer lines sit side by side at the bottom: 本年收入合计 | 本年支出合计 …
    let is_footer = |r: &PubRow| {
        matches!(&r.kind, Kind::Line(RowKey::Summary(sm)) if if four {
            matches!(sm, crate::model::Summary::IncomeTotal | crate::model::Summary::ExpenditureTotal)
        } else {
            true
        })
    };
    let left: Vec<&PubRow> = t.left.iter().filter(|r| !is_footer(r)).collect();
    let right: Vec<&PubRow> = t.rows.iter().filter(|r| !is_footer(r)).collect();
    let left_foot: Vec<&PubRow> = t.left.iter().filter(|r| is_footer(r)).collect();
    let right_foot: Vec<&PubRow> = t.rows.iter().filter(|r| is_footer(r)).collect();
    let right_cols: Vec<Col> = if four {
        vec![
            Col::Total,
            Col::GeneralBudget,
            Col::GeneralAppropriation,
            Col::GovFund,
            Col::StateCapital,
        ]
    } else {
        vec![Col::Total]
    };
    let body = left.len().max(right.len());
    let mut r = header_last;
    let f = s.f;
    for i in 0..body + left_foot.len().max(right_foot.len()) {
        r += 1;
        let (l, rt) = if i < body {
            (left.get(i), right.get(i))
        } else {
            (left_foot.get(i - body), right_foot.get(i - body))
        };
        let bold = i >= body;
        let text_fmt = if bold {
            f.text_bold.clone().set_align(FormatAlign::Center)
        } else {
            f.text.clone()
        };
        let money_fmt = if bold {
            f.money_bold.clone()
        } else {
            f.money.clone()
        };
        match l {
            Some(row) => {
                s.text(r, 0, &row.label, &text_fmt)?;
                s.money(r, 1, row.get(Col::Total), &money_fmt)?;
            }
            None => {
                s.blank(r, 0, &f.text)?;
                s.blank(r, 1, &f.money)?;
            }
        }
        match rt {
            Some(row) => {
                s.text(r, 2, &row.label, &text_fmt)?;
                for (k, col) in right_cols.iter().enumerate() {
                    s.money(r, 3 + k as u16, row.get(*col), &money_fmt)?;
                }
            }
            None => {
                s.blank(r, 2, &f.text)?;
                for k in 0..right_cols.len() {
                    s.blank(r, 3 + k as u16, &f.money)?;
                }
            }
        }
    }
    Ok((header_last, r))
}

/// 11: the 部门（单位）整体绩效目标表 form.
fn performance(s: &mut Sheet, p: &Publication, t: &PubTable, first: u32) -> Result<u32, XlsxError> {
    let f = s.f;
    let Some(perf) = &t.performance else {
        return Ok(first);
    };
    s.fixed
        .extend([(0, 14.0), (1, 20.0), (2, 26.0), (3, 16.0), (4, 46.0)]);
    let mut r = first;
    s.text(r, 0, "年度履职目标", &f.text_bold)?;
    s.merge(r, 1, r, 4, &perf.goal, &f.text.clone())?;
    r += 1;
    let tasks_first = r;
    s.text(r, 1, "任务名称", &f.header)?;
    s.merge(r, 2, r, 4, "主要内容", &f.header.clone())?;
    for task in &perf.tasks {
        r += 1;
        s.text(r, 1, &task.name, &f.text)?;
        s.merge(r, 2, r, 4, &task.content, &f.text.clone())?;
    }
    s.merge(tasks_first, 0, r, 0, "年度主要任务", &f.text_bold.clone())?;
    r += 1;
    let budget_first = r;
    let value = |c: Col| t.performance_budget.get(&c).copied().unwrap_or_default();
    let total_label = format!("部门预算总额（{}）", p.unit.label());
    let lines: [(&str, &str, Col); 6] = [
        (&total_label, "", Col::Total),
        ("1、资金来源：", "（1）政府预算资金", Col::GovFunds),
        ("", "（2）财政专户管理资金", Col::FiscalSpecial),
        ("", "（3）单位资金", Col::UnitFunds),
        ("2、资金结构：", "（1）基本支出", Col::Basic),
        ("", "（2）项目支出", Col::Project),
    ];
    for (i, (a, b, col)) in lines.iter().enumerate() {
        let row = budget_first + i as u32;
        if !a.is_empty() {
            let span = if i == 1 {
                2
            } else if i == 4 {
                1
            } else {
                0
            };
            if b.is_empty() {
                s.merge(row, 1, row, 2, a, &f.text.clone())?;
            } else {
                s.merge(row, 1, row + span, 1, a, &f.text.clone())?;
            }
        }
        if !b.is_empty() {
            s.text(row, 2, b, &f.text)?;
        }
        s.money(row, 3, value(*col), &f.money)?;
        s.blank(row, 4, &f.text)?;
    }
    r = budget_first + lines.len() as u32 - 1;
    s.merge(budget_first, 0, r, 0, "预算情况", &f.text_bold.clone())?;
    r += 1;
    s.split_at = Some(r);
    for (c, label) in ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"]
        .iter()
        .enumerate()
    {
        s.text(r, c as u16, label, &f.header)?;
    }
    // 一级 and 二级 cells merged over their runs of indicators.
    let start = r + 1;
    for (i, ind) in perf.indicators.iter().enumerate() {
        let row = start + i as u32;
        s.text(row, 2, &ind.name, &f.text)?;
        s.text(row, 3, &ind.value, &f.text_center)?;
        s.text(row, 4, &ind.note, &f.text)?;
    }
    for level in [0usize, 1] {
        let key = |i: usize| {
            let ind = &perf.indicators[i];
            if level == 0 {
                ind.level1.clone()
            } else {
                format!("{}\u{1}{}", ind.level1, ind.level2)
            }
        };
        let mut i = 0;
        while i < perf.indicators.len() {
            let mut j = i;
            while j + 1 < perf.indicators.len() && key(j + 1) == key(i) {
                j += 1;
            }
            let text = if level == 0 {
                &perf.indicators[i].level1
            } else {
                &perf.indicators[i].level2
            };
            s.merge(
                start + i as u32,
                level as u16,
                start + j as u32,
                level as u16,
                text,
                &f.text.clone().set_align(FormatAlign::Center),
            )?;
            i = j + 1;
        }
    }
    let _ = p;
    Ok(start + perf.indicators.len().max(1) as u32 - 1)
}

/// 12: unit rows, then each project with its indicators over as many rows as it needs.
/// 12's indicator kinds, one pair of columns each.
const KINDS: [&str; 4] = ["成本指标", "产出指标", "效益指标", "满意度指标"];

/// 12's amount columns.
const TARGET_AMOUNTS: [Col; 4] = [
    Col::Total,
    Col::GovFunds,
    Col::FiscalSpecial,
    Col::UnitFunds,
];

fn targets(s: &mut Sheet, t: &PubTable, first: u32) -> Result<(u32, u32), XlsxError> {
    let header: Vec<H> = vec![
        H(0, 0, 2, 0, "单位编码|（项目编码）"),
        H(0, 1, 2, 1, "项目单位|（项目名称）"),
        H(0, 2, 1, 5, "项目金额"),
        H(2, 2, 2, 2, "资金|总额"),
        H(2, 3, 2, 3, "政府|预算|资金"),
        H(2, 4, 2, 4, "财政|专户|管理|资金"),
        H(2, 5, 2, 5, "单位|资金"),
        H(0, 6, 0, 13, "绩效目标"),
        H(1, 6, 1, 7, KINDS[0]),
        H(1, 8, 1, 9, KINDS[1]),
        H(1, 10, 1, 11, KINDS[2]),
        H(1, 12, 1, 13, KINDS[3]),
        H(2, 6, 2, 6, "三级|指标"),
        H(2, 7, 2, 7, "指标值"),
        H(2, 8, 2, 8, "三级|指标"),
        H(2, 9, 2, 9, "指标值"),
        H(2, 10, 2, 10, "三级|指标"),
        H(2, 11, 2, 11, "指标值"),
        H(2, 12, 2, 12, "三级|指标"),
        H(2, 13, 2, 13, "指标值"),
    ];
    s.header(first, &header)?;
    let header_last = first + 2;
    let f = s.f;
    let amounts = TARGET_AMOUNTS;
    let mut r = header_last;
    let mut written = std::collections::BTreeSet::new();
    for row in &t.rows {
        let Kind::Unit(code) = &row.kind else {
            continue;
        };
        r += 1;
        let bold = is_department(&row.kind);
        s.text(r, 0, code, &f.text_center)?;
        s.text(r, 1, &row.label, if bold { &f.text_bold } else { &f.text })?;
        for (i, c) in amounts.iter().enumerate() {
            s.money(
                r,
                2 + i as u16,
                row.get(*c),
                if bold { &f.money_bold } else { &f.money },
            )?;
        }
        for c in 6..14 {
            s.blank(r, c, &f.text)?;
        }
        // A unit without sub-units lists its own projects under its row.
        let leaf = !t.rows.iter().any(|x| {
            matches!(&x.kind, Kind::Unit(c) if c.len() > code.len() && c.starts_with(code.as_str()))
        });
        if leaf {
            for p in t
                .targets
                .iter()
                .filter(|p| p.unit.as_deref() == Some(code.as_str()))
            {
                r = target_rows(s, p, r)?;
                written.insert(&p.code);
            }
        }
    }
    for p in t.targets.iter().filter(|p| !written.contains(&p.code)) {
        r = target_rows(s, p, r)?;
    }
    Ok((header_last, r))
}

/// One project of 12 below row `r`, over as many rows as its longest indicator list; returns
/// its last row.
fn target_rows(s: &mut Sheet, p: &PubTarget, r: u32) -> Result<u32, XlsxError> {
    let f = s.f;
    let amounts = TARGET_AMOUNTS;
    let per_kind: Vec<Vec<&crate::model::Indicator>> = KINDS
        .iter()
        .map(|k| p.indicators.iter().filter(|i| i.level1 == *k).collect())
        .collect();
    let height = per_kind.iter().map(Vec::len).max().unwrap_or(0).max(1) as u32;
    let top = r + 1;
    let bottom = r + height;
    s.merge(top, 0, bottom, 0, &p.code, &f.text_center.clone())?;
    s.merge(top, 1, bottom, 1, &p.name, &f.text.clone())?;
    s.fit(0, &p.code);
    for (i, c) in amounts.iter().enumerate() {
        let v = p.values.get(c).copied().unwrap_or_default();
        if height == 1 {
            s.money(top, 2 + i as u16, v, &f.money)?;
        } else {
            s.merge(top, 2 + i as u16, bottom, 2 + i as u16, "", &f.money)?;
            s.money(top, 2 + i as u16, v, &f.money)?;
        }
    }
    for (k, list) in per_kind.iter().enumerate() {
        for row in 0..height {
            let c = 6 + 2 * k as u16;
            match list.get(row as usize) {
                Some(ind) => {
                    s.text(top + row, c, &ind.name, &f.text)?;
                    s.text(top + row, c + 1, &ind.value, &f.text_center)?;
                }
                None => {
                    s.blank(top + row, c, &f.text)?;
                    s.blank(top + row, c + 1, &f.text)?;
                }
            }
        }
    }
    Ok(bottom)
}

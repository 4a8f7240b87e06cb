//! How any table is written on its sheet: the cell formats (all of them live here), the
//! `Sheet` that writes cells while it records them for the document, and how columns and rows
//! are sized to their content and the page (widths, wrapped header labels, heights, portrait or
//! landscape). Which cell a table puts where is `layouts`' business.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::render::doc::{CellStyle, LayoutCell};
use crate::render::sml::{self, Error, Font, Horizontal, StyleId, Vertical, Xf};
use crate::render::text_width;

/// The fonts of the tables: 宋体 body, 黑体 title (named; viewers fall back when missing).
const BODY: Font = Font {
    name: "宋体",
    size: 10,
    bold: false,
};
const BOLD: Font = Font { bold: true, ..BODY };
const TITLE: Font = Font {
    name: "黑体",
    size: 16,
    bold: false,
};

/// The cell formats of the workbook, all of them: each is one entry of its `cellXfs`, named
/// by index, so that nothing is compared per cell. The most used come first (an index of one
/// digit is a byte less in every cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// Figures: bordered, right-aligned, `0.00`.
    Money,
    /// Bordered, wrapped: names and other text.
    Text,
    /// Bordered, centred, never wrapped: codes.
    TextCenter,
    MoneyBold,
    /// Names indented one and two levels (and three, which codes of seven digits never need).
    Indent1,
    Indent2,
    /// Bordered, bold, centred, wrapped: the header, and the labels of total rows (the same
    /// format, which the document shows as a header cell too).
    Header,
    /// Bordered, bold, wrapped: the department's row, 11's row labels.
    TextBold,
    /// 宋体 10 pt, vertically centred: the sheet's code and the 部门名称 line.
    Line,
    /// 黑体 16 pt, centred: the title.
    Title,
    /// The line, centred (11's 年度 line).
    LineCenter,
    /// The line, right-aligned (单位：万元).
    LineRight,
    Indent3,
    /// Bordered, centred, wrapped: 11's merged indicator levels.
    TextWrapCenter,
    /// A table's notes: not bordered, wrapped, at the top left.
    Note,
}

/// 宋体 10 pt, vertically centred.
const LINE: Xf = Xf {
    font: BODY,
    number_format: None,
    border: false,
    horizontal: Horizontal::General,
    vertical: Vertical::Center,
    indent: 0,
    wrap: false,
};

/// A table's cell: bordered, wrapped.
const TEXT: Xf = Xf {
    border: true,
    wrap: true,
    ..LINE
};

const MONEY: Xf = Xf {
    number_format: Some("0.00"),
    border: true,
    horizontal: Horizontal::Right,
    ..LINE
};

/// A name indented `indent` levels.
const fn indented(indent: u8) -> Xf {
    Xf {
        horizontal: Horizontal::Left,
        indent,
        ..TEXT
    }
}

/// Every style, in the order of its index.
const STYLES: [Style; 15] = [
    Style::Money,
    Style::Text,
    Style::TextCenter,
    Style::MoneyBold,
    Style::Indent1,
    Style::Indent2,
    Style::Header,
    Style::TextBold,
    Style::Line,
    Style::Title,
    Style::LineCenter,
    Style::LineRight,
    Style::Indent3,
    Style::TextWrapCenter,
    Style::Note,
];

/// The workbook's `cellXfs` after the default: each style's format, in the order of
/// [`STYLES`] (and so of the enum).
pub(super) const XFS: [Xf; 15] = {
    let mut xfs = [LINE; 15];
    let mut i = 0;
    while i < STYLES.len() {
        xfs[i] = STYLES[i].xf();
        i += 1;
    }
    xfs
};

impl Style {
    /// The style's cell format.
    const fn xf(self) -> Xf {
        match self {
            Style::Money => MONEY,
            Style::MoneyBold => Xf {
                font: BOLD,
                ..MONEY
            },
            Style::Text => TEXT,
            Style::Indent1 => indented(1),
            Style::Indent2 => indented(2),
            Style::Indent3 => indented(3),
            Style::TextCenter => Xf {
                horizontal: Horizontal::Center,
                wrap: false,
                ..TEXT
            },
            Style::TextWrapCenter => Xf {
                horizontal: Horizontal::Center,
                ..TEXT
            },
            Style::TextBold => Xf { font: BOLD, ..TEXT },
            Style::Header => Xf {
                font: BOLD,
                horizontal: Horizontal::Center,
                ..TEXT
            },
            Style::Line => LINE,
            Style::Title => Xf {
                font: TITLE,
                horizontal: Horizontal::Center,
                ..LINE
            },
            Style::LineCenter => Xf {
                horizontal: Horizontal::Center,
                ..LINE
            },
            Style::LineRight => Xf {
                horizontal: Horizontal::Right,
                ..LINE
            },
            Style::Note => Xf {
                horizontal: Horizontal::Left,
                vertical: Vertical::Top,
                wrap: true,
                ..LINE
            },
        }
    }

    /// The index of the format in the workbook's `cellXfs`.
    pub(super) fn id(self) -> StyleId {
        self as StyleId + 1
    }

    /// A name indented `depth` levels (0 is `Text`). Codes have at most seven digits, so a
    /// name's depth is at most 2.
    pub(super) fn indented(depth: usize) -> Style {
        match depth {
            0 => Style::Text,
            1 => Style::Indent1,
            2 => Style::Indent2,
            _ => Style::Indent3,
        }
    }

    /// The cell's style in the document's copy of the table, and the indent of a name.
    pub(super) fn layout(self) -> (CellStyle, usize) {
        match self {
            Style::Money => (CellStyle::Number, 0),
            Style::MoneyBold => (CellStyle::NumberBold, 0),
            Style::Indent1 => (CellStyle::Text, 1),
            Style::Indent2 => (CellStyle::Text, 2),
            Style::Indent3 => (CellStyle::Text, 3),
            Style::Header => (CellStyle::Header, 0),
            Style::TextCenter => (CellStyle::TextCenter, 0),
            Style::TextBold => (CellStyle::TextBold, 0),
            Style::Line
            | Style::Title
            | Style::LineCenter
            | Style::LineRight
            | Style::Text
            | Style::TextWrapCenter
            | Style::Note => (CellStyle::Text, 0),
        }
    }
}

/// A figure as printed, with two decimals: what `format!("{v:.2}")` gives (digits beyond
/// the second cut off, a sign for any negative, `-0.00` included), without `fmt`, which was a
/// twentieth of the workbook's time.
fn two_decimals(v: Decimal) -> String {
    let scale = v.scale() as usize;
    // The mantissa's digits, least significant first (at most 29), padded to the scale.
    let mut digits = [b'0'; 40];
    let len = sml::digits_reversed(v.mantissa().unsigned_abs(), &mut digits).max(scale);
    let whole = len - scale;
    let mut s = String::with_capacity(whole + 5);
    if v.is_sign_negative() {
        s.push('-');
    }
    if whole == 0 {
        s.push('0');
    }
    for i in 0..whole + 2 {
        if i == whole {
            s.push('.');
        }
        s.push(if i < len {
            char::from(digits[len - 1 - i])
        } else {
            '0'
        });
    }
    s
}

/// The widest a column gets (characters): a name of 16 characters on one line; longer names
/// wrap.
pub(super) const MAX_WIDTH: f64 = 34.0;

/// A header cell of a table: its label, and the rows and columns it covers (absolute).
pub(super) type HeaderCell = (u32, u16, u32, u16, &'static str);

/// A header cell: rows and columns relative to the header's first row, inclusive.
pub(super) struct H(
    pub(super) u32,
    pub(super) u16,
    pub(super) u32,
    pub(super) u16,
    pub(super) &'static str,
);

/// Writes one sheet while keeping track of the widths its columns need.
pub(super) struct Sheet<'a> {
    pub(super) ws: &'a mut sml::Worksheet,
    pub(super) strings: &'a mut sml::Strings,
    /// Printed value per figure (1 for 万元; 10 000 for an export in 元, see `synth`).
    pub(super) scale: Decimal,
    /// The widest text of each column so far (character units), by column.
    pub(super) widths: Vec<usize>,
    /// Column widths fixed by the layout (in character units).
    pub(super) fixed: BTreeMap<u16, f64>,
    /// Every cell as laid out, for the document's copy of the table.
    pub(super) cells: Cells,
    /// Where a table's second part starts (11's indicator header), for the document.
    pub(super) split_at: Option<u32>,
    /// Header cells, written once the widths are known.
    pub(super) headers: Vec<HeaderCell>,
}

impl Sheet<'_> {
    pub(super) fn text(&mut self, r: u32, c: u16, s: &str, style: Style) -> Result<(), Error> {
        self.ws.text(self.strings, r, c, s, style.id())?;
        self.fit(c, s);
        self.record(r, c, s.to_string(), style, (1, 1));
        Ok(())
    }

    pub(super) fn money(&mut self, r: u32, c: u16, v: Decimal, style: Style) -> Result<(), Error> {
        // Written as a number cell, its value the exact Decimal.
        let v = v * self.scale;
        self.ws.number(r, c, v, style.id())?;
        let text = two_decimals(v);
        // A figure is one line of ASCII digits, a point and perhaps a sign.
        self.widen(c, text.len());
        let keep = self
            .cells
            .get(r, c)
            .map(|x| (x.row_span, x.col_span))
            .unwrap_or((1, 1));
        self.record(r, c, text, style, keep);
        Ok(())
    }

    pub(super) fn blank(&mut self, r: u32, c: u16, style: Style) -> Result<(), Error> {
        self.ws.blank(r, c, style.id())?;
        self.record(r, c, String::new(), style, (1, 1));
        Ok(())
    }

    pub(super) fn merge(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        s: &str,
        style: Style,
    ) -> Result<(), Error> {
        if c1 == c2 {
            // A cell merged down a column (12's project names) is that column's content.
            self.fit(c1, s);
        }
        if r1 == r2 && c1 == c2 {
            self.ws.text(self.strings, r1, c1, s, style.id())?;
        } else {
            self.ws
                .merge(self.strings, (r1, c1, r2, c2), s, style.id())?;
        }
        self.record(r1, c1, s.to_string(), style, (r2 - r1 + 1, c2 - c1 + 1));
        Ok(())
    }

    /// Remembers a cell for the document's copy of the table.
    pub(super) fn record(
        &mut self,
        r: u32,
        c: u16,
        mut text: String,
        style: Style,
        (row_span, col_span): (u32, u16),
    ) {
        let (style, indent) = style.layout();
        if indent > 0 {
            text.insert_str(0, &"\u{3000}".repeat(indent));
        }
        self.cells.insert(
            r,
            c,
            LayoutCell {
                text,
                style,
                row_span,
                col_span,
            },
        );
    }

    /// The table's rows (from `first` to `last`) as a layout for the document. The cells are
    /// moved out of the sheet, which has no more use for them: each row is taken once.
    pub(super) fn take_layout(
        &mut self,
        first: u32,
        last: u32,
        columns: u16,
    ) -> Vec<Vec<Option<LayoutCell>>> {
        let mut rows: Vec<Vec<Option<LayoutCell>>> = (first..=last)
            .map(|_| vec![None; columns as usize])
            .collect();
        let range = first..last.saturating_add(1);
        // The merged ranges, read before their cells move.
        let merged: Vec<(u32, u16, u32, u16)> = self
            .cells
            .in_rows(range.clone())
            .filter(|(_, cell)| cell.row_span > 1 || cell.col_span > 1)
            .map(|((r, c), cell)| (r, c, cell.row_span, cell.col_span))
            .collect();
        for ((r, c), slot) in self.cells.slots_in_rows(range) {
            if c < columns && slot.is_some() {
                rows[(r - first) as usize][c as usize] = slot.take();
            }
        }
        // A merged range covers the cells under and beside its top-left cell.
        for (r, c, row_span, col_span) in merged {
            for dr in 0..row_span {
                for dc in 0..col_span {
                    let (rr, cc) = (r + dr - first, c + dc);
                    if (dr, dc) != (0, 0) && (rr as usize) < rows.len() && cc < columns {
                        rows[rr as usize][cc as usize] = None;
                    }
                }
            }
        }
        rows
    }

    /// Widens column `c` to hold `s` (its widest line).
    pub(super) fn fit(&mut self, c: u16, s: &str) {
        self.widen(c, s.lines().map(text_width).max().unwrap_or(0));
    }

    /// Widens column `c` to hold a text `w` character units wide.
    fn widen(&mut self, c: u16, w: usize) {
        let c = c as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(w);
    }

    /// Records a table's header. Its cells are written by `finish`, once the columns' widths
    /// are known, so that each label breaks at a word ('|' in the label) and not mid-word.
    pub(super) fn header(&mut self, first: u32, cells: &[H]) {
        for H(r1, c1, r2, c2, label) in cells {
            let (r1, r2) = (first + r1, first + r2);
            self.record(
                r1,
                *c1,
                label.replace('|', ""),
                Style::Header,
                (r2 - r1 + 1, c2 - c1 + 1),
            );
            self.headers.push((r1, *c1, r2, *c2, label));
        }
    }

    /// Sizes the table that starts at row `first` and writes its header. Columns take the
    /// width of their content: a code or figure never wraps, a name up to `MAX_WIDTH`, a
    /// header label as narrow as three lines of whole words allow; so a fund column that holds
    /// only zeros shrinks to its label. Every row's height follows the lines its wrapped cells
    /// need. Returns the widths (character units) and whether the table prints portrait
    /// (`print_setup` then sets the page).
    pub(super) fn finish(&mut self, columns: u16, first: u32) -> Result<(Vec<f64>, bool), Error> {
        let (natural, floor) = self.needed_widths(columns, first);
        let widths = self.widen_to_title(first, fit_landscape(&natural, &floor));
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_width(c as u16, *w);
        }
        self.write_headers(&widths)?;
        let tall = self.set_row_heights(first, &widths)?;
        let portrait = fits_portrait(&widths, tall);
        Ok((widths, portrait))
    }

    /// Each column's natural width (its content's, within limits) and the floor it may give
    /// way to: columns of names wrap (to two lines at most); codes and figures never do. A
    /// width the layout sets (`fixed`, a form such as 11) is a floor under the content's.
    fn needed_widths(&self, columns: u16, first: u32) -> (Vec<f64>, Vec<f64>) {
        let content = |c: u16| self.widths.get(c as usize).copied().unwrap_or(0) as f64 + PADDING;
        let header_need = |c: u16| self.header_need(c);
        // One pass over the table's cells: which columns hold names, and what must stay on
        // one line (codes and figures), from the cells of one column.
        let n = columns as usize;
        let mut holds_names = vec![false; n];
        let mut unbroken = vec![0.0f64; n];
        for ((_, c), cell) in self.cells.in_rows(first..u32::MAX) {
            let c = c as usize;
            if c >= n || cell.col_span != 1 {
                continue;
            }
            match cell.style {
                CellStyle::Text | CellStyle::TextBold => {
                    holds_names[c] |= !cell.text.trim().is_empty();
                }
                CellStyle::TextCenter | CellStyle::Number | CellStyle::NumberBold => {
                    unbroken[c] = unbroken[c].max(text_width(&cell.text) as f64 + PADDING);
                }
                CellStyle::Header => {}
            }
        }
        let names: Vec<bool> = (0..columns)
            .map(|c| !self.fixed.contains_key(&c) && holds_names[c as usize])
            .collect();
        let unbroken = |c: u16| unbroken[c as usize];
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
        (natural, floor)
    }

    /// A column's header label as narrow as HEADER_LINES lines of whole words allow.
    fn header_need(&self, c: u16) -> f64 {
        let mut need = MIN_WIDTH;
        for &(_, c1, _, c2, label) in &self.headers {
            if c1 == c && c2 == c {
                // No word breaks inside.
                let widest = label.split('|').map(text_width).max().unwrap_or(0);
                need = need.max(widest as f64 + PADDING);
                while wrap_count(label, need - PADDING) > HEADER_LINES && need < MAX_WIDTH {
                    need += 1.0;
                }
            }
        }
        need
    }

    /// A narrow table (08) is at least as wide as its title (16 pt) and its 部门名称 line,
    /// which would otherwise be cut at both edges.
    fn widen_to_title(&self, first: u32, widths: Vec<f64>) -> Vec<f64> {
        let mut lines: BTreeMap<u32, f64> = BTreeMap::new();
        for ((r, _), cell) in self.cells.in_rows(0..first) {
            let per_unit = if r == 1 {
                TITLE_PT / 2.0
            } else {
                FONT_PT / 2.0
            };
            *lines.entry(r).or_default() += text_width(&cell.text) as f64 * per_unit + FONT_PT;
        }
        let above = lines.into_values().fold(0.0, f64::max) + FONT_PT;
        let printed = table_pt(&widths);
        if printed < above {
            let grow = above / printed;
            widths.iter().map(|w| (w * grow).ceil()).collect()
        } else {
            widths
        }
    }

    /// Writes the header cells, each label broken at its words to the width it spans.
    fn write_headers(&mut self, widths: &[f64]) -> Result<(), Error> {
        let header = Style::Header.id();
        for &(r1, c1, r2, c2, label) in &self.headers {
            let text = wrap_words(label, span_width(widths, c1, c2) - PADDING).join("\n");
            if (r1, c1) == (r2, c2) {
                self.ws.text(self.strings, r1, c1, &text, header)?;
            } else {
                self.ws
                    .merge(self.strings, (r1, c1, r2, c2), &text, header)?;
            }
        }
        Ok(())
    }

    /// Heights: each row holds its tallest single-row cell; a cell merged over several rows
    /// adds what they lack to the last of them. Returns the table's height in points.
    fn set_row_heights(&mut self, first: u32, widths: &[f64]) -> Result<f64, Error> {
        let labels: BTreeMap<(u32, u16), &str> =
            self.headers.iter().map(|h| ((h.0, h.1), h.4)).collect();
        // The labels sit on the header's rows: below them no cell is looked up.
        let label_rows_end = self.headers.iter().map(|h| h.0 + 1).max().unwrap_or(0);
        let lines_of = |cell: &LayoutCell, (r, c): (u32, u16)| -> usize {
            let room = span_width(widths, c, c + cell.col_span - 1) - PADDING;
            if r < label_rows_end {
                if let Some(label) = labels.get(&(r, c)) {
                    return wrap_count(label, room);
                }
            }
            let wrapped =
                |line: &str| ((text_width(line) as f64) / room.max(1.0)).ceil().max(1.0) as usize;
            // Most cells are one line of their own (a figure, a name).
            if memchr::memchr(b'\n', cell.text.as_bytes()).is_none() {
                return wrapped(&cell.text);
            }
            cell.text.split('\n').map(wrapped).sum()
        };
        // Rows `first` to the last with a cell, by row from `first`.
        let last = self.cells.last_row().unwrap_or(first);
        let mut heights: Vec<f64> = (first..=last).map(|_| row_height(1)).collect();
        let at = |r: u32| (r - first) as usize;
        for ((r, c), cell) in self.cells.in_rows(first..u32::MAX) {
            if cell.row_span == 1 {
                let h = &mut heights[at(r)];
                *h = h.max(row_height(lines_of(cell, (r, c))));
            }
        }
        for ((r, c), cell) in self.cells.in_rows(first..u32::MAX) {
            if cell.row_span > 1 {
                let rows = r..r + cell.row_span;
                let have: f64 = rows.clone().map(|x| heights[at(x)]).sum();
                let need = row_height(lines_of(cell, (r, c)));
                if need > have {
                    heights[at(rows.end - 1)] += need - have;
                }
            }
        }
        let tall: f64 = heights.iter().sum();
        for (r, h) in (first..).zip(heights) {
            self.ws.set_height(r, h)?;
        }
        Ok(tall)
    }
}

/// The cells recorded for the document's copy of a table, by row and column: a grid, since
/// they are written row by row and read back in that order (a map of places cost a fifth of
/// the workbook's own time). A later cell at a place replaces the earlier one.
#[derive(Debug, Default)]
pub(super) struct Cells {
    rows: Vec<Vec<Option<LayoutCell>>>,
    /// The most places a row has had: a new row is given room for as many at once.
    widest: usize,
}

impl Cells {
    fn insert(&mut self, r: u32, c: u16, cell: LayoutCell) {
        let (r, c) = (r as usize, c as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            if row.capacity() == 0 {
                row.reserve_exact(self.widest.max(c + 1));
            }
            row.resize_with(c + 1, || None);
            self.widest = self.widest.max(c + 1);
        }
        row[c] = Some(cell);
    }

    fn get(&self, r: u32, c: u16) -> Option<&LayoutCell> {
        self.rows.get(r as usize)?.get(c as usize)?.as_ref()
    }

    /// The last row that holds a cell.
    fn last_row(&self) -> Option<u32> {
        let r = self
            .rows
            .iter()
            .rposition(|row| row.iter().any(Option::is_some))?;
        Some(r as u32)
    }

    /// The part of `rows` the grid holds (rows past its end hold nothing).
    fn held(&self, rows: Range<u32>) -> Range<usize> {
        let end = (rows.end as usize).min(self.rows.len());
        (rows.start as usize).min(end)..end
    }

    /// The places of `rows`, row by row, each with what it holds.
    fn slots_in_rows(
        &mut self,
        rows: Range<u32>,
    ) -> impl Iterator<Item = ((u32, u16), &mut Option<LayoutCell>)> {
        let held = self.held(rows);
        let start = held.start;
        self.rows[held]
            .iter_mut()
            .zip(start as u32..)
            .flat_map(|(row, r)| {
                row.iter_mut()
                    .enumerate()
                    .map(move |(c, slot)| ((r, c as u16), slot))
            })
    }

    /// The cells of `rows`, row by row and left to right, with their places.
    fn in_rows(&self, rows: Range<u32>) -> impl Iterator<Item = ((u32, u16), &LayoutCell)> {
        let held = self.held(rows);
        let start = held.start;
        self.rows[held]
            .iter()
            .zip(start as u32..)
            .flat_map(|(row, r)| {
                row.iter()
                    .enumerate()
                    .filter_map(move |(c, cell)| Some(((r, c as u16), cell.as_ref()?)))
            })
    }
}

/// Cell padding, in character units: a column is this much wider than its widest text.
pub(super) const PADDING: f64 = 2.0;

/// The narrowest column (a zero figure, a short code).
pub(super) const MIN_WIDTH: f64 = 5.0;

/// Lines a single-column header label may take.
pub(super) const HEADER_LINES: usize = 4;

/// The narrowest a column of names gets to make a table fit (six characters a line).
pub(super) const NAME_FLOOR: f64 = 14.0;

/// The tables' font size, and the smallest it may print at after scaling; the title's.
pub(super) const FONT_PT: f64 = 10.0;

pub(super) const TITLE_PT: f64 = 16.0;

pub(super) const MIN_PRINTED_PT: f64 = 8.0;

/// A4 (210 × 297 mm) less 0.5 in left and right margins, in points.
pub(super) const PORTRAIT_PT: f64 = 595.0 - 72.0;

pub(super) const LANDSCAPE_PT: f64 = 842.0 - 72.0;

/// A landscape A4 page's height for a table: less 0.7 in margins and the title lines.
pub(super) const LANDSCAPE_HEIGHT_PT: f64 = 595.0 - 100.0 - 80.0;

/// Height of a row of `lines` lines of 10 pt text.
pub(super) fn row_height(lines: usize) -> f64 {
    (lines.max(1) as f64 * 13.5 + 6.0).round()
}

/// A column's printed width in points: Excel's pixels (7 per character of the default
/// font, plus 5 of padding) at 96 dpi.
pub(super) fn column_pt(width: f64) -> f64 {
    ((width * 7.0 + 5.0).trunc()) * 0.75
}

/// The table's printed width in points at 100 %.
pub(super) fn table_pt(widths: &[f64]) -> f64 {
    widths.iter().map(|w| column_pt(*w)).sum()
}

/// Whether a table shrunk to fit `page` keeps its text at `MIN_PRINTED_PT` or more, with 2 %
/// to spare for the viewer's own measure of the columns.
pub(super) fn fits_at_min(widths: &[f64], page: f64) -> bool {
    table_pt(widths) * MIN_PRINTED_PT / FONT_PT <= page * 0.98
}

/// Portrait when the table fits the portrait page at full size, or when it is longer than a
/// landscape page and fits the portrait page at 8 pt or more (a long list such as 04 then
/// prints on one page instead of two); landscape otherwise.
pub(super) fn fits_portrait(widths: &[f64], height: f64) -> bool {
    let width = table_pt(widths);
    width <= PORTRAIT_PT || (height > LANDSCAPE_HEIGHT_PT && fits_at_min(widths, PORTRAIT_PT))
}

/// Breaks a header label into lines at its word marks ('|'), as many words a line as fit in
/// `room` character units; a word wider than the room stands alone (it wraps inside, which the
/// widths above avoid).
pub(super) fn wrap_words(label: &str, room: f64) -> Vec<String> {
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

/// How many lines [`wrap_words`] makes of `label`, counted in one reused line rather than
/// collected: a column's header is tried at one width after another.
fn wrap_count(label: &str, room: f64) -> usize {
    let mut count = 1;
    let mut line = String::new();
    for word in label.split('|') {
        if !line.is_empty() && (text_width(&line) + text_width(word)) as f64 > room {
            count += 1;
            line.clear();
        }
        line.push_str(word);
    }
    count
}

/// The widths of columns `c1` to `c2`, inclusive.
fn span_width(widths: &[f64], c1: u16, c2: u16) -> f64 {
    widths[c1 as usize..=c2 as usize].iter().sum()
}

/// Too wide for a landscape page at 8 pt: names give way, evenly, down to their floor (two
/// lines). The natural widths where they fit, the floor where even it does not.
fn fit_landscape(natural: &[f64], floor: &[f64]) -> Vec<f64> {
    let fits = |w: &[f64]| fits_at_min(w, LANDSCAPE_PT);
    let between = |t: f64| -> Vec<f64> {
        natural
            .iter()
            .zip(floor)
            .map(|(n, f)| (f + (n - f) * t).floor().max(*f))
            .collect()
    };
    if fits(natural) || !fits(floor) {
        if fits(natural) {
            natural.to_vec()
        } else {
            floor.to_vec()
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_as_format_gives_them() {
        use std::str::FromStr;
        let mut values: Vec<Decimal> = [
            "0",
            "0.00",
            "-0.00",
            "-0",
            "0.1",
            "5",
            "50.65",
            "-50.65",
            "0.005",
            "-0.004",
            "1234567.891",
            "0.999",
            "100.10",
            "12345678901234567890.12",
            "0.0000001",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
        ]
        .iter()
        .map(|s| Decimal::from_str(s).unwrap())
        .collect();
        for scale in 0..8 {
            for m in [
                0i64,
                1,
                9,
                10,
                99,
                100,
                101,
                12345,
                -1,
                -10,
                -12345,
                999_999_999,
            ] {
                values.push(Decimal::new(m, scale));
            }
        }
        for v in values {
            assert_eq!(two_decimals(v), format!("{v:.2}"), "{v:?}");
        }
    }

    #[test]
    fn header_lines_are_counted_as_wrapped() {
        for label in [
            "部门|（单位）|代码",
            "财政|专户|管理|资金|收入",
            "合计",
            "",
            "“三公”|经费|合计",
        ] {
            for room in 0..20 {
                let room = f64::from(room);
                assert_eq!(wrap_count(label, room), wrap_words(label, room).len());
            }
        }
    }

    #[test]
    fn each_style_is_its_format_in_the_workbook() {
        for (i, style) in STYLES.iter().enumerate() {
            assert_eq!(*style as usize, i, "{style:?} is listed out of order");
            assert_eq!(style.id() as usize, i + 1);
            assert_eq!(XFS[i], style.xf());
        }
        // Distinct formats, but for the total rows' labels, which are the header's format.
        for (i, a) in XFS.iter().enumerate() {
            assert!(!XFS[..i].contains(a), "{:?} repeats a format", STYLES[i]);
        }
    }
}

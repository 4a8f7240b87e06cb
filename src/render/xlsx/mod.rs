//! The 预算表 workbook: every table as a sheet 预算01表 … in the official layout of the seed,
//! print-ready on A4, written by `render::sml` in one pass. This file writes the workbook, each
//! sheet's top lines and its print setup; `layouts` holds each table's printed layout (its
//! header, which column shows what, its widths) and `sheet` the cell formats and how columns
//! and rows are sized. The document's copy of each table (`TableLayout`) is recorded as the
//! sheet is written.

mod layouts;
mod sheet;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, IntoCustomDateTime, XlsxError};

use super::doc::TableLayout;
use super::sml::{self, Error, Page};
use crate::model::TableId;
use crate::publish::{PubTable, Publication};
use layouts::{label_columns, width_of};
use sheet::{fits_at_min, Sheet, Style, FONT_PT, LANDSCAPE_PT, MIN_PRINTED_PT, PORTRAIT_PT, XFS};

/// Writes the workbook into memory, and returns each table's layout for the document.
/// `creation` is the documents' creation time (`pipeline::creation_time`).
///
/// # Errors
/// A cell beyond Excel's limits or a text longer than a cell holds (the department's own
/// texts), or a bug in a layout (overlapping merged ranges); as rust_xlsxwriter's error, which
/// the callers know.
pub fn render(
    p: &Publication,
    creation: ExcelDateTime,
) -> Result<(Vec<u8>, Vec<TableLayout>), XlsxError> {
    render_sml(p, &creation).map_err(|e| match e {
        Error::Limit => XlsxError::RowColumnLimitError,
        Error::TextTooLong => XlsxError::MaxStringLengthExceeded,
        Error::MergeOneCell => XlsxError::MergeRangeSingleCell,
        Error::Order => XlsxError::RowColumnOrderError,
        Error::MergeOverlaps(a, b) => XlsxError::MergeRangeOverlaps(a, b),
        Error::Zip(e) => XlsxError::IoError(std::io::Error::other(e)),
    })
}

fn render_sml(
    p: &Publication,
    creation: &ExcelDateTime,
) -> Result<(Vec<u8>, Vec<TableLayout>), Error> {
    let mut wb = sml::Workbook::new();
    let mut layouts = Vec::new();
    for t in p.tables.values() {
        let (ws, strings) = wb.add_sheet(t.id.code());
        let mut sheet = Sheet {
            ws,
            strings,
            scale: Decimal::from(10_000) / p.unit.in_yuan(),
            widths: Vec::new(),
            fixed: BTreeMap::new(),
            cells: Default::default(),
            split_at: None,
            headers: Vec::new(),
        };
        layouts.extend(write_table(&mut sheet, p, t)?);
    }
    let title = format!("{}{}年部门预算表", p.department, p.year);
    let created = creation.utc_datetime();
    let props = sml::Properties {
        title: &title,
        author: "yusuan",
        created: &created,
    };
    Ok((wb.package(&props, &XFS)?, layouts))
}

fn title_of(p: &Publication, id: TableId) -> String {
    match id {
        TableId::T11 => id.title().to_string(),
        _ => format!("{}年{}", p.year, id.title()),
    }
}

/// The top of every sheet: code, title, 部门名称 and 单位 lines. Returns the first header row.
fn write_top(s: &mut Sheet, p: &Publication, id: TableId) -> Result<u32, Error> {
    let cols = width_of(id);
    s.ws.text(s.strings, 0, 0, id.code(), Style::Line.id())?;
    s.merge(1, 0, 1, cols - 1, &title_of(p, id), Style::Title)?;
    s.ws.set_height(1, 36.0)?;
    let mut row = 2;
    if id == TableId::T11 {
        s.merge(
            2,
            0,
            2,
            cols - 1,
            &format!("（{}年度）", p.year),
            Style::LineCenter,
        )?;
        row = 3;
    }
    s.merge(
        row,
        0,
        row,
        cols.saturating_sub(2).max(1),
        &format!("部门名称：{}", p.department),
        Style::Line,
    )?;
    s.ws.text(
        s.strings,
        row,
        cols - 1,
        &format!("单位：{}", p.unit.label()),
        Style::LineRight.id(),
    )?;
    Ok(row + 1)
}

/// Print setup: A4 in the orientation `finish` chose, header rows on every page, page
/// numbers. A table wider than the page is shrunk to one page wide only while its 10 pt text
/// stays at 8 pt or more; wider still, it prints at 80 % over a second page width, its code and
/// name columns (`labels`) repeated there as its header rows are on every page.
fn print_setup(repeat: Option<(u32, u32)>, widths: &[f64], landscape: bool, labels: u16) -> Page {
    let page = if landscape { LANDSCAPE_PT } else { PORTRAIT_PT };
    let smallest = MIN_PRINTED_PT / FONT_PT;
    let fits = fits_at_min(widths, page);
    Page {
        paper: 9,
        landscape,
        fit_to_width: fits,
        scale: if fits { 100 } else { (smallest * 100.0) as u16 },
        over_then_down: !fits,
        center_horizontally: true,
        margins: [0.5, 0.5, 0.7, 0.7, 0.3, 0.3],
        footer: "&C第 &P 页 共 &N 页".into(),
        repeat_rows: repeat,
        repeat_columns: (!fits && labels > 0).then(|| (0, labels - 1)),
    }
}

fn notes(s: &mut Sheet, t: &PubTable, mut row: u32) -> Result<(), Error> {
    let cols = width_of(t.id);
    for n in &t.notes {
        row += 1;
        s.merge(row, 0, row, cols - 1, n, Style::Note)?;
    }
    Ok(())
}

/// Writes one table on its sheet: the top lines, the table in its layout (`layouts`), its
/// notes, then its widths, heights and print setup. Returns its layout for the document (two
/// for 11: the form, and the indicator list whose header repeats).
fn write_table(s: &mut Sheet, p: &Publication, t: &PubTable) -> Result<Vec<TableLayout>, Error> {
    let first = write_top(s, p, t.id)?;
    let (header_last, last_row) = layouts::write_body(s, p, t, first)?;
    notes(s, t, last_row)?;
    let (widths, portrait) = s.finish(width_of(t.id), first)?;
    s.ws.page = print_setup(
        // 11 is a form: only its indicator header repeats, on the pages the list runs over.
        match (t.id, s.split_at) {
            (TableId::T11, Some(split)) => Some((split, split)),
            (TableId::T11, None) => None,
            _ => Some((first, header_last)),
        },
        &widths,
        !portrait,
        label_columns(t.id),
    );
    let placed = Placed {
        first,
        header_last,
        last_row,
        portrait,
    };
    Ok(document_layouts(s, p, t, &placed, &widths))
}

/// Where a table stands on its sheet, and how it prints.
struct Placed {
    first: u32,
    header_last: u32,
    last_row: u32,
    portrait: bool,
}

/// The table as the document lays it out: the same cells and as many columns as the sheet
/// (`widths`); the document sizes the columns itself.
/// 11 is a form followed by a list of indicators: in the document they are two tables, so that
/// the list's header row can repeat on every page it runs over.
fn document_layouts(
    s: &mut Sheet,
    p: &Publication,
    t: &PubTable,
    placed: &Placed,
    widths: &[f64],
) -> Vec<TableLayout> {
    let Placed {
        first,
        header_last,
        last_row,
        portrait,
    } = *placed;
    let columns = width_of(t.id);
    // The rows are filled in below: each is taken from the sheet once.
    let whole = TableLayout {
        code: t.id.code().to_string(),
        title: title_of(p, t.id),
        dept_line: format!("部门名称：{}", p.department),
        unit_line: format!("单位：{}", p.unit.label()),
        columns: widths.len(),
        rows: Vec::new(),
        header_rows: (header_last - first + 1) as usize,
        notes: t.notes.clone(),
        continued: false,
        landscape: !portrait,
    };
    match s.split_at {
        Some(split) if t.id == TableId::T11 && split > first => vec![
            TableLayout {
                rows: s.take_layout(first, split - 1, columns),
                header_rows: 0,
                notes: Vec::new(),
                ..whole.clone()
            },
            TableLayout {
                rows: s.take_layout(split, last_row, columns),
                header_rows: 1,
                continued: true,
                ..whole
            },
        ],
        _ => vec![TableLayout {
            rows: s.take_layout(first, last_row, columns),
            ..whole
        }],
    }
}

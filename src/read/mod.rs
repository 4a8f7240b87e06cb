//! Opening a finance-system export: sniff the bytes, open the workbook with calamine (or, for
//! the plain .xlsx that most are, with `xlsx_fast`, which reads exactly what calamine would),
//! and turn each sheet into a `Grid` of exact cells. Which table is where is `tables`' business.
//!
//! The reader knows no budget rules. It never panics on bad bytes: a corrupt file, a disguised
//! HTML table, a password-protected workbook become an `Error` naming the file.

pub mod cell;
pub mod limits;
mod merges;
pub mod tables;
mod xlsx_fast;

use std::borrow::Cow;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsx};
use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::model::Budget;
use crate::model::CellRef;
use cell::Cell;

/// One sheet as a dense grid of cells in absolute positions (row 0 is the sheet's first row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub name: std::sync::Arc<str>,
    pub cells: Vec<Vec<Cell>>,
    /// Merged ranges, inclusive, absolute. Empty for .ods (calamine has no merge data there).
    pub merges: Vec<Merge>,
    /// Cells with content beyond `limits::MAX_GRID_*`, not kept: the first one and how many.
    /// A stray entry far down a hand-edited sheet is common; it becomes a warning, not an error.
    pub beyond: Option<Beyond>,
}

/// Content found beyond the area a budget table can occupy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beyond {
    pub row: u32,
    pub col: u32,
    pub count: u64,
}

/// A merged range of cells; its value sits in the top-left cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

const EMPTY: Cell = Cell::Empty;

impl Grid {
    pub fn height(&self) -> u32 {
        self.cells.len() as u32
    }

    pub fn width(&self) -> u32 {
        self.cells.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    pub fn get(&self, row: u32, col: u32) -> &Cell {
        self.cells
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    /// The cell's text, trimmed ("" for an empty cell).
    pub fn text(&self, row: u32, col: u32) -> String {
        self.text_ref(row, col).into_owned()
    }

    /// `text` without copying a text cell: the table readers look at far more cells than
    /// they keep, and a copy of each was a good part of their time.
    pub fn text_ref(&self, row: u32, col: u32) -> Cow<'_, str> {
        match self.get(row, col).text_cow() {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        }
    }

    /// How many cells row `row` stores: every cell at or beyond it is empty. Loops over one
    /// row stop here rather than at `width`, which is a pass over every row.
    pub fn row_width(&self, row: u32) -> u32 {
        self.cells.get(row as usize).map_or(0, |r| r.len() as u32)
    }

    pub fn cell_ref(&self, row: u32, col: u32) -> CellRef {
        CellRef::in_sheet(&self.name, row, col)
    }

    /// The merged range covering this cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| {
            (m.first_row..=m.last_row).contains(&row) && (m.first_col..=m.last_col).contains(&col)
        })
    }

    /// True when no cell of the row holds anything (only its stored cells can).
    pub fn is_row_empty(&self, row: u32) -> bool {
        self.cells
            .get(row as usize)
            .is_none_or(|r| r.iter().all(Cell::is_empty))
    }

    /// Builds a grid from rows of cells (used by tests to make fixtures without files).
    pub fn from_rows(name: &str, rows: Vec<Vec<Cell>>, merges: Vec<Merge>) -> Grid {
        Grid {
            name: name.into(),
            cells: rows,
            merges,
            beyond: None,
        }
    }
}

/// What the reader made of a workbook: the model, and the findings about cells it could not read.
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    pub budget: Budget,
    pub findings: Vec<Finding>,
}

/// Reads a finance-system export into the budget model.
///
/// # Errors
/// `NotFound`, `Io`, `EmptyFile`, `NotSpreadsheet`, `DisguisedTable`, `Encrypted`, `Corrupt`,
/// `Sheet`, `EmptyWorkbook`, `NoTables`, `TooLarge` (beyond `limits`), and `Panic` if calamine
/// panics on malformed bytes.
pub fn read_budget(path: &Path, catalog: &Catalog) -> Result<ReadOutcome> {
    read_budget_bytes(path, read_file(path)?, catalog)
}

/// `read_budget` of a workbook already in memory; `path` only names it in messages.
///
/// # Errors
/// As `read_budget`.
pub fn read_budget_bytes(path: &Path, bytes: Vec<u8>, catalog: &Catalog) -> Result<ReadOutcome> {
    let grids = grids_from_bytes(path, bytes)?;
    if grids
        .iter()
        .all(|g| g.cells.iter().all(|r| r.iter().all(Cell::is_empty)))
    {
        return Err(Error::EmptyWorkbook {
            path: path.to_path_buf(),
        });
    }
    let outcome = tables::read_tables(&grids, catalog);
    // A table whose title was found but which could not be read is a finding, not "no tables".
    if outcome.budget.tables.is_empty() && outcome.findings.iter().all(|f| f.table.is_none()) {
        let seen = tables::first_texts(&grids);
        return Err(Error::NoTables {
            path: path.to_path_buf(),
            seen,
        });
    }
    Ok(outcome)
}

/// The container format, told from the first bytes (never from the file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Ods,
    Xls,
}

/// Opens the file and reads every sheet into a grid.
///
/// Bounded whatever the bytes (issue 10): the file size, the zip container and the shared
/// strings are checked before calamine sees them (`limits`), and each grid is built only from
/// cells that exist, within `limits::MAX_GRID_*`.
///
/// # Errors
/// As `read_budget`, less the table errors, plus `TooLarge`.
pub fn read_grids(path: &Path) -> Result<Vec<Grid>> {
    grids_from_bytes(path, read_file(path)?)
}

/// A workbook file's bytes, refused from its size before a byte is read when it is over the
/// reader's limit.
///
/// # Errors
/// `NotFound` / `Io` naming the file; `TooLarge`.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::reading(path, e))?
        .len();
    if size > limits::MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            detail: format!(
                "文件有 {} MB，超过上限 {} MB",
                size >> 20,
                limits::MAX_FILE_BYTES >> 20
            ),
        });
    }
    std::fs::read(path).map_err(|e| Error::reading(path, e))
}

/// Reads a workbook already in memory; `path` only names it in messages (the fuzz harness in
/// `examples/fuzz_reader.rs` calls this directly).
///
/// # Errors
/// As `read_grids`.
pub fn grids_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Vec<Grid>> {
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            detail: format!("文件超过上限 {} MB", limits::MAX_FILE_BYTES >> 20),
        });
    }
    let format = sniff(path, &bytes)?;
    // calamine has panicked on malformed input (and overflows on far references in debug
    // builds); one bad file must be one error line, so the panic message is kept off stderr.
    silence_reader_panics();
    READING.with(|r| r.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| open_grids(path, format, bytes)));
    READING.with(|r| r.set(false));
    match result {
        Ok(r) => r,
        Err(panic) => Err(Error::Panic {
            path: path.to_path_buf(),
            detail: panic_text(&*panic),
        }),
    }
}

/// The message a panic was raised with.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

thread_local! {
    /// True while this thread is inside calamine: its panics become an `Error`, not a message.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that stays quiet while the reader runs and otherwise defers to
/// the hook that was there before.
fn silence_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(|r| r.get()) {
                previous(info);
            }
        }));
    });
}

fn sniff(path: &Path, bytes: &[u8]) -> Result<Format> {
    let path = path.to_path_buf();
    if bytes.is_empty() {
        return Err(Error::EmptyFile { path });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // An ODF package stores its mimetype uncompressed as the first entry.
        let head = &bytes[..bytes.len().min(200)];
        if find(head, b"application/vnd.oasis.opendocument.spreadsheet").is_some() {
            return Ok(Format::Ods);
        }
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if find(bytes, &name).is_some() {
            return Err(Error::Encrypted { path });
        }
        return Ok(Format::Xls);
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Err(Error::DisguisedTable {
            path,
            kind: "XML (SpreadsheetML 2003)",
        });
    }
    if text.starts_with('<') && (text.contains("<html") || text.contains("<table")) {
        return Err(Error::DisguisedTable { path, kind: "HTML" });
    }
    let what = if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
        "a text file".to_string()
    } else {
        format!(
            "unknown binary starting with {:02X?}",
            &bytes[..bytes.len().min(4)]
        )
    };
    Err(Error::NotSpreadsheet { path, what })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Opens the workbook in its format and reads each sheet into a grid, within `limits` (what the
/// whole workbook may cost is shared by its sheets).
fn open_grids(path: &Path, format: Format, bytes: Vec<u8>) -> Result<Vec<Grid>> {
    let mut spent = Spent::default();
    match format {
        Format::Xlsx => xlsx_grids(path, bytes, &mut spent),
        Format::Xls => xls_grids(path, bytes, &mut spent),
        Format::Ods => ods_grids(path, bytes, &mut spent),
    }
}

/// A file calamine (or `limits`) cannot follow: corrupt, naming the format.
fn corrupt(path: &Path, format: &'static str, e: &dyn std::fmt::Display) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        format,
        detail: e.to_string(),
    }
}

/// The answer of a `limits` check: too large, or corrupt.
fn checked(
    path: &Path,
    format: &'static str,
    r: std::result::Result<(), (bool, String)>,
) -> Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err((true, detail)) => Err(Error::TooLarge {
            path: path.to_path_buf(),
            detail,
        }),
        Err((false, detail)) => Err(corrupt(path, format, &detail)),
    }
}

/// The sheets of an .xlsx: read by `xlsx_fast` where it is certain to read them as calamine
/// does (the common case, several times faster), else by calamine.
fn xlsx_grids(path: &Path, bytes: Vec<u8>, spent: &mut Spent) -> Result<Vec<Grid>> {
    checked(path, ".xlsx", limits::check_zip(&bytes))?;
    match fast_xlsx_grids(path, &bytes) {
        Some(grids) => Ok(grids),
        None => calamine_xlsx_grids(path, bytes, spent),
    }
}

/// `xlsx_fast::grids`; a panic there (a bug) also leaves the workbook to calamine.
fn fast_xlsx_grids(path: &Path, bytes: &[u8]) -> Option<Vec<Grid>> {
    catch_unwind(AssertUnwindSafe(|| xlsx_fast::grids(path, bytes)))
        .ok()
        .flatten()
}

/// The sheets of an .xlsx through calamine, streamed cell by cell, merges found by a byte scan
/// where it can. This path words every error of an .xlsx.
fn calamine_xlsx_grids(path: &Path, bytes: Vec<u8>, spent: &mut Spent) -> Result<Vec<Grid>> {
    let mut fast_merges = merges::by_sheet(&bytes);
    let cursor = Cursor::new(bytes);
    let mut wb: Xlsx<_> = Xlsx::new(cursor).map_err(|e| corrupt(path, ".xlsx", &e))?;
    let names = wb.sheet_names();
    names
        .iter()
        .map(|name| {
            // Far references overflow calamine's arithmetic (a panic in debug builds):
            // catch it here, where the sheet is known.
            catch_unwind(AssertUnwindSafe(|| {
                let merges = match fast_merges.as_mut().and_then(|m| m.remove(name)) {
                    Some(merges) => merges,
                    None => wb.merge_cells_by_sheet_name(name).unwrap_or_default(),
                };
                xlsx_sheet_grid(path, &mut wb, name, merges, spent)
            }))
            .unwrap_or_else(|panic| {
                Err(Error::Sheet {
                    path: path.to_path_buf(),
                    sheet: name.clone(),
                    detail: format!(
                        "单元格引用或范围超出 Excel 的行列上限，文件已损坏 ({})",
                        panic_text(&*panic)
                    ),
                })
            })
        })
        .collect()
}

/// The sheets of an .xls, after its records are checked (`limits::check_xls`).
fn xls_grids(path: &Path, bytes: Vec<u8>, spent: &mut Spent) -> Result<Vec<Grid>> {
    checked(path, ".xls", limits::check_xls(&bytes))?;
    let cursor = Cursor::new(bytes);
    let mut wb: Xls<_> = Xls::new(cursor).map_err(|e| match e {
        calamine::XlsError::Password => Error::Encrypted {
            path: path.to_path_buf(),
        },
        e => corrupt(path, ".xls", &e),
    })?;
    let names = wb.sheet_names();
    names
        .iter()
        .map(|name| {
            let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
            sheet_grid(path, &mut wb, name, merges, spent)
        })
        .collect()
}

/// The sheets of an .ods (no merge data), after its repeats are counted (`limits::check_ods`).
fn ods_grids(path: &Path, bytes: Vec<u8>, spent: &mut Spent) -> Result<Vec<Grid>> {
    checked(path, ".ods", limits::check_zip(&bytes))?;
    checked(path, ".ods", limits::check_ods(&bytes))?;
    let cursor = Cursor::new(bytes);
    let mut wb: Ods<_> = Ods::new(cursor).map_err(|e| corrupt(path, ".ods", &e))?;
    let names = wb.sheet_names();
    names
        .iter()
        .map(|name| sheet_grid(path, &mut wb, name, Vec::new(), spent))
        .collect()
}

/// What the whole workbook may still cost: cell slots kept and cell records parsed.
#[derive(Debug, Default)]
struct Spent {
    slots: u64,
    records: u64,
}

/// One sheet's cells gathered into dense rows that end at each row's last cell, so a far
/// stray cell costs one row, never the rectangle up to it.
struct GridBuilder<'a> {
    path: &'a Path,
    name: &'a str,
    cells: Vec<Vec<Cell>>,
    beyond: Option<Beyond>,
}

impl<'a> GridBuilder<'a> {
    fn new(path: &'a Path, name: &'a str) -> Self {
        GridBuilder {
            path,
            name,
            cells: Vec::new(),
            beyond: None,
        }
    }

    fn error(&self, detail: String) -> Error {
        Error::Sheet {
            path: self.path.to_path_buf(),
            sheet: self.name.to_string(),
            detail,
        }
    }

    /// Checks a position read from the file and counts the record. Blank cells (a style only)
    /// are checked but not kept: they are what makes a sheet's used area reach XFD1048576.
    fn check(&self, spent: &mut Spent, (row, col): (u32, u32)) -> Result<()> {
        if row >= limits::EXCEL_ROWS || col >= limits::EXCEL_COLS {
            return Err(self.error(format!(
                "单元格位置（第 {} 行第 {} 列）超出 Excel 的 {} 行 × {} 列，文件已损坏",
                row as u64 + 1,
                col as u64 + 1,
                limits::EXCEL_ROWS,
                limits::EXCEL_COLS
            )));
        }
        spent.records += 1;
        if spent.records > limits::MAX_CELL_RECORDS {
            return Err(self.error(format!(
                "单元格记录超过 {} 个（到 {} 为止），不像是预算公开表",
                limits::MAX_CELL_RECORDS,
                cell::row_col_to_a1(row, col)
            )));
        }
        Ok(())
    }

    /// True once so much lies beyond the grid that the rest of the sheet is not worth reading.
    fn overflowing(&self) -> bool {
        self.beyond
            .is_some_and(|b| b.count > limits::MAX_BEYOND_CELLS)
    }

    /// Stores a non-empty cell. One beyond the grid's bounds is counted, not kept.
    fn put(&mut self, spent: &mut Spent, (row, col): (u32, u32), value: Cell) -> Result<()> {
        if row >= limits::MAX_GRID_ROWS || col >= limits::MAX_GRID_COLS {
            let beyond = self.beyond.get_or_insert(Beyond { row, col, count: 0 });
            beyond.count += 1;
            return Ok(());
        }
        let (r, c) = (row as usize, col as usize);
        if self.cells.len() <= r {
            self.cells.resize_with(r + 1, Vec::new);
        }
        let line = &mut self.cells[r];
        if line.len() <= c {
            spent.slots += (c + 1 - line.len()) as u64;
            if spent.slots > limits::MAX_GRID_SLOTS {
                return Err(self.error(format!(
                    "单元格超过 {} 个（到 {} 为止），不像是预算公开表",
                    limits::MAX_GRID_SLOTS,
                    cell::row_col_to_a1(row, col)
                )));
            }
            // Past the row's end (the usual case, cells come in order): fill the gap, then push.
            line.resize_with(c, || Cell::Empty);
            line.push(value);
        } else {
            line[c] = value;
        }
        Ok(())
    }

    fn finish(self, merges: Vec<calamine::Dimensions>) -> Result<Grid> {
        if merges.len() > limits::MAX_MERGES {
            return Err(self.error(format!(
                "合并单元格有 {} 处，超过上限 {}",
                merges.len(),
                limits::MAX_MERGES
            )));
        }
        // A merge may reach beyond the grid (a whole-row title): clip it to what we keep.
        let merges = merges
            .into_iter()
            .filter(|d| d.start.0 <= d.end.0 && d.start.1 <= d.end.1)
            .filter(|d| d.start.0 < limits::MAX_GRID_ROWS && d.start.1 < limits::MAX_GRID_COLS)
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0.min(limits::MAX_GRID_ROWS - 1),
                last_col: d.end.1.min(limits::MAX_GRID_COLS - 1),
            })
            .collect();
        Ok(Grid {
            name: self.name.into(),
            cells: self.cells,
            merges,
            beyond: self.beyond,
        })
    }
}

/// Streams an .xlsx sheet cell by cell (`worksheet_cells_reader`): the `<dimension>` record and
/// the largest reference decide nothing, so one cell at XFD1048576 costs one cell.
fn xlsx_sheet_grid(
    path: &Path,
    wb: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    merges: Vec<calamine::Dimensions>,
    spent: &mut Spent,
) -> Result<Grid> {
    let mut grid = GridBuilder::new(path, name);
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| grid.error(e.to_string()))?;
    let mut last: Option<(u32, u32)> = None;
    loop {
        let next = match reader.next_cell_with_formula() {
            Ok(next) => next,
            Err(e) => {
                // calamine does not say which cell: name the one after the last good one.
                let place = match last {
                    Some((r, c)) => format!("{} 之后的单元格", cell::row_col_to_a1(r, c)),
                    None => "第一个单元格".to_string(),
                };
                return Err(grid.error(format!("{place}：{e}")));
            }
        };
        let Some(record) = next else { break };
        grid.check(spent, record.pos)?;
        last = Some(record.pos);
        let value = cell_from_data_ref(&record.value);
        let no_value =
            matches!(value, Cell::Empty) || matches!(&value, Cell::Text(s) if s.is_empty());
        let value = match record.formula {
            // Formulas are read only to tell "a formula whose result was never saved" from a blank.
            Some(f) if no_value && !f.is_empty() => Cell::FormulaWithoutValue(f),
            _ => value,
        };
        if !value.is_empty() {
            grid.put(spent, record.pos, value)?;
            if grid.overflowing() {
                break;
            }
        }
    }
    grid.finish(merges)
}

/// .xls and .ods have no streaming reader in calamine: the sheet is already in memory (its size
/// was bounded before opening); only the cells that hold something are copied.
fn sheet_grid<R, RS>(
    path: &Path,
    wb: &mut R,
    name: &str,
    merges: Vec<calamine::Dimensions>,
    spent: &mut Spent,
) -> Result<Grid>
where
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    RS: std::io::Read + std::io::Seek,
{
    let mut grid = GridBuilder::new(path, name);
    let values = wb
        .worksheet_range(name)
        .map_err(|e| grid.error(e.to_string()))?;
    let formulas = wb
        .worksheet_formula(name)
        .unwrap_or_else(|_| Range::empty());
    let (r0, c0) = values.start().unwrap_or((0, 0));
    for (r, c, data) in values.used_cells() {
        let pos = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
        grid.check(spent, pos)?;
        let value = cell_from_data(data);
        if !value.is_empty() {
            grid.put(spent, pos, value)?;
            if grid.overflowing() {
                break;
            }
        }
    }
    let (r0, c0) = formulas.start().unwrap_or((0, 0));
    for (r, c, formula) in formulas.used_cells() {
        let pos = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
        grid.check(spent, pos)?;
        let slot = grid
            .cells
            .get(pos.0 as usize)
            .and_then(|l| l.get(pos.1 as usize));
        let no_value = match slot {
            None | Some(Cell::Empty) => true,
            Some(Cell::Text(s)) => s.is_empty(),
            Some(_) => false,
        };
        if no_value && !formula.is_empty() {
            grid.put(spent, pos, Cell::FormulaWithoutValue(formula.clone()))?;
        }
    }
    grid.finish(merges)
}

/// calamine's value to ours: floats become exact decimals (0.1 stays 0.1), never f64 again.
/// The decimal a spreadsheet program shows for a stored binary number: the shortest decimal
/// that reads back as the same f64 (Rust's `Display`), so 50533160.59 stays 50533160.59 instead
/// of becoming 50533160.590000003.
fn decimal_from_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        // A whole number (most 元 figures): exact as an integer.
        return Some(Decimal::from(f as i64));
    }
    // The shortest decimal, written on the stack: this runs for every number of the export.
    let mut buf = [0u8; 400];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    let written = std::io::Write::write_fmt(&mut cursor, format_args!("{f}")).is_ok();
    let len = cursor.position() as usize;
    written
        .then(|| {
            std::str::from_utf8(&buf[..len])
                .ok()?
                .parse::<Decimal>()
                .ok()
        })
        .flatten()
        .or_else(|| Decimal::try_from(f).ok())
}

fn cell_from_data_ref(data: &DataRef) -> Cell {
    match data {
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Int(i) => cell_from_data(&Data::Int(*i)),
        DataRef::Float(f) => cell_from_data(&Data::Float(*f)),
        DataRef::Bool(b) => cell_from_data(&Data::Bool(*b)),
        DataRef::Error(e) => cell_from_data(&Data::Error(e.clone())),
        DataRef::DateTime(d) => cell_from_data(&Data::DateTime(*d)),
        DataRef::DateTimeIso(s) => Cell::Other(s.clone()),
        DataRef::DurationIso(s) => Cell::Other(s.clone()),
    }
}

fn cell_from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(Decimal::from(*i)),
        Data::Float(f) => match decimal_from_f64(*f) {
            Some(d) => Cell::Number(d.normalize()),
            None => Cell::Other(f.to_string()),
        },
        Data::Bool(b) => Cell::Other(if *b { "TRUE".into() } else { "FALSE".into() }),
        Data::Error(e) => Cell::Other(format!("#{e:?}")),
        Data::DateTime(d) => Cell::Other(format!("日期 {}", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths give exactly what formatting the float and parsing it gives.
    #[test]
    fn floats_become_the_decimal_a_spreadsheet_shows() {
        let slow = |f: f64| {
            format!("{f}")
                .parse::<Decimal>()
                .ok()
                .or_else(|| Decimal::try_from(f).ok())
        };
        let mut samples = vec![
            0.0,
            -0.0,
            1.0,
            -7.0,
            0.1,
            0.3,
            50533160.59,
            23953.377948,
            1e14,
            999999999999999.0,
            1e15,
            1e16,
            1e20,
            1e28,
            1e29,
            1e300,
            1e-7,
            5e-324,
            -123456.789,
            0.1 + 0.2,
        ];
        let mut x = 0.37_f64;
        for _ in 0..2000 {
            x = (x * 7919.13).fract() * 10f64.powi((x * 97.0) as i32 % 12);
            samples.push(x);
            samples.push(-(x * 100.0).round() / 100.0);
        }
        for f in samples {
            assert_eq!(
                decimal_from_f64(f).map(|d| d.normalize()),
                slow(f).map(|d| d.normalize()),
                "{f}"
            );
        }
    }
}

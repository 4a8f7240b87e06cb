//! Opening a finance-system export: sniff the bytes, open the workbook with calamine, and turn
//! each sheet into a `Grid` of exact cells. Which table is where is `tables`' business.
//!
//! The reader knows no budget rules. It never panics on bad bytes: a corrupt file, a disguised
//! HTML table, a password-protected workbook become an `Error` naming the file.

pub mod cell;
pub mod tables;

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::model::Budget;
use cell::{Cell, CellRef};

/// One sheet as a dense grid of cells in absolute positions (row 0 is the sheet's first row).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub cells: Vec<Vec<Cell>>,
    /// Merged ranges, inclusive, absolute. Empty for .ods (calamine has no merge data there).
    pub merges: Vec<Merge>,
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
        self.get(row, col).text().trim().to_string()
    }

    pub fn cell_ref(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.name, row, col)
    }

    /// The merged range covering this cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| {
            (m.first_row..=m.last_row).contains(&row) && (m.first_col..=m.last_col).contains(&col)
        })
    }

    pub fn is_row_empty(&self, row: u32) -> bool {
        (0..self.width()).all(|c| self.get(row, c).is_empty())
    }

    /// Builds a grid from rows of cells (used by tests to make fixtures without files).
    pub fn from_rows(name: &str, rows: Vec<Vec<Cell>>, merges: Vec<Merge>) -> Grid {
        Grid {
            name: name.to_string(),
            cells: rows,
            merges,
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
/// `Sheet`, `EmptyWorkbook`, `NoTables`, and `Panic` if calamine panics on malformed bytes.
pub fn read_budget(path: &Path, catalog: &Catalog) -> Result<ReadOutcome> {
    let grids = read_grids(path)?;
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
/// # Errors
/// As `read_budget`, less the table errors.
pub fn read_grids(path: &Path) -> Result<Vec<Grid>> {
    let bytes = std::fs::read(path).map_err(|e| Error::reading(path, e))?;
    let format = sniff(path, &bytes)?;
    // calamine has panicked on malformed input in the past; one bad file must be one error line.
    let result = catch_unwind(AssertUnwindSafe(|| open_grids(path, format, bytes)));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(Error::Panic {
                path: path.to_path_buf(),
                detail,
            })
        }
    }
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

fn open_grids(path: &Path, format: Format, bytes: Vec<u8>) -> Result<Vec<Grid>> {
    let corrupt = |format: &'static str| {
        move |e: &dyn std::fmt::Display| Error::Corrupt {
            path: path.to_path_buf(),
            format,
            detail: e.to_string(),
        }
    };
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let mut wb: Xlsx<_> = Xlsx::new(cursor).map_err(|e| corrupt(".xlsx")(&e))?;
            let names = wb.sheet_names();
            names
                .iter()
                .map(|name| {
                    let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
                    sheet_grid(path, &mut wb, name, merges)
                })
                .collect()
        }
        Format::Xls => {
            let mut wb: Xls<_> = Xls::new(cursor).map_err(|e| match e {
                calamine::XlsError::Password => Error::Encrypted {
                    path: path.to_path_buf(),
                },
                e => corrupt(".xls")(&e),
            })?;
            let names = wb.sheet_names();
            names
                .iter()
                .map(|name| {
                    let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
                    sheet_grid(path, &mut wb, name, merges)
                })
                .collect()
        }
        Format::Ods => {
            let mut wb: Ods<_> = Ods::new(cursor).map_err(|e| corrupt(".ods")(&e))?;
            let names = wb.sheet_names();
            names
                .iter()
                .map(|name| sheet_grid(path, &mut wb, name, Vec::new()))
                .collect()
        }
    }
}

fn sheet_grid<R, RS>(
    path: &Path,
    wb: &mut R,
    name: &str,
    merges: Vec<calamine::Dimensions>,
) -> Result<Grid>
where
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    RS: std::io::Read + std::io::Seek,
{
    let sheet_error = |e: R::Error| Error::Sheet {
        path: path.to_path_buf(),
        sheet: name.to_string(),
        detail: e.to_string(),
    };
    let values = wb.worksheet_range(name).map_err(sheet_error)?;
    // Formulas are read only to tell "a formula whose result was never saved" from a blank.
    let formulas = wb
        .worksheet_formula(name)
        .unwrap_or_else(|_| Range::empty());
    let (height, width) = match values
        .end()
        .into_iter()
        .chain(formulas.end())
        .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
    {
        Some((r, c)) => (r as usize + 1, c as usize + 1),
        None => (0, 0),
    };
    let mut cells = vec![vec![Cell::Empty; width]; height];
    for (r, c, data) in values.used_cells() {
        let (r0, c0) = values.start().unwrap_or((0, 0));
        cells[r0 as usize + r][c0 as usize + c] = cell_from_data(data);
    }
    for (r, c, formula) in formulas.used_cells() {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        let slot = &mut cells[r0 as usize + r][c0 as usize + c];
        let no_value = matches!(slot, Cell::Empty) || matches!(slot, Cell::Text(s) if s.is_empty());
        if no_value && !formula.is_empty() {
            *slot = Cell::FormulaWithoutValue(formula.clone());
        }
    }
    let merges = merges
        .into_iter()
        .map(|d| Merge {
            first_row: d.start.0,
            first_col: d.start.1,
            last_row: d.end.0,
            last_col: d.end.1,
        })
        .collect();
    Ok(Grid {
        name: name.to_string(),
        cells,
        merges,
    })
}

/// calamine's value to ours: floats become exact decimals (0.1 stays 0.1), never f64 again.
/// The decimal a spreadsheet program shows for a stored binary number: the shortest decimal
/// that reads back as the same f64 (Rust's `Display`), so 50533160.59 stays 50533160.59 instead
/// of becoming 50533160.590000003.
fn decimal_from_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    format!("{f}")
        .parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::try_from(f).ok())
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

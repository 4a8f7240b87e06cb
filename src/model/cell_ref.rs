//! Where a figure came from: `CellRef`, a cell of the source workbook, and its A1 address.
//!
//! Every amount of the model remembers its cell for diagnostics, so the address belongs with the
//! model; the reader (`read::Grid::cell_ref`) is where calamine's positions become `CellRef`s.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A cell of the source workbook: the sheet's name and the absolute, 0-based row and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    /// Shared by every cell of the sheet: a cell's address is copied into every finding and
    /// every comparison that names it.
    pub sheet: Arc<str>,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: Arc::from(sheet),
            row,
            col,
        }
    }

    /// A cell of a sheet whose name is already shared.
    pub fn in_sheet(sheet: &Arc<str>, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: Arc::clone(sheet),
            row,
            col,
        }
    }

    /// The cell's address without the sheet, e.g. `E7`.
    pub fn a1(&self) -> String {
        row_col_to_a1(self.row, self.col)
    }
}

impl fmt::Display for CellRef {
    /// `预算03表!E7`, the form Excel and WPS accept in their name box.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.a1())
    }
}

/// 0-based column to letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn col_to_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// 0-based row and column to an A1 address: (6, 4) → `E7`.
pub fn row_col_to_a1(row: u32, col: u32) -> String {
    format!("{}{}", col_to_letters(col), row as u64 + 1)
}

/// A1 address to 0-based (row, column): `E7` → (6, 4). `None` when it is not an A1 address.
pub fn a1_to_row_col(a1: &str) -> Option<(u32, u32)> {
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let row: u32 = digits.parse().ok().filter(|r| *r >= 1)?;
    let mut col: u64 = 0;
    for c in letters.bytes() {
        col = col * 26 + u64::from(c - b'A' + 1);
        if col > u64::from(u32::MAX) {
            return None;
        }
    }
    Some((row - 1, (col - 1) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        assert_eq!(row_col_to_a1(0, 0), "A1");
        assert_eq!(row_col_to_a1(6, 4), "E7");
        assert_eq!(row_col_to_a1(9, 25), "Z10");
        assert_eq!(row_col_to_a1(0, 26), "AA1");
        assert_eq!(row_col_to_a1(0, 701), "ZZ1");
        assert_eq!(row_col_to_a1(0, 702), "AAA1");
        for (r, c) in [
            (0, 0),
            (6, 4),
            (1_048_575, 16_383),
            (3, 27),
            (0, 701),
            (0, 702),
        ] {
            assert_eq!(a1_to_row_col(&row_col_to_a1(r, c)), Some((r, c)));
        }
        assert_eq!(a1_to_row_col("e7"), None);
        assert_eq!(a1_to_row_col("7E"), None);
        assert_eq!(a1_to_row_col("E0"), None);
    }

    #[test]
    fn cell_ref_displays_sheet_and_a1() {
        assert_eq!(CellRef::new("预算03表", 6, 4).to_string(), "预算03表!E7");
    }
}

//! Cell values: the one place where a cell's content becomes an exact amount.
//!
//! Everything here is about single cells. Which cell means what is decided in `read::tables`.
//! A cell's address (`CellRef`, A1) is the model's (`model::cell_ref`), and text normalisation
//! is shared by every stage (`crate::text`); both are re-exported here for the reader's callers.

use std::borrow::Cow;

use rust_decimal::Decimal;

pub use crate::model::cell_ref::{a1_to_row_col, col_to_letters, row_col_to_a1, CellRef};
use crate::text::{decimal_from_text, to_half_width_cow};

/// What a cell holds, once read. Amounts are never `f64` past this point.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(Decimal),
    /// A formula whose result was never saved (the file was written by a program that does not
    /// calculate). Reported as 公式未计算, never read as zero.
    FormulaWithoutValue(String),
    /// An Excel error value such as `#REF!`, or a value that is no number and no text
    /// (a date, a boolean), kept as its display text.
    Other(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: text as is, numbers in their plain decimal form (a code stored as a
    /// number, 201, reads as "201").
    pub fn text(&self) -> String {
        self.text_cow().into_owned()
    }

    /// `text`, borrowed where the cell already holds text (only a number is written out).
    pub fn text_cow(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty | Cell::FormulaWithoutValue(_) => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Other(s) => Cow::Borrowed(s),
            Cell::Number(d) => Cow::Owned(d.normalize().to_string()),
        }
    }
}

/// An amount read from a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// Blank: "no value". Whether that means zero is for the rules to say.
    Blank,
    Value(Decimal),
    /// The cell holds something that is not a number; the text says what.
    Unreadable(String),
    /// A formula without a saved result.
    FormulaWithoutValue(String),
}

/// Reads a cell as an amount: numbers as they are, text such as "1,234.56", "１２３４．５６"
/// or " 5.00 " exactly, "-" and "—" (a common way to print nothing) as blank.
pub fn amount_from_cell(cell: &Cell) -> Amount {
    match cell {
        Cell::Empty => Amount::Blank,
        Cell::Number(d) => Amount::Value(*d),
        Cell::FormulaWithoutValue(f) => Amount::FormulaWithoutValue(f.clone()),
        Cell::Other(s) => Amount::Unreadable(s.clone()),
        Cell::Text(s) => {
            let t = to_half_width_cow(s);
            let t = t.trim();
            if t.is_empty() || matches!(t, "-" | "—" | "--" | "——" | "/") {
                return Amount::Blank;
            }
            match decimal_from_text(t) {
                Some(d) => Amount::Value(d),
                None => Amount::Unreadable(s.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_text_is_read_exactly() {
        let v = |s: &str| amount_from_cell(&Cell::Text(s.into()));
        assert_eq!(v("1,234.56"), Amount::Value(dec!(1234.56)));
        assert_eq!(v(" 5.00 "), Amount::Value(dec!(5.00)));
        assert_eq!(v("１２３４．５６"), Amount::Value(dec!(1234.56)));
        assert_eq!(v("５０６，５００"), Amount::Value(dec!(506500)));
        assert_eq!(v("-0.10"), Amount::Value(dec!(-0.10)));
        assert_eq!(v("0.1"), Amount::Value(dec!(0.1)));
        assert_eq!(v(""), Amount::Blank);
        assert_eq!(v("  "), Amount::Blank);
        assert_eq!(v("-"), Amount::Blank);
        assert_eq!(v("12a"), Amount::Unreadable("12a".into()));
        assert_eq!(v("1.2.3"), Amount::Unreadable("1.2.3".into()));
        assert_eq!(v("1e5"), Amount::Unreadable("1e5".into()));
        assert_eq!(v("."), Amount::Unreadable(".".into()));
        assert_eq!(v("50%"), Amount::Unreadable("50%".into()));
    }

    #[test]
    fn numbers_and_formulas() {
        assert_eq!(
            amount_from_cell(&Cell::Number(dec!(50.65))),
            Amount::Value(dec!(50.65))
        );
        assert_eq!(amount_from_cell(&Cell::Empty), Amount::Blank);
        assert!(matches!(
            amount_from_cell(&Cell::FormulaWithoutValue("SUM(A1:A3)".into())),
            Amount::FormulaWithoutValue(_)
        ));
    }

    #[test]
    fn number_cells_read_as_code_text() {
        assert_eq!(Cell::Number(dec!(201)).text(), "201");
        assert_eq!(Cell::Number(dec!(201.0)).text(), "201");
    }
}

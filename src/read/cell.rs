//! Cell addresses and cell values: the one place where calamine's positions become A1 addresses
//! and where a cell's content becomes an exact amount.
//!
//! Everything here is about single cells. Which cell means what is decided in `read::tables`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

/// A cell of the source workbook: the sheet's name and the absolute, 0-based row and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: sheet.to_string(),
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
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(d) => d.normalize().to_string(),
            Cell::FormulaWithoutValue(_) => String::new(),
            Cell::Other(s) => s.clone(),
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
            let t = to_half_width(s);
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

/// Parses a number written as text: thousands separators, inner spaces and a sign allowed;
/// no exponent, no percent, no currency words. Exact: "0.1" is 1/10.
pub fn decimal_from_text(s: &str) -> Option<Decimal> {
    let cleaned: String = to_half_width(s)
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{3000}'))
        .collect();
    let body = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    let digits = body.strip_prefix('-').unwrap_or(body);
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return None;
    }
    Decimal::from_str_exact(body)
        .ok()
        .or_else(|| Decimal::from_str(body).ok())
}

/// Full-width ASCII (ＡＢＣ１２３，．) to half-width, and the ideographic space to a space.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A label normalised for matching: half-width, no white space at all (headers wrap inside
/// words: "工资福利\n支出"), no quotation marks (“三公” and "三公" are the same label).
pub fn normalize_label(s: &str) -> String {
    to_half_width(s)
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」')
        })
        .map(|c| match c {
            '【' | '〔' => '[',
            '】' | '〕' => ']',
            '：' => ':',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

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
    fn labels_normalise() {
        assert_eq!(normalize_label("工资福利\n支出"), "工资福利支出");
        assert_eq!(normalize_label("本 年 收 入 合 计"), "本年收入合计");
        assert_eq!(normalize_label("“三公”经费"), "三公经费");
        assert_eq!(normalize_label("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(normalize_label("单位：万元"), "单位:万元");
    }

    #[test]
    fn number_cells_read_as_code_text() {
        assert_eq!(Cell::Number(dec!(201)).text(), "201");
        assert_eq!(Cell::Number(dec!(201.0)).text(), "201");
    }
}

//! calamine's private helpers that decide what a cell holds, copied unchanged so that the fast
//! reader decides exactly as calamine does: which number formats make a number a date or a
//! duration (`formats.rs`), and how Excel's `_xHHHH_` escapes in text unescape (`utils.rs`).
//! Keep this in step with calamine when it is upgraded.

// Copied from calamine 0.38.0, src/formats.rs and src/utils.rs (the test from openpyxl, MIT
// License), under:
//
// The MIT License (MIT)
//
// Copyright (c) 2016 Johann Tuffe
// Copyright 2016-2026, Johann Tuffe.
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in
// all copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.  IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
// THE SOFTWARE.

use std::borrow::Cow;

/// What a number format makes of a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// Check excel number format is datetime
pub fn detect_custom_number_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false, // if escaped, ignore
            // `\` escapes, `_` skips width, `*` fills; the next char is always a literal, not a format token.
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other, // first format only
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return CellFormat::TimeDelta, // if closing
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime
            }
            _ => {
                if hms && s.eq_ignore_ascii_case(&prev) {
                    // ok ...
                } else {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

pub fn builtin_format_by_id(id: &str) -> CellFormat {
    match id {
        // mm-dd-yy
        "14" |
        // d-mmm-yy
        "15" |
        // d-mmm
        "16" |
        // mmm-yy
        "17" |
        // h:mm AM/PM
        "18" |
        // h:mm:ss AM/PM
        "19" |
        // h:mm
        "20" |
        // h:mm:ss
        "21" |
        // m/d/yy h:mm
        "22" |
        // mm:ss
        "45" |
        // mmss.0
        "47" => CellFormat::DateTime,
        // East Asian built-in formats vary by locale and include dates and
        // clock times. Both use DateTime, rather than the duration category.
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        // [h]:mm:ss
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other
    }
}

const UNICODE_ESCAPE_LENGTH: usize = 7; // Length of _xHHHH_.

// Function to unescape Excel XML escapes in a string. Excel encodes a character
// like "\r" as "_x000D_", where the 4 hex digits are a UTF-16 code unit, so a
// character outside the BMP is encoded as a surrogate pair like
// "_xD83D__xDCF7_". In turn it escapes the literal string "_x000D_" as
// "_x005F_x000D_".
//
// Most strings don't contain escapes so the function returns the original
// string without allocating unless an escape is found.
pub fn unescape_xml(original: &str) -> Cow<'_, str> {
    let Some((mut index, mut unit)) = find_xml_escape(original, 0) else {
        return Cow::Borrowed(original);
    };

    let mut unescaped = String::with_capacity(original.len());
    let mut copied = 0;

    loop {
        // Copy the literal text before the escape.
        unescaped.push_str(&original[copied..index]);
        index += UNICODE_ESCAPE_LENGTH;

        match unit {
            0xD800..=0xDBFF => {
                // A high surrogate must be followed by a low surrogate escape
                // to form a character. Otherwise it is replaced by U+FFFD.
                match parse_xml_escape(original, index) {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let code_point = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        unescaped.push(
                            char::from_u32(code_point).unwrap_or(char::REPLACEMENT_CHARACTER),
                        );
                        index += UNICODE_ESCAPE_LENGTH;
                    }
                    _ => unescaped.push(char::REPLACEMENT_CHARACTER),
                }
            }
            0xDC00..=0xDFFF => unescaped.push(char::REPLACEMENT_CHARACTER),
            _ => unescaped
                .push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }

        copied = index;

        match find_xml_escape(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }

    unescaped.push_str(&original[copied..]);
    Cow::Owned(unescaped)
}

// Find the first "_xHHHH_" escape at or after the byte index `start`. Returns
// the index of the escape and its UTF-16 code unit.
fn find_xml_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = original[start..].find('_') {
        let index = start + offset;
        if let Some(unit) = parse_xml_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }

    None
}

// Parse an "_xHHHH_" escape at the byte index `index` and return its UTF-16
// code unit. Returns None if the bytes at the index aren't a valid escape.
fn parse_xml_escape(original: &str, index: usize) -> Option<u16> {
    let bytes = original
        .as_bytes()
        .get(index..index + UNICODE_ESCAPE_LENGTH)?;

    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }

    let hex = &bytes[2..6];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }

    // The digits are ASCII so the slice is valid UTF-8 and fits in a u16.
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// calamine's own test, ported from openpyxl (MIT License).
    #[test]
    fn test_is_date_format() {
        assert_eq!(
            detect_custom_number_format("DD/MM/YY"),
            CellFormat::DateTime
        );
        assert_eq!(
            detect_custom_number_format("H:MM:SS;@"),
            CellFormat::DateTime
        );
        assert_eq!(
            detect_custom_number_format("#,##0\\ [$\\u20bd-46D]"),
            CellFormat::Other
        );
        assert_eq!(
            detect_custom_number_format("m\"M\"d\"D\";@"),
            CellFormat::DateTime
        );
        assert_eq!(
            detect_custom_number_format("[h]:mm:ss"),
            CellFormat::TimeDelta
        );
        assert_eq!(
            detect_custom_number_format("\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@"),
            CellFormat::Other
        );
        assert_eq!(
            detect_custom_number_format("#,##0\\ [$''u20bd-46D]"),
            CellFormat::Other
        );
        assert_eq!(
            detect_custom_number_format("\"$\"#,##0_);[Red](\"$\"#,##0)"),
            CellFormat::Other
        );
        assert_eq!(
            detect_custom_number_format("[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\""),
            CellFormat::DateTime
        );
        assert_eq!(
            detect_custom_number_format("0_ ;[Red]\\-0\\ "),
            CellFormat::Other
        );
        assert_eq!(detect_custom_number_format("\\Y000000"), CellFormat::Other);
        assert_eq!(
            detect_custom_number_format("#,##0.0####\" YMD\""),
            CellFormat::Other
        );
        assert_eq!(detect_custom_number_format("[h]"), CellFormat::TimeDelta);
        assert_eq!(detect_custom_number_format("[ss]"), CellFormat::TimeDelta);
        assert_eq!(
            detect_custom_number_format("[s].000"),
            CellFormat::TimeDelta
        );
        assert_eq!(detect_custom_number_format("[m]"), CellFormat::TimeDelta);
        assert_eq!(detect_custom_number_format("[mm]"), CellFormat::TimeDelta);
        assert_eq!(
            detect_custom_number_format("[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm"),
            CellFormat::TimeDelta
        );
        assert_eq!(
            detect_custom_number_format("[>=100][Magenta][s].00"),
            CellFormat::TimeDelta
        );
        assert_eq!(
            detect_custom_number_format("[h]:mm;[=0]\\-"),
            CellFormat::TimeDelta
        );
        assert_eq!(
            detect_custom_number_format("[>=100][Magenta].00"),
            CellFormat::Other
        );
        assert_eq!(
            detect_custom_number_format("[>=100][Magenta]General"),
            CellFormat::Other
        );
        assert_eq!(
            detect_custom_number_format("ha/p\\\\m"),
            CellFormat::DateTime
        );
        assert_eq!(
            detect_custom_number_format("#,##0.00\\ _M\"H\"_);[Red]#,##0.00\\ _M\"S\"_)"),
            CellFormat::Other
        );
        // The `*` fill operator repeats the next character to fill the cell, so
        // that character is a literal and must not be read as a date token even
        // when it happens to be one (here `y`, `d`, `m`).
        assert_eq!(detect_custom_number_format("#,##0*y"), CellFormat::Other);
        assert_eq!(detect_custom_number_format("0\"x\"*d"), CellFormat::Other);
        assert_eq!(detect_custom_number_format("*-#,##0"), CellFormat::Other);
        // A real date token after the single fill char is still detected.
        assert_eq!(
            detect_custom_number_format("*-yyyy-mm-dd"),
            CellFormat::DateTime
        );
    }
}

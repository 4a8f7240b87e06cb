//! Text normalisation shared by every stage: full-width characters to half-width, labels
//! compared without spaces and quotes, numbers written as text read exactly.
//!
//! It knows nothing of budgets or workbooks; the reader, the model's code parsing, the
//! catalogue, the rules and the profile all compare and parse text through here.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Parses a number written as text: thousands separators, inner spaces and a sign allowed;
/// no exponent, no percent, no currency words. Exact: "0.1" is 1/10.
pub fn decimal_from_text(s: &str) -> Option<Decimal> {
    // Every amount cell written as text comes through here: copy it only when it has
    // something to change.
    const SEPARATORS: [char; 4] = [',', ' ', '\u{a0}', '\u{3000}'];
    let half = to_half_width_cow(s);
    let cleaned: Cow<'_, str> = if half.contains(SEPARATORS) {
        Cow::Owned(half.chars().filter(|c| !SEPARATORS.contains(c)).collect())
    } else {
        half
    };
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
    s.chars().map(half_width).collect()
}

/// [`to_half_width`], borrowing the text when it has nothing to change (any ASCII text: only
/// full-width forms and the ideographic space change).
pub fn to_half_width_cow(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(to_half_width(s))
    }
}

/// One character of [`to_half_width`].
fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A label normalised for matching: half-width, no white space at all (headers wrap inside
/// words: "工资福利\n支出"), no quotation marks (“三公” and "三公" are the same label).
pub fn normalize_label(s: &str) -> String {
    normalized_chars(s).collect()
}

/// The characters of [`normalize_label`] one by one, to look at how a label starts without
/// building it.
pub fn normalized_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(half_width)
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」')
        })
        .map(|c| match c {
            '【' | '〔' => '[',
            '】' | '〕' => ']',
            '：' => ':',
            _ => c,
        })
}

/// Is `c` a character XML 1.0 cannot hold at all: a C0 control but tab, line feed and carriage
/// return, or U+FFFE, U+FFFF? A cell can carry one (calamine decodes `_x0001_`); the document
/// has no way to write it and leaves it out (the workbook writes Excel's `_xHHHH_`), and
/// `check` says where it was (READ-014).
pub fn xml_illegal(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_normalise() {
        assert_eq!(normalize_label("工资福利\n支出"), "工资福利支出");
        assert_eq!(normalize_label("本 年 收 入 合 计"), "本年收入合计");
        assert_eq!(normalize_label("“三公”经费"), "三公经费");
        assert_eq!(normalize_label("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(normalize_label("单位：万元"), "单位:万元");
    }

    #[test]
    fn xml_illegal_characters() {
        let illegal: Vec<char> = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|c| xml_illegal(*c))
            .collect();
        let expected: Vec<char> = (0u32..0x20)
            .filter(|c| !matches!(c, 0x9 | 0xa | 0xd))
            .chain([0xfffe, 0xffff])
            .filter_map(char::from_u32)
            .collect();
        assert_eq!(illegal, expected);
    }
}

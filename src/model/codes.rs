//! Classification codes: 支出功能分类 (`FunctionCode`, 类/款/项) and 支出经济分类
//! (`EconomicCode`, 部门预算 3xx and 政府预算 5xx), and how they are written in exports.
//!
//! Codes stay strings of digits: "01" is not 1. Names are never part of a code; they come from
//! the catalogue (see `validate::catalog`).

use std::fmt;

use serde::Serialize;

use crate::text::to_half_width_cow;

/// 支出功能分类科目: 类 (3 digits), 款 (5) or 项 (7), e.g. 201 / 20136 / 2013601.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct FunctionCode(String);

/// The level of a function code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// 类
    Category,
    /// 款
    Section,
    /// 项
    Item,
}

impl FunctionCode {
    /// A code of 3, 5 or 7 ASCII digits in an expenditure class (类 201–299: every
    /// expenditure function code starts with 2; "047" is a unit code, not a 类).
    pub fn parse(s: &str) -> Option<FunctionCode> {
        let s = s.trim();
        (matches!(s.len(), 3 | 5 | 7)
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.starts_with('2'))
        .then(|| FunctionCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> Level {
        match self.0.len() {
            3 => Level::Category,
            5 => Level::Section,
            _ => Level::Item,
        }
    }

    /// The 类 this code belongs to (itself for a 类).
    pub fn category(&self) -> FunctionCode {
        FunctionCode(self.0[..3].to_string())
    }

    /// The code one level up: 2013601 → 20136 → 201 → none.
    pub fn parent(&self) -> Option<FunctionCode> {
        match self.0.len() {
            7 => Some(FunctionCode(self.0[..5].to_string())),
            5 => Some(FunctionCode(self.0[..3].to_string())),
            _ => None,
        }
    }

    /// The code as a table prints it in three columns: ("201", "36", "01").
    pub fn split(&self) -> (&str, Option<&str>, Option<&str>) {
        let s = self.0.as_str();
        match s.len() {
            7 => (&s[..3], Some(&s[3..5]), Some(&s[5..])),
            5 => (&s[..3], Some(&s[3..5]), None),
            _ => (s, None, None),
        }
    }
}

impl fmt::Display for FunctionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The two schemes of 支出经济分类.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// 部门预算支出经济分类, 类 301–399.
    Dept,
    /// 政府预算支出经济分类, 类 501–599.
    Gov,
}

/// 支出经济分类科目: 类 (3 digits) or 款 (5 digits), e.g. 302 / 30201.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EconomicCode(String);

impl EconomicCode {
    /// A 3- or 5-digit code whose first digit says the scheme (3: 部门, 5: 政府).
    pub fn parse(s: &str) -> Option<EconomicCode> {
        let s = s.trim();
        let ok = matches!(s.len(), 3 | 5)
            && s.bytes().all(|b| b.is_ascii_digit())
            && matches!(s.as_bytes()[0], b'3' | b'5');
        ok.then(|| EconomicCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn scheme(&self) -> Scheme {
        if self.0.starts_with('3') {
            Scheme::Dept
        } else {
            Scheme::Gov
        }
    }

    pub fn is_class(&self) -> bool {
        self.0.len() == 3
    }

    /// The 类 of a 款 (itself for a 类).
    pub fn class(&self) -> EconomicCode {
        EconomicCode(self.0[..3].to_string())
    }
}

impl fmt::Display for EconomicCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Joins a code printed in split columns: ("201", "36", "01") → "2013601". The 款 and 项 cells
/// hold two digits; a number cell that lost its leading zero ("1") is padded back.
/// Returns the joined digits, or `None` when a part is not digits or has the wrong length.
pub fn join_code_parts(parts: &[&str]) -> Option<String> {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let p = to_half_width_cow(part);
        let p = p.trim();
        if p.is_empty() {
            break;
        }
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match (i, p.len()) {
            (0, _) => out.push_str(p),
            (_, 1) => {
                out.push('0');
                out.push_str(p);
            }
            (_, 2) => out.push_str(p),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Splits a cell that holds a code and maybe a name: "2013601 行政运行", "2013601-行政运行",
/// "[2013601]行政运行", "2013601". Returns the leading digits and the rest (trimmed), or `None`
/// when the cell does not start with a digit.
pub fn split_code_and_name(s: &str) -> Option<(String, String)> {
    let s = to_half_width_cow(s);
    let s = s.trim().trim_start_matches('[');
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    let (code, rest) = s.split_at(end);
    let name = rest
        .trim_start_matches(|c: char| {
            c == ']' || c == '-' || c == '_' || c == ':' || c.is_whitespace()
        })
        .trim();
    Some((code.to_string(), name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_codes_parse_and_climb() {
        let c = FunctionCode::parse("2013601").unwrap();
        assert_eq!(c.level(), Level::Item);
        assert_eq!(c.parent().unwrap().as_str(), "20136");
        assert_eq!(c.parent().unwrap().parent().unwrap().as_str(), "201");
        assert_eq!(c.category().as_str(), "201");
        assert_eq!(c.split(), ("201", Some("36"), Some("01")));
        assert!(FunctionCode::parse("20136").is_some());
        assert!(FunctionCode::parse("2013").is_none());
        assert!(FunctionCode::parse("20a3601").is_none());
        assert!(FunctionCode::parse("").is_none());
        assert!(FunctionCode::parse("047").is_none(), "a unit code is no 类");
    }

    #[test]
    fn economic_codes_know_their_scheme() {
        let d = EconomicCode::parse("30102").unwrap();
        assert_eq!(d.scheme(), Scheme::Dept);
        assert_eq!(d.class().as_str(), "301");
        assert!(!d.is_class());
        assert_eq!(EconomicCode::parse("501").unwrap().scheme(), Scheme::Gov);
        assert!(EconomicCode::parse("401").is_none());
        assert!(EconomicCode::parse("3010").is_none());
    }

    #[test]
    fn split_codes_join() {
        assert_eq!(
            join_code_parts(&["201", "36", "01"]).as_deref(),
            Some("2013601")
        );
        assert_eq!(
            join_code_parts(&["201", "36", "1"]).as_deref(),
            Some("2013601")
        );
        assert_eq!(
            join_code_parts(&["201", "36", ""]).as_deref(),
            Some("20136")
        );
        assert_eq!(join_code_parts(&["301", "02"]).as_deref(), Some("30102"));
        assert_eq!(join_code_parts(&["２０１", "", ""]).as_deref(), Some("201"));
        assert_eq!(join_code_parts(&["201", "361", "01"]), None);
        assert_eq!(join_code_parts(&["201", "x", "01"]), None);
        assert_eq!(join_code_parts(&["", "", ""]), None);
    }

    #[test]
    fn combined_cells_split() {
        let s = |x: &str| split_code_and_name(x);
        assert_eq!(
            s("2013601 行政运行"),
            Some(("2013601".into(), "行政运行".into()))
        );
        assert_eq!(
            s("2013601-行政运行"),
            Some(("2013601".into(), "行政运行".into()))
        );
        assert_eq!(
            s("[2013601]行政运行"),
            Some(("2013601".into(), "行政运行".into()))
        );
        assert_eq!(s("2013601"), Some(("2013601".into(), "".into())));
        assert_eq!(s("行政运行"), None);
    }
}

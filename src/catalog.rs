//! Reference data: the 支出功能分类 and 支出经济分类 catalogues and the 部门 → 政府 economic
//! mapping. They ship as editable CSV files in `catalog/` (compiled in as the default) and a
//! user can supply newer ones with `--catalog DIR`.
//!
//! The reader uses the catalogue only to resolve the class lines of tables 01/04, which print
//! names rather than codes; the rules use it to check codes and names.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{EconomicCode, FunctionCode};
use crate::read::cell::normalize_label;

const FUNCTION_CSV: &str = include_str!("../catalog/function.csv");
const FUNCTION_LEGACY_CSV: &str = include_str!("../catalog/function-legacy.csv");
const ECONOMIC_CSV: &str = include_str!("../catalog/economic.csv");
const ECONOMIC_MAP_CSV: &str = include_str!("../catalog/economic-map.csv");

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// Seen in real published documents (see the files' headers).
    pub verified: bool,
}

/// The 政府 codes a 部门 code maps to, for 机关 and for 事业单位.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GovPair {
    pub agency: String,
    pub institution: String,
}

/// The classification catalogues of one edition.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub function: BTreeMap<String, Entry>,
    /// Obsolete names of 类 still seen in published documents: normalised name → code.
    pub legacy: BTreeMap<String, (String, String)>,
    pub economic: BTreeMap<String, Entry>,
    pub economic_map: BTreeMap<String, GovPair>,
}

impl Catalog {
    /// The catalogues compiled into the binary (the files in `catalog/`).
    pub fn builtin() -> Catalog {
        Catalog::parse(
            FUNCTION_CSV,
            FUNCTION_LEGACY_CSV,
            ECONOMIC_CSV,
            ECONOMIC_MAP_CSV,
            "catalog",
        )
        .expect("the built-in catalogue parses (tested)")
    }

    /// Loads `function.csv`, `function-legacy.csv`, `economic.csv` and `economic-map.csv` from
    /// `dir`; a file the directory lacks falls back to the built-in one.
    ///
    /// # Errors
    /// `Io` when a file cannot be read, `Usage` when a line is malformed (file and line named).
    pub fn load(dir: &Path) -> Result<Catalog> {
        let read = |name: &str, builtin: &'static str| -> Result<String> {
            let path = dir.join(name);
            if !dir.is_dir() {
                return Err(Error::NotFound {
                    path: dir.to_path_buf(),
                });
            }
            match std::fs::read_to_string(&path) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(builtin.to_string()),
                Err(e) => Err(Error::Io { path, source: e }),
            }
        };
        Catalog::parse(
            &read("function.csv", FUNCTION_CSV)?,
            &read("function-legacy.csv", FUNCTION_LEGACY_CSV)?,
            &read("economic.csv", ECONOMIC_CSV)?,
            &read("economic-map.csv", ECONOMIC_MAP_CSV)?,
            &dir.display().to_string(),
        )
    }

    fn parse(
        function: &str,
        legacy: &str,
        economic: &str,
        map: &str,
        dir: &str,
    ) -> Result<Catalog> {
        let mut cat = Catalog::default();
        for (line, f) in records(function, 3, &format!("{dir}/function.csv"))? {
            if FunctionCode::parse(&f[0]).is_none() {
                return Err(bad_line(
                    &format!("{dir}/function.csv"),
                    line,
                    "code must have 3, 5 or 7 digits",
                ));
            }
            cat.function.insert(
                f[0].clone(),
                Entry {
                    name: f[1].clone(),
                    verified: f[2] == "yes",
                },
            );
        }
        for (_, f) in records(legacy, 3, &format!("{dir}/function-legacy.csv"))? {
            cat.legacy
                .insert(class_key(&f[1]), (f[0].clone(), f[2].clone()));
        }
        for (line, f) in records(economic, 4, &format!("{dir}/economic.csv"))? {
            if EconomicCode::parse(&f[0]).is_none() {
                return Err(bad_line(
                    &format!("{dir}/economic.csv"),
                    line,
                    "code must be 3xx/5xx or 3xxxx/5xxxx",
                ));
            }
            cat.economic.insert(
                f[0].clone(),
                Entry {
                    name: f[1].clone(),
                    verified: f[3] == "yes",
                },
            );
        }
        for (_, f) in records(map, 4, &format!("{dir}/economic-map.csv"))? {
            cat.economic_map.insert(
                f[0].clone(),
                GovPair {
                    agency: f[1].clone(),
                    institution: f[2].clone(),
                },
            );
        }
        Ok(cat)
    }

    pub fn function_name(&self, code: &FunctionCode) -> Option<&str> {
        self.function.get(code.as_str()).map(|e| e.name.as_str())
    }

    pub fn economic_name(&self, code: &EconomicCode) -> Option<&str> {
        self.economic.get(code.as_str()).map(|e| e.name.as_str())
    }

    /// The 类 a class line of 01/04 names ("一般公共服务", "（十）卫生健康支出"), by its current
    /// or a legacy name. `None` when the name is not a class name.
    pub fn class_by_name(&self, label: &str) -> Option<FunctionCode> {
        let key = class_key(label);
        if key.is_empty() {
            return None;
        }
        let current = self
            .function
            .iter()
            .filter(|(code, _)| code.len() == 3)
            .find(|(_, e)| class_key(&e.name) == key)
            .map(|(code, _)| code.clone());
        current
            .or_else(|| self.legacy.get(&key).map(|(code, _)| code.clone()))
            .and_then(|c| FunctionCode::parse(&c))
    }

    /// The current name of a class whose label is a legacy name, e.g. 医疗卫生与计划生育支出 →
    /// 卫生健康支出.
    pub fn legacy_replacement(&self, label: &str) -> Option<&str> {
        self.legacy
            .get(&class_key(label))
            .map(|(_, new)| new.as_str())
    }
}

/// A class name reduced for comparison: no numbering ("（九）", "十二、"), no trailing 支出.
pub fn class_key(label: &str) -> String {
    let s = normalize_label(strip_numbering(label));
    s.strip_suffix("支出").unwrap_or(&s).to_string()
}

/// Strips a leading Chinese list number: "一、", "（九）", "(十二)", "1." → the rest.
pub fn strip_numbering(label: &str) -> &str {
    let t = label.trim();
    if let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        if let Some(end) = rest.find(['）', ')']) {
            if rest[..end].chars().all(is_numeral) {
                let close = rest[end..].chars().next().map_or(1, char::len_utf8);
                return rest[end + close..].trim();
            }
        }
    }
    let end = t.find(|c: char| !is_numeral(c)).unwrap_or(t.len());
    if end > 0 {
        let rest = &t[end..];
        for sep in ['、', '.', '．', ' '] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.trim();
            }
        }
    }
    t
}

/// The value of a leading Chinese or Arabic list number: "（九）…" → 9, "二十三、…" → 23.
pub fn leading_number(label: &str) -> Option<u32> {
    let t = label.trim();
    let t = t
        .strip_prefix('（')
        .or_else(|| t.strip_prefix('('))
        .unwrap_or(t);
    let end = t.find(|c: char| !is_numeral(c)).unwrap_or(t.len());
    let followed_by_separator = t[end..].starts_with(['、', '）', ')', '.', '．']);
    if end == 0 || !followed_by_separator {
        return None;
    }
    let numeral = &t[..end];
    if let Ok(n) = numeral.parse() {
        return Some(n);
    }
    chinese_numeral(numeral)
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "零一二三四五六七八九十".contains(c)
}

/// 一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十四 → 34 (enough for list numbers).
fn chinese_numeral(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / '一'.len_utf8()) as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [d] if *d != '十' => digit(*d),
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

fn records(text: &str, fields: usize, file: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let f: Vec<String> = line.split(',').map(|s| s.trim().to_string()).collect();
        if f.len() < fields {
            return Err(bad_line(
                file,
                i + 1,
                &format!("expected {fields} comma-separated fields"),
            ));
        }
        out.push((i + 1, f));
    }
    Ok(out)
}

fn bad_line(file: &str, line: usize, why: &str) -> Error {
    Error::Usage(format!(
        "{file}:{line}: 目录文件格式错误 (malformed catalogue line): {why}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_parses_and_is_consistent() {
        let cat = Catalog::builtin();
        assert!(cat.function.len() > 300);
        for code in cat.function.keys() {
            let c = FunctionCode::parse(code).unwrap();
            if let Some(parent) = c.parent() {
                assert!(
                    cat.function.contains_key(parent.as_str()),
                    "{code} has no parent"
                );
            }
        }
        assert_eq!(cat.function["2013601"].name, "行政运行");
        assert_eq!(cat.economic["30102"].name, "津贴补贴");
        assert_eq!(cat.economic_map["30102"].agency, "50101");
    }

    #[test]
    fn class_lines_resolve_by_name() {
        let cat = Catalog::builtin();
        let code = |s: &str| cat.class_by_name(s).map(|c| c.as_str().to_string());
        assert_eq!(code("一、一般公共服务").as_deref(), Some("201"));
        assert_eq!(code("（十）卫生健康支出").as_deref(), Some("210"));
        assert_eq!(code("（九）医疗卫生与计划生育支出").as_deref(), Some("210"));
        assert_eq!(code("二十三、国有资本经营预算").as_deref(), Some("223"));
        assert_eq!(code("本年支出合计"), None);
        assert_eq!(
            cat.legacy_replacement("医疗卫生与计划生育支出"),
            Some("卫生健康支出")
        );
    }

    #[test]
    fn list_numbers() {
        assert_eq!(leading_number("（九）医疗"), Some(9));
        assert_eq!(leading_number("二十三、国有"), Some(23));
        assert_eq!(leading_number("十、卫生"), Some(10));
        assert_eq!(leading_number("三十四、抗疫"), Some(34));
        assert_eq!(leading_number("一般公共服务"), None);
        assert_eq!(strip_numbering("（十一）节能环保支出"), "节能环保支出");
        assert_eq!(strip_numbering("二十、自然资源"), "自然资源");
        assert_eq!(strip_numbering("一般公共服务"), "一般公共服务");
    }
}

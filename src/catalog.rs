//! Reference data: the 支出功能分类 catalogue, one edition per budget year, the obsolete class
//! names, the 支出经济分类 catalogue and the 部门 → 政府 economic mapping. They ship as editable
//! CSV files in `catalog/` (compiled in as the default) and a user can supply newer ones with
//! `--catalog DIR`.
//!
//! Layout of `catalog/` (and of a user's `DIR`):
//! - `2024/function.csv`, `2025/function.csv`: one 支出功能分类 edition per budget year. The
//!   edition used for a workbook is the one of its budget year (`Catalog::edition`).
//! - `function-legacy.csv`, `economic.csv`, `economic-map.csv`: shared by every edition.
//!
//! The reader uses the catalogue only to resolve the class lines of tables 01/04, which print
//! names rather than codes; the rules use it to check codes and names.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{EconomicCode, FunctionCode};
use crate::text::normalize_label;

/// The built-in 支出功能分类 editions, oldest first: (budget year, CSV text).
const FUNCTION_EDITIONS: &[(i32, &str)] = &[
    (2024, include_str!("../catalog/2024/function.csv")),
    (2025, include_str!("../catalog/2025/function.csv")),
];
const FUNCTION_LEGACY_CSV: &str = include_str!("../catalog/function-legacy.csv");
const ECONOMIC_CSV: &str = include_str!("../catalog/economic.csv");
const ECONOMIC_MAP_CSV: &str = include_str!("../catalog/economic-map.csv");

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// Seen in a real published document (named in `source`).
    pub verified: bool,
    /// Where the entry was seen (a short citation), or "unverified"; empty when the file has no
    /// source column.
    pub source: String,
}

/// The 政府 codes a 部门 code maps to, for 机关 and for 事业单位.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GovPair {
    pub agency: String,
    pub institution: String,
}

/// One edition of the 支出功能分类 catalogue (政府收支分类科目 of one budget year, with its
/// mid-year amendments).
#[derive(Debug, Clone, Default)]
pub struct Edition {
    /// The budget year the edition is for; `None` for a user's single catalogue
    /// (`DIR/function.csv`), used for every year.
    pub year: Option<i32>,
    /// Code → entry, for 类 (3 digits), 款 (5) and 项 (7).
    pub function: BTreeMap<String, Entry>,
}

impl Edition {
    pub fn function_name(&self, code: &FunctionCode) -> Option<&str> {
        self.function.get(code.as_str()).map(|e| e.name.as_str())
    }

    pub fn knows(&self, code: &FunctionCode) -> bool {
        self.function.contains_key(code.as_str())
    }

    /// How messages name the edition: "2025 年" or "自定义".
    pub fn label(&self) -> String {
        match self.year {
            Some(y) => format!("{y} 年"),
            None => "自定义".to_string(),
        }
    }
}

/// The classification catalogues: every 支出功能分类 edition plus the shared files.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The editions, oldest first (a user's single catalogue is the only one).
    editions: Vec<Edition>,
    /// Every 支出功能分类 code of any edition, under its newest name: for callers that do not
    /// know the budget year (the reader, which resolves class lines). Rules use `edition`.
    pub function: BTreeMap<String, Entry>,
    /// Obsolete names of 类 still seen in published documents: normalised name → (code,
    /// current name).
    pub legacy: BTreeMap<String, (String, String)>,
    pub economic: BTreeMap<String, Entry>,
    pub economic_map: BTreeMap<String, GovPair>,
    /// Each 类 of `function` by its `class_key`: the lowest code where two share a key. Built
    /// with `function` in `parse`, so that `class_by_name`, which runs for every line of 01 and
    /// 04, is one look-up instead of a pass over every code (and a key made for each 类).
    classes: BTreeMap<String, String>,
}

/// The year folders of a user's catalogue directory (`DIR/2026/function.csv`), each with its
/// function classification.
///
/// # Errors
/// `Io` when the directory or a file cannot be read, `Usage` when a year folder has no
/// `function.csv`.
fn year_folders(dir: &Path) -> Result<Vec<(i32, Source)>> {
    let mut year_dirs = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::reading(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::reading(dir, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()) && entry.path().is_dir() {
            let year: i32 = name.parse().expect("four ASCII digits");
            let path = entry.path().join("function.csv");
            let source = Source::read(&path)?.ok_or_else(|| {
                Error::Usage(format!(
                    "{}: 年度目录中没有 function.csv (a year folder needs a function.csv)",
                    entry.path().display()
                ))
            })?;
            year_dirs.push((year, source));
        }
    }
    Ok(year_dirs)
}

/// The text of one catalogue file and the name errors give it.
struct Source {
    text: String,
    file: String,
}

impl Source {
    /// A user's file; `None` when it does not exist.
    fn read(path: &Path) -> Result<Option<Source>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(Source {
                text,
                file: path.display().to_string(),
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::reading(path, e)),
        }
    }

    fn builtin(text: &str, file: &str) -> Source {
        Source {
            text: text.to_string(),
            file: format!("catalog/{file}"),
        }
    }
}

impl Catalog {
    /// The catalogues compiled into the binary (the files in `catalog/`).
    pub fn builtin() -> Catalog {
        let editions = FUNCTION_EDITIONS
            .iter()
            .map(|(year, text)| {
                (
                    Some(*year),
                    Source::builtin(text, &format!("{year}/function.csv")),
                )
            })
            .collect();
        Catalog::parse(
            editions,
            Source::builtin(FUNCTION_LEGACY_CSV, "function-legacy.csv"),
            Source::builtin(ECONOMIC_CSV, "economic.csv"),
            Source::builtin(ECONOMIC_MAP_CSV, "economic-map.csv"),
        )
        .expect("the built-in catalogue parses (tested)")
    }

    /// Loads the catalogues of `dir`; what the directory lacks falls back to the built-in files.
    ///
    /// The 支出功能分类 comes either from year folders (`dir/2026/function.csv`: each replaces
    /// the built-in edition of that year or adds one) or from a single `dir/function.csv`, which
    /// then replaces every edition and serves every budget year. `function-legacy.csv`,
    /// `economic.csv` and `economic-map.csv` sit in `dir` itself.
    ///
    /// # Errors
    /// `NotFound` when `dir` is not a directory, `Io` when a file cannot be read, `Usage` when a
    /// line is malformed (file and line named), a year folder has no `function.csv`, or `dir`
    /// holds both a `function.csv` and year folders.
    pub fn load(dir: &Path) -> Result<Catalog> {
        if !dir.is_dir() {
            return Err(Error::NotFound {
                path: dir.to_path_buf(),
            });
        }
        let or_builtin = |name: &str, builtin: &str| -> Result<Source> {
            Ok(Source::read(&dir.join(name))?.unwrap_or_else(|| Source::builtin(builtin, name)))
        };
        let year_dirs = year_folders(dir)?;
        let single = Source::read(&dir.join("function.csv"))?;
        let editions: Vec<(Option<i32>, Source)> = match single {
            Some(_) if !year_dirs.is_empty() => {
                return Err(Error::Usage(format!(
                    "{}: 同时有 function.csv 和年度目录，无法确定使用哪个科目目录 (holds both a function.csv and year folders)",
                    dir.display()
                )))
            }
            Some(source) => vec![(None, source)],
            None => {
                let mut by_year: BTreeMap<i32, Source> = FUNCTION_EDITIONS
                    .iter()
                    .map(|(year, text)| {
                        (*year, Source::builtin(text, &format!("{year}/function.csv")))
                    })
                    .collect();
                by_year.extend(year_dirs);
                by_year.into_iter().map(|(y, s)| (Some(y), s)).collect()
            }
        };
        Catalog::parse(
            editions,
            or_builtin("function-legacy.csv", FUNCTION_LEGACY_CSV)?,
            or_builtin("economic.csv", ECONOMIC_CSV)?,
            or_builtin("economic-map.csv", ECONOMIC_MAP_CSV)?,
        )
    }

    fn parse(
        editions: Vec<(Option<i32>, Source)>,
        legacy: Source,
        economic: Source,
        map: Source,
    ) -> Result<Catalog> {
        let mut cat = Catalog::default();
        for (year, source) in editions {
            let edition = Edition {
                year,
                function: parse_function(&source)?,
            };
            for (code, entry) in &edition.function {
                cat.function.insert(code.clone(), entry.clone());
            }
            cat.editions.push(edition);
        }
        for (code, entry) in cat.function.iter().filter(|(code, _)| code.len() == 3) {
            cat.classes
                .entry(class_key(&entry.name))
                .or_insert_with(|| code.clone());
        }
        for (line, f) in records(&legacy.text, 3, &legacy.file)? {
            match FunctionCode::parse(&f[0]) {
                Some(code) if code.as_str().len() == 3 => {}
                _ => {
                    return Err(bad_line(&legacy.file, line, "code must be a 3-digit 类"));
                }
            }
            cat.legacy
                .insert(class_key(&f[1]), (f[0].clone(), f[2].clone()));
        }
        for (line, f) in records(&economic.text, 4, &economic.file)? {
            if EconomicCode::parse(&f[0]).is_none() {
                return Err(bad_line(
                    &economic.file,
                    line,
                    "code must be 3xx/5xx or 3xxxx/5xxxx",
                ));
            }
            cat.economic.insert(
                f[0].clone(),
                Entry {
                    name: f[1].clone(),
                    verified: f[3] == "yes",
                    source: f.get(4).cloned().unwrap_or_default(),
                },
            );
        }
        for (_, f) in records(&map.text, 4, &map.file)? {
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

    /// Every edition, oldest first.
    pub fn editions(&self) -> &[Edition] {
        &self.editions
    }

    /// The edition for a budget year: the newest edition not newer than `year`; the newest when
    /// the year is unknown (or newer than every edition), the oldest when it is older than every
    /// edition (a catalogue of a later year knows more codes than none).
    pub fn edition(&self, year: Option<i32>) -> &Edition {
        let newest = self.editions.last().expect("a catalogue has an edition");
        let Some(year) = year else {
            return newest;
        };
        self.editions
            .iter()
            .rev()
            .find(|e| e.year.is_none_or(|y| y <= year))
            .unwrap_or(&self.editions[0])
    }

    /// The name of a function code in the newest edition that knows it (for callers that do not
    /// know the budget year; rules use `edition(year).function_name`).
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
        let code = self
            .classes
            .get(&key)
            .or_else(|| self.legacy.get(&key).map(|(code, _)| code));
        code.and_then(|c| FunctionCode::parse(c))
    }

    /// The current name of a class whose label is a legacy name, e.g. 医疗卫生与计划生育支出 →
    /// 卫生健康支出.
    pub fn legacy_replacement(&self, label: &str) -> Option<&str> {
        self.legacy
            .get(&class_key(label))
            .map(|(_, new)| new.as_str())
    }
}

/// One 支出功能分类 file: `code,name,verified[,source]`. Codes are unique, every 款 has its 类
/// and every 项 its 款 in the same file, `verified` is `yes` or `no`.
fn parse_function(source: &Source) -> Result<BTreeMap<String, Entry>> {
    let file = &source.file;
    let mut out: BTreeMap<String, Entry> = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for (line, f) in records(&source.text, 3, file)? {
        let Some(code) = FunctionCode::parse(&f[0]).filter(|c| c.as_str() == f[0]) else {
            return Err(bad_line(file, line, "code must have 3, 5 or 7 digits"));
        };
        if f[1].is_empty() {
            return Err(bad_line(file, line, "name is empty"));
        }
        let verified = match f[2].as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(bad_line(file, line, "verified must be yes or no")),
        };
        if let Some(first) = lines.insert(code.as_str().to_string(), line) {
            return Err(bad_line(
                file,
                line,
                &format!("code {code} already on line {first}"),
            ));
        }
        out.insert(
            code.as_str().to_string(),
            Entry {
                name: f[1].clone(),
                verified,
                // The source is the rest of the line: a citation may hold a comma.
                source: f.get(3..).map(|rest| rest.join(",")).unwrap_or_default(),
            },
        );
    }
    for (code, line) in &lines {
        let parent = FunctionCode::parse(code).and_then(|c| c.parent());
        if let Some(parent) = parent.filter(|p| !out.contains_key(p.as_str())) {
            return Err(bad_line(
                file,
                *line,
                &format!("parent {parent} of {code} is not in the file"),
            ));
        }
    }
    Ok(out)
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

    /// Every edition: each 款 has its 类 and each 项 its 款, no name holds an ASCII comma, every
    /// verified entry names its source, and every 类 and the 款 the issue lists are present.
    #[test]
    fn builtin_editions_are_complete_and_consistent() {
        let cat = Catalog::builtin();
        let years: Vec<_> = cat.editions().iter().map(|e| e.year).collect();
        assert_eq!(years, [Some(2024), Some(2025)]);
        for ed in cat.editions() {
            assert!(ed.function.len() > 900, "{:?}", ed.year);
            for (code, entry) in &ed.function {
                let c = FunctionCode::parse(code).unwrap();
                if let Some(parent) = c.parent() {
                    assert!(ed.knows(&parent), "{:?}: {code} has no parent", ed.year);
                }
                assert!(!entry.name.contains(','), "{code} {}", entry.name);
                assert!(!entry.name.is_empty(), "{code}");
                assert_eq!(
                    entry.verified,
                    entry.source != "unverified",
                    "{:?}: {code}: verified must go with a source",
                    ed.year
                );
                assert!(!entry.source.is_empty(), "{code} has no source");
            }
            for class in [
                "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212",
                "213", "214", "215", "216", "217", "219", "220", "221", "222", "223", "224", "227",
                "229", "230", "231", "232", "233",
            ] {
                assert!(ed.function.contains_key(class), "{:?}: {class}", ed.year);
            }
            assert_eq!(ed.function["2013601"].name, "行政运行");
        }
        for (code, current) in cat.legacy.values() {
            assert_eq!(cat.function[code].name, *current, "legacy {code}");
        }
        assert_eq!(cat.economic["30102"].name, "津贴补贴");
        assert_eq!(cat.economic_map["30102"].agency, "50101");
    }

    /// Real codes that used to raise false "不在目录中" warnings (issue 8).
    #[test]
    fn issue_8_real_codes_are_known_in_every_edition() {
        let cat = Catalog::builtin();
        for ed in cat.editions() {
            for code in [
                "2080101", "2100101", "2130101", "2120803", "22960", "20406", "2040607", "20607",
                "20703", "2070308", "22006", "2300412",
            ] {
                assert!(
                    ed.knows(&FunctionCode::parse(code).unwrap()),
                    "{:?} lacks {code}",
                    ed.year
                );
            }
        }
        // 财预〔2025〕41号 amended the 2025 edition only.
        let (y2024, y2025) = (cat.edition(Some(2024)), cat.edition(Some(2025)));
        for code in ["2170404", "22911", "23107"] {
            let code = FunctionCode::parse(code).unwrap();
            assert!(!y2024.knows(&code) && y2025.knows(&code), "{code}");
        }
    }

    #[test]
    fn the_edition_follows_the_budget_year() {
        let cat = Catalog::builtin();
        let year = |y: Option<i32>| cat.edition(y).year;
        assert_eq!(year(Some(2024)), Some(2024));
        assert_eq!(year(Some(2025)), Some(2025));
        assert_eq!(year(None), Some(2025), "unknown year: newest");
        assert_eq!(year(Some(2031)), Some(2025), "newer year: newest");
        assert_eq!(year(Some(2019)), Some(2024), "older year: oldest");
        assert_eq!(cat.edition(Some(2025)).label(), "2025 年");
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("yusuan-catalog-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_user_year_folder_adds_an_edition_and_a_flat_file_replaces_all() {
        let dir = temp_dir("years");
        write(
            &dir.join("2026/function.csv"),
            "code,name,verified,source\n201,一般公共服务支出,no,unverified\n",
        );
        let cat = Catalog::load(&dir).unwrap();
        let years: Vec<_> = cat.editions().iter().map(|e| e.year).collect();
        assert_eq!(years, [Some(2024), Some(2025), Some(2026)]);
        assert_eq!(cat.edition(Some(2027)).function.len(), 1);
        assert!(cat.edition(Some(2025)).function.len() > 900);

        write(
            &dir.join("function.csv"),
            "code,name,verified\n201,一般公共服务支出,no\n",
        );
        let both = Catalog::load(&dir).unwrap_err().to_string();
        assert!(both.contains("function.csv"), "{both}");
        std::fs::remove_dir_all(dir.join("2026")).unwrap();
        let cat = Catalog::load(&dir).unwrap();
        assert_eq!(cat.editions().len(), 1);
        assert_eq!(cat.edition(Some(2024)).label(), "自定义");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A malformed file is an error naming the file and the line, never a panic.
    #[test]
    fn malformed_catalogue_lines_name_file_and_line() {
        let cases = [
            ("code,name,verified\n201,一般公共服务支出\n", ":2:"),
            ("code,name,verified\n2O1,一般公共服务支出,no\n", ":2:"),
            (
                "# c\ncode,name,verified\n201,一般公共服务支出,maybe\n",
                ":3:",
            ),
            (
                "code,name,verified\n201,一般公共服务支出,no\n201,外交支出,no\n",
                ":3:",
            ),
            (
                "code,name,verified\n201,一般公共服务支出,no\n2013601,行政运行,no\n",
                ":3:",
            ),
            ("code,name,verified\n201,,no\n", ":2:"),
        ];
        for (i, (text, at)) in cases.iter().enumerate() {
            let dir = temp_dir(&format!("bad{i}"));
            write(&dir.join("function.csv"), text);
            let err = Catalog::load(&dir).unwrap_err().to_string();
            assert!(
                err.contains("function.csv") && err.contains(at),
                "{i}: {err}"
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
        let dir = temp_dir("badlegacy");
        write(
            &dir.join("function-legacy.csv"),
            "code,name,replaced_by\n21,x,y\n",
        );
        let err = Catalog::load(&dir).unwrap_err().to_string();
        assert!(err.contains("function-legacy.csv:2:"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn class_lines_resolve_by_name() {
        let cat = Catalog::builtin();
        let code = |s: &str| cat.class_by_name(s).map(|c| c.as_str().to_string());
        assert_eq!(code("一、一般公共服务").as_deref(), Some("201"));
        assert_eq!(code("（十）卫生健康支出").as_deref(), Some("210"));
        assert_eq!(code("（九）医疗卫生与计划生育支出").as_deref(), Some("210"));
        assert_eq!(code("二十三、国有资本经营预算").as_deref(), Some("223"));
        assert_eq!(code("十二、城乡社区事务").as_deref(), Some("212"));
        assert_eq!(code("（十二）城乡社区事务支出").as_deref(), Some("212"));
        assert_eq!(code("本年支出合计"), None);
        assert_eq!(
            cat.legacy_replacement("医疗卫生与计划生育支出"),
            Some("卫生健康支出")
        );
    }

    /// The index answers as the pass over every code it replaced: the first 类 in code order
    /// whose key matches, else a legacy name.
    #[test]
    fn class_index_agrees_with_a_pass_over_the_codes() {
        let cat = Catalog::builtin();
        let by_pass = |label: &str| {
            let key = class_key(label);
            if key.is_empty() {
                return None;
            }
            cat.function
                .iter()
                .filter(|(code, _)| code.len() == 3)
                .find(|(_, e)| class_key(&e.name) == key)
                .map(|(code, _)| code.clone())
                .or_else(|| cat.legacy.get(&key).map(|(code, _)| code.clone()))
        };
        let mut labels: Vec<String> = cat.function.values().map(|e| e.name.clone()).collect();
        labels.extend(cat.legacy.keys().cloned());
        labels.extend(["", "支出", "（三）", "本年支出合计"].map(String::from));
        for label in labels {
            let indexed = cat.class_by_name(&label).map(|c| c.as_str().to_string());
            assert_eq!(indexed, by_pass(&label), "{label}");
        }
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

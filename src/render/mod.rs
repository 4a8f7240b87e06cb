//! Renderers: the publication (`publish`) to files. They print figures as prepared and never
//! round; all cell and paragraph formats live in their own file.

pub mod doc;
pub mod docx;
pub mod sml;
pub mod wml;
pub mod xlsx;

/// A file name made from the department's name: no path separators, no `..`, no characters
/// Windows forbids, so that it cannot escape the output directory.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.replace("..", "_");
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.chars().all(|c| c == '_' || c == '.') {
        "部门".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Display width of text in Excel column units: a CJK character takes two. Printable ASCII
/// (every figure and code) is one unit a character, without looking each one up: a workbook
/// measures every cell, some more than once.
pub fn text_width(s: &str) -> usize {
    if s.bytes().all(|b| matches!(b, b' '..=b'~')) {
        return s.len();
    }
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn file_names_cannot_escape() {
        assert_eq!(safe_file_name("中共新乡市红旗区委"), "中共新乡市红旗区委");
        let escaped = safe_file_name("../../etc/passwd");
        assert!(
            !escaped.contains('/') && !escaped.contains("..") && escaped.ends_with("etc_passwd"),
            "{escaped}"
        );
        assert_eq!(safe_file_name("a\\b/c"), "a_b_c");
        assert_eq!(safe_file_name(".."), "部门");
        assert_eq!(safe_file_name(""), "部门");
        assert!(!safe_file_name("x/../y").contains('/'));
    }

    #[test]
    fn chinese_is_twice_as_wide() {
        assert_eq!(text_width("合计"), 4);
        assert_eq!(text_width("50.65"), 5);
    }

    #[test]
    fn printable_ascii_is_measured_as_unicode_width_measures_it() {
        let printable: String = (b' '..=b'~').map(char::from).collect();
        assert_eq!(
            text_width(&printable),
            UnicodeWidthStr::width(printable.as_str())
        );
        for a in b' '..=b'~' {
            for b in b' '..=b'~' {
                let pair = format!("{}{}", char::from(a), char::from(b));
                assert_eq!(text_width(&pair), UnicodeWidthStr::width(pair.as_str()));
            }
        }
    }
}

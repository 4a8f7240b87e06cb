//! Fatal errors: the run cannot go on. Facts about the data are `Finding`s, not errors.
//!
//! Every message names the file, and the sheet and cell where they are known, and says what the
//! user can do about it. `main` prints it once and exits with code 2.

use std::path::PathBuf;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: 文件不存在 (file not found)")]
    NotFound { path: PathBuf },

    #[error("{path}: 无法读取文件 (cannot read): {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path}: 文件为空 (empty file, 0 bytes)")]
    EmptyFile { path: PathBuf },

    #[error("{path}: 不是 Excel 或 ODS 电子表格 (not a spreadsheet: {what})")]
    NotSpreadsheet { path: PathBuf, what: String },

    #[error(
        "{path}: 这是 {kind} 表格，只是用了 Excel 的扩展名，不是真正的 Excel 文件。请用 Excel 或 WPS 打开后“另存为” .xlsx 再试 (an {kind} table under a spreadsheet extension: re-save it as .xlsx)"
    )]
    DisguisedTable { path: PathBuf, kind: &'static str },

    #[error("{path}: 文件受密码保护，请在 Excel 或 WPS 中取消密码后另存再试 (password-protected)")]
    Encrypted { path: PathBuf },

    #[error("{path}: 文件已损坏或不完整，无法打开 (corrupt or truncated {format}): {detail}")]
    Corrupt {
        path: PathBuf,
        format: &'static str,
        detail: String,
    },

    #[error(
        "{path}: 文件超出可读取的范围，不像是预算公开表 (beyond the reader's limits): {detail}"
    )]
    TooLarge { path: PathBuf, detail: String },

    #[error("{path}: 工作表“{sheet}”无法读取 (cannot read sheet): {detail}")]
    Sheet {
        path: PathBuf,
        sheet: String,
        detail: String,
    },

    #[error("{path}: 工作簿中没有任何数据 (the workbook is empty)")]
    EmptyWorkbook { path: PathBuf },

    #[error(
        "{path}: 未找到任何预算表（按标题查找，如“部门收支总体情况表”）。各工作表的标题为：{seen}"
    )]
    NoTables { path: PathBuf, seen: String },

    #[error(
        "{path}: 文件已损坏，读取时出错；请在 Excel 或 WPS 中打开后另存再试 (the reader failed on malformed bytes): {detail}"
    )]
    Panic { path: PathBuf, detail: String },

    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An error reading `path`: `NotFound` when it does not exist, else `Io`.
    pub fn reading(path: &std::path::Path, e: std::io::Error) -> Error {
        match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::Io {
                path: path.to_path_buf(),
                source: e,
            },
        }
    }
}

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

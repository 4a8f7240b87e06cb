//! `yusuan init`: a profile skeleton pre-filled with what the workbook knows.

use std::io::Write;
use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::cli::Outcome;
use crate::error::{Error, Result};
use crate::read;

/// Settings of `init`.
#[derive(Debug, Clone)]
pub struct InitConfig {
    pub workbook: PathBuf,
    /// Where to write (standard output when `None`); an existing file is never overwritten.
    pub out: Option<PathBuf>,
}

/// Runs `init`.
///
/// # Errors
/// The reader's errors; `Usage` when the output file exists; `Io` when it cannot be written.
pub fn run(cfg: &InitConfig, catalog: &Catalog) -> Result<Outcome> {
    let outcome = read::read_budget(&cfg.workbook, catalog)?;
    let b = &outcome.budget;
    let units: Vec<(String, String)> = b
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let text = crate::profile::skeleton(&b.department, b.year.unwrap_or_default(), &units);
    match &cfg.out {
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Some(path) => {
            if path.exists() {
                return Err(Error::Usage(format!(
                    "{}: 文件已存在，未覆盖（请换一个文件名或先删除）",
                    path.display()
                )));
            }
            super::build::write_atomically(path, text.as_bytes())?;
            eprintln!(
                "已生成部门资料模板 {}，请填写后用 --profile 指定",
                path.display()
            );
        }
    }
    Ok(Outcome::Clean)
}

//! PDF copies of the built files (issue 12), made by LibreOffice when it is installed:
//! `soffice --headless --convert-to pdf`. Bytes in, bytes out: the files are written under
//! fixed names (never the user's) into a private temporary folder, which also holds a private
//! LibreOffice profile (`-env:UserInstallation`), so that parallel runs (a batch, two users of
//! `yusuan serve`) never share one and never collide. The folder is removed afterwards.
//!
//! What LibreOffice makes of the files is its business: the document's fonts (substituted by
//! the nearest installed ones, fonts-noto-cjk on Debian), pages and page numbers are those the
//! document asks for; the workbook prints with its own page setup (A4, orientation, fit to
//! width, repeated headers, 第 N 页 共 M 页).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::pipeline::Files;

/// How to install LibreOffice, for the message when it is missing.
pub const INSTALL_HINT: &str = "未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice（Windows、macOS：从 LibreOffice 官网下载安装；\
Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk），\
或用环境变量 YUSUAN_SOFFICE 指明 soffice 程序的位置 (LibreOffice not found: install it to write PDF)";

/// Longest a conversion may take before it is stopped (a first start with a fresh profile
/// takes a few seconds; a stuck LibreOffice must not hang `build` or the server).
const TIMEOUT: Duration = Duration::from_secs(180);

/// A file to convert: its kind (by extension, `docx` or `xlsx`) and bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub extension: &'static str,
    pub bytes: &'a [u8],
}

/// The LibreOffice program that converts.
#[derive(Debug, Clone)]
pub struct Converter {
    program: PathBuf,
}

impl Converter {
    /// Finds LibreOffice: `$YUSUAN_SOFFICE` when set (nothing else is tried then), else
    /// `soffice` or `libreoffice` on the `PATH`, else where the installers put it.
    ///
    /// # Errors
    /// `Usage` with `INSTALL_HINT` when it is not found.
    pub fn find() -> Result<Converter> {
        if let Some(given) = std::env::var_os("YUSUAN_SOFFICE") {
            let program = PathBuf::from(given);
            return if program.is_file() {
                Ok(Converter { program })
            } else {
                Err(Error::Usage(format!(
                    "{INSTALL_HINT}（YUSUAN_SOFFICE={} 不存在）",
                    program.display()
                )))
            };
        }
        let names: &[&str] = if cfg!(windows) {
            &["soffice.exe", "soffice.com"]
        } else {
            &["soffice", "libreoffice"]
        };
        let on_path = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut places: Vec<PathBuf> = on_path
            .iter()
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .collect();
        places.extend(
            [
                "/usr/bin/soffice",
                "/usr/lib/libreoffice/program/soffice",
                "/opt/libreoffice/program/soffice",
                "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                r"C:\Program Files\LibreOffice\program\soffice.exe",
                r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
            ]
            .map(PathBuf::from),
        );
        places
            .into_iter()
            .find(|p| p.is_file())
            .map(|program| Converter { program })
            .ok_or_else(|| Error::Usage(INSTALL_HINT.into()))
    }

    /// Converts each file to PDF in one LibreOffice run; the PDFs come back in input order.
    ///
    /// # Errors
    /// `Io` for the temporary folder; `Usage` when LibreOffice fails, times out or writes no
    /// PDF (with what it printed).
    pub fn convert(&self, inputs: &[Input]) -> Result<Vec<Vec<u8>>> {
        let dir = tempfile::Builder::new()
            .prefix("yusuan-pdf-")
            .tempdir()
            .map_err(|e| Error::Io {
                path: std::env::temp_dir(),
                source: e,
            })?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |e| Error::Io { path, source: e }
        };
        let mut names = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let path = dir.path().join(format!("file{i}.{}", input.extension));
            std::fs::write(&path, input.bytes).map_err(io(&path))?;
            names.push(path);
        }
        let out = dir.path().join("pdf");
        let log = dir.path().join("soffice.log");
        let log_file = std::fs::File::create(&log).map_err(io(&log))?;
        let mut command = Command::new(&self.program);
        command
            .arg(format!(
                "-env:UserInstallation={}",
                file_url(&dir.path().join("profile"))
            ))
            .args([
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&out)
            .args(&names)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(io(&log))?)
            .stderr(log_file);
        let mut child = command.spawn().map_err(|e| {
            Error::Usage(format!(
                "无法启动 LibreOffice（{}）：{e} (cannot start LibreOffice)",
                self.program.display()
            ))
        })?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(Error::Usage(format!(
                        "LibreOffice 转换 PDF 超过 {} 秒未完成，已停止 (PDF conversion timed out)",
                        TIMEOUT.as_secs()
                    )));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => return Err(io(&self.program)(e)),
            }
        };
        let printed = || {
            let mut text = String::new();
            if let Ok(mut f) = std::fs::File::open(&log) {
                let _ = f.read_to_string(&mut text);
            }
            text.trim().chars().take(600).collect::<String>()
        };
        let mut pdfs = Vec::new();
        for name in &names {
            let stem = name.file_stem().unwrap_or_default();
            let pdf = out.join(stem).with_extension("pdf");
            match std::fs::read(&pdf) {
                Ok(bytes) if bytes.starts_with(b"%PDF") => pdfs.push(bytes),
                _ => {
                    return Err(Error::Usage(format!(
                        "LibreOffice 未能生成 PDF（{status}）：{} (PDF conversion failed)",
                        printed()
                    )))
                }
            }
        }
        Ok(pdfs)
    }
}

/// PDF copies of a department's two files.
#[derive(Debug, Clone)]
pub struct Pdfs {
    pub workbook: Vec<u8>,
    pub document: Vec<u8>,
}

impl Pdfs {
    /// Converts both files in one LibreOffice run.
    ///
    /// # Errors
    /// As `Converter::convert`.
    pub fn of(converter: &Converter, files: &Files) -> Result<Pdfs> {
        let mut pdfs = converter.convert(&[
            Input {
                extension: "xlsx",
                bytes: &files.workbook,
            },
            Input {
                extension: "docx",
                bytes: &files.document,
            },
        ])?;
        let document = pdfs.pop().unwrap_or_default();
        let workbook = pdfs.pop().unwrap_or_default();
        Ok(Pdfs { workbook, document })
    }

    /// `<部门名称><年度>年部门预算表.pdf`, beside the workbook.
    pub fn workbook_name(files: &Files) -> String {
        format!("{}表.pdf", files.stem)
    }

    /// `<部门名称><年度>年部门预算公开.pdf`, beside the document.
    pub fn document_name(files: &Files) -> String {
        format!("{}公开.pdf", files.stem)
    }
}

/// A path as a `file://` URL, as `-env:UserInstallation` wants it.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from(if text.starts_with('/') {
        "file://"
    } else {
        "file:///"
    });
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_escaped() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/预算")),
            "file:///tmp/a%20b/%E9%A2%84%E7%AE%97"
        );
        assert_eq!(
            file_url(Path::new(r"C:\Users\x\profile")),
            "file:///C:/Users/x/profile"
        );
    }
}

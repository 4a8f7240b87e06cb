//! `yusuan check|build A.xlsx B.xlsx DIR… [--out OUT]`: many departments at once (issue 11).
//!
//! Every workbook named or found in a folder (recursively) is one department. Departments run in
//! parallel (`--jobs`, all cores by default), each through `pipeline`, and one department's
//! failure never stops the others. Each department's profile is found in `--profile-dir` by
//! its name, and its prior-year export in `--prior-dir` by its name and year − 1. `build`
//! writes each department into `OUT/<部门名称>/` with its findings (`核对结果.txt`); both
//! commands end with a summary, one line per department, kept as `OUT/汇总.xlsx` and
//! `OUT/summary.json` when there is an `--out`. The exit code is the worst over all
//! departments.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rust_xlsxwriter::{Format as XlsxFormat, FormatAlign, FormatBorder, Workbook};
use serde_json::json;

use super::build::{write_outputs, Writing};
use super::output::findings_text;
use crate::catalog::Catalog;
use crate::cli::Outcome;
use crate::error::{Error, Result};
use crate::finding::{count, Severity};
use crate::pdf::{Converter, Pdfs};
use crate::pipeline::{self, BuildOptions, DocSources, Refusal};
use crate::profile::Profile;
use crate::publish::narrative::Templates;
use crate::render::safe_file_name;
use crate::validate::Settings;

/// Settings of a batch.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    /// Workbooks and folders of workbooks.
    pub inputs: Vec<PathBuf>,
    /// Where `build` writes (required) and where the summary files go.
    pub out: Option<PathBuf>,
    /// `build` (else `check`).
    pub build: bool,
    pub force: bool,
    pub draft: bool,
    /// Also write PDF copies of each department's files (LibreOffice).
    pub pdf: bool,
    pub settings: Settings,
    pub templates: Option<PathBuf>,
    pub profile_dir: Option<PathBuf>,
    pub prior_dir: Option<PathBuf>,
    /// Departments run at once; 0 means one per core.
    pub jobs: usize,
}

/// How one department ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Checked (and built) with no errors.
    Clean,
    /// Data errors (built anyway with --force / --draft, or refused).
    Errors,
    /// The workbook could not be read.
    Failed,
}

/// One line of the summary.
#[derive(Debug, Clone)]
struct Row {
    input: PathBuf,
    department: String,
    year: Option<i32>,
    status: Status,
    errors: usize,
    warnings: usize,
    /// What was written, or why not.
    outputs: Vec<PathBuf>,
    note: String,
    profile: Option<PathBuf>,
    prior: Option<PathBuf>,
    /// The department's folder name (its name, safe as a file name) and the folder its files
    /// were written to while the batch ran, until `place_folders` moves them.
    folder: Option<String>,
    staged: Option<PathBuf>,
}

/// Runs a batch.
///
/// # Errors
/// `Usage` when no workbook is found or `build` has no `--out`; errors reading `--profile-dir`,
/// `--prior-dir` or the templates; `Io` writing the summary. A department's own errors never
/// end the batch: they are its summary line.
pub fn run(cfg: &BatchConfig, catalog: &Catalog) -> Result<Outcome> {
    let out = cfg.out.as_deref();
    let inputs = workbooks(&cfg.inputs, out)?;
    if inputs.is_empty() {
        return Err(Error::Usage(
            "没有找到任何工作簿（.xlsx、.xls、.ods）".into(),
        ));
    }
    let templates = match &cfg.templates {
        Some(dir) => Templates::load(dir)?,
        None => Templates::builtin(),
    };
    // Without LibreOffice `--pdf` cannot be honoured: say so before any department runs.
    let converter = (cfg.build && cfg.pdf).then(Converter::find).transpose()?;
    let profiles = match &cfg.profile_dir {
        Some(dir) => profiles_in(dir)?,
        None => BTreeMap::new(),
    };
    let jobs = match cfg.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let priors = match &cfg.prior_dir {
        Some(dir) => priors_in(dir, catalog, jobs)?,
        None => BTreeMap::new(),
    };
    let jobs = jobs.min(inputs.len());
    let progress = Progress::new(inputs.len());

    let shared = Shared {
        cfg,
        templates,
        profiles,
        priors,
        catalog,
        converter,
    };
    let mut rows = parallel_map(&inputs, jobs, |i, input| {
        let row = department(i, input, &shared);
        progress.done(&row);
        row
    });
    sync_staged(out, &mut rows);
    place_folders(&mut rows);
    progress.finish();
    let text = summary_text(&rows, cfg);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
    if let Some(out) = out {
        std::fs::create_dir_all(out).map_err(|e| Error::Io {
            path: out.to_path_buf(),
            source: e,
        })?;
        let json = serde_json::to_string_pretty(&summary_json(&rows)).expect("plain JSON");
        super::build::write_atomically(&out.join("summary.json"), format!("{json}\n").as_bytes())?;
        let book = summary_workbook(&rows, cfg.build)
            .map_err(|e| Error::Usage(format!("生成汇总表失败 (xlsx): {e}")))?;
        super::build::write_atomically(&out.join("汇总.xlsx"), &book)?;
    }
    let worst = rows.iter().map(|r| &r.status).max().cloned();
    match worst {
        Some(Status::Failed) => Err(Error::Usage(format!(
            "{} 个工作簿无法读取（见上表）",
            rows.iter().filter(|r| r.status == Status::Failed).count()
        ))),
        Some(Status::Errors) => Ok(Outcome::DataErrors),
        _ => Ok(Outcome::Clean),
    }
}

/// Every workbook under the inputs, in a stable order; folders are walked recursively. Office's
/// lock files (`~$…`), hidden files and anything under the output folder are skipped.
fn workbooks(inputs: &[PathBuf], out: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, out, &mut found, &["xlsx", "xls", "ods"])?;
        } else {
            // A named file is taken as it is: the reader reports what it is not.
            found.push(input.clone());
        }
    }
    Ok(found)
}

fn walk(dir: &Path, skip: Option<&Path>, found: &mut Vec<PathBuf>, exts: &[&str]) -> Result<()> {
    let io = |e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if skip.is_some_and(|s| same_place(s, &path)) {
            continue;
        }
        if path.is_dir() {
            walk(&path, skip, found, exts)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
        {
            found.push(path);
        }
    }
    Ok(())
}

fn same_place(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Profiles by department name: the profile's `name`, else its file stem.
fn profiles_in(dir: &Path) -> Result<BTreeMap<String, (PathBuf, Profile)>> {
    let mut files = Vec::new();
    walk(dir, None, &mut files, &["toml"])?;
    let mut by_name = BTreeMap::new();
    for path in files {
        let profile = Profile::load(&path)?;
        let name = profile
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_default();
        by_name.entry(name).or_insert((path, profile));
    }
    Ok(by_name)
}

/// Prior-year exports by department name and year, read on `jobs` threads (a bureau's folder
/// of last year's exports is as large as this year's). One that cannot be read is left out
/// (the department it was meant for reports that no prior export matched); where two name the
/// same department and year, the first in path order is kept.
fn priors_in(
    dir: &Path,
    catalog: &Catalog,
    jobs: usize,
) -> Result<BTreeMap<(String, i32), PathBuf>> {
    let mut files = Vec::new();
    walk(dir, None, &mut files, &["xlsx", "xls", "ods"])?;
    let keys = parallel_map(&files, jobs.min(files.len()), |_, path| {
        let budget = crate::read::read_budget(path, catalog).ok()?.budget;
        Some((budget.department.trim().to_string(), budget.year?))
    });
    let mut by_key = BTreeMap::new();
    for (path, key) in files.into_iter().zip(keys) {
        if let Some(key) = key {
            by_key.entry(key).or_insert(path);
        }
    }
    Ok(by_key)
}

/// Makes the staged files durable before `place_folders` moves them over earlier ones. A
/// department whose files cannot be synced fails (its folder is not placed).
fn sync_staged(out: Option<&Path>, rows: &mut [Row]) {
    let staged: Vec<PathBuf> = rows.iter().filter_map(|r| r.staged.clone()).collect();
    let (Some(out), false) = (out, staged.is_empty()) else {
        return;
    };
    if let Err(e) = super::build::sync_all_under(out, &staged) {
        for row in rows.iter_mut().filter(|r| r.staged.is_some()) {
            row.status = Status::Failed;
            row.note = e.to_string();
            row.staged = None;
        }
    }
}

/// Moves each department's files from the folder they were written to into
/// `OUT/<部门名称>/`. Two inputs of one department (an export and its correction) each get a
/// folder: the first by input order keeps the plain name, the next adds its file's name.
/// Names are claimed in input order after all departments ran, so the folders do not depend
/// on which thread finished first, and no workbook is read twice to learn its name.
fn place_folders(rows: &mut [Row]) {
    let mut taken = std::collections::BTreeSet::new();
    for row in rows {
        let (Some(name), Some(staged)) = (row.folder.clone(), row.staged.take()) else {
            continue;
        };
        let name = if taken.insert(name.clone()) {
            name
        } else {
            let stem = row
                .input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            let named = format!("{name}（{}）", safe_file_name(&stem.unwrap_or_default()));
            taken.insert(named.clone());
            named
        };
        let Some(out) = staged.parent() else { continue };
        let dir = out.join(&name);
        if let Err(e) = move_into(&staged, &dir) {
            row.status = Status::Failed;
            row.note = e.to_string();
            continue;
        }
        for p in &mut row.outputs {
            if let Some(file) = p.file_name() {
                *p = dir.join(file);
            }
        }
    }
}

/// Moves every file of `from` into `to` (replacing files of the same name, as a build over an
/// earlier one does), then removes `from`. Where `to` does not exist yet, the folder itself is
/// renamed: one call instead of one per file.
fn move_into(from: &Path, to: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| Error::Io { path, source: e }
    };
    let absent =
        matches!(std::fs::symlink_metadata(to), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    if absent && std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let target = to.join(entry.file_name());
        if target.is_file() {
            std::fs::remove_file(&target).map_err(io(&target))?;
        }
        std::fs::rename(entry.path(), &target).map_err(io(&target))?;
    }
    std::fs::remove_dir(from).map_err(io(from))
}

/// `f` over the items on `jobs` threads, results in the items' order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(i, item);
                results.lock().expect("no panics hold it")[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .expect("no panics hold it")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

/// What every department of a batch shares.
struct Shared<'a> {
    cfg: &'a BatchConfig,
    templates: Templates,
    profiles: BTreeMap<String, (PathBuf, Profile)>,
    priors: BTreeMap<(String, i32), PathBuf>,
    catalog: &'a Catalog,
    converter: Option<Converter>,
}

/// Checks (and builds) one department, the `index`-th input; whatever happens becomes its
/// summary line.
fn department(index: usize, input: &Path, shared: &Shared) -> Row {
    let mut row = Row {
        input: input.to_path_buf(),
        department: String::new(),
        year: None,
        status: Status::Failed,
        errors: 0,
        warnings: 0,
        outputs: Vec::new(),
        note: String::new(),
        profile: None,
        prior: None,
        folder: None,
        staged: None,
    };
    if let Err(e) = run_department(&mut row, index, shared) {
        row.status = Status::Failed;
        row.note = e.to_string();
    }
    row
}

fn run_department(row: &mut Row, index: usize, shared: &Shared) -> Result<()> {
    let Shared {
        cfg,
        templates,
        profiles,
        priors,
        catalog,
        converter,
    } = shared;
    let catalog: &Catalog = catalog;
    let book = pipeline::load(&row.input)?;
    let checked = pipeline::check(&book, catalog, &cfg.settings)?;
    let department = checked.budget.department.trim().to_string();
    row.department = department.clone();
    row.year = checked.budget.year;
    let mut doc = DocSources {
        templates: templates.clone(),
        ..Default::default()
    };
    if cfg.profile_dir.is_some() {
        doc.profile = profiles.get(&department).cloned();
        row.profile = doc.profile.as_ref().map(|(p, _)| p.clone());
    }
    if cfg.prior_dir.is_some() {
        if let Some(year) = row.year {
            if let Some(path) = priors.get(&(department.clone(), year - 1)) {
                doc.prior = Some(pipeline::load(path)?);
                row.prior = Some(path.clone());
            }
        }
    }
    let mut unmatched = Vec::new();
    if cfg.profile_dir.is_some() && row.profile.is_none() {
        unmatched.push("未找到部门资料");
    }
    if cfg.prior_dir.is_some() && row.prior.is_none() {
        unmatched.push("未找到上年导出表");
    }
    let findings = if cfg.build {
        let options = BuildOptions {
            settings: cfg.settings.clone(),
            force: cfg.force,
            draft: cfg.draft,
        };
        let built = pipeline::build_checked(checked, &doc, catalog, &options)?;
        row.department = built.publication.department.clone();
        row.folder = Some(safe_file_name(&department));
        {
            // Written under a name of its own; `place_folders` gives it the department's.
            let dir = cfg
                .out
                .as_deref()
                .unwrap_or(Path::new("."))
                .join(format!(".yusuan-{index}"));
            if dir.is_dir() {
                // Left by a batch that was stopped: ours, never a user's folder.
                std::fs::remove_dir_all(&dir).map_err(|e| Error::Io {
                    path: dir.clone(),
                    source: e,
                })?;
            }
            row.staged = Some(dir.clone());
            match &built.files {
                Ok(files) => {
                    let pdfs = match converter {
                        Some(c) => Some(Pdfs::of(c, files)?),
                        None => None,
                    };
                    row.outputs = write_outputs(&dir, files, pdfs.as_ref(), Writing::Staged)?;
                }
                Err(Refusal::TableErrors(n)) => row.note = format!("数据有 {n} 个错误，未生成"),
                Err(Refusal::DocGaps(n)) => row.note = format!("部门资料缺 {n} 项，未生成"),
            }
            std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
                path: dir.clone(),
                source: e,
            })?;
            let report = findings_text(&row.input, &built.findings, false);
            Writing::Staged.write(&dir.join("核对结果.txt"), report.as_bytes())?;
        }
        built.findings
    } else {
        let mut checked = checked;
        pipeline::add_doc_findings(&mut checked, &doc, catalog, &cfg.settings)?;
        checked.findings
    };
    row.errors = count(&findings, Severity::Error);
    row.warnings = count(&findings, Severity::Warning);
    row.status = if row.errors > 0 {
        Status::Errors
    } else {
        Status::Clean
    };
    if !unmatched.is_empty() {
        let joined = unmatched.join("、");
        row.note = if row.note.is_empty() {
            joined
        } else {
            format!("{}；{joined}", row.note)
        };
    }
    Ok(())
}

/// A bar on a terminal, a line per department otherwise.
struct Progress {
    total: usize,
    done: AtomicUsize,
    terminal: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn done(&self, row: &Row) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let mut err = std::io::stderr().lock();
        let name = if row.department.is_empty() {
            row.input.display().to_string()
        } else {
            row.department.clone()
        };
        if self.terminal {
            let width = 30;
            let filled = n * width / self.total;
            let _ = write!(
                err,
                "\r\x1b[2K[{}{}] {n}/{} {name}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        } else {
            let _ = writeln!(
                err,
                "[{n}/{}] {} {name}",
                self.total,
                status_label(&row.status)
            );
        }
    }

    fn finish(&self) {
        if self.terminal {
            let _ = writeln!(std::io::stderr().lock());
        }
    }
}

fn status_label(status: &Status) -> &'static str {
    match status {
        Status::Clean => "通过",
        Status::Errors => "有错误",
        Status::Failed => "无法读取",
    }
}

/// The summary for people: a line per department, then the totals.
fn summary_text(rows: &[Row], cfg: &BatchConfig) -> String {
    let mut out = String::from("汇总\n");
    for row in rows {
        let name = if row.department.is_empty() {
            "—".to_string()
        } else {
            row.department.clone()
        };
        let mut line = format!(
            "  {} {name}（{}）：{} 个错误，{} 个警告",
            status_label(&row.status),
            row.input.display(),
            row.errors,
            row.warnings
        );
        if cfg.build && !row.outputs.is_empty() {
            line.push_str(&format!("，已生成 {} 个文件", row.outputs.len()));
        }
        if !row.note.is_empty() {
            line.push_str(&format!("；{}", row.note));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let by = |s: Status| rows.iter().filter(|r| r.status == s).count();
    out.push_str(&format!(
        "共 {} 个部门：{} 个通过，{} 个有错误，{} 个无法读取；错误 {} 个，警告 {} 个\n",
        rows.len(),
        by(Status::Clean),
        by(Status::Errors),
        by(Status::Failed),
        rows.iter().map(|r| r.errors).sum::<usize>(),
        rows.iter().map(|r| r.warnings).sum::<usize>(),
    ));
    if let Some(out_dir) = &cfg.out {
        out.push_str(&format!(
            "汇总已写入 {} 和 {}\n",
            out_dir.join("汇总.xlsx").display(),
            out_dir.join("summary.json").display()
        ));
    }
    out
}

fn summary_json(rows: &[Row]) -> serde_json::Value {
    let list: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "input": r.input.display().to_string(),
                "department": r.department,
                "year": r.year,
                "status": match r.status {
                    Status::Clean => "clean",
                    Status::Errors => "errors",
                    Status::Failed => "failed",
                },
                "errors": r.errors,
                "warnings": r.warnings,
                "outputs": r.outputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "profile": r.profile.as_ref().map(|p| p.display().to_string()),
                "prior": r.prior.as_ref().map(|p| p.display().to_string()),
                "note": r.note,
            })
        })
        .collect();
    let by = |s: Status| rows.iter().filter(|r| r.status == s).count();
    json!({
        "departments": list,
        "totals": {
            "departments": rows.len(),
            "clean": by(Status::Clean),
            "errors": by(Status::Errors),
            "failed": by(Status::Failed),
            "error_findings": rows.iter().map(|r| r.errors).sum::<usize>(),
            "warning_findings": rows.iter().map(|r| r.warnings).sum::<usize>(),
        },
    })
}

/// 汇总.xlsx: the summary as a formatted sheet a bureau can file.
fn summary_workbook(
    rows: &[Row],
    build: bool,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    // Stamped like the departments' own workbooks (SOURCE_DATE_EPOCH, else 1 January of the
    // latest year in the batch), so the same batch gives the same bytes.
    let year = rows.iter().filter_map(|r| r.year).max().unwrap_or(2000);
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&pipeline::creation_time(year)),
    );
    let ws = wb.add_worksheet();
    ws.set_name("汇总")?;
    let base = XlsxFormat::new().set_font_name("宋体").set_font_size(10);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    let header = cell.clone().set_bold().set_align(FormatAlign::Center);
    let number = cell.clone().set_align(FormatAlign::Right);
    let title = XlsxFormat::new()
        .set_font_name("黑体")
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let heads = [
        "序号",
        "部门名称",
        "年度",
        "结果",
        "错误",
        "警告",
        "生成文件",
        "说明",
        "导出表",
    ];
    let widths = [6.0, 34.0, 7.0, 9.0, 6.0, 6.0, 9.0, 40.0, 40.0];
    ws.merge_range(
        0,
        0,
        0,
        heads.len() as u16 - 1,
        if build {
            "部门预算公开生成汇总"
        } else {
            "部门预算核对汇总"
        },
        &title,
    )?;
    ws.set_row_height(0, 30)?;
    for (c, (h, w)) in heads.iter().zip(widths).enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, w)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &number)?;
        ws.write_string_with_format(row, 1, &r.department, &cell)?;
        match r.year {
            Some(y) => ws.write_number_with_format(row, 2, f64::from(y), &number)?,
            None => ws.write_blank(row, 2, &cell)?,
        };
        ws.write_string_with_format(row, 3, status_label(&r.status), &cell)?;
        ws.write_number_with_format(row, 4, r.errors as f64, &number)?;
        ws.write_number_with_format(row, 5, r.warnings as f64, &number)?;
        ws.write_number_with_format(row, 6, r.outputs.len() as f64, &number)?;
        ws.write_string_with_format(row, 7, &r.note, &cell)?;
        ws.write_string_with_format(row, 8, r.input.display().to_string(), &cell)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(1, 1)?;
    ws.set_footer("&C第 &P 页 共 &N 页");
    ws.set_freeze_panes(2, 0)?;
    wb.save_to_buffer()
}

//! The handlers: the page's three assets, and the API (documented in README, "网页").
//!
//! `check` answers exactly what `yusuan check --format json` prints, with the uploaded file's
//! name as `file`; `build` answers the files made (each a URL) with the same findings, the
//! explanation and the build report. A file the reader cannot open is answered with the
//! command line's own message.

use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::upload::{self, Upload};
use super::{profile_form, store, ApiError, App};
use crate::cmd::build::report;
use crate::cmd::output::findings_json;
use crate::error::Error;
use crate::model::TableId;
use crate::pdf::Pdfs;
use crate::pipeline::{self, BuildOptions, DocSources, Refusal, Workbook};
use crate::profile::Profile;
use crate::publish::narrative::Templates;
use crate::render::doc::Block;

const PAGE: &str = include_str!("page.html");
const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF: &str = "application/pdf";

pub async fn page() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE)
}

pub async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

pub async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "没有这个页面 (not found)")
}

/// What the page shows before anything is uploaded.
pub async fn info(State(app): State<Arc<App>>) -> Json<Value> {
    let tables: Vec<Value> = TableId::ALL
        .into_iter()
        .map(|id| json!({"table": id.key(), "sheet": id.to_string(), "title": id.title()}))
        .collect();
    Json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "pdf": app.pdf.is_some(),
        "pdf_hint": if app.pdf.is_some() { None } else { Some(crate::pdf::INSTALL_HINT) },
        "limits": {
            "workbook_bytes": crate::read::limits::MAX_FILE_BYTES,
            "profile_bytes": upload::MAX_PROFILE_BYTES,
        },
        "keep_minutes": store::TTL.as_secs() / 60,
        "tables": tables,
    }))
}

/// `POST /api/check`: the findings, as `check --format json` prints them.
pub async fn check(State(app): State<Arc<App>>, request: Request) -> Result<Json<Value>, ApiError> {
    let upload = read_upload(&app, request).await?;
    let answer = run(&app, move |app| {
        let doc = sources(&upload, &app.templates)?;
        let book = workbook(upload.workbook);
        let checked = pipeline::check_all(&book, &doc, &app.catalog, &app.settings)?;
        Ok(findings_json(&book.path, &checked.findings))
    })
    .await?;
    Ok(Json(answer))
}

/// `POST /api/build`: check, build, keep the files; answer where to download them.
pub async fn build(State(app): State<Arc<App>>, request: Request) -> Result<Json<Value>, ApiError> {
    let upload = read_upload(&app, request).await?;
    let answer = run(&app, move |app| {
        let converter = match (upload.pdf, &app.pdf) {
            (false, _) => None,
            (true, Some(c)) => Some(c),
            (true, None) => return Err(Error::Usage(crate::pdf::INSTALL_HINT.into()).into()),
        };
        let doc = sources(&upload, &app.templates)?;
        let options = BuildOptions {
            settings: app.settings.clone(),
            force: false,
            draft: upload.draft,
        };
        let book = workbook(upload.workbook);
        let built = pipeline::build(&book, &doc, &app.catalog, &options)?;
        let mut made = Vec::new();
        let refused = match &built.files {
            Ok(files) => {
                made.push((files.workbook_name(), XLSX, files.workbook.clone()));
                made.push((files.document_name(), DOCX, files.document.clone()));
                if let Some(c) = converter {
                    let pdfs = Pdfs::of(c, files)?;
                    made.push((Pdfs::workbook_name(files), PDF, pdfs.workbook));
                    made.push((Pdfs::document_name(files), PDF, pdfs.document));
                }
                None
            }
            Err(Refusal::TableErrors(n)) => Some(format!(
                "数据有 {n} 个错误，未生成文件。请在导出表中改正后重新选择文件。"
            )),
            Err(Refusal::DocGaps(n)) => Some(format!(
                "部门资料缺 {n} 项，未生成文件。请补充部门资料后重试，或选择“生成草稿”（draft）生成标有【待填写】的草稿。"
            )),
        };
        let mut files = Vec::new();
        for (name, mime, bytes) in made {
            let size = bytes.len();
            let id = app
                .store
                .put(name.clone(), mime, Bytes::from(bytes))
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "系统无法生成随机编号 (no randomness)",
                    )
                })?;
            files.push(json!({"name": name, "url": format!("/api/files/{id}"), "size": size}));
        }
        let units: Vec<Value> = built
            .budget
            .units
            .iter()
            .map(|u| json!({"code": u.code, "name": u.name}))
            .collect();
        Ok(json!({
            "department": built.publication.department,
            "year": built.publication.year,
            "units": units,
            "files": files,
            "refused": refused,
            "findings": findings_json(&book.path, &built.findings),
            "explanation": blocks_json(&built.explanation),
            "report": report(&built.publication, &[], &built.budget.missing()),
        }))
    })
    .await?;
    Ok(Json(answer))
}

/// `GET /api/files/{id}`: a built file, under its own name.
pub async fn file(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(stored) = app.store.get(&id) else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            format!(
                "文件不存在或已过期（生成的文件保留 {} 分钟），请重新生成 (no such file, or it expired)",
                store::TTL.as_secs() / 60
            ),
        )
        .into_response();
    };
    let disposition = content_disposition(&stored.name);
    (
        [
            (header::CONTENT_TYPE, stored.mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from(stored.bytes),
    )
        .into_response()
}

/// `POST /api/profile`: the form (JSON) → the profile TOML, as a download.
pub async fn profile(body: Bytes) -> Result<Response, ApiError> {
    let form: profile_form::Form = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("部门资料表单无法读取 (malformed form JSON): {e}"),
        )
    })?;
    let text = profile_form::to_toml(&form)
        .map_err(|message| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                content_disposition("部门资料.toml"),
            ),
        ],
        text,
    )
        .into_response())
}

/// `POST /api/profile/form`: a profile file (TOML) → the form's JSON, to edit it on the page.
pub async fn profile_form(body: Bytes) -> Result<Json<profile_form::Form>, ApiError> {
    let name = Path::new("部门资料.toml");
    let text = std::str::from_utf8(&body).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "部门资料文件不是 UTF-8 文本，请用记事本“另存为”UTF-8 编码后再试 (the profile is not UTF-8)",
        )
    })?;
    let profile = Profile::parse(text, name)?;
    Ok(Json(profile_form::from_profile(&profile)))
}

impl From<Error> for ApiError {
    /// The command line's message; 413 for a file past the reader's limits, else 422.
    fn from(e: Error) -> ApiError {
        let status = match e {
            Error::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(status, e.to_string())
    }
}

/// Reads an upload when one of the `App::uploads` permits is free, so that memory stays bounded
/// however many arrive at once.
async fn read_upload(app: &App, request: Request) -> Result<Upload, ApiError> {
    let _reading = app.uploads.acquire().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "服务正在停止 (shutting down)",
        )
    })?;
    upload::read(request).await
}

/// Runs pipeline work on a blocking thread, when one of the `App::work` permits is free. The
/// permit goes with the work, so a client that hangs up does not free it early.
async fn run<T, F>(app: &Arc<App>, job: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
{
    let permit = app.work.clone().acquire_owned().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "服务正在停止 (shutting down)",
        )
    })?;
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let answer = job(&app);
        drop(permit);
        answer
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部错误：处理此文件时程序出错，请报告此问题 (internal error)",
        )
    })?
}

fn workbook(named: upload::Named) -> Workbook {
    Workbook {
        path: named.name,
        bytes: named.bytes,
    }
}

/// The explanation's inputs from the upload, as `DocInputs::load` reads them from files.
fn sources(upload: &Upload, templates: &Templates) -> Result<DocSources, Error> {
    let profile = match &upload.profile {
        Some(p) => {
            let text = std::str::from_utf8(&p.bytes).map_err(|_| {
                Error::Usage(format!(
                    "{}: 部门资料文件不是 UTF-8 文本，请用记事本“另存为”UTF-8 编码后再试 (the profile is not UTF-8)",
                    p.name.display()
                ))
            })?;
            Some((p.name.clone(), Profile::parse(text, &p.name)?))
        }
        None => None,
    };
    Ok(DocSources {
        profile,
        prior: upload.prior.clone().map(workbook),
        templates: templates.clone(),
    })
}

/// The explanation as `[{"kind": "heading1", "text": "一、…"}, …]`.
fn blocks_json(blocks: &[Block]) -> Value {
    let list: Vec<Value> = blocks
        .iter()
        .map(|b| {
            let (kind, text) = match b {
                Block::Title(t) => ("title", t),
                Block::Subtitle(t) => ("subtitle", t),
                Block::Part(t) => ("part", t),
                Block::Heading1(t) => ("heading1", t),
                Block::Heading2(t) => ("heading2", t),
                Block::Heading3(t) => ("heading3", t),
                Block::Paragraph(t) => ("paragraph", t),
                Block::Gap(t) => ("gap", t),
            };
            json!({"kind": kind, "text": text})
        })
        .collect();
    Value::Array(list)
}

/// `attachment` under the file's own (Chinese) name, with a plain fallback for old clients.
fn content_disposition(name: &str) -> String {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("bin");
    let mut encoded = String::new();
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(b as char)
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    format!("attachment; filename=\"yusuan.{extension}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_keep_their_chinese_names() {
        assert_eq!(
            content_disposition("预算.xlsx"),
            "attachment; filename=\"yusuan.xlsx\"; filename*=UTF-8''%E9%A2%84%E7%AE%97.xlsx"
        );
    }
}

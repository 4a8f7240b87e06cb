//! Reading an upload: the request body, within a size limit, and its multipart fields
//! (`workbook`, optional `profile` and `prior`, and the switches `draft` and `pdf`).
//!
//! Everything stays in memory: the pipeline takes bytes, so no upload is written to disk and the
//! file names people send only name their files in messages.
//!
//! A body over the limit is still read to its end (up to `DRAIN_BYTES`) before the answer: a
//! server that answers while the browser is still sending makes the browser see a reset
//! connection instead of the message saying the file is too large.

use std::path::PathBuf;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

use super::ApiError;
use crate::read::limits::MAX_FILE_BYTES;

/// The most a profile may have (a real one has a few KB).
pub const MAX_PROFILE_BYTES: usize = 1 << 20;

/// The most one request may carry: a workbook and last year's, a profile, and the form.
pub const MAX_BODY_BYTES: usize = 2 * MAX_FILE_BYTES as usize + MAX_PROFILE_BYTES + (1 << 20);

/// How much of an over-large body is read and dropped so that its sender can see the answer;
/// past this the connection is closed.
const DRAIN_BYTES: u64 = 256 << 20;

/// A file sent in a field: the name it was sent under (for messages only) and its bytes.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: PathBuf,
    pub bytes: Vec<u8>,
}

/// What a `check` or `build` request sends.
#[derive(Debug, Clone)]
pub struct Upload {
    pub workbook: Named,
    pub profile: Option<Named>,
    pub prior: Option<Named>,
    /// Write the document even when the profile lacks inputs (`build --draft`).
    pub draft: bool,
    /// Also make PDF copies (`build --pdf`).
    pub pdf: bool,
}

/// The message when a request is larger than `MAX_BODY_BYTES`.
pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "上传的文件太大：导出表不能超过 {} MB，部门资料不能超过 {} MB（预算表导出文件通常只有几十到几百 KB）。 \
             (upload too large: at most {} MB per workbook)",
            MAX_FILE_BYTES >> 20,
            MAX_PROFILE_BYTES >> 20,
            MAX_FILE_BYTES >> 20
        ),
    )
}

/// Reads the request's form.
///
/// # Errors
/// 413 past the size limits (the workbook's with the reader's own message), 400 for a request
/// that is not a form or lacks `workbook`, or has a field this API does not know.
pub async fn read(request: Request) -> Result<Upload, ApiError> {
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_BYTES) {
        return Err(too_large());
    }
    let bytes = collect(body).await?;
    let request = Request::from_parts(parts, Body::from(bytes));
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "请以 multipart/form-data 表单上传，字段 workbook 为导出表 (expected a multipart form): {}",
                e.body_text()
            ),
        )
    })?;
    let mut workbook = None;
    let mut profile = None;
    let mut prior = None;
    let mut draft = false;
    let mut pdf = false;
    let bad_form = |e: axum::extract::multipart::MultipartError| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("表单无法读取 (malformed multipart form): {}", e.body_text()),
        )
    };
    while let Some(field) = form.next_field().await.map_err(bad_form)? {
        let key = field.name().unwrap_or_default().to_string();
        let name = field.file_name().map(display_name);
        let value = field.bytes().await.map_err(bad_form)?;
        match key.as_str() {
            "workbook" | "prior" => {
                let name = name.unwrap_or_else(|| format!("{key}.xlsx").into());
                if value.len() as u64 > MAX_FILE_BYTES {
                    // The reader's own message, as the command line gives it.
                    let e = crate::Error::TooLarge {
                        path: name,
                        detail: format!(
                            "文件有 {} MB，超过上限 {} MB",
                            value.len() >> 20,
                            MAX_FILE_BYTES >> 20
                        ),
                    };
                    return Err(ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        e.to_string(),
                    ));
                }
                if value.is_empty() && name.as_os_str().is_empty() {
                    continue; // a form's file input left empty
                }
                let named = Some(Named {
                    name,
                    bytes: value.to_vec(),
                });
                if key == "workbook" {
                    workbook = named;
                } else {
                    prior = named;
                }
            }
            "profile" => {
                if value.len() > MAX_PROFILE_BYTES {
                    return Err(too_large());
                }
                if value.is_empty() {
                    continue;
                }
                profile = Some(Named {
                    name: name.unwrap_or_else(|| "部门资料.toml".into()),
                    bytes: value.to_vec(),
                });
            }
            "draft" => draft = is_on(&value),
            "pdf" => pdf = is_on(&value),
            other => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "不认识的字段“{other}”（可用：workbook、profile、prior、draft、pdf） (unknown field)"
                    ),
                ))
            }
        }
    }
    let workbook = workbook.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "请选择导出的预算表工作簿（字段 workbook） (the field `workbook` is missing)",
        )
    })?;
    Ok(Upload {
        workbook,
        profile,
        prior,
        draft,
        pdf,
    })
}

/// The body's bytes, at most `MAX_BODY_BYTES`; an over-large body is read to its end (up to
/// `DRAIN_BYTES`) and dropped.
async fn collect(body: Body) -> Result<Bytes, ApiError> {
    let mut body = std::pin::pin!(body);
    let mut kept: Vec<u8> = Vec::new();
    let mut seen: u64 = 0;
    loop {
        let frame = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await;
        let data = match frame {
            None => break,
            Some(Err(e)) => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("上传中断，请重试 (the upload broke off): {e}"),
                ))
            }
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
        };
        seen += data.len() as u64;
        if seen > MAX_BODY_BYTES as u64 {
            kept = Vec::new();
            if seen > DRAIN_BYTES {
                break;
            }
        } else {
            kept.extend_from_slice(&data);
        }
    }
    if seen > MAX_BODY_BYTES as u64 {
        return Err(too_large());
    }
    Ok(Bytes::from(kept))
}

/// The last component of a name a browser or script sent, without control characters: it
/// names the file in messages and nothing else.
fn display_name(sent: &str) -> PathBuf {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    PathBuf::from(clean.trim())
}

/// A form switch: `1`, `true`, `on` or `yes`.
fn is_on(value: &[u8]) -> bool {
    matches!(
        std::str::from_utf8(value).map(|s| s.trim().to_ascii_lowercase()),
        Ok(s) if ["1", "true", "on", "yes"].contains(&s.as_str())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_names_lose_their_folders_and_control_characters() {
        assert_eq!(display_name("../../etc/passwd"), PathBuf::from("passwd"));
        assert_eq!(
            display_name(r"C:\Users\会计\预算.xlsx"),
            PathBuf::from("预算.xlsx")
        );
        assert_eq!(display_name("a\nb.xlsx"), PathBuf::from("ab.xlsx"));
    }

    #[test]
    fn switches() {
        assert!(is_on(b"1") && is_on(b"on") && is_on(b"true"));
        assert!(!is_on(b"0") && !is_on(b"") && !is_on(b"off"));
    }
}

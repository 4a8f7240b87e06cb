//! The web page of `yusuan serve` (issue 12) and the JSON API it talks to, as an axum router.
//!
//! ```text
//! GET  /                 the page (Chinese; its CSS and script are inside the binary)
//! GET  /api/info         what the page needs to know: tables, limits, whether PDF is possible
//! POST /api/check        multipart workbook [+ profile, prior] → the JSON of `check --format json`
//! POST /api/build        the same, + draft, pdf → {"files": [{"name", "url"}], "findings": …, …}
//! GET  /api/files/{id}   a built file (held in memory under a random id, `store`)
//! POST /api/profile      the profile form (JSON) → the profile TOML
//! POST /api/profile/form a profile TOML → the form (JSON), to edit last year's on the page
//! ```
//!
//! The work itself is `pipeline`'s, run on tokio's blocking threads, a few at a time
//! (`App::work`), so that the server stays responsive and its memory bounded however many
//! clerks upload at once. Uploads stay in memory (`upload`); only the PDF conversion writes
//! files, under fixed names in a private temporary folder (`pdf`).

mod api;
mod profile_form;
mod store;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::catalog::Catalog;
use crate::pdf::Converter;
use crate::publish::narrative::Templates;
use crate::validate::Settings;

/// What every request shares.
pub struct App {
    pub catalog: Catalog,
    pub settings: Settings,
    pub templates: Templates,
    /// LibreOffice, when installed (else the page offers no PDF).
    pub pdf: Option<Converter>,
    /// The `Host` headers accepted: on loopback, only the loopback names of our own port, so a
    /// web site cannot reach the page through a DNS name of its own (DNS rebinding). `None`
    /// when listening on the network.
    pub hosts: Option<Vec<String>>,
    store: store::Store,
    /// Pipeline runs at once (each may hold a few hundred MB for a large workbook).
    work: Arc<tokio::sync::Semaphore>,
    /// Uploads read at once (each holds up to `upload::MAX_BODY_BYTES` while it is parsed).
    uploads: tokio::sync::Semaphore,
}

impl App {
    /// The application for a server listening on `addr`.
    pub fn new(
        catalog: Catalog,
        settings: Settings,
        templates: Templates,
        addr: SocketAddr,
    ) -> App {
        let hosts = addr.ip().is_loopback().then(|| {
            let port = addr.port();
            let mut hosts = vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ];
            if port == 80 {
                // Browsers leave the default port out of `Host`.
                hosts.extend(["127.0.0.1", "localhost", "[::1]"].map(String::from));
            }
            hosts
        });
        let runs = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        App {
            catalog,
            settings,
            templates,
            pdf: Converter::find().ok(),
            hosts,
            store: store::Store::default(),
            work: Arc::new(tokio::sync::Semaphore::new(runs)),
            uploads: tokio::sync::Semaphore::new(8),
        }
    }
}

/// The page, the API and the checks every request passes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(api::page))
        .route("/assets/page.css", get(api::css))
        .route("/assets/page.js", get(api::js))
        .route("/api/info", get(api::info))
        .route("/api/check", post(api::check))
        .route("/api/build", post(api::build))
        .route("/api/files/{id}", get(api::file))
        .route("/api/profile", post(api::profile))
        .route("/api/profile/form", post(api::profile_form))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(upload::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// An error answered as `{"error": "…"}`: the same words the command line prints.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

/// Refuses foreign `Host` headers, adds the security headers, and logs one line per API call
/// (method, path, status, time; never a file name).
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if let Some(hosts) = &app.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !hosts.contains(&host) {
            return ApiError::new(
                StatusCode::MISDIRECTED_REQUEST,
                "请用 yusuan serve 显示的地址打开本页 (unexpected Host header)",
            )
            .into_response();
        }
    }
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if path.starts_with("/api/") && path != "/api/info" {
        let shown = if path.starts_with("/api/files/") {
            "/api/files/…"
        } else {
            &path
        };
        eprintln!(
            "{method} {shown} → {}（{:.2} 秒）",
            response.status().as_u16(),
            started.elapsed().as_secs_f64()
        );
    }
    response
}

//! `yusuan serve`: the local web page (`crate::serve`) on a socket. Prints the address, opens
//! the browser when asked, and runs until Ctrl+C.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::cli::Outcome;
use crate::error::{Error, Result};
use crate::publish::narrative::Templates;
use crate::serve::{router, App};
use crate::validate::Settings;

/// Settings of `serve`.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen; port 0 takes any free port.
    pub addr: SocketAddr,
    /// Open the page in the default browser once listening.
    pub open: bool,
    pub settings: Settings,
    /// A directory of wording templates replacing the built-in ones.
    pub templates: Option<PathBuf>,
}

/// Runs the server until Ctrl+C.
///
/// # Errors
/// `Usage` when the address cannot be listened on (the port is taken); template errors.
pub fn run(cfg: &ServeConfig, catalog: Catalog) -> Result<Outcome> {
    let templates = match &cfg.templates {
        Some(dir) => Templates::load(dir)?,
        None => Templates::builtin(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("无法启动网页服务：{e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(cfg.addr).await.map_err(|e| {
            Error::Usage(format!(
                "无法在 {} 上启动网页：{e}（端口已被占用时，请用 --port 换一个，如 --port 8081）",
                cfg.addr
            ))
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("无法启动网页服务：{e}")))?;
        let app = Arc::new(App::new(catalog, cfg.settings.clone(), templates, addr));
        let url = page_url(addr);
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "yusuan 网页已启动：{url}");
        if addr.ip().is_unspecified() {
            let _ = writeln!(
                out,
                "注意：同一网络中的其他电脑也能打开此页面（用本机的 IP 地址代替 {}）",
                addr.ip()
            );
        }
        if app.pdf.is_none() {
            let _ = writeln!(out, "{}", crate::pdf::INSTALL_HINT);
        }
        let _ = writeln!(out, "在浏览器中打开上面的地址即可使用；按 Ctrl+C 停止。");
        let _ = out.flush();
        drop(out);
        if cfg.open {
            open_browser(&url);
        }
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Usage(format!("网页服务出错：{e}")))
    })?;
    Ok(Outcome::Clean)
}

/// The address a browser opens: a loopback or unspecified address as 127.0.0.1.
fn page_url(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    format!("http://{ip}:{}/", addr.port())
}

/// Opens the page in the default browser; says so when it cannot.
fn open_browser(url: &str) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let opened = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("无法自动打开浏览器，请手动打开 {url}");
    }
}

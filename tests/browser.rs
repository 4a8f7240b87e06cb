//! The page in a real browser (issue 12): Debian's headless Chromium, driven by chromedriver
//! over the WebDriver protocol (plain HTTP on loopback, no client crate), goes from dropping a
//! workbook on the page to the findings, then choosing the corrected one and the profile to the
//! files, and downloads one.
//!
//! Skipped, with a notice, where chromium or chromedriver is not installed; under CI (`CI`
//! set; `.ci/run` installs both) that fails instead. With `YUSUAN_SCREENSHOTS=DIR` it saves the page as PNG at each step
//! (empty, with findings, after a build) for a person to look at.

mod web;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use web::{installed, request, Server};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver and one browser session; both ended when dropped.
struct Browser {
    driver: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
}

impl Browser {
    fn start(downloads: &Path) -> Option<Browser> {
        let (Some(binary), true) = (chromium(), installed("chromedriver")) else {
            // CI installs both (.ci/run): there a missing browser is a failure, not a skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "chromium and chromedriver are not installed"
            );
            eprintln!(
                "skipped: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr = format!("127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        // The closed network: no first-run, sync, component or background traffic.
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--lang=zh-CN".into(),
            "--window-size=1280,2200".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": args,
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let answer = post(&addr, "/session", &capabilities);
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        let browser = Browser {
            driver,
            addr,
            session,
            _profile: profile,
        };
        // Headless Chromium saves downloads only when told where.
        browser.command(
            "POST",
            "/goog/cdp/execute",
            json!({"cmd": "Browser.setDownloadBehavior",
                   "params": {"behavior": "allow", "downloadPath": downloads}}),
        );
        Some(browser)
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let answer = if method == "GET" {
            web::get(&self.addr, &path)
        } else {
            request(
                &self.addr,
                method,
                &path,
                &[("Content-Type", "application/json".into())],
                serde_json::to_vec(&body).unwrap(),
            )
        };
        let json = answer.json();
        assert_eq!(answer.status, 200, "{method} {path}: {json}");
        json["value"].clone()
    }

    fn go(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    /// Runs a script in the page and returns its value.
    fn script(&self, code: &str) -> Value {
        self.command("POST", "/execute/sync", json!({"script": code, "args": []}))
    }

    fn element(&self, css: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        found[ELEMENT].as_str().unwrap().to_string()
    }

    /// Chooses a file in a file input, as a person does in the file dialog.
    fn choose(&self, css: &str, file: &Path) {
        let id = self.element(css);
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            json!({"text": file.to_str().unwrap()}),
        );
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.command("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// Waits until the script returns true.
    fn wait(&self, what: &str, code: &str) {
        let started = Instant::now();
        while self.script(code) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "waited in vain for {what}; the page says: {}",
                self.script("return document.body.innerText")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves the page as `DIR/NAME.png` when `YUSUAN_SCREENSHOTS=DIR`.
    fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("YUSUAN_SCREENSHOTS") else {
            return;
        };
        let png = self.command("GET", "/screenshot", Value::Null);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = std::panic::catch_unwind(|| request(&self.addr, "DELETE", &path, &[], Vec::new()));
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn post(addr: &str, path: &str, body: &Value) -> Value {
    request(
        addr,
        "POST",
        path,
        &[("Content-Type", "application/json".into())],
        serde_json::to_vec(body).unwrap(),
    )
    .json()
}

/// The files in the download folder once no download is in progress.
fn downloaded(dir: &Path, count: usize) -> Vec<PathBuf> {
    let started = Instant::now();
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let partial = files
            .iter()
            .any(|p| p.extension().is_some_and(|x| x == "crdownload"));
        if files.len() >= count && !partial {
            return files;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no download: {files:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_clerk_goes_from_the_export_to_the_files() {
    let downloads = tempfile::tempdir().unwrap();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let server = Server::start(&[], &[]);
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/hongqi-2024");

    browser.go(&server.url("/"));
    browser.wait(
        "the page to load",
        "return document.getElementById('version').textContent.length > 0",
    );
    let title = browser.script("return document.querySelector('h1').textContent");
    assert_eq!(title, "部门预算公开 · 核对与生成");
    browser.screenshot("1-empty");

    // Drop the export as it came from the finance system onto the page: five errors, no
    // files. (WebDriver cannot drag from the desktop; the page gets the same drop event.)
    let bytes = base64::engine::general_purpose::STANDARD
        .encode(std::fs::read(samples.join("budget.xlsx")).unwrap());
    browser.command(
        "POST",
        "/execute/sync",
        json!({"script": "
            const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], 'budget.xlsx'));
            const drop = document.getElementById('drop');
            for (const kind of ['dragenter', 'dragover', 'drop']) {
              drop.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true }));
            }", "args": [bytes]}),
    );
    browser.wait(
        "the findings",
        "return document.querySelectorAll('tr.finding').length > 0",
    );
    let refused = browser.script("return document.getElementById('refused').textContent");
    assert!(refused.as_str().unwrap().contains("5 个错误"), "{refused}");
    let headings = browser
        .script("return [...document.querySelectorAll('#findings h3')].map(h => h.textContent)");
    assert!(
        headings
            .as_array()
            .unwrap()
            .contains(&json!("预算07表 支出经济分类汇总表")),
        "{headings}"
    );
    let row = browser.script(
        "return [...document.querySelectorAll('tr.finding')]
           .map(r => r.innerText.replace(/\\s+/g, ' '))
           .find(t => t.includes('预算07表!G7')) || ''",
    );
    let row = row.as_str().unwrap();
    for part in [
        "错误",
        "SUM-007",
        "45.65",
        "50.65",
        "5.00",
        "合计 ≠ 所属各行之和",
    ] {
        assert!(row.contains(part), "{part} not in {row}");
    }
    assert_eq!(
        browser.script("return document.querySelectorAll('a.download').length"),
        json!(0)
    );
    browser.screenshot("2-findings");

    // The corrected export with the department's profile: the files.
    browser.choose("#profile", &samples.join("profile.toml"));
    browser.choose("#workbook", &samples.join("budget-corrected.xlsx"));
    // The chosen profile also fills the form, to be edited and downloaded again.
    browser.wait(
        "the form to be filled from the profile",
        "return document.querySelector('[name=duties]').value.startsWith('（一）')",
    );
    browser.wait(
        "the download links",
        "return document.querySelectorAll('a.download').length === 2",
    );
    let page = browser.script("return document.body.innerText");
    let page = page.as_str().unwrap();
    assert!(
        !page.contains("null") && !page.contains("undefined"),
        "{page}"
    );
    let explanation = browser.script("return document.getElementById('explanation').innerText");
    assert!(explanation.as_str().unwrap().contains("预算情况说明"));
    browser.script("window.scrollTo(0, 0)");
    browser.screenshot("3-built");

    browser.click("#files a.download");
    let files = downloaded(downloads.path(), 1);
    let xlsx = files
        .iter()
        .find(|p| p.to_string_lossy().ends_with("2024年部门预算表.xlsx"))
        .unwrap_or_else(|| panic!("{files:?}"));
    let bytes = std::fs::read(xlsx).unwrap();
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(calamine::Reader::sheet_names(&book).len(), 12);

    // The profile form: filled in from the export, downloaded as TOML.
    browser.script("document.getElementById('profile-details').open = true");
    let name = browser.script("return document.querySelector('[name=name]').value");
    assert_eq!(name, "中共新乡市红旗区委区直机关工作委员会");
    browser.click("#profile-download");
    let files = downloaded(downloads.path(), 2);
    let toml_file = files
        .iter()
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .unwrap_or_else(|| panic!("{files:?}"));
    let text = std::fs::read_to_string(toml_file).unwrap();
    assert!(text.contains("name = \"中共新乡市红旗区委区直机关工作委员会\""));
    assert!(text.contains("year = 2023"));
    browser.screenshot("4-profile");
}

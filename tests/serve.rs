//! `yusuan serve` over HTTP (issue 12): the real binary on a free loopback port, the sample
//! uploaded, the findings compared with `check --format json`, both files downloaded, opened
//! and compared byte for byte with what `yusuan build` writes; garbage, a 50 MB upload and
//! uploads at once leave the server running and each client with its own answer.

mod web;

use std::io::Cursor;
use std::process::Command;
use std::sync::{Arc, Barrier};

use calamine::{Reader, Xlsx};
use serde_json::{json, Value};
use web::{get, post_form, post_json, request, sample, Part, Server};

const DEPARTMENT: &str = "中共新乡市红旗区委区直机关工作委员会";

/// `yusuan ARGS` in `dir`: exit code, stdout, stderr.
fn cli(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run yusuan");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn samples_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/hongqi-2024")
}

fn upload(name: &str) -> Part<'_> {
    Part::File("workbook", name, sample(name))
}

#[test]
fn check_answers_what_check_format_json_prints() {
    let server = Server::start(&[], &[]);
    for (parts, args) in [
        (vec![upload("budget.xlsx")], vec![]),
        (
            vec![
                upload("budget-corrected.xlsx"),
                Part::File("profile", "profile.toml", sample("profile.toml")),
            ],
            vec!["--profile", "profile.toml"],
        ),
    ] {
        let Part::File(_, name, _) = &parts[0] else {
            unreachable!()
        };
        let name = name.to_string();
        let answer = post_form(&server.addr, "/api/check", parts);
        assert_eq!(answer.status, 200, "{}", answer.text());
        let mut cli_args = vec!["check", name.as_str(), "--format", "json"];
        cli_args.extend(args);
        let (_, stdout, _) = cli(&samples_dir(), &cli_args);
        let expected: Value = serde_json::from_slice(&stdout).unwrap();
        assert_eq!(answer.json(), expected, "{name}");
    }
    let answer = post_form(&server.addr, "/api/check", vec![upload("budget.xlsx")]);
    let summary = &answer.json()["summary"];
    assert_eq!(summary["errors"], 5);
}

#[test]
fn build_gives_both_files_as_yusuan_build_writes_them() {
    let server = Server::start(&[], &[]);
    let answer = post_form(
        &server.addr,
        "/api/build",
        vec![
            upload("budget-corrected.xlsx"),
            Part::File("profile", "profile.toml", sample("profile.toml")),
        ],
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let json = answer.json();
    assert_eq!(json["refused"], Value::Null);
    assert_eq!(json["department"], DEPARTMENT);
    assert_eq!(json["year"], 2024);
    assert_eq!(json["findings"]["summary"]["errors"], 0);
    assert_eq!(json["findings"]["file"], "budget-corrected.xlsx");
    let explanation = json["explanation"].as_array().unwrap();
    assert!(explanation
        .iter()
        .any(|b| b["kind"] == "part" && b["text"].as_str().unwrap().contains("第二部分")));
    assert!(explanation
        .iter()
        .all(|b| !b["text"].as_str().unwrap().contains("待填写")));

    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = cli(
        &samples_dir(),
        &[
            "build",
            "budget-corrected.xlsx",
            "--profile",
            "profile.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");

    let files = json["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            format!("{DEPARTMENT}2024年部门预算表.xlsx"),
            format!("{DEPARTMENT}2024年部门预算公开.docx")
        ]
    );
    for file in files {
        let name = file["name"].as_str().unwrap();
        let url = file["url"].as_str().unwrap();
        assert!(url.starts_with("/api/files/") && url.len() == "/api/files/".len() + 32);
        let download = get(&server.addr, url);
        assert_eq!(download.status, 200);
        assert!(download
            .header("content-disposition")
            .unwrap()
            .contains("filename*=UTF-8''%E4%B8%AD"));
        assert_eq!(download.body.len() as u64, file["size"].as_u64().unwrap());
        let written = std::fs::read(out.path().join(name)).unwrap();
        assert!(
            download.body == written,
            "{name} differs from yusuan build's"
        );
        if name.ends_with(".xlsx") {
            let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(download.body))
                .expect("the workbook opens");
            let sheets = book.sheet_names();
            assert_eq!(sheets.len(), 12, "{sheets:?}");
            let range = book.worksheet_range("预算01表").unwrap();
            assert!(range
                .cells()
                .any(|(_, _, v)| v.to_string().contains(DEPARTMENT)));
        } else {
            let mut zip = zip::ZipArchive::new(Cursor::new(download.body)).expect("a zip");
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
                .unwrap();
            assert!(xml.contains(DEPARTMENT) && xml.contains("预算情况说明"));
        }
    }
    // Unknown ids are not found, and say so.
    let missing = get(&server.addr, "/api/files/0123456789abcdef0123456789abcdef");
    assert_eq!(missing.status, 404);
    assert!(missing.json()["error"].as_str().unwrap().contains("已过期"));
}

#[test]
fn build_with_errors_makes_no_files_and_says_why() {
    let server = Server::start(&[], &[]);
    let json = post_form(&server.addr, "/api/build", vec![upload("budget.xlsx")]).json();
    assert_eq!(json["files"], json!([]));
    assert!(json["refused"].as_str().unwrap().contains("5 个错误"));
    // The five of the tables, and what the document lacks without a profile (DOC-…).
    let findings = json["findings"]["findings"].as_array().unwrap();
    let errors = |family: &str| {
        findings
            .iter()
            .filter(|f| f["severity"] == "error" && f["rule"].as_str().unwrap().starts_with(family))
            .count()
    };
    assert_eq!(errors("SUM") + errors("XREF") + errors("READ"), 5);
    assert!(errors("DOC") > 0);
    let first = &json["findings"]["findings"][0];
    assert!(first["sheet"].is_string() || first["sheet"].is_null());
    // No profile: the draft says what is missing, and is built on request.
    let json = post_form(
        &server.addr,
        "/api/build",
        vec![upload("budget-corrected.xlsx")],
    )
    .json();
    assert!(json["refused"].as_str().unwrap().contains("部门资料缺"));
    let json = post_form(
        &server.addr,
        "/api/build",
        vec![upload("budget-corrected.xlsx"), Part::Text("draft", "1")],
    )
    .json();
    assert_eq!(json["refused"], Value::Null);
    assert_eq!(json["files"].as_array().unwrap().len(), 2);
    assert!(json["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["text"].as_str().unwrap().contains("【待填写：主要职责】")));
}

#[test]
fn garbage_gets_the_command_lines_message_and_the_server_keeps_running() {
    let mut server = Server::start(&[], &[]);
    let dir = tempfile::tempdir().unwrap();
    let truncated = sample("budget.xlsx")[..2000].to_vec();
    for (name, bytes) in [
        ("garbage.xlsx", b"this is not a workbook at all".to_vec()),
        ("empty.xlsx", Vec::new()),
        ("truncated.xlsx", truncated),
        (
            "page.xls",
            b"<html><table><tr><td>1</td></tr></table></html>".to_vec(),
        ),
    ] {
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let (code, _, stderr) = cli(dir.path(), &["check", name]);
        assert_eq!(code, 2, "{name}");
        let expected = stderr.trim().trim_start_matches("yusuan: ");
        for path in ["/api/check", "/api/build"] {
            let answer = post_form(
                &server.addr,
                path,
                vec![Part::File("workbook", name, bytes.clone())],
            );
            assert_eq!(answer.status, 422, "{name}: {}", answer.text());
            assert_eq!(answer.json()["error"], expected, "{name}");
        }
    }
    // A malformed request, a missing workbook, a profile that is not TOML.
    let answer = request(&server.addr, "POST", "/api/check", &[], b"x".to_vec());
    assert_eq!(answer.status, 400);
    let answer = post_form(&server.addr, "/api/check", vec![Part::Text("draft", "1")]);
    assert_eq!(answer.status, 400);
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("workbook"));
    let answer = post_form(
        &server.addr,
        "/api/check",
        vec![
            upload("budget.xlsx"),
            Part::File("profile", "p.toml", b"name = [".to_vec()),
        ],
    );
    assert_eq!(answer.status, 422);
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("p.toml: 部门资料文件格式错误"));
    // Still serving.
    assert!(server.running());
    let answer = post_form(&server.addr, "/api/check", vec![upload("budget.xlsx")]);
    assert_eq!(answer.json()["summary"]["errors"], 5);
}

#[test]
fn large_uploads_are_refused_with_a_clear_message() {
    let mut server = Server::start(&[], &[]);
    // 50 MB: over the whole request's limit; read to its end, then refused.
    let answer = post_form(
        &server.addr,
        "/api/check",
        vec![Part::File("workbook", "big.xlsx", vec![b'x'; 50 << 20])],
    );
    assert_eq!(answer.status, 413, "{}", answer.text());
    let message = answer.json()["error"].as_str().unwrap().to_string();
    assert!(message.contains("不能超过 20 MB"), "{message}");
    // 21 MB: within the request's limit, over the reader's: the reader's own message.
    let answer = post_form(
        &server.addr,
        "/api/build",
        vec![Part::File("workbook", "big.xlsx", vec![b'x'; 21 << 20])],
    );
    assert_eq!(answer.status, 413);
    assert_eq!(
        answer.json()["error"],
        "big.xlsx: 文件超出可读取的范围，不像是预算公开表 (beyond the reader's limits): 文件有 21 MB，超过上限 20 MB"
    );
    assert!(server.running());
    assert_eq!(get(&server.addr, "/api/info").status, 200);
}

#[test]
fn uploads_at_once_each_get_their_own_answer() {
    let mut server = Server::start(&[], &[]);
    let addr = Arc::new(server.addr.clone());
    let barrier = Arc::new(Barrier::new(4));
    let jobs: Vec<(&str, Vec<Part<'static>>)> = vec![
        ("wrong", vec![upload("budget.xlsx")]),
        (
            "right",
            vec![
                upload("budget-corrected.xlsx"),
                Part::File("profile", "profile.toml", sample("profile.toml")),
            ],
        ),
        (
            "garbage",
            vec![Part::File(
                "workbook",
                "garbage.xlsx",
                b"PK\x03\x04junk".to_vec(),
            )],
        ),
        (
            "huge",
            vec![Part::File("workbook", "huge.xlsx", vec![0; 50 << 20])],
        ),
    ];
    let threads: Vec<_> = jobs
        .into_iter()
        .map(|(who, parts)| {
            let (addr, barrier) = (addr.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                (who, post_form(&addr, "/api/build", parts))
            })
        })
        .collect();
    for thread in threads {
        let (who, answer) = thread.join().unwrap();
        match who {
            "wrong" => {
                let json = answer.json();
                assert_eq!(json["findings"]["file"], "budget.xlsx");
                assert!(json["refused"].as_str().unwrap().contains("5 个错误"));
                assert_eq!(json["files"], json!([]));
            }
            "right" => {
                let json = answer.json();
                assert_eq!(json["findings"]["file"], "budget-corrected.xlsx");
                assert_eq!(json["findings"]["summary"]["errors"], 0);
                for file in json["files"].as_array().unwrap() {
                    let download = get(&addr, file["url"].as_str().unwrap());
                    assert_eq!(download.status, 200);
                    assert!(download.body.starts_with(b"PK"));
                }
            }
            "garbage" => {
                assert_eq!(answer.status, 422);
                assert!(answer.json()["error"]
                    .as_str()
                    .unwrap()
                    .starts_with("garbage.xlsx: "));
            }
            _ => assert_eq!(answer.status, 413),
        }
    }
    assert!(server.running());
}

#[test]
fn profile_form_gives_the_toml_that_build_reads() {
    let server = Server::start(&[], &[]);
    // The sample profile, as a clerk would type it into the page's form.
    let text = String::from_utf8(sample("profile.toml")).unwrap();
    let profile: toml::Table = toml::from_str(&text).unwrap();
    let strings = |v: &toml::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let section = |name: &str| -> Value {
        let table = profile[name].as_table().unwrap();
        Value::Object(
            table
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), Value::String(v))
                })
                .collect(),
        )
    };
    let form = json!({
        "name": profile["name"].as_str().unwrap(),
        "duties": strings(&profile["duties"]),
        "composition": strings(&profile["composition"]),
        "prior": section("prior"),
        "reasons": section("reasons"),
        "procurement": section("procurement"),
        "assets": section("assets"),
        "transfer": {"projects": []},
    });
    let answer = post_json(&server.addr, "/api/profile", &form);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));
    let toml_text = answer.body;
    // Built with the form's profile, the document is the one the sample profile gives.
    let build = |profile: Vec<u8>| {
        let json = post_form(
            &server.addr,
            "/api/build",
            vec![
                upload("budget-corrected.xlsx"),
                Part::File("profile", "部门资料.toml", profile),
            ],
        )
        .json();
        assert_eq!(json["refused"], Value::Null, "{json}");
        get(&server.addr, json["files"][1]["url"].as_str().unwrap()).body
    };
    assert!(build(toml_text) == build(sample("profile.toml")));
    // A profile file fills the form back in.
    let filled = request(
        &server.addr,
        "POST",
        "/api/profile/form",
        &[],
        sample("profile.toml"),
    )
    .json();
    assert_eq!(filled["name"], DEPARTMENT);
    assert_eq!(filled["prior"]["income_total"], "43.77");
    assert_eq!(filled["duties"].as_array().unwrap().len(), 12);
    // A typo in an amount is named.
    let answer = post_json(
        &server.addr,
        "/api/profile",
        &json!({"prior": {"income_total": "43.7七"}}),
    );
    assert_eq!(answer.status, 422);
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("上年收入总计“43.7七”不是金额"));
}

#[test]
fn the_page_is_self_contained() {
    let server = Server::start(&[], &[]);
    let page = get(&server.addr, "/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
    assert!(page.text().contains("核对并生成"));
    for path in ["/", "/assets/page.css", "/assets/page.js"] {
        let text = get(&server.addr, path).text();
        assert!(!text.is_empty());
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{path} refers outside the binary"
        );
    }
    let info = get(&server.addr, "/api/info").json();
    assert_eq!(info["tables"].as_array().unwrap().len(), 12);
    assert_eq!(info["tables"][6]["title"], "支出经济分类汇总表");
    // Only the loopback names reach the page (no DNS rebinding).
    let foreign = request(
        &server.addr,
        "GET",
        "/",
        &[("Host", "evil.example:80".into())],
        Vec::new(),
    );
    assert_eq!(foreign.status, 421);
    let port = server.addr.rsplit(':').next().unwrap();
    let local = request(
        &server.addr,
        "GET",
        "/",
        &[("Host", format!("localhost:{port}"))],
        Vec::new(),
    );
    assert_eq!(local.status, 200);
}

#[test]
fn serve_says_when_the_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, _, stderr) = cli(&samples_dir(), &["serve", "--port", &port]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--port"), "{stderr}");
}

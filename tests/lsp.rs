//! Starts the real `mtlint lsp` binary and speaks JSON-RPC to it as an editor
//! would: UTF-16 positions with emoji before a finding, a quick fix applied,
//! diagnostics cleared after the change, clean shutdown and exit.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Editor {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    next_id: i64,
}

impl Editor {
    fn start() -> Editor {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .arg("lsp")
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start mtlint lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Editor {
            child,
            stdin,
            inbox,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message satisfying `want`, answering server requests on the way.
    fn wait_for(&mut self, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self
                .inbox
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            if msg.get("method").is_some() && msg.get("id").is_some() {
                // A server-to-client request (e.g. client/registerCapability).
                let id = msg["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if want(&msg) {
                return msg;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(method, |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait_for("publishDiagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        msg["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .clone()
    }
}

/// Byte offset of a UTF-16 (line, character) position.
fn offset_utf16(text: &str, line: u64, character: u64) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 == line {
            let mut units = 0;
            for (j, c) in l.char_indices() {
                if units >= character {
                    return off + j;
                }
                units += c.len_utf16() as u64;
            }
            return off + l.len();
        }
        off += l.len();
    }
    text.len()
}

#[test]
fn editor_session_with_utf16_positions_quick_fix_and_clean_exit() {
    let mut ed = Editor::start();
    let init = ed.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert!(init["result"]["capabilities"]["codeActionProvider"].is_object());
    ed.notify("initialized", json!({}));

    let uri = "file:///tmp/mtlint-lsp-test/draft.txt";
    let mut text = String::from("Intro 😀😀 line.\nAt this stage 😀 I I would propose more.\n");
    ed.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let diags = ed.diagnostics(uri, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "repeated-word")
        .expect("repeated-word diagnostic");
    // "At this stage 😀 " is 16 chars but 17 UTF-16 units: the emoji counts twice.
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 17}));
    assert_eq!(d["range"]["end"], json!({"line": 1, "character": 20}));
    assert_eq!(d["source"], "mtlint");
    assert_eq!(d["severity"], 2);

    let actions = ed.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let actions = actions["result"].as_array().expect("code actions");
    let fix = actions
        .iter()
        .find(|a| {
            a["kind"] == "quickfix" && a["title"].as_str().is_some_and(|t| t.contains("unsafe"))
        })
        .expect("an unsafe quick fix, labelled");
    let edits = fix["edit"]["changes"][uri]
        .as_array()
        .expect("edits for the document");
    assert_eq!(edits.len(), 1);
    let e = &edits[0];
    let start = offset_utf16(
        &text,
        e["range"]["start"]["line"].as_u64().expect("line"),
        e["range"]["start"]["character"].as_u64().expect("char"),
    );
    let end = offset_utf16(
        &text,
        e["range"]["end"]["line"].as_u64().expect("line"),
        e["range"]["end"]["character"].as_u64().expect("char"),
    );
    text.replace_range(start..end, e["newText"].as_str().expect("newText"));
    assert_eq!(
        text,
        "Intro 😀😀 line.\nAt this stage 😀 I would propose more.\n"
    );

    // Send the edit incrementally, as editors do.
    ed.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": e["range"], "text": e["newText"]}]}),
    );
    let diags = ed.diagnostics(uri, 2);
    assert!(
        diags.iter().all(|d| d["code"] != "repeated-word"),
        "fixed text still flagged: {diags:?}"
    );

    ed.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let shutdown = ed.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    ed.notify("exit", Value::Null);
    let status = ed.child.wait().expect("wait for exit");
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn negotiates_utf8_when_offered() {
    let mut ed = Editor::start();
    let init = ed.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    ed.notify("initialized", json!({}));
    let uri = "file:///tmp/mtlint-lsp-test/u8.txt";
    ed.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "é I I x"}}),
    );
    let diags = ed.diagnostics(uri, 1);
    // "é " is 3 bytes: UTF-8 columns count bytes.
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 0, "character": 3})
    );
    ed.request("shutdown", Value::Null);
    ed.notify("exit", Value::Null);
    assert!(ed.child.wait().expect("wait").success());
}

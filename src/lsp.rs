//! `mtlint lsp`: a language server over stdio, a thin adapter over the
//! library. Linting runs on a blocking thread after a short debounce; a
//! result is published only if the document still has the version it was
//! computed for, so stale diagnostics never overwrite newer ones.
//! Positions use UTF-16 code units unless the client offers UTF-8.

use crate::diagnostic::{Applicability, Diagnostic as MtDiagnostic, Severity};
use crate::source::{LineIndex, Span};
use crate::workspace::{self, Checker};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server, UriExt};

/// How long typing must pause before a document is linted again.
const DEBOUNCE: Duration = Duration::from_millis(150);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16,
}

struct OpenDoc {
    text: String,
    version: i32,
    /// Bumped on every change; a pending lint runs only if it still matches.
    generation: u64,
    /// The findings last published, with the version they belong to.
    findings: Option<(i32, Vec<MtDiagnostic>)>,
}

struct State {
    encoding: Encoding,
    docs: HashMap<Uri, OpenDoc>,
    /// The checker per configuration directory, rebuilt when configs change.
    checkers: HashMap<Option<PathBuf>, Arc<Checker>>,
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock cannot leave State inconsistent in a
    // way that matters more than losing the server; keep serving.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl Backend {
    fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State {
                encoding: Encoding::Utf16,
                docs: HashMap::new(),
                checkers: HashMap::new(),
            })),
        }
    }

    /// Schedules a lint of `uri` after `delay`, unless the document changes first.
    fn schedule(&self, uri: Uri, delay: Duration) {
        let state = Arc::clone(&self.state);
        let client = self.client.clone();
        let generation = match lock(&state).docs.get(&uri) {
            Some(d) => d.generation,
            None => return,
        };
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let (text, version, checker) = {
                let mut st = lock(&state);
                let Some(doc) = st.docs.get(&uri) else { return };
                if doc.generation != generation {
                    return; // a newer change scheduled its own lint
                }
                let (text, version) = (doc.text.clone(), doc.version);
                let checker = checker_for(&mut st, &uri);
                (text, version, checker)
            };
            let path = uri.to_file_path().map(|p| p.into_owned());
            let name = path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| uri.as_str().to_owned());
            let lint_text = text.clone();
            let Ok(findings) = tokio::task::spawn_blocking(move || {
                checker
                    .check_bytes(&name, path.as_deref(), lint_text.into_bytes())
                    .diagnostics
            })
            .await
            else {
                return;
            };
            let diagnostics = {
                let mut st = lock(&state);
                let encoding = st.encoding;
                let Some(doc) = st.docs.get_mut(&uri) else {
                    return;
                };
                if doc.version != version || doc.text != text {
                    return; // stale: the document moved on while we linted
                }
                let lines = LineIndex::new(&text);
                let diags = findings
                    .iter()
                    .map(|d| to_lsp(d, &uri, &text, &lines, encoding))
                    .collect::<Vec<_>>();
                doc.findings = Some((version, findings));
                diags
            };
            client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        });
    }
}

fn checker_for(st: &mut State, uri: &Uri) -> Arc<Checker> {
    let dir = uri
        .to_file_path()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let config_dir = dir
        .as_deref()
        .and_then(workspace::find_config)
        .and_then(|c| c.parent().map(Path::to_path_buf));
    if let Some(c) = st.checkers.get(&config_dir) {
        return Arc::clone(c);
    }
    let checker = Arc::new(Checker::for_dir(dir.as_deref()));
    st.checkers.insert(config_dir, Arc::clone(&checker));
    checker
}

fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let p = lines.position(text, offset);
    let character = match enc {
        Encoding::Utf8 => p.byte_col,
        Encoding::Utf16 => p.utf16_col,
    };
    Position::new(p.line as u32, character as u32)
}

fn range(text: &str, lines: &LineIndex, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(text, lines, span.start, enc),
        position(text, lines, span.end, enc),
    )
}

/// The byte offset of an LSP position in `text`.
fn offset(text: &str, lines: &LineIndex, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= lines.line_count() {
        return text.len();
    }
    match enc {
        Encoding::Utf16 => lines.offset_utf16(text, line, pos.character as usize),
        Encoding::Utf8 => {
            let content = lines.line_content(text, line);
            let mut o = (content.start + pos.character as usize).min(content.end);
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            o
        }
    }
}

fn to_lsp(d: &MtDiagnostic, uri: &Uri, text: &str, lines: &LineIndex, enc: Encoding) -> Diagnostic {
    let related = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(text, lines, l.span, enc)),
            message: if l.message.is_empty() {
                text[l.span.range()].to_owned()
            } else {
                l.message.to_string()
            },
        })
        .collect::<Vec<_>>();
    Diagnostic {
        range: range(text, lines, d.span, enc),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule().to_owned())),
        code_description: None,
        source: Some("mtlint".to_owned()),
        message: format!("{} ({})", d.message, d.code()),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        lock(&self.state).encoding = encoding;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "mtlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Ask to hear about configuration files; clients that cannot watch
        // files still get a reload whenever a document is saved.
        let watchers = ["**/mtlint.toml", "**/.mtlint.toml"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "mtlint-config-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let _ = self.client.register_capability(vec![registration]).await;
    }

    async fn shutdown(&self) -> RpcResult<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        lock(&self.state).docs.insert(
            doc.uri.clone(),
            OpenDoc {
                text: doc.text,
                version: doc.version,
                generation: 0,
                findings: None,
            },
        );
        self.schedule(doc.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut st = lock(&self.state);
            let enc = st.encoding;
            let Some(doc) = st.docs.get_mut(&uri) else {
                return;
            };
            for change in params.content_changes {
                match change.range {
                    None => doc.text = change.text,
                    Some(r) => {
                        let lines = LineIndex::new(&doc.text);
                        let start = offset(&doc.text, &lines, r.start, enc);
                        let end = offset(&doc.text, &lines, r.end, enc).max(start);
                        doc.text.replace_range(start..end, &change.text);
                    }
                }
            }
            doc.version = params.text_document.version;
            doc.generation += 1;
        }
        self.schedule(uri, DEBOUNCE);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // A save may have changed a configuration file the client does not watch.
        {
            let mut st = lock(&self.state);
            st.checkers.clear();
            if let Some(doc) = st.docs.get_mut(&params.text_document.uri) {
                doc.generation += 1;
            }
        }
        self.schedule(params.text_document.uri, Duration::ZERO);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        lock(&self.state).docs.remove(&params.text_document.uri);
        self.client
            .publish_diagnostics(params.text_document.uri, Vec::new(), None)
            .await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        let uris: Vec<Uri> = {
            let mut st = lock(&self.state);
            st.checkers.clear();
            for doc in st.docs.values_mut() {
                doc.generation += 1;
            }
            st.docs.keys().cloned().collect()
        };
        for uri in uris {
            self.schedule(uri, Duration::ZERO);
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let st = lock(&self.state);
        let enc = st.encoding;
        let Some(doc) = st.docs.get(&uri) else {
            return Ok(None);
        };
        let Some((version, findings)) = &doc.findings else {
            return Ok(None);
        };
        if *version != doc.version {
            return Ok(None); // the findings no longer describe this text
        }
        let lines = LineIndex::new(&doc.text);
        let want = Span::new(
            offset(&doc.text, &lines, params.range.start, enc),
            offset(&doc.text, &lines, params.range.end, enc),
        );
        let mut actions = Vec::new();
        for d in findings.iter().filter(|d| d.span.overlaps(want)) {
            let Some(fix) = &d.fix else { continue };
            let edits = fix
                .edits
                .iter()
                .map(|e| {
                    TextEdit::new(
                        range(&doc.text, &lines, e.span, enc),
                        e.replacement.to_string(),
                    )
                })
                .collect();
            let title = fix_title(d, &doc.text);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(d, &uri, &doc.text, &lines, enc)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..Default::default()
            }));
        }
        if let Some(action) = disable_rule_action(&uri, findings, want) {
            actions.push(action);
        }
        Ok((!actions.is_empty()).then_some(actions))
    }
}

fn fix_title(d: &MtDiagnostic, text: &str) -> String {
    let fix = d.fix.as_ref().expect("called with a fix");
    let what = match fix.edits.as_slice() {
        [e] if e.replacement.is_empty() => format!("remove `{}`", &text[e.span.range()]),
        [e] if e.span.is_empty() => format!("insert `{}`", e.replacement),
        [e] => format!(
            "replace `{}` with `{}`",
            &text[e.span.range()],
            e.replacement
        ),
        _ => format!("apply {} edits", fix.edits.len()),
    };
    match fix.applicability {
        Applicability::Safe => format!("mtlint: {what}"),
        Applicability::Unsafe => format!("mtlint: {what} (unsafe: check the meaning)"),
    }
}

/// "Disable <rule> in mtlint.toml", offered when a configuration file exists.
fn disable_rule_action(
    uri: &Uri,
    findings: &[MtDiagnostic],
    want: Span,
) -> Option<CodeActionOrCommand> {
    let d = findings.iter().find(|d| d.span.overlaps(want))?;
    let dir = uri.to_file_path()?.parent()?.to_path_buf();
    let config = workspace::find_config(&dir)?;
    let text = std::fs::read_to_string(&config).ok()?;
    let edit = workspace::disable_rule_edit(&text, d.rule())?;
    let config_uri = Uri::from_file_path(&config)?;
    let lines = LineIndex::new(&text);
    let r = range(&text, &lines, edit.span, Encoding::Utf16);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!(
            "mtlint: disable `{}` in {}",
            d.rule(),
            config.file_name()?.to_string_lossy()
        ),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(
                config_uri,
                vec![TextEdit::new(r, edit.replacement.into_owned())],
            )])),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// Serves LSP on stdin/stdout until the client sends `exit`.
pub fn run_stdio() -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}

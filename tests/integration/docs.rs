//! The docs follow the code: the lists in `docs/architecture.md` (ports, contexts, command
//! groups, dependencies), the operations in `docs/api.md`, the commands in
//! `docs/operations.md`, the settings in `docs/configuration.md`, the README's two commands,
//! and every relative link. Each list is read from the code — the traits in `src/ports/`, the
//! directories of `src/app/` that hold a `service.rs`, `openapi.json`, `signalbox --help`,
//! `ENV_KEYS` in `src/bootstrap/config/mod.rs`, `Cargo.toml` — and a failure names what the doc
//! is missing and what it has that the code does not.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables the docs describe that the settings loader does not read, and who does.
const SETTINGS_READ_ELSEWHERE: &[(&str, &str)] = &[("RUST_LOG", "the log filter, read by tracing-subscriber")];

const README_MAX_LINES: usize = 160;

/// Endpoints outside the OpenAPI document, and why.
const ENDPOINTS_OUTSIDE_THE_SPEC: &[(&str, &str)] = &[
    ("GET /metrics", "Prometheus text for scrapers, not part of the product's API"),
    ("GET /dev/mailbox", "the development outbox, mounted only without SMTP"),
];

/// Every crate `Cargo.toml` depends on, in any dependency table.
fn dependencies() -> BTreeSet<String> {
    let mut in_dependencies = false;
    let mut names = BTreeSet::new();
    for line in repo_file("Cargo.toml").lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line.trim_end_matches(']').ends_with("dependencies");
        } else if in_dependencies
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            names.insert(name.trim().to_owned());
        }
    }
    assert!(names.contains("sqlx") && names.contains("proptest"), "parsed dependencies: {names:?}");
    names
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `<!-- {name}:begin` and `<!-- {name}:end -->` in `doc`.
fn section<'a>(doc: &'a str, name: &str) -> &'a str {
    let begin = format!("<!-- {name}:begin");
    let start = doc.find(&begin).unwrap_or_else(|| panic!("no `{begin}` marker"));
    let rest = &doc[start..];
    let end = rest.find(&format!("<!-- {name}:end -->")).unwrap_or_else(|| panic!("no `{name}:end` marker"));
    &rest[..end]
}

/// The first backticked text of each table row (`| \`UserRepository\` | …`) in `text`.
fn first_cells(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

/// What `documented` lacks of `code`, and what it has beyond it, as a message; `None` when
/// they agree.
fn drift(what: &str, documented: &BTreeSet<String>, code: &BTreeSet<String>) -> Option<String> {
    let missing: Vec<&String> = code.difference(documented).collect();
    let extra: Vec<&String> = documented.difference(code).collect();
    (!missing.is_empty() || !extra.is_empty())
        .then(|| format!("{what}: missing from the doc {missing:?}; in the doc but not in the code {extra:?}"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The names of the traits declared in `source` (`pub trait Name<…>: …`).
fn traits_in(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("pub trait "))
        .map(|rest| rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
        .collect()
}

fn ports_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src/ports"), &mut files);
    let ports: BTreeSet<String> =
        files.iter().flat_map(|file| traits_in(&std::fs::read_to_string(file).expect("readable"))).collect();
    assert!(ports.len() > 10, "found only {ports:?} in src/ports");
    ports
}

/// The command names under `Commands:` in a clap help text (without clap's own `help`).
fn commands_in_help(help: &str) -> BTreeSet<String> {
    help.lines()
        .skip_while(|line| line.trim() != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn help_of(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .args(args)
        .arg("--help")
        .env_clear()
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{args:?} --help failed");
    String::from_utf8(output.stdout).expect("utf-8 help")
}

/// Every command as the binary knows it: `serve`, `users show`, …
fn commands_of_the_binary() -> (BTreeSet<String>, BTreeSet<String>) {
    let top = commands_in_help(&help_of(&[]));
    assert!(top.contains("serve") && top.len() > 3, "parsed top-level commands: {top:?}");
    let mut every = BTreeSet::new();
    for command in &top {
        let subcommands = commands_in_help(&help_of(&[command]));
        if subcommands.is_empty() {
            every.insert(command.clone());
        }
        every.extend(subcommands.into_iter().map(|sub| format!("{command} {sub}")));
    }
    (top, every)
}

/// `serve`, `users show`, … from table rows that start `| \`signalbox users show EMAIL\``: the
/// words after `signalbox` up to the first argument or option.
fn commands_in_rows(text: &str) -> BTreeSet<String> {
    first_cells(text)
        .iter()
        .filter_map(|cell| cell.strip_prefix("signalbox "))
        .map(|words| {
            words
                .split_whitespace()
                .take_while(|w| !w.starts_with('-') && w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn settings_the_server_reads() -> BTreeSet<String> {
    let config = repo_file("src/bootstrap/config/mod.rs");
    let list = config.split("const ENV_KEYS").nth(1).expect("ENV_KEYS").split("];").next().expect("a list");
    let keys: BTreeSet<String> = list.split('"').skip(1).step_by(2).map(str::to_owned).collect();
    assert!(keys.len() > 20 && keys.contains("DATABASE_URL"), "parsed ENV_KEYS: {keys:?}");
    keys
}

#[test]
fn the_architecture_doc_lists_every_port_and_no_other() {
    let documented = first_cells(section(&repo_file("docs/architecture.md"), "ports"));
    if let Some(message) = drift("ports (the traits in src/ports/)", &documented, &ports_in_code()) {
        panic!("docs/architecture.md: {message}");
    }
}

#[test]
fn the_api_doc_lists_every_operation_of_the_spec() {
    let spec: serde_json::Value = serde_json::from_str(&repo_file("openapi.json")).expect("openapi.json");
    let mut code: BTreeSet<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .expect("operations")
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    assert!(code.contains("POST /auth/login"), "parsed operations: {code:?}");
    code.extend(ENDPOINTS_OUTSIDE_THE_SPEC.iter().map(|(endpoint, _)| (*endpoint).to_owned()));
    let documented: BTreeSet<String> = section(&repo_file("docs/api.md"), "endpoints")
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| line.split(" | ").next())
        .flat_map(|cell| cell.split('`').skip(1).step_by(2).map(str::to_owned).collect::<Vec<_>>())
        .filter(|text| text.split_once(' ').is_some_and(|(method, _)| method.chars().all(|c| c.is_ascii_uppercase())))
        .map(|text| text.split('?').next().unwrap_or_default().to_owned())
        .collect();
    if let Some(message) = drift("endpoints (openapi.json)", &documented, &code) {
        panic!("docs/api.md: {message}");
    }
}

#[test]
fn the_architecture_doc_says_why_each_dependency_is_there() {
    let documented: BTreeSet<String> = section(&repo_file("docs/architecture.md"), "dependencies")
        .lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|rest| rest.split(" |").next())
        .filter(|cell| *cell != "crate" && !cell.starts_with("---"))
        .flat_map(|cell| cell.trim_end_matches(" (dev)").split(", ").map(str::to_owned).collect::<Vec<_>>())
        .collect();
    if let Some(message) = drift("dependencies (Cargo.toml)", &documented, &dependencies()) {
        panic!("docs/architecture.md: {message}");
    }
}

#[test]
fn the_architecture_doc_lists_the_contexts_of_src_app() {
    let documented = first_cells(section(&repo_file("docs/architecture.md"), "contexts"));
    let code = super::architecture::app_contexts(&root().join("src"));
    assert!(!documented.is_empty(), "docs/architecture.md lists no context");
    // Until the application layer is split, no directory holds a service and the list states
    // the contexts it is being split into; from the first context on, the two must agree.
    if !code.is_empty()
        && let Some(message) = drift("contexts (src/app/*/service.rs)", &documented, &code)
    {
        panic!("docs/architecture.md: {message}");
    }
}

#[test]
fn the_architecture_doc_lists_every_command_group_and_operations_every_command() {
    let (groups, every) = commands_of_the_binary();
    let documented_groups = first_cells(section(&repo_file("docs/architecture.md"), "cli"));
    let documented = commands_in_rows(section(&repo_file("docs/operations.md"), "commands"));
    let problems: Vec<String> = [
        drift("docs/architecture.md: commands (signalbox --help)", &documented_groups, &groups),
        drift("docs/operations.md: commands (signalbox COMMAND --help)", &documented, &every),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The variables with a table row of their own (`| \`PORT\` | …`) in `doc`.
fn setting_rows(doc: &str) -> BTreeSet<String> {
    doc.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |").map(|(name, _)| name))
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_deploy_guide_has_no_row_for_a_setting_the_server_does_not_read() {
    let mut known = settings_the_server_reads();
    known.extend(SETTINGS_READ_ELSEWHERE.iter().map(|(name, _)| (*name).to_owned()));
    let unknown: Vec<String> = setting_rows(&repo_file("docs/deploy.md")).difference(&known).cloned().collect();
    assert!(unknown.is_empty(), "docs/deploy.md documents settings nothing reads: {unknown:?}");
}

#[test]
fn the_configuration_doc_has_a_row_for_every_setting_and_no_other() {
    let documented = setting_rows(&repo_file("docs/configuration.md"));
    let mut code = settings_the_server_reads();
    code.extend(SETTINGS_READ_ELSEWHERE.iter().map(|(name, _)| (*name).to_owned()));
    if let Some(message) = drift("settings (ENV_KEYS in src/bootstrap/config/mod.rs)", &documented, &code) {
        panic!("docs/configuration.md: {message}");
    }
}

#[test]
fn the_readme_is_a_short_front_door_with_the_two_commands_that_exist() {
    let readme = repo_file("README.md");
    let lines = readme.lines().count();
    assert!(lines <= README_MAX_LINES, "README.md has {lines} lines; the front door keeps to {README_MAX_LINES}");
    for command in ["make run", "make test"] {
        assert!(
            readme.lines().any(|line| line.starts_with(&format!("{command} "))),
            "README.md does not show `{command}` as a command"
        );
        let target = command.trim_start_matches("make ");
        assert!(
            repo_file("Makefile").lines().any(|line| line.starts_with(&format!("{target}:"))),
            "the Makefile has no `{target}` target"
        );
    }
}

/// The relative link targets in `doc` (`[text](path#anchor)`), without the anchor.
fn relative_links(doc: &str) -> Vec<String> {
    doc.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split('#').next().unwrap_or_default().to_owned())
        .filter(|target| !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:"))
        .collect()
}

#[test]
fn every_relative_link_in_the_docs_leads_to_a_file() {
    let mut docs = vec![PathBuf::from("README.md"), PathBuf::from("SECURITY.md"), PathBuf::from("bench/RESULTS.md")];
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path.strip_prefix(root()).expect("under the root").to_owned());
        }
    }
    let broken: Vec<String> = docs
        .iter()
        .flat_map(|doc| {
            let dir = doc.parent().unwrap_or(Path::new("")).to_owned();
            relative_links(&std::fs::read_to_string(root().join(doc)).expect("readable doc"))
                .into_iter()
                .filter(move |target| !root().join(&dir).join(target).exists())
                .map(move |target| format!("{}: {target}", doc.display()))
        })
        .collect();
    assert!(broken.is_empty(), "links to nothing:\n{}", broken.join("\n"));
}

#[test]
fn drift_names_what_the_doc_is_missing_and_what_it_has_extra() {
    let doc = "intro\n<!-- ports:begin (x) -->\n| port | what |\n|---|---|\n| `Clock` | time |\n\
               | `Cache` | cache |\n<!-- ports:end -->\n| `Outside` | not in the section |\n";
    let documented = first_cells(section(doc, "ports"));
    assert_eq!(documented, ["Cache", "Clock"].map(str::to_owned).into());
    let code = ["Clock", "Counters"].map(str::to_owned).into();
    assert_eq!(
        drift("ports", &documented, &code).as_deref(),
        Some(r#"ports: missing from the doc ["Counters"]; in the doc but not in the code ["Cache"]"#)
    );
    assert_eq!(drift("ports", &code, &code), None);
    assert_eq!(
        traits_in("pub trait Bus<T>: Send {}\n    pub trait Clock: Send + Sync {\ntrait Private {}"),
        ["Bus", "Clock"].map(str::to_owned).into()
    );
}

#[test]
fn commands_are_read_from_clap_help_and_from_table_rows() {
    let help = "Usage: signalbox [COMMAND]\n\nCommands:\n  serve    Run the server\n  users    Accounts\n  \
                help     Print this message\n\nOptions:\n  -h, --help  Print help\n";
    assert_eq!(commands_in_help(help), ["serve", "users"].map(str::to_owned).into());
    let rows = "| `signalbox serve` (or no command) | x |\n| `signalbox users grant-paid EMAIL --days N` | y |\n\
                | `signalbox webhooks list [--status STATUS]` | z |\n| `signalbox webhooks reprocess evt_…` | w |\n";
    assert_eq!(
        commands_in_rows(rows),
        ["serve", "users grant-paid", "webhooks list", "webhooks reprocess"].map(str::to_owned).into()
    );
    assert_eq!(relative_links("[a](docs/x.md#y) [b](https://e.com) [c](#top)"), ["docs/x.md"]);
}

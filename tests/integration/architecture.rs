//! The layers' import directions, checked on every `cargo test`.
//!
//! Reads every `src/**/*.rs`, collects each `crate::…` path outside comments (including
//! `$crate::` in macros and `crate::{a, b}` groups), and fails on a path that runs the wrong
//! way:
//!
//! | from        | may not name                                                        |
//! |-------------|---------------------------------------------------------------------|
//! | `domain`    | anything outside `domain`                                           |
//! | `ports`     | `app`, `adapters`, `bootstrap`                                      |
//! | `app`       | `adapters`, `bootstrap`                                             |
//! | an adapter  | another adapter (except a shared module below), `bootstrap`         |
//! | `http`      | `sql`, `redis` (stated on its own: the edge never reaches storage)   |
//!
//! `bootstrap` (the composition root) may name anything. `super::` paths stay inside their
//! own module tree, so they cannot cross a layer without a `crate::` path that this sees.

use std::path::{Path, PathBuf};

/// Adapter modules other adapters may use, and why.
const SHARED_ADAPTER_MODULES: &[(&str, &str)] = &[
    (
        "stripe_webhook::signature",
        "Stripe's webhook signing scheme: the verifier checks it, the simulated Stripe signs with it",
    ),
    ("market::csv", "the candle CSV format: the market adapters define it, the operator's import command reads it"),
    ("market::parse_candles_csv", "the same CSV format's parser, re-exported by `market`"),
];

#[derive(Debug, PartialEq, Eq)]
struct Violation {
    file: String,
    path: String,
    rule: &'static str,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: `crate::{}` breaks the rule \"{}\"", self.file, self.path, self.rule)
    }
}

/// Where a file sits: its top-level module and, under `adapters`, which adapter.
#[derive(Debug, PartialEq, Eq)]
enum Layer {
    Domain,
    Ports,
    App,
    Adapter(String),
    Bootstrap,
    /// `lib.rs`, `main.rs`, `adapters/mod.rs`: declarations and the binary's entry.
    Root,
}

fn layer_of(relative: &str) -> Layer {
    let parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
    match parts.as_slice() {
        ["domain", ..] => Layer::Domain,
        ["ports", ..] => Layer::Ports,
        ["app", ..] => Layer::App,
        ["bootstrap", ..] => Layer::Bootstrap,
        ["adapters", "mod"] => Layer::Root,
        ["adapters", adapter, ..] => Layer::Adapter((*adapter).to_owned()),
        _ => Layer::Root,
    }
}

/// The rule `path` (after `crate::`) breaks when named from `from`, if any.
fn broken_rule(from: &Layer, path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split("::").collect();
    let top = segments[0];
    match from {
        Layer::Domain if top != "domain" => Some("domain imports nothing outside domain"),
        Layer::Ports if matches!(top, "app" | "adapters" | "bootstrap") => Some("ports import only domain and ports"),
        Layer::App if matches!(top, "adapters" | "bootstrap") => Some("app imports only domain and ports"),
        Layer::Adapter(_) if top == "bootstrap" => Some("adapters never import the composition root"),
        Layer::Adapter(own) if top == "adapters" => {
            let other = segments.get(1).copied().unwrap_or("");
            let shared = SHARED_ADAPTER_MODULES.iter().any(|(module, _)| {
                let rest = segments[1..].join("::");
                rest == *module || rest.starts_with(&format!("{module}::"))
            });
            if other == own || shared {
                None
            } else if own == "http" && matches!(other, "sql" | "redis") {
                Some("http never reaches sql or redis")
            } else {
                Some("an adapter never imports another adapter (only a named shared module)")
            }
        }
        _ => None,
    }
}

/// Source without `//` comments: doc links may name any layer without depending on it.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::…` path in `source`, with `{…}` groups expanded to one path per item.
fn crate_paths(source: &str) -> Vec<String> {
    let code = without_comments(source);
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        let preceded_by_ident = rest[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[i + "crate::".len()..];
        if !preceded_by_ident {
            expand(rest, String::new(), &mut paths);
        }
    }
    paths
}

/// Reads one path (`a::b::{c, d::e}`) at the start of `text`, prefixed by `prefix`.
fn expand(text: &str, prefix: String, out: &mut Vec<String>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        for item in split_group(group) {
            expand(item, prefix.clone(), out);
        }
        return;
    }
    let ident: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if ident.is_empty() {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let joined = if prefix.is_empty() { ident.clone() } else { format!("{prefix}::{ident}") };
    match text[ident.len()..].strip_prefix("::") {
        Some(more) => expand(more, joined, out),
        None => out.push(joined),
    }
}

/// The top-level items of a `{…}` group whose opening brace is already consumed.
fn split_group(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.into_iter().filter(|item| !item.trim().is_empty()).collect()
}

fn check(relative: &str, source: &str) -> Vec<Violation> {
    let layer = layer_of(relative);
    crate_paths(source)
        .into_iter()
        .filter_map(|path| {
            broken_rule(&layer, &path).map(|rule| Violation { file: format!("src/{relative}"), path, rule })
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_in_src_runs_in_an_allowed_direction() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "found only {} source files under {}", files.len(), src.display());
    let violations: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let relative = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            check(&relative, &std::fs::read_to_string(file).unwrap())
        })
        .map(|v| v.to_string())
        .collect();
    assert!(violations.is_empty(), "imports against the layering:\n{}", violations.join("\n"));
}

#[test]
fn the_checker_names_the_file_and_the_rule_it_breaks() {
    let found = check("app/use_cases/login.rs", "use crate::adapters::sql::SqlStore;");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].to_string(),
        "src/app/use_cases/login.rs: `crate::adapters::sql::SqlStore` breaks the rule \
         \"app imports only domain and ports\""
    );
}

#[test]
fn the_checker_catches_every_forbidden_direction() {
    let cases = [
        ("domain/quota.rs", "use crate::ports::Clock;", "domain imports nothing outside domain"),
        ("ports/cache.rs", "fn f(_: crate::app::Signalbox) {}", "ports import only domain and ports"),
        ("app/signalbox.rs", "use crate::bootstrap::config::Settings;", "app imports only domain and ports"),
        ("adapters/http/routes.rs", "use crate::adapters::sql::SqlStore;", "http never reaches sql or redis"),
        (
            "adapters/http/api/ops.rs",
            "use crate::adapters::{clock, redis::RedisPool};",
            "http never reaches sql or redis",
        ),
        (
            "adapters/memory/cache.rs",
            "x: $crate::adapters::stripe::StripeGateway",
            "an adapter never imports another adapter (only a named shared module)",
        ),
        ("adapters/cli/webhooks.rs", "use crate::bootstrap::wiring;", "adapters never import the composition root"),
    ];
    for (file, source, rule) in cases {
        let found = check(file, source);
        assert!(found.iter().any(|v| v.rule == rule), "{file}: {source} → {found:?}, expected \"{rule}\"");
    }
}

#[test]
fn allowed_directions_comments_and_the_shared_module_pass() {
    let cases = [
        ("domain/quota.rs", "use crate::domain::ids::UserId;"),
        ("app/signalbox.rs", "use crate::{domain::Plan, ports::Clock};"),
        ("adapters/http/api/auth.rs", "use crate::adapters::http::error_body::ErrorBody; use crate::app::Signalbox;"),
        ("adapters/simulated_stripe/checkout.rs", "use crate::adapters::stripe_webhook::signature::sign;"),
        ("app/mod.rs", "//! wired by [`crate::bootstrap`]\npub mod use_cases;"),
        ("bootstrap/wiring.rs", "use crate::adapters::sql::SqlStore;"),
        ("adapters/sql/users.rs", "use signalbox_crate::adapters::redis;"),
    ];
    for (file, source) in cases {
        assert_eq!(check(file, source), vec![], "{file}: {source}");
    }
}

//! The rules: which layer may name which, which crates an inner layer may not use, and how
//! the application's contexts may name each other.

use std::collections::BTreeSet;

use super::source::{WrittenPath, is_ident, written_paths};

/// Adapter modules other adapters may use, and why.
pub const SHARED_ADAPTER_MODULES: &[(&str, &str)] = &[
    (
        "stripe_webhook::signature",
        "Stripe's webhook signing scheme: the verifier checks it, the simulated Stripe signs with it",
    ),
    ("market::csv", "the candle CSV format: the market adapters define it, the operator's import command reads it"),
    ("market::parse_candles_csv", "the same CSV format's parser, re-exported by `market`"),
];

/// Crates that speak to the outside world (HTTP and its client plumbing, SQL, Redis, Stripe,
/// SMTP, Prometheus's exporter), as patterns over the name code uses (`*` any run of characters). Only adapters,
/// the composition root and the crate roots may name them.
pub const INFRASTRUCTURE_CRATES: &[&str] =
    &["poem*", "sqlx", "redis", "bb8*", "*stripe*", "hyper*", "tower*", "lettre", "metrics_exporter*"];

/// Items one context may name in another, beyond that context's `interface` module and
/// `crate::app::shared`: (the context named, the item, why). An item matches wherever it
/// sits inside that context (`crate::app::billing::PlanLookup` or
/// `crate::app::billing::plan_lookup::PlanLookup`).
pub const ALLOWED_CROSS_CONTEXT: &[(&str, &str, &str)] = &[(
    "billing",
    "PlanLookup",
    "signals asks billing for a user's plan through this one trait, never through billing's ports",
)];

pub const DOMAIN: &str = "domain imports nothing outside domain";
pub const PORTS: &str = "ports import only domain and ports";
pub const APP: &str = "app imports only domain and ports";
pub const ADAPTER_TO_ROOT: &str = "adapters never import the composition root";
pub const HTTP_TO_STORAGE: &str = "http never reaches sql or redis";
pub const ADAPTER_TO_ADAPTER: &str = "an adapter never imports another adapter (only a named shared module)";
pub const INFRASTRUCTURE: &str = "infrastructure crates (poem*, sqlx, redis, bb8*, *stripe*, hyper*, tower*, \
                                  lettre, metrics_exporter*) only in adapters and bootstrap";
pub const CROSS_CONTEXT: &str = "a context names another context only through its `interface` module, \
                                 `crate::app::shared` or ALLOWED_CROSS_CONTEXT";

#[derive(Debug, PartialEq, Eq)]
pub struct Violation {
    pub file: String,
    /// The path as written (`super::super::ports::Clock`, `sqlx::Row`).
    pub written: String,
    /// Where it leads, for paths inside the crate (`crate::ports::Clock`).
    pub resolved: Option<String>,
    pub rule: &'static str,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.resolved {
            Some(resolved) if *resolved != self.written => {
                write!(f, "{}: `{}` (`{resolved}`) breaks the rule \"{}\"", self.file, self.written, self.rule)
            }
            _ => write!(f, "{}: `{}` breaks the rule \"{}\"", self.file, self.written, self.rule),
        }
    }
}

/// Where a file sits: its top-level module and, under `adapters`, which adapter; under
/// `app`, which context (when it is one).
#[derive(Debug, PartialEq, Eq)]
pub enum Layer {
    Domain,
    Ports,
    App {
        context: Option<String>,
    },
    Adapter(String),
    Bootstrap,
    /// `lib.rs`, `main.rs`, `adapters/mod.rs`: declarations and the binary's entry.
    Root,
}

fn layer_of(relative: &str, contexts: &BTreeSet<String>) -> Layer {
    let parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
    match parts.as_slice() {
        ["domain", ..] => Layer::Domain,
        ["ports", ..] => Layer::Ports,
        ["app", dir, _, ..] if contexts.contains(*dir) => Layer::App { context: Some((*dir).to_owned()) },
        ["app", ..] => Layer::App { context: None },
        ["bootstrap", ..] => Layer::Bootstrap,
        ["adapters", "mod"] => Layer::Root,
        ["adapters", adapter, ..] => Layer::Adapter((*adapter).to_owned()),
        _ => Layer::Root,
    }
}

/// The module a file defines: `app/use_cases/login.rs` is `app::use_cases::login`, and
/// `app/use_cases/mod.rs` is `app::use_cases` (so its `super` is `app`).
pub fn module_of(relative: &str) -> Vec<String> {
    if matches!(relative, "lib.rs" | "main.rs") {
        return Vec::new();
    }
    let mut parts: Vec<String> = relative.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

/// Where a written path leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Inside this crate, from its root (`["ports", "Clock"]`).
    Crate(Vec<String>),
    /// The first segment names a crate from outside.
    External(String),
}

/// Resolves `path` as written in `module` (the file's module plus the inline modules around
/// the path). `local` holds the names the file brings into scope (`mod x;`, `use a::x;`):
/// a path starting with one of them is relative to the file and already checked where the
/// name was brought in.
fn resolve(path: &str, module: &[String], local: &BTreeSet<String>) -> Option<Target> {
    if let Some(absolute) = path.strip_prefix("::") {
        return Some(Target::External(absolute.split("::").next().unwrap_or_default().to_owned()));
    }
    let segments: Vec<&str> = path.split("::").collect();
    match segments[0] {
        "crate" => Some(Target::Crate(segments[1..].iter().map(|s| (*s).to_owned()).collect())),
        "self" | "super" => {
            let mut base = module.to_vec();
            let supers = segments.iter().take_while(|s| **s == "super").count();
            for _ in 0..supers {
                base.pop()?; // past the crate root: the compiler refuses it anyway
            }
            let rest = if supers == 0 { &segments[1..] } else { &segments[supers..] };
            base.extend(rest.iter().map(|s| (*s).to_owned()));
            Some(Target::Crate(base))
        }
        root if local.contains(root) => None,
        root => Some(Target::External(root.to_owned())),
    }
}

/// Names a file brings into scope: its `mod x` declarations, and (second) those plus the
/// last segment or alias of each item it `use`s.
fn local_names(code: &str, paths: &[WrittenPath]) -> (BTreeSet<String>, BTreeSet<String>) {
    let words: Vec<&str> = code.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).collect();
    let modules: BTreeSet<String> =
        words.windows(2).filter(|pair| pair[0] == "mod").map(|pair| pair[1].to_owned()).collect();
    let mut all = modules.clone();
    all.extend(words.windows(2).filter(|pair| pair[0] == "as").map(|pair| pair[1].to_owned()));
    for path in paths.iter().filter(|p| p.in_use && p.text.contains("::")) {
        let mut segments: Vec<&str> = path.text.split("::").collect();
        if segments.last() == Some(&"self") {
            segments.pop(); // `use a::{self}` brings `a`
        }
        if let Some(last) = segments.last().filter(|last| **last != "super") {
            all.insert((*last).to_owned());
        }
    }
    (modules, all)
}

/// Whether `name` matches a pattern with `*` wildcards.
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return name == pattern;
    }
    if !name.starts_with(first) || !name[first.len()..].ends_with(last) || name.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The rule `path` (from the crate root) breaks when named from `from`, if any.
fn broken_rule(from: &Layer, path: &[String], contexts: &BTreeSet<String>) -> Option<&'static str> {
    let segment = |i: usize| path.get(i).map_or("", String::as_str);
    let top = segment(0);
    match from {
        Layer::Domain if top != "domain" => Some(DOMAIN),
        Layer::Ports if matches!(top, "app" | "adapters" | "bootstrap") => Some(PORTS),
        Layer::App { .. } if matches!(top, "adapters" | "bootstrap") => Some(APP),
        Layer::App { context: Some(own) } if top == "app" => {
            let other = segment(1);
            let is_context = contexts.contains(other);
            let through_interface = segment(2) == "interface";
            let listed = ALLOWED_CROSS_CONTEXT
                .iter()
                .any(|(context, item, _)| *context == other && path[2..].iter().any(|s| s == item));
            (is_context && other != own && !through_interface && !listed).then_some(CROSS_CONTEXT)
        }
        Layer::Adapter(_) if top == "bootstrap" => Some(ADAPTER_TO_ROOT),
        Layer::Adapter(own) if top == "adapters" => {
            let other = segment(1);
            let rest = path[1..].join("::");
            let shared = SHARED_ADAPTER_MODULES
                .iter()
                .any(|(module, _)| rest == *module || rest.starts_with(&format!("{module}::")));
            if other == own || shared {
                None
            } else if own == "http" && matches!(other, "sql" | "redis") {
                Some(HTTP_TO_STORAGE)
            } else {
                Some(ADAPTER_TO_ADAPTER)
            }
        }
        _ => None,
    }
}

/// Every rule `source` (the file `src/{relative}`) breaks, given the tree's contexts.
pub fn check_in(contexts: &BTreeSet<String>, relative: &str, source: &str) -> Vec<Violation> {
    let layer = layer_of(relative, contexts);
    let module = module_of(relative);
    let paths = written_paths(source);
    let (modules, local) = local_names(&super::source::code_only(source), &paths);
    let inner = matches!(layer, Layer::Domain | Layer::Ports | Layer::App { .. });
    let mut violations = Vec::new();
    for path in &paths {
        let mut scope = module.clone();
        scope.extend(path.inline_modules.iter().cloned());
        let (rule, resolved) = match resolve(&path.text, &scope, if path.in_use { &modules } else { &local }) {
            Some(Target::Crate(to)) => (broken_rule(&layer, &to, contexts), Some(format!("crate::{}", to.join("::")))),
            Some(Target::External(name))
                if inner && INFRASTRUCTURE_CRATES.iter().any(|p| matches_pattern(p, &name)) =>
            {
                (Some(INFRASTRUCTURE), None)
            }
            _ => (None, None),
        };
        if let Some(rule) = rule {
            let violation = Violation { file: format!("src/{relative}"), written: path.text.clone(), resolved, rule };
            if !violations.contains(&violation) {
                violations.push(violation);
            }
        }
    }
    violations
}

/// The same, for a file of a tree without contexts.
pub fn check(relative: &str, source: &str) -> Vec<Violation> {
    check_in(&BTreeSet::new(), relative, source)
}

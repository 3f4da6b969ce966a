//! The layers' import directions, checked on every `cargo test`.
//!
//! Reads every `src/**/*.rs` and collects each path it names outside comments and string
//! literals: `crate::…` (also `$crate::` in macros and `crate::{a, b}` groups), `super::…`
//! and `self::…` resolved against the file's module path (a `mod.rs` file is its directory's
//! module, so its `super` is the parent directory's; chains like `super::super::` and inline
//! `mod tests { … }` blocks count), and paths into other crates (`use sqlx::Row;`,
//! `sqlx::query(…)` in an expression, `use ::redis::Cmd;`, `extern crate lettre;`). It fails
//! on a path that runs the wrong way, naming the file, the path and the rule:
//!
//! | from        | may not name                                                        |
//! |-------------|---------------------------------------------------------------------|
//! | `domain`    | anything outside `domain`                                           |
//! | `ports`     | `app`, `adapters`, `bootstrap`                                      |
//! | `app`       | `adapters`, `bootstrap`                                             |
//! | an adapter  | another adapter (except a shared module in [`rules::SHARED_ADAPTER_MODULES`]), `bootstrap` |
//! | `http`      | `sql`, `redis` (stated on its own: the edge never reaches storage)   |
//! | `domain`, `ports`, `app` | an infrastructure crate ([`rules::INFRASTRUCTURE_CRATES`]) |
//! | a context   | another context, except through its `interface` module, `crate::app::shared` or [`rules::ALLOWED_CROSS_CONTEXT`] |
//!
//! A context is a directory under `src/app/` holding a `service.rs`; a tree without any has
//! no cross-context rule to break. `bootstrap` (the composition root) and the crate roots
//! (`lib.rs`, `main.rs`, `adapters/mod.rs`) may name anything.

mod rules;
mod self_tests;
mod source;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use rules::{Violation, check_in};

/// The application's contexts under `src_dir`: the directories of `app/` that hold a
/// `service.rs`.
pub fn app_contexts(src_dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(src_dir.join("app")) else { return BTreeSet::new() };
    entries
        .map(|entry| entry.expect("dir entry").path())
        .filter(|dir| dir.join("service.rs").is_file())
        .map(|dir| dir.file_name().expect("a name").to_string_lossy().into_owned())
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

/// Every violation in the tree under `src_dir`.
pub fn check_tree(src_dir: &Path) -> Vec<Violation> {
    let contexts = app_contexts(src_dir);
    let mut files = Vec::new();
    rust_files(src_dir, &mut files);
    files.sort();
    files
        .iter()
        .flat_map(|file| {
            let relative = file.strip_prefix(src_dir).expect("under src").to_string_lossy().replace('\\', "/");
            check_in(&contexts, &relative, &std::fs::read_to_string(file).expect("readable source"))
        })
        .collect()
}

#[test]
fn every_import_in_src_runs_in_an_allowed_direction() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "found only {} source files under {}", files.len(), src.display());
    // The reader sees the tree: a reader that found nothing would pass everything.
    let written: Vec<String> = files
        .iter()
        .flat_map(|file| source::written_paths(&std::fs::read_to_string(file).expect("readable source")))
        .map(|path| path.text)
        .collect();
    for (prefix, at_least) in [("crate::", 200), ("super::", 50), ("sqlx::", 10), ("poem", 10)] {
        let seen = written.iter().filter(|text| text.starts_with(prefix)).count();
        assert!(seen >= at_least, "the reader saw only {seen} paths starting `{prefix}` in src/");
    }
    let violations: Vec<String> = check_tree(&src).iter().map(ToString::to_string).collect();
    assert!(violations.is_empty(), "imports against the layering:\n{}", violations.join("\n"));
}

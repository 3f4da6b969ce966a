//! The checker itself: each kind of violation, injected into a fixture, is caught and named;
//! what is allowed passes.

use std::collections::BTreeSet;

use super::rules::{
    ADAPTER_TO_ADAPTER, ADAPTER_TO_ROOT, APP, CROSS_CONTEXT, DOMAIN, HTTP_TO_STORAGE, INFRASTRUCTURE, PORTS, check,
    check_in, matches_pattern, module_of,
};
use super::source::{code_only, written_paths};

fn contexts() -> BTreeSet<String> {
    ["accounts", "billing", "signals", "operations"].into_iter().map(str::to_owned).collect()
}

/// Asserts that `source` in `file` breaks `rule`, and that the message names the file, the
/// path as written and the rule.
fn assert_caught(contexts: &BTreeSet<String>, file: &str, source: &str, written: &str, rule: &str) {
    let found = check_in(contexts, file, source);
    let message: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        found.iter().any(|v| v.rule == rule && v.written == written),
        "{file}: {source}\n  found {message:?}\n  expected `{written}` to break \"{rule}\""
    );
    let named = message.iter().find(|m| m.contains(&format!("`{written}`"))).expect("a message for the path");
    assert!(named.starts_with(&format!("src/{file}: ")) && named.contains(rule), "{named}");
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
        ("domain/quota.rs", "use crate::ports::Clock;", "crate::ports::Clock", DOMAIN),
        ("ports/cache.rs", "fn f(_: crate::app::Signalbox) {}", "crate::app::Signalbox", PORTS),
        ("app/signalbox.rs", "use crate::bootstrap::config::Settings;", "crate::bootstrap::config::Settings", APP),
        (
            "adapters/http/routes.rs",
            "use crate::adapters::sql::SqlStore;",
            "crate::adapters::sql::SqlStore",
            HTTP_TO_STORAGE,
        ),
        (
            "adapters/http/api/ops.rs",
            "use crate::adapters::{clock, redis::RedisPool};",
            "crate::adapters::redis::RedisPool",
            HTTP_TO_STORAGE,
        ),
        (
            "adapters/memory/cache.rs",
            "x: $crate::adapters::stripe::StripeGateway",
            "crate::adapters::stripe::StripeGateway",
            ADAPTER_TO_ADAPTER,
        ),
        ("adapters/cli/webhooks.rs", "use crate::bootstrap::wiring;", "crate::bootstrap::wiring", ADAPTER_TO_ROOT),
    ];
    for (file, source, written, rule) in cases {
        assert_caught(&BTreeSet::new(), file, source, written, rule);
    }
}

#[test]
fn super_in_a_mod_rs_file_is_resolved_from_the_directorys_module() {
    // `app/mod.rs` is the module `app`: its `super` is the crate root.
    let found = check("app/mod.rs", "use super::adapters::sql::SqlStore;");
    assert_eq!(
        found.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["src/app/mod.rs: `super::adapters::sql::SqlStore` (`crate::adapters::sql::SqlStore`) breaks the rule \
          \"app imports only domain and ports\""]
    );
    assert_caught(&BTreeSet::new(), "domain/mod.rs", "pub use super::ports::Clock;", "super::ports::Clock", DOMAIN);
    assert_caught(
        &BTreeSet::new(),
        "ports/mod.rs",
        "use super::{app::Signalbox, domain::Plan};",
        "super::app::Signalbox",
        PORTS,
    );
    // The same line in a file that is not `mod.rs` stays inside its layer.
    assert_eq!(check("domain/quota.rs", "use super::ports::Clock;"), vec![]);
    assert_eq!(check("app/use_cases/mod.rs", "use super::signalbox::Signalbox;"), vec![]);
}

#[test]
fn chained_super_is_followed_to_where_it_leads() {
    assert_caught(
        &BTreeSet::new(),
        "domain/market/calendar/mod.rs",
        "use super::super::super::adapters::clock::SystemClock;",
        "super::super::super::adapters::clock::SystemClock",
        DOMAIN,
    );
    assert_caught(
        &BTreeSet::new(),
        "app/use_cases/login.rs",
        "fn f() { super::super::super::bootstrap::wiring::wire(); }",
        "super::super::super::bootstrap::wiring::wire",
        APP,
    );
    assert_eq!(check("domain/market/calendar/tests.rs", "use super::super::super::quota::Quota;"), vec![]);
}

#[test]
fn super_inside_an_inline_module_means_the_files_own_module() {
    let source = "pub mod quota;\n#[cfg(test)]\nmod tests {\n    use super::quota::Quota;\n    use super::*;\n}\n";
    assert_eq!(check("domain/mod.rs", source), vec![]);
    let nested = "mod a { mod b { use super::super::super::ports::Clock; } }";
    assert_caught(&BTreeSet::new(), "domain/mod.rs", nested, "super::super::super::ports::Clock", DOMAIN);
}

#[test]
fn infrastructure_crates_are_caught_in_domain_ports_and_app() {
    let cases = [
        ("domain/user.rs", "use sqlx::Row;", "sqlx::Row"),
        ("domain/user.rs", "#[derive(sqlx::FromRow)]\npub struct User;", "sqlx::FromRow"),
        ("ports/user_repository.rs", "fn f() { let q = sqlx::query(\"SELECT 1\"); }", "sqlx::query"),
        ("app/keys.rs", "use ::redis::AsyncCommands;", "::redis::AsyncCommands"),
        ("app/keys.rs", "use redis;", "redis"),
        ("app/signalbox.rs", "use poem_openapi::Object;", "poem_openapi::Object"),
        ("domain/email.rs", "fn f(_: poem::Request) {}", "poem::Request"),
        ("ports/cache.rs", "type Pool = bb8::Pool<bb8_redis::RedisConnectionManager>;", "bb8::Pool"),
        (
            "ports/cache.rs",
            "type Pool = bb8::Pool<bb8_redis::RedisConnectionManager>;",
            "bb8_redis::RedisConnectionManager",
        ),
        (
            "app/use_cases/create_checkout.rs",
            "use stripe_checkout::CheckoutSession;",
            "stripe_checkout::CheckoutSession",
        ),
        ("app/use_cases/create_checkout.rs", "use stripe::{Client, self};", "stripe::Client"),
        ("domain/subscription.rs", "use async_stripe::Subscription;", "async_stripe::Subscription"),
        (
            "app/use_cases/readiness.rs",
            "let c = hyper_util::client::legacy::Client::builder();",
            "hyper_util::client::legacy::Client::builder",
        ),
        ("app/use_cases/password_reset_mail.rs", "extern crate lettre;", "::lettre"),
        (
            "app/outcomes.rs",
            "use metrics_exporter_prometheus::PrometheusHandle;",
            "metrics_exporter_prometheus::PrometheusHandle",
        ),
        ("app/outcomes.rs", "mod tests { use sqlx::SqlitePool; }", "sqlx::SqlitePool"),
    ];
    for (file, source, written) in cases {
        assert_caught(&BTreeSet::new(), file, source, written, INFRASTRUCTURE);
    }
}

#[test]
fn infrastructure_crates_pass_where_they_belong_and_look_alikes_pass_everywhere() {
    let cases = [
        ("adapters/sql/users.rs", "use sqlx::Row; fn f() { sqlx::query(\"SELECT 1\"); }"),
        ("bootstrap/startup.rs", "use poem::listener::TcpListener; use ::redis::Client;"),
        ("main.rs", "use sqlx::AnyPool;"),
        ("adapters/stripe/gateway.rs", "use stripe_core::CustomerId;"),
        // A local module whose name looks like a crate, named relative to the file.
        ("app/billing/mod.rs", "mod stripe_events;\npub use stripe_events::StripeEvent;"),
        ("app/mod.rs", "use crate::domain::StripeEventId; fn f() { StripeEventId::parse(\"evt_1\"); }"),
        // Strings and comments name anything.
        ("domain/quota.rs", "// see sqlx::query\nconst S: &str = \"redis::cmd\"; /* poem::Route */"),
        ("app/keys.rs", "const RAW: &str = r#\"sqlx::query(\"x\")\"#; const C: char = '\"'; fn f<'a>(_: &'a str) {}"),
        // The metrics facade is not an exporter.
        ("app/outcomes.rs", "metrics::counter!(\"signalbox_x\").increment(1);"),
    ];
    for (file, source) in cases {
        assert_eq!(check(file, source), vec![], "{file}: {source}");
    }
}

#[test]
fn contexts_name_each_other_only_through_declared_interfaces() {
    let contexts = contexts();
    let caught = [
        ("app/signals/service.rs", "use crate::app::billing::BillingService;", "crate::app::billing::BillingService"),
        (
            "app/signals/get_signals.rs",
            "use crate::app::{accounts::login::LoginError, shared::Keys};",
            "crate::app::accounts::login::LoginError",
        ),
        ("app/operations/seed_demo.rs", "use super::super::billing::grant_paid;", "super::super::billing::grant_paid"),
        ("app/billing/mod.rs", "use super::signals::SignalCache;", "super::signals::SignalCache"),
        ("app/accounts/service.rs", "fn f() { crate::app::billing::cancel(); }", "crate::app::billing::cancel"),
    ];
    for (file, source, written) in caught {
        assert_caught(&contexts, file, source, written, CROSS_CONTEXT);
    }
    let allowed = [
        ("app/signals/service.rs", "use crate::app::billing::interface::PlanLookup;"),
        ("app/signals/service.rs", "use crate::app::billing::PlanLookup;"),
        ("app/signals/service.rs", "use super::super::billing::plan_lookup::PlanLookup;"),
        ("app/signals/service.rs", "use crate::app::shared::{keys, bounded_tasks::BoundedTasks};"),
        ("app/signals/service.rs", "use super::get_signals::GetSignalsError; use crate::app::signals::cache;"),
        ("app/mod.rs", "pub use billing::BillingService; pub use signals::SignalsService;"),
        ("app/shared/keys.rs", "use crate::domain::UserId;"),
    ];
    for (file, source) in allowed {
        assert_eq!(check_in(&contexts, file, source), vec![], "{file}: {source}");
    }
    // Before the application is split, nothing under `app/` is a context.
    assert_eq!(check("app/signals/service.rs", "use crate::app::billing::BillingService;"), vec![]);
}

#[test]
fn contexts_are_the_app_directories_with_a_service_and_the_tree_walk_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write("app/signals/service.rs", "use crate::app::billing::BillingService;\n");
    write("app/billing/service.rs", "pub struct BillingService;\n");
    write("app/shared/mod.rs", "pub mod keys;\n");
    write("domain/mod.rs", "use sqlx::Row;\n");

    assert_eq!(super::app_contexts(dir.path()), ["billing", "signals"].map(str::to_owned).into());
    let found: Vec<String> = super::check_tree(dir.path()).iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            format!(
                "src/app/signals/service.rs: `crate::app::billing::BillingService` breaks the rule \"{CROSS_CONTEXT}\""
            ),
            format!("src/domain/mod.rs: `sqlx::Row` breaks the rule \"{INFRASTRUCTURE}\""),
        ]
    );
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

#[test]
fn the_reader_expands_groups_and_skips_literals() {
    let texts = |source: &str| written_paths(source).into_iter().map(|p| p.text).collect::<Vec<_>>();
    assert_eq!(texts("use crate::{a::{b, c as d}, e::*};"), ["crate::a::b", "crate::a::c", "crate::e"]);
    assert_eq!(texts("let x = \"crate::a\"; // crate::b\nlet y = '\\''; crate::c::f();"), ["crate::c::f"]);
    assert_eq!(code_only("a/* x /* y */ z */b").trim_end(), "a                 b");
    assert_eq!(module_of("app/use_cases/mod.rs"), ["app", "use_cases"]);
    assert_eq!(module_of("lib.rs"), Vec::<String>::new());
    assert!(matches_pattern("*stripe*", "stripe") && matches_pattern("*stripe*", "async_stripe_core"));
    assert!(matches_pattern("poem*", "poem_openapi") && !matches_pattern("poem*", "xpoem"));
    assert!(!matches_pattern("sqlx", "sqlx_core") && !matches_pattern("metrics_exporter*", "metrics"));
}

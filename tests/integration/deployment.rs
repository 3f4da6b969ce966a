//! The deployment files agree with the code: every setting the server reads is documented in
//! `docs/deploy.md`, and `render.yaml` and the `Dockerfile` set only settings that exist.
//! (The list is read from `src/bootstrap/config/mod.rs`, the one place that names them.)

use std::collections::BTreeSet;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The quoted names in the `ENV_KEYS` list of `src/bootstrap/config/mod.rs`.
fn settings_the_server_reads() -> BTreeSet<String> {
    let config = repo_file("src/bootstrap/config/mod.rs");
    let list = config.split("const ENV_KEYS").nth(1).expect("ENV_KEYS in config.rs").split("];").next().unwrap();
    let keys: BTreeSet<String> = list.split('"').skip(1).step_by(2).map(str::to_owned).collect();
    assert!(keys.len() > 20 && keys.contains("DATABASE_URL"), "parsed ENV_KEYS: {keys:?}");
    keys
}

#[test]
fn every_setting_is_documented_in_the_deploy_guide() {
    let guide = repo_file("docs/deploy.md");
    let missing: Vec<_> =
        settings_the_server_reads().into_iter().filter(|key| !guide.contains(&format!("| `{key}` |"))).collect();
    assert!(missing.is_empty(), "docs/deploy.md has no table row for {missing:?}");
}

#[test]
fn render_and_docker_set_only_settings_that_exist() {
    let known = settings_the_server_reads();
    let render = repo_file("render.yaml");
    let render_keys = render.lines().filter_map(|line| line.trim().strip_prefix("- key: ").map(str::trim));
    let dockerfile = repo_file("Dockerfile");
    let env_block = dockerfile.split("\nENV ").nth(1).expect("an ENV instruction").split("\nEXPOSE").next().unwrap();
    let docker_keys = env_block.split_whitespace().filter_map(|word| word.split_once('=').map(|(key, _)| key));

    let unknown: Vec<_> = render_keys.chain(docker_keys).filter(|key| !known.contains(*key)).collect();
    assert!(unknown.is_empty(), "set but never read by the server: {unknown:?}");
}

#[test]
fn production_deployments_run_in_production_mode_with_a_generated_key() {
    let render = repo_file("render.yaml");
    assert!(render.contains("- key: APP_ENV\n        value: production"));
    assert!(render.contains("- key: SECRET_KEY\n        generateValue: true"));
    assert!(repo_file("Dockerfile").contains("APP_ENV=production"));
}

/// The files of `src/bootstrap/config/` whose production refusals name a setting every
/// deployment must provide; the others refuse settings a deployment may leave unset (the
/// market clock, Telegram, `FRONTEND_URL`).
const REQUIRED_BY_PRODUCTION: [&str; 6] = ["auth", "billing", "server", "mail", "market_data", "compliance"];

/// The variables production refuses to start without: the first word of each
/// `UnsafeForProduction` message in the [`REQUIRED_BY_PRODUCTION`] files.
fn settings_production_requires() -> BTreeSet<String> {
    let config: String =
        REQUIRED_BY_PRODUCTION.iter().map(|name| repo_file(&format!("src/bootstrap/config/{name}.rs"))).collect();
    let vars: BTreeSet<String> = config
        .split("UnsafeForProduction(")
        .filter_map(|rest| rest.trim_start().strip_prefix('"'))
        .filter_map(|message| message.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(vars.contains("PUBLIC_URL") && vars.contains("STRIPE_WEBHOOK_SECRET"), "parsed: {vars:?}");
    assert!(vars.contains("RA_REGISTRATION_NO") && vars.contains("GRIEVANCE_EMAIL"), "parsed: {vars:?}");
    vars
}

#[test]
fn every_setting_production_requires_is_asked_for_by_render_and_named_in_the_dockerfile() {
    let render = repo_file("render.yaml");
    let dockerfile = repo_file("Dockerfile");
    for var in settings_production_requires() {
        assert!(render.contains(&format!("- key: {var}\n")), "render.yaml does not ask for {var}");
        assert!(dockerfile.contains(&var), "the Dockerfile's notes do not name {var}");
    }
}

/// Starts the real binary with `env` only and returns what it printed when it exited, or
/// `None` if it was still running after ten seconds (it started: the refusal is missing).
fn start_refused(env: &[(&str, &str)]) -> Option<String> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .arg("serve")
        .env_clear()
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the signalbox binary starts");
    for _ in 0..200 {
        if child.try_wait().expect("waitable").is_some() {
            let output = child.wait_with_output().expect("output");
            assert!(!output.status.success());
            return Some(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().ok();
    child.wait().ok();
    None
}

#[test]
fn the_production_binary_refuses_public_or_weak_secrets_and_plain_http_and_names_the_fix() {
    let safe = [
        ("APP_ENV", "production"),
        ("PORT", "0"),
        ("HOST", "127.0.0.1"),
        ("DATABASE_URL", "sqlite::memory:"),
        ("SECRET_KEY", "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5"),
        ("STRIPE_SECRET_KEY", "sk_test_x"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk"),
        ("PUBLIC_URL", "https://signals.example.com"),
        ("SMTP_URL", "smtps://mailer:secret@smtp.example.com"),
        ("METRICS_TOKEN", "5b0e8f3a9c2d7e1f4a6b8c0d2e4f6a8b"),
        ("MARKET_DATA", "database"),
    ];
    let with = |name: &'static str, value: &'static str| {
        let mut env = safe.to_vec();
        env.retain(|(k, _)| *k != name);
        env.push((name, value));
        env
    };
    for (name, value) in [
        ("STRIPE_WEBHOOK_SECRET", "whsec_signalbox_dev_only"),
        ("STRIPE_WEBHOOK_SECRET", ","),
        ("PUBLIC_URL", "http://signals.example.com"),
        ("SECRET_KEY", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("SECRET_KEY", "changemechangemechangemechangeme"),
        ("STRIPE_WEBHOOK_SECRET", "x"),
    ] {
        let stderr = start_refused(&with(name, value)).unwrap_or_else(|| panic!("started with {name}={value}"));
        assert!(
            stderr.contains("refusing to start in production") && stderr.contains(name),
            "{name}={value}: {stderr}"
        );
    }
}

/// The production settings of a real deployment, except what `overrides` changes.
fn production_env(overrides: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut env: Vec<(&'static str, String)> = vec![
        ("APP_ENV", "production".into()),
        ("PORT", "0".into()),
        ("HOST", "127.0.0.1".into()),
        ("DATABASE_URL", "sqlite::memory:".into()),
        ("SECRET_KEY", "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5".into()),
        ("STRIPE_SECRET_KEY", "sk_test_x".into()),
        ("STRIPE_WEBHOOK_SECRET", "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk".into()),
        ("PUBLIC_URL", "https://signals.example.com".into()),
        ("SMTP_URL", "smtps://mailer:secret@smtp.example.com".into()),
        ("METRICS_TOKEN", "5b0e8f3a9c2d7e1f4a6b8c0d2e4f6a8b".into()),
        ("BUSINESS_NAME", "Example Research Pvt Ltd".into()),
        ("RA_NAME", "A. Analyst".into()),
        ("RA_REGISTRATION_NO", "INH000012345".into()),
        ("CONTACT_EMAIL", "support@example.in".into()),
        ("GRIEVANCE_EMAIL", "grievance@example.in".into()),
    ];
    for (name, value) in overrides {
        env.retain(|(k, _)| k != name);
        env.push((name, (*value).to_owned()));
    }
    env
}

fn refusal_of(env: &[(&'static str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    start_refused(&pairs).unwrap_or_else(|| panic!("started with {env:?}"))
}

#[test]
fn the_production_binary_refuses_simulated_prices_and_a_demo_with_a_live_stripe_key() {
    let simulator = refusal_of(&production_env(&[]));
    assert!(simulator.contains("refusing to start in production") && simulator.contains("MARKET_DATA"), "{simulator}");
    let live_demo = refusal_of(&production_env(&[("DEMO_MODE", "true"), ("STRIPE_SECRET_KEY", "sk_live_x")]));
    assert!(live_demo.contains("DEMO_MODE") && live_demo.contains("sk_live_"), "{live_demo}");
}

#[test]
fn the_production_binary_refuses_to_run_without_its_sebi_disclosures_or_with_a_malformed_registration() {
    let missing = refusal_of(&production_env(&[("MARKET_DATA", "database"), ("RA_REGISTRATION_NO", " ")]));
    assert!(missing.contains("refusing to start in production") && missing.contains("RA_REGISTRATION_NO must be set"));
    let malformed = refusal_of(&production_env(&[("MARKET_DATA", "database"), ("RA_REGISTRATION_NO", "INA000012345")]));
    assert!(malformed.contains("RA_REGISTRATION_NO") && malformed.contains("INH"), "{malformed}");
}

#[test]
fn an_invalid_calendar_file_stops_the_binary_naming_the_file_and_line() {
    let path = std::env::temp_dir().join(format!("signalbox-calendar-bad-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "[[year]]\nyear = 2026\nsource = \"x\"\nholidays = [{ date = \"2026-13-01\", name = \"x\" }]\n",
    )
    .unwrap();
    let mut env = production_env(&[("MARKET_DATA", "database"), ("APP_ENV", "development")]);
    env.push(("MARKET_CALENDAR_FILE", path.display().to_string()));
    let stderr = refusal_of(&env);
    std::fs::remove_file(&path).ok();
    assert!(stderr.contains(&path.display().to_string()) && stderr.contains("line 4"), "{stderr}");
}

/// The static hosts' configurations (`frontend/netlify.toml`, `frontend/vercel.json`) send the
/// dashboard with the headers the server itself would: the same policy, with the API's origin
/// added to `connect-src` (the operator's to fill in), and SPA routes falling back to index.html.
#[test]
fn the_static_hosts_serve_the_dashboard_with_the_servers_security_headers() {
    use signalbox::adapters::http::security_headers::{DEFAULT_CSP, HSTS, REFERRER_POLICY};
    let csp = DEFAULT_CSP.replace("connect-src 'self'", "connect-src 'self' https://api.example.com");
    for (path, fallback) in [
        ("frontend/netlify.toml", "to = \"/index.html\""),
        ("frontend/vercel.json", "\"destination\": \"/index.html\""),
    ] {
        let config = repo_file(path);
        for value in [csp.as_str(), HSTS, REFERRER_POLICY, "nosniff", "DENY", fallback] {
            assert!(config.contains(value), "{path} lacks {value}");
        }
    }
}

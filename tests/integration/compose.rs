//! `docker-compose.yml` agrees with the code: every variable it gives Signalbox is one the
//! server reads, the services it depends on have health checks, and it waits for them; in
//! development mode nothing is published beyond this machine.

use std::collections::BTreeSet;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The quoted names in `ENV_KEYS` (as `deployment.rs` reads them).
fn settings_the_server_reads() -> BTreeSet<String> {
    let config = repo_file("src/bootstrap/config/mod.rs");
    let list = config.split("const ENV_KEYS").nth(1).unwrap().split("];").next().unwrap();
    list.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The `environment:` keys of the `signalbox` service.
fn signalbox_environment(compose: &str) -> Vec<String> {
    let service = compose.split("\n  signalbox:\n").nth(1).expect("a signalbox service");
    let service = service.split("\n  postgres:").next().unwrap();
    let env = service.split("    environment:\n").nth(1).expect("an environment block");
    env.lines()
        .take_while(|line| line.starts_with("      "))
        // A commented-out example sets nothing.
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.trim().split_once(':').map(|(key, _)| key.to_owned()))
        .collect()
}

#[test]
fn every_variable_compose_sets_is_one_the_server_reads() {
    let compose = repo_file("docker-compose.yml");
    let known = settings_the_server_reads();
    let keys = signalbox_environment(&compose);

    assert!(keys.contains(&"DATABASE_URL".to_owned()) && keys.contains(&"REDIS_URL".to_owned()), "{keys:?}");
    let unknown: Vec<_> = keys.iter().filter(|key| !known.contains(*key)).collect();
    assert!(unknown.is_empty(), "docker-compose.yml sets variables the server never reads: {unknown:?}");
}

#[test]
fn every_service_has_a_health_check_and_signalbox_waits_for_healthy_services() {
    let compose = repo_file("docker-compose.yml");
    for service in ["signalbox", "postgres", "redis"] {
        let block = compose.split(&format!("\n  {service}:\n")).nth(1).unwrap_or_else(|| panic!("no {service}"));
        // The service ends where the next one (a line indented by exactly two spaces) starts.
        let own: Vec<&str> = block.lines().take_while(|line| line.is_empty() || line.starts_with("    ")).collect();
        assert!(own.iter().any(|line| line.trim() == "healthcheck:"), "{service} has no health check");
    }
    assert_eq!(compose.matches("condition: service_healthy").count(), 2);
}

/// Every `- "…"` entry of every `ports:` list in the file.
fn published_ports(compose: &str) -> Vec<String> {
    let mut ports = Vec::new();
    for block in compose.split("    ports:\n").skip(1) {
        let entries = block.lines().take_while(|line| line.starts_with("      ")).map(str::trim);
        ports
            .extend(entries.filter_map(|line| line.strip_prefix("- ")).map(|entry| entry.trim_matches('"').to_owned()));
    }
    ports
}

/// Development mode lists password-reset links at `/dev/mailbox`: published on every
/// interface, anyone on the same network could read them.
#[test]
fn in_development_mode_every_port_is_published_on_this_machine_only() {
    let compose = repo_file("docker-compose.yml");
    assert!(compose.contains("APP_ENV: development"), "the compose file runs development mode");

    let ports = published_ports(&compose);

    assert!(ports.iter().any(|port| port.ends_with(":8000")), "{ports:?}");
    let open: Vec<_> = ports.iter().filter(|port| !port.starts_with("127.0.0.1:")).collect();
    assert!(open.is_empty(), "published beyond 127.0.0.1: {open:?}");
}

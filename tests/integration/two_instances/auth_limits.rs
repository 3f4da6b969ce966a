//! Login and signup attempts are limited per client address across the whole deployment:
//! spreading attempts over instances does not multiply the limit.

use chrono::Utc;
use poem::http::StatusCode;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};

/// The rate limit's window is a fixed clock minute.
fn window_now() -> i64 {
    Utc::now().timestamp().div_euclid(60)
}

#[tokio::test]
async fn the_eleventh_signup_from_one_address_is_refused_by_either_instance() {
    let Some(cluster) = TwoInstances::start().await else { return };
    // A run that straddles a minute boundary starts counting afresh half-way; it proves
    // nothing, so it is repeated once with a new address (two runs cannot both straddle).
    for _attempt in 0..2 {
        let ip = random_ip();
        let window = window_now();
        for n in 0..10 {
            let signup = cluster.nth(n).with_client_ip(&ip).signup(&unique_email("limited")).await;
            assert_eq!(signup.status, StatusCode::CREATED, "signup {n}: {}", signup.text);
        }
        let eleventh_on_a = cluster.a.api.with_client_ip(&ip).signup(&unique_email("limited")).await;
        let twelfth_on_b = cluster.b.api.with_client_ip(&ip).signup(&unique_email("limited")).await;
        if window_now() != window {
            continue;
        }

        for refused in [&eleventh_on_a, &twelfth_on_b] {
            assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
            let retry_after: u64 = refused.header("Retry-After").expect("Retry-After").parse().unwrap();
            assert!((1..=60).contains(&retry_after), "Retry-After: {retry_after}");
        }
        // Another address, and the login bucket of this one, are untouched.
        assert_eq!(
            cluster.b.api.with_client_ip(&random_ip()).signup(&unique_email("other")).await.status,
            StatusCode::CREATED
        );
        let login = cluster.a.api.with_client_ip(&ip).login(&unique_email("nobody")).await;
        assert_eq!(login.status, StatusCode::UNAUTHORIZED, "{}", login.text);
        return;
    }
    panic!("two runs in a row straddled a minute boundary");
}

//! `POST /auth/password-reset` against abuse: nobody can use it to flood one inbox, and its
//! answer (status, body) says nothing about whether the address has an account.

use chrono::Duration;
use poem::http::StatusCode;

use crate::support::test_app::TestApp;

fn behind_a_proxy() -> TestApp {
    TestApp::with(&[("trust_proxy_headers", "true")])
}

#[tokio::test]
async fn the_fourth_reset_for_one_address_within_the_hour_sends_no_mail_and_answers_the_same() {
    let app = behind_a_proxy();
    app.new_user("victim@example.com").await;

    // Four different networks: the per-network limit never applies.
    let mut answers = Vec::new();
    for network in ["198.51.100.1", "198.51.100.2", "203.0.113.3", "2001:db8:4::1"] {
        answers.push(app.request_password_reset_from(network, "victim@example.com").await);
    }

    for answer in &answers {
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
        assert_eq!(answer.text, answers[0].text);
    }
    assert_eq!(app.mails_to("victim@example.com").await, 3);
}

#[tokio::test]
async fn the_per_address_limit_starts_afresh_the_next_hour_and_other_addresses_are_untouched() {
    let app = behind_a_proxy();
    app.new_user("victim@example.com").await;
    app.new_user("bystander@example.com").await;
    for n in 0..4 {
        app.request_password_reset_from(&format!("198.51.100.{n}"), "victim@example.com").await;
    }

    app.request_password_reset_from("198.51.100.9", "bystander@example.com").await;
    app.clock.advance(Duration::hours(1));
    app.request_password_reset_from("198.51.100.10", "victim@example.com").await;

    assert_eq!(app.mails_to("bystander@example.com").await, 1);
    assert_eq!(app.mails_to("victim@example.com").await, 4);
}

#[tokio::test]
async fn an_address_without_an_account_over_its_limit_answers_like_one_with_an_account() {
    let app = behind_a_proxy();
    app.new_user("known@example.com").await;

    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 0..5 {
        known.push(app.request_password_reset_from(&format!("198.51.100.{n}"), "known@example.com").await);
        unknown.push(app.request_password_reset_from(&format!("203.0.113.{n}"), "nobody@example.com").await);
    }

    for (known, unknown) in known.iter().zip(&unknown) {
        assert_eq!((known.status, &known.text), (unknown.status, &unknown.text));
    }
    assert_eq!(app.mails_to("nobody@example.com").await, 0);
}

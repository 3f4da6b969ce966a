//! `POST /auth/password-reset` against abuse: nobody can use it to flood one inbox, and its
//! answer (status, body, and the work done before it) says nothing about whether the address
//! has an account.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use poem::http::StatusCode;

use crate::support::observed_users::ObservedUsers;
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

#[tokio::test]
async fn known_and_unknown_addresses_are_answered_before_the_account_is_looked_up_and_the_mail_still_arrives() {
    let mut lookups = None;
    let app = TestApp::with_users(|accounts| {
        let repo = Arc::new(ObservedUsers::new(accounts));
        lookups = Some(repo.clone());
        repo
    });
    let lookups = lookups.unwrap();
    app.new_user("known@example.com").await;
    let before = lookups.email_lookups_done();
    lookups.hold_email_lookups();

    // Were an answer to wait on the lookup (or anything after it), it would never come: the
    // guard turns that hang into a failure.
    let answered = async {
        (app.request_password_reset("known@example.com").await, app.request_password_reset("nobody@example.com").await)
    };
    let (known, unknown) =
        tokio::time::timeout(StdDuration::from_secs(10), answered).await.expect("answered without the lookup");

    assert_eq!((known.status, unknown.status), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(known.text, unknown.text);
    assert_eq!(lookups.email_lookups_done(), before, "no lookup finished before both answers");
    assert!(app.stores.outbox.sent().is_empty(), "no mail before both answers");

    lookups.release_email_lookups();
    app.app.accounts.reset_mails_idle().await;

    assert_eq!(lookups.email_lookups_done(), before + 2, "both addresses were looked up afterwards");
    let sent: Vec<String> = app.stores.outbox.sent().iter().map(|m| m.mail.to.as_str().to_owned()).collect();
    assert_eq!(sent, ["known@example.com"]);
}

#[tokio::test]
async fn a_stopping_server_sends_the_reset_mails_it_already_answered_for() {
    let settings = crate::support::test_app::settings(&[("host", "127.0.0.1"), ("port", "0"), ("signal_clock", "off")]);
    let clock = Arc::new(signalbox::adapters::clock::ManualClock::new(crate::support::test_app::market_morning()));
    let stores = crate::support::in_memory::MemoryStores::new(clock.clone(), &settings);
    let users = Arc::new(ObservedUsers::new(stores.accounts.clone()));
    let hasher = Arc::new(crate::support::test_app::cheap_hasher());
    let wired = crate::support::in_memory::with_users(&settings, clock, hasher, stores.clone(), users.clone());
    let server = signalbox::bootstrap::startup::Application::build_with(settings, wired).await.unwrap();
    let api = crate::support::api_client::ApiClient::new(format!("http://127.0.0.1:{}", server.port()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut running = tokio::spawn(server.run_until(async move {
        let _ = stopped.await;
    }));
    assert_eq!(api.signup("leaving@example.com").await.status, StatusCode::CREATED);

    // The mail's work is held; the request is answered anyway, then the server is told to stop.
    users.hold_email_lookups();
    let body = serde_json::to_vec(&serde_json::json!({"email": "leaving@example.com"})).unwrap();
    let answer = api.send(poem::http::Method::POST, "/auth/password-reset", None, &[], Some(body)).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    stop.send(()).unwrap();

    let still_running = tokio::time::timeout(StdDuration::from_millis(300), &mut running).await;
    assert!(still_running.is_err(), "the server stopped before the mail it owed went out");
    users.release_email_lookups();
    tokio::time::timeout(StdDuration::from_secs(10), running)
        .await
        .expect("stops once the mail is out")
        .unwrap()
        .unwrap();
    let sent: Vec<String> = stores.outbox.sent().iter().map(|m| m.mail.to.as_str().to_owned()).collect();
    assert_eq!(sent, ["leaving@example.com"]);
}

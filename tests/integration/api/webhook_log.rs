//! The webhook event log end to end on the in-memory app: a delivery that fails is logged as
//! `failed` with its error, Stripe's retry or an operator's re-process applies it, and the
//! `signalbox webhooks` commands show and re-run it.

use chrono::Duration;
use clap::Parser;
use poem::http::StatusCode;
use serde_json::json;
use signalbox::adapters::cli::args::{Cli, Command};
use signalbox::adapters::cli::webhooks;
use signalbox::app::billing::{ReprocessWebhookError, WebhookOutcome};
use signalbox::domain::StripeEventId;
use signalbox::ports::WebhookEventStatus;

use crate::support::faulty_billing::INJECTED_FAILURE;
use crate::support::test_app::{TestApp, stripe_event};

const EVENT_ID: &str = "evt_1Q9zCheckout0001";

/// A user and the signed checkout payload that would make them paid.
async fn user_and_checkout(app: &TestApp) -> (String, Vec<u8>) {
    let token = app.new_user("logged@example.com").await;
    let user_id = app.user_id(&token).await;
    let payload = app.checkout_payload(&user_id);
    (token, payload)
}

fn event_id() -> StripeEventId {
    StripeEventId::parse(EVENT_ID).unwrap()
}

async fn failed_ids(app: &TestApp) -> Vec<String> {
    let failed = app.app.billing.list_webhook_events(Some(WebhookEventStatus::Failed), 10).await.unwrap();
    failed.into_iter().map(|e| e.record.id.to_string()).collect()
}

#[tokio::test]
async fn a_delivery_that_fails_is_logged_as_failed_with_its_error_and_stripe_is_told_to_retry() {
    let (app, faults) = TestApp::with_faulty_billing();
    let (token, payload) = user_and_checkout(&app).await;
    faults.set_failing(true);

    let reply = app.deliver(&payload).await;

    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{}", reply.text);
    let failed = app.app.billing.list_webhook_events(Some(WebhookEventStatus::Failed), 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].record.id.as_str(), EVENT_ID);
    assert_eq!(failed[0].record.event_type, "checkout.session.completed");
    assert_eq!(failed[0].record.payload.as_bytes(), payload.as_slice());
    assert!(failed[0].error.as_deref().unwrap().contains(INJECTED_FAILURE), "{:?}", failed[0].error);
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
}

#[tokio::test]
async fn a_checkout_whose_customer_belongs_to_another_user_is_logged_as_failed_and_not_retried() {
    let app = TestApp::new();
    let owner = app.new_user("owner@example.com").await;
    let owner_id = app.user_id(&owner).await;
    let created = app.clock_now().timestamp();
    let owners_checkout = stripe_event("checkout.session.completed", |e| {
        e["id"] = json!("evt_owner_checkout");
        e["created"] = json!(created);
        e["data"]["object"]["client_reference_id"] = json!(owner_id);
    });
    assert_eq!(app.deliver(&owners_checkout).await.body["status"], "processed");
    let (other, same_customer) = user_and_checkout(&app).await;

    let reply = app.deliver(&same_customer).await;

    assert_eq!(reply.status, StatusCode::OK, "retrying cannot help, so Stripe must not: {}", reply.text);
    assert_eq!(reply.body["status"], "failed", "logged as failed for an operator");
    let failed = app.app.billing.list_webhook_events(Some(WebhookEventStatus::Failed), 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].record.id.as_str(), EVENT_ID);
    let error = failed[0].error.as_deref().unwrap();
    assert!(error.contains("linked to another user"), "{error}");
    assert_eq!(app.billing_status(&other).await.body["plan"], "free");
    assert_eq!(app.billing_status(&owner).await.body["plan"], "paid");
}

#[tokio::test]
async fn stripes_retry_applies_an_event_whose_first_delivery_failed() {
    let (app, faults) = TestApp::with_faulty_billing();
    let (token, payload) = user_and_checkout(&app).await;
    faults.set_failing(true);
    app.deliver(&payload).await;
    faults.set_failing(false);
    app.clock.advance(Duration::minutes(5));

    let retry = app.deliver(&payload).await;

    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text);
    assert_eq!(retry.body["status"], "processed");
    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
    assert!(failed_ids(&app).await.is_empty());
}

#[tokio::test]
async fn reprocessing_a_failed_event_applies_its_stored_payload_after_its_signature_expired() {
    let (app, faults) = TestApp::with_faulty_billing();
    let (token, payload) = user_and_checkout(&app).await;
    faults.set_failing(true);
    app.deliver(&payload).await;
    faults.set_failing(false);
    // Well past the 300 s signature window (and within the access token's lifetime).
    app.clock.advance(Duration::minutes(10));

    let outcome = app.app.billing.reprocess_webhook(&event_id()).await.unwrap();

    assert_eq!(outcome, WebhookOutcome::Processed);
    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
    let stored = app.app.billing.list_webhook_events(Some(WebhookEventStatus::Processed), 10).await.unwrap();
    assert_eq!(stored.iter().map(|e| e.record.id.as_str()).collect::<Vec<_>>(), [EVENT_ID]);
    assert_eq!(app.deliver(&payload).await.body["status"], "already_processed");
}

#[tokio::test]
async fn reprocessing_that_fails_again_keeps_the_event_failed() {
    let (app, faults) = TestApp::with_faulty_billing();
    let (token, payload) = user_and_checkout(&app).await;
    faults.set_failing(true);
    app.deliver(&payload).await;

    let result = app.app.billing.reprocess_webhook(&event_id()).await;

    assert!(matches!(result, Err(ReprocessWebhookError::Unexpected(_))), "{result:?}");
    assert_eq!(failed_ids(&app).await, [EVENT_ID]);
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
}

#[tokio::test]
async fn only_failed_events_are_reprocessed() {
    let app = TestApp::new();
    let plan = stripe_event("plan.created", |e| e["created"] = json!(app.clock_now().timestamp()));
    assert_eq!(app.deliver(&plan).await.body["status"], "ignored");

    let ignored = app.app.billing.reprocess_webhook(&StripeEventId::parse("evt_1Q9zPlanCreated1").unwrap()).await;
    let unknown = app.app.billing.reprocess_webhook(&StripeEventId::parse("evt_unknown").unwrap()).await;

    assert!(
        matches!(ignored, Err(ReprocessWebhookError::NotFailed { status: WebhookEventStatus::Ignored, .. })),
        "{ignored:?}"
    );
    assert!(matches!(unknown, Err(ReprocessWebhookError::NotFound(_))), "{unknown:?}");
}

#[tokio::test]
async fn the_operator_commands_list_the_failed_event_and_reprocess_it() {
    let (app, faults) = TestApp::with_faulty_billing();
    let (token, payload) = user_and_checkout(&app).await;
    faults.set_failing(true);
    app.deliver(&payload).await;
    faults.set_failing(false);
    let command = |raw: &[&str]| match Cli::try_parse_from(["signalbox", "webhooks"].iter().chain(raw)).unwrap().command
    {
        Some(Command::Webhooks(command)) => command,
        other => panic!("not a webhooks command: {other:?}"),
    };

    let mut listed = Vec::new();
    let list = command(&["list", "--status", "failed"]);
    webhooks::run(&app.app.billing, list, &mut listed).await.unwrap();
    let mut reprocessed = Vec::new();
    let reprocess = command(&["reprocess", EVENT_ID]);
    webhooks::run(&app.app.billing, reprocess, &mut reprocessed).await.unwrap();

    let listed = String::from_utf8(listed).unwrap();
    assert!(listed.contains(EVENT_ID) && listed.contains("failed") && listed.contains(INJECTED_FAILURE), "{listed}");
    assert_eq!(String::from_utf8(reprocessed).unwrap(), format!("{EVENT_ID}: processed\n"));
    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
}

/// Retention: handled events past `WEBHOOK_LOG_RETENTION_DAYS` go; failed ones stay until an
/// operator handles them, however old.
#[tokio::test]
async fn old_handled_events_are_purged_and_failed_ones_kept() {
    let (app, billing) = TestApp::with_faulty_billing();
    let (_, payload) = user_and_checkout(&app).await;
    let ignored = stripe_event("plan.created", |e| {
        e["id"] = json!("evt_old_plan");
        e["created"] = json!(app.clock_now().timestamp());
    });
    assert_eq!(app.deliver(&ignored).await.body["status"], "ignored");
    billing.set_failing(true);
    app.deliver(&payload).await;
    billing.set_failing(false);

    app.clock.advance(Duration::days(29));
    let too_early = app.app.billing.purge_webhook_log().await.unwrap();
    app.clock.advance(Duration::days(2));
    let purged = app.app.billing.purge_webhook_log().await.unwrap();

    assert_eq!((too_early, purged), (0, 1));
    let left: Vec<String> = app
        .app
        .billing
        .list_webhook_events(None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.record.id.to_string())
        .collect();
    assert_eq!(left, [EVENT_ID], "the failed event stays until handled");
}

//! `create_customer`: what Stripe receives and what the gateway returns.

use signalbox::domain::UserId;
use signalbox::ports::PaymentGateway;
use wiremock::MockServer;
use wiremock::ResponseTemplate;

use super::fake_stripe::*;

async fn server_creating_customers_for(user_id: UserId) -> MockServer {
    let server = MockServer::start().await;
    respond(&server, "/v1/customers", ResponseTemplate::new(200).set_body_json(customer_json(user_id))).await;
    server
}

#[tokio::test]
async fn creating_a_customer_sends_exactly_the_email_and_the_user_id_metadata() {
    let user_id = UserId::new_random();
    let server = server_creating_customers_for(user_id).await;

    gateway_for(&server).create_customer(user_id, &email()).await.expect("customer created");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let user = user_id.to_string();
    assert_eq!(form_pairs(&requests[0]), pairs(&[("email", "trader@example.com"), ("metadata[user_id]", &user)]));
}

#[tokio::test]
async fn creating_a_customer_authenticates_pins_the_api_version_and_keys_the_request_by_user() {
    let user_id = UserId::new_random();
    let server = server_creating_customers_for(user_id).await;

    gateway_for(&server).create_customer(user_id, &email()).await.expect("customer created");

    let request = &received(&server).await[0];
    assert_eq!(header(request, "authorization"), Some(format!("Bearer {SECRET_KEY}").as_str()));
    assert_eq!(header(request, "idempotency-key"), Some(format!("customer-{user_id}").as_str()));
    assert_eq!(header(request, "stripe-version"), Some(PINNED_API_VERSION));
    assert_eq!(header(request, "content-type"), Some("application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn creating_a_customer_returns_the_id_stripe_assigned() {
    let user_id = UserId::new_random();
    let server = server_creating_customers_for(user_id).await;

    let customer = gateway_for(&server).create_customer(user_id, &email()).await.expect("customer created");

    assert_eq!(customer.as_str(), CUSTOMER_ID);
}

#[tokio::test]
async fn concurrent_creations_for_one_user_carry_one_idempotency_key_so_stripe_makes_one_customer() {
    let user_id = UserId::new_random();
    let other_user = UserId::new_random();
    let server = server_creating_customers_for(user_id).await;
    let gateway = gateway_for(&server);
    let email = email();

    let (first, second, other) = tokio::join!(
        gateway.create_customer(user_id, &email),
        gateway.create_customer(user_id, &email),
        gateway.create_customer(other_user, &email),
    );
    first.expect("first call");
    second.expect("second call");
    other.expect("other user's call");

    let mut keys: Vec<String> =
        received(&server).await.iter().map(|r| header(r, "idempotency-key").expect("keyed").to_owned()).collect();
    keys.sort();
    let mut expected =
        vec![format!("customer-{user_id}"), format!("customer-{user_id}"), format!("customer-{other_user}")];
    expected.sort();
    assert_eq!(keys, expected);
}

use poem::http::StatusCode;

use crate::support::test_app::TestApp;

#[tokio::test]
async fn health_and_ready_answer_200() {
    let app = TestApp::new();
    assert_eq!(app.get("/health", None).await.body["status"], "ok");
    let ready = app.get("/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");
}

#[tokio::test]
async fn unknown_paths_get_a_json_404_and_the_docs_are_served() {
    let app = TestApp::new();
    let missing = app.get("/auth/nope", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.detail(), "not found");

    let docs = app.get("/docs", None).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.text.contains("swagger"), "Swagger UI page");
    let spec = app.get("/openapi.json", None).await;
    assert_eq!(spec.body["info"]["title"], "Signalbox API");
}

#[tokio::test]
async fn every_response_carries_a_request_id_even_errors() {
    let app = TestApp::new();
    let ok = app.get("/health", None).await;
    let missing = app.get("/nope/nope", None).await;
    let unauthorized = app.get("/signals", None).await;
    let ids: Vec<&str> =
        [&ok, &missing, &unauthorized].iter().map(|r| r.header("x-request-id").expect("X-Request-Id")).collect();
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    assert!(ids[0] != ids[1] && ids[1] != ids[2], "fresh ids: {ids:?}");
}

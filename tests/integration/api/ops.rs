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

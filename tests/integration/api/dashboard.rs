//! The dashboard's files: SPA fallback for client routes and cache headers that let browsers
//! keep hashed assets forever but always revalidate `index.html`.

use poem::http::StatusCode;

use crate::support::test_app::TestApp;

fn built_dashboard() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><div id=root>dashboard</div>").unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/index-abc123.js"), "console.log('hi')").unwrap();
    dir
}

#[tokio::test]
async fn client_routes_fall_back_to_index_html_which_is_never_cached_stale() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);

    for path in ["/", "/login", "/dashboard?checkout=success"] {
        let page = app.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.text.contains("dashboard"), "{path}");
        assert_eq!(page.header("cache-control"), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);

    let asset = app.get("/assets/index-abc123.js", None).await;

    assert_eq!(asset.status, StatusCode::OK);
    assert_eq!(asset.header("cache-control"), Some("public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn api_routes_are_not_swallowed_by_the_dashboard() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);

    assert_eq!(app.get("/health", None).await.body["status"], "ok");
    assert_eq!(app.get("/signals", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_a_built_dashboard_the_root_explains_how_to_build_it() {
    let app = TestApp::with(&[("static_dir", "/nonexistent/dist")]);
    let page = app.get("/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("make run"));
}

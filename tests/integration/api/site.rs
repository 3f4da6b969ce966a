//! `GET /site`: public, exactly the documented fields, the configured identity and the market
//! data's provenance.

use poem::http::StatusCode;
use serde_json::json;
use signalbox::bootstrap::wiring::wire;

use crate::support::test_app::{TestApp, settings};

#[tokio::test]
async fn site_answers_without_a_token_with_exactly_the_documented_fields() {
    let app = TestApp::new();

    let site = app.get("/site", None).await;

    assert_eq!(site.status, StatusCode::OK, "{}", site.text);
    assert_eq!(
        site.body,
        json!({
            "business_name": "Signalbox (demo)",
            "research_analyst": {"name": "Not a SEBI-registered research analyst — demo", "registration_no": null},
            "contact_email": "contact@example.com",
            "grievance_email": "grievance@example.com",
            "demo_mode": false,
            "market": {"simulated": true, "source": "simulator"},
        })
    );
}

#[tokio::test]
async fn site_shows_the_configured_business_registration_and_contacts() {
    let app = TestApp::with(&[
        ("business_name", "Example Research Pvt Ltd"),
        ("ra_name", "A. Analyst"),
        ("ra_registration_no", "inh000012345"),
        ("contact_email", "Support@Example.in"),
        ("grievance_email", "grievance@example.in"),
        ("demo_mode", "true"),
    ]);

    let body = app.get("/site", None).await.body;

    assert_eq!(body["business_name"], "Example Research Pvt Ltd");
    assert_eq!(body["research_analyst"], json!({"name": "A. Analyst", "registration_no": "INH000012345"}));
    assert_eq!(
        (&body["contact_email"], &body["grievance_email"]),
        (&json!("support@example.in"), &json!("grievance@example.in"))
    );
    assert_eq!(body["demo_mode"], true);
}

/// The market block comes from the configured adapter, not a constant: imported candles are
/// the real market's.
#[tokio::test]
async fn site_says_prices_are_real_when_the_market_data_is_the_imported_candles() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("site.db").display());
    let settings = settings(&[("database_url", url.as_str()), ("market_data", "database")]);

    let wired = wire(&settings).await.expect("wired");
    let site = wired.app.operations.site();

    assert_eq!((site.market.source.as_str(), site.market.simulated), ("database", false));
}

/// The dashboard's copy of the F&O risk notice is the one checkout and Stripe show.
#[test]
fn the_dashboard_shows_the_same_risk_notice_as_checkout() {
    use signalbox::domain::disclosure::{FNO_RISK_NOTICE, FNO_RISK_STUDY, RESEARCH_NOT_ADVICE};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/src/components/Billing/riskNotice.ts");
    let dashboard = std::fs::read_to_string(path).expect("the dashboard's risk notice");
    for text in [FNO_RISK_NOTICE, FNO_RISK_STUDY, RESEARCH_NOT_ADVICE] {
        assert!(dashboard.contains(&format!("'{text}'")), "riskNotice.ts lacks {text:?}");
    }
}

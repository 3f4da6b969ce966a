//! Whether every backing service answers.

use super::OperationsService;

pub struct Readiness {
    pub ready: bool,
    /// (service name, answered)
    pub checks: Vec<(&'static str, bool)>,
}

impl OperationsService {
    pub async fn readiness(&self) -> Readiness {
        let mut checks = Vec::with_capacity(self.health_checks.len());
        for check in &self.health_checks {
            let ok = match tokio::time::timeout(std::time::Duration::from_secs(2), check.check()).await {
                Ok(Ok(())) => true,
                Ok(Err(err)) => {
                    tracing::warn!(service = check.name(), error = %err, "readiness check failed");
                    false
                }
                Err(_) => {
                    tracing::warn!(service = check.name(), "readiness check timed out");
                    false
                }
            };
            checks.push((check.name(), ok));
        }
        Readiness { ready: checks.iter().all(|(_, ok)| *ok), checks }
    }
}

//! Which push endpoints we agree to send to.
//!
//! The endpoint is a URL a browser chose, but it reaches us through a stranger's request, and
//! the server will later POST to it. So besides "an https URL of at most 2048 characters" it
//! must name a public host by name: no IP literal, no `localhost`, no single-label (intranet)
//! name, no credentials. Every push service browsers use (FCM, Mozilla's autopush, Apple,
//! Microsoft's WNS) passes; a request aimed at our own network does not.

use super::push_device::PushDeviceError;

/// Longest endpoint accepted; the ones browsers hand out are a few hundred characters.
pub const MAX_ENDPOINT_CHARS: usize = 2048;

/// The endpoint, trimmed, if it is one we may send to.
///
/// # Errors
/// [`PushDeviceError::BadEndpoint`] otherwise.
pub fn check_endpoint(endpoint: &str) -> Result<String, PushDeviceError> {
    let endpoint = endpoint.trim();
    if endpoint.len() > MAX_ENDPOINT_CHARS || endpoint.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(PushDeviceError::BadEndpoint);
    }
    let rest = endpoint.strip_prefix("https://").ok_or(PushDeviceError::BadEndpoint)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') || authority.starts_with('[') {
        return Err(PushDeviceError::BadEndpoint);
    }
    let (host, port) = authority.rsplit_once(':').map_or((authority, None), |(host, port)| (host, Some(port)));
    if port.is_some_and(|port| port.parse::<u16>().is_err()) || !is_public_host_name(host) {
        return Err(PushDeviceError::BadEndpoint);
    }
    Ok(endpoint.to_owned())
}

fn is_public_host_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = labels.iter().all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    // An all-digit last label is an IPv4 literal (or a disguised one: `2130706433`, `127.1`).
    let top_level_is_name = labels.last().is_some_and(|tld| tld.chars().any(|c| c.is_ascii_alphabetic()));
    well_formed
        && labels.len() >= 2
        && top_level_is_name
        && host != "localhost"
        && !host.ends_with(".localhost")
        && !host.ends_with(".local")
        && !host.ends_with(".internal")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_push_services_browsers_use_are_accepted() {
        for endpoint in [
            "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",
            "https://updates.push.services.mozilla.com/wpush/v2/gAAAAAB",
            "https://web.push.apple.com/QGuQyavXutnMH6Ig2uYOJDwA",
            "https://wns2-by3p.notify.windows.com/w/?token=BQYAAA",
            "https://push.example.com:8443/x",
        ] {
            assert_eq!(check_endpoint(endpoint).as_deref(), Ok(endpoint));
        }
    }

    #[test]
    fn endpoints_aimed_at_our_own_network_or_not_https_are_refused() {
        for endpoint in [
            "http://fcm.googleapis.com/fcm/send/x",
            "https://127.0.0.1/x",
            "https://2130706433/x",
            "https://[::1]/x",
            "https://localhost/x",
            "https://api.localhost/x",
            "https://metadata/computeMetadata",
            "https://printer.local/x",
            "https://user:pass@fcm.googleapis.com/x",
            "https://fcm.googleapis.com:99999/x",
            "https://fcm.googleapis.com/a b",
            "ftp://fcm.googleapis.com/x",
            "",
        ] {
            assert_eq!(check_endpoint(endpoint), Err(PushDeviceError::BadEndpoint), "{endpoint}");
        }
    }

    #[test]
    fn an_endpoint_longer_than_2048_characters_is_refused() {
        let long = format!("https://fcm.googleapis.com/{}", "a".repeat(MAX_ENDPOINT_CHARS));
        assert_eq!(check_endpoint(&long), Err(PushDeviceError::BadEndpoint));
        let longest = format!("https://fcm.googleapis.com/{}", "a".repeat(MAX_ENDPOINT_CHARS - 27));
        assert!(check_endpoint(&longest).is_ok());
    }
}

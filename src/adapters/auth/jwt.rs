//! HS256 JSON Web Tokens for API access.
//!
//! The algorithm is pinned on both sides: tokens are only ever verified as HS256, so an
//! `alg: none` token or one signed with another algorithm or key is rejected. Expiry is checked
//! against the injected clock (not the library's system-time check) so tests can drive it.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::verified_tokens::{VerifiedClaims, VerifiedTokens};
use crate::domain::{TokenFamilyId, UserId};
use crate::ports::{AccessToken, TokenError, TokenIssuer, VerifiedAccess};

const ISSUER: &str = "signalbox";
const AUDIENCE: &str = "signalbox-api";
const TOKEN_TYPE: &str = "access";
/// Tolerated clock skew between instances.
const LEEWAY_SECS: i64 = 5;
/// Verified tokens remembered per process: a few MiB at most, far more than the tokens in
/// use by one instance's active users within 30 minutes.
const REMEMBERED_TOKENS: usize = 10_000;

pub struct JwtSettings {
    pub secret: SecretString,
    pub ttl: Duration,
}

pub struct JwtIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Built once: its issuer, audience and required-claim sets are allocated on creation,
    /// and every authenticated request verifies a token.
    validation: Validation,
    verified: VerifiedTokens,
    ttl: Duration,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
    iss: String,
    aud: String,
    typ: String,
    jti: String,
    /// The session (refresh-token family): what a logout or revocation ends. Optional so tokens
    /// issued before it was added still verify until they expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<String>,
}

impl JwtIssuer {
    pub fn new(settings: &JwtSettings) -> Self {
        let secret = settings.secret.expose_secret().as_bytes();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation: Self::validation(),
            verified: VerifiedTokens::with_capacity(REMEMBERED_TOKENS),
            ttl: settings.ttl,
        }
    }

    fn validation() -> Validation {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false; // checked below against our clock
        validation.set_required_spec_claims(&["sub", "exp", "iat", "iss", "aud"]);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation
    }
}

impl TokenIssuer for JwtIssuer {
    fn issue(&self, user: UserId, session: TokenFamilyId, now: DateTime<Utc>) -> anyhow::Result<AccessToken> {
        let claims = Claims {
            sub: user.to_string(),
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            typ: TOKEN_TYPE.into(),
            jti: uuid::Uuid::new_v4().to_string(),
            sid: Some(session.to_string()),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(AccessToken { token: SecretString::from(token), expires_in_secs: self.ttl.num_seconds().max(0) as u64 })
    }

    fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<VerifiedAccess, TokenError> {
        let claims = match self.verified.get(token) {
            Some(claims) => claims,
            None => {
                let claims = self.check_signature_and_claims(token)?;
                check_time(&claims, now)?;
                self.verified.insert(token, claims, |claims| check_time(claims, now).is_ok());
                return Ok(claims.access());
            }
        };
        check_time(&claims, now)?;
        Ok(claims.access())
    }
}

impl JwtIssuer {
    /// Everything about a token that does not depend on the time.
    fn check_signature_and_claims(&self, token: &str) -> Result<VerifiedClaims, TokenError> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|_| TokenError::Invalid)?.claims;
        if claims.typ != TOKEN_TYPE {
            return Err(TokenError::Invalid);
        }
        let user = claims.sub.parse().map_err(|_| TokenError::Invalid)?;
        let session = claims.sid.as_deref().map(str::parse).transpose().map_err(|_| TokenError::Invalid)?;
        Ok(VerifiedClaims { user, session, issued_at: claims.iat, expires_at: claims.exp })
    }
}

/// Issued no later than now and not yet expired, give or take the leeway.
fn check_time(claims: &VerifiedClaims, now: DateTime<Utc>) -> Result<(), TokenError> {
    if claims.issued_at > now.timestamp() + LEEWAY_SECS {
        return Err(TokenError::Invalid);
    }
    if now.timestamp() >= claims.expires_at + LEEWAY_SECS {
        return Err(TokenError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn issuer(secret: &str) -> JwtIssuer {
        JwtIssuer::new(&JwtSettings { secret: SecretString::from(secret.to_owned()), ttl: Duration::minutes(30) })
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
    }

    fn token_for(issuer: &JwtIssuer, user: UserId) -> String {
        issuer.issue(user, TokenFamilyId::new_random(), now()).unwrap().token.expose_secret().to_owned()
    }

    #[test]
    fn a_fresh_token_names_its_user() {
        let jwt = issuer("k1");
        let user = UserId::new_random();
        assert_eq!(jwt.verify(&token_for(&jwt, user), now()).map(|access| access.user), Ok(user));
    }

    #[test]
    fn a_token_names_its_session_and_when_it_expires() {
        let jwt = issuer("k1");
        let (user, session) = (UserId::new_random(), TokenFamilyId::new_random());
        let token = jwt.issue(user, session, now()).unwrap().token.expose_secret().to_owned();
        let access = jwt.verify(&token, now()).unwrap();
        assert_eq!(access, VerifiedAccess { user, session: Some(session), expires_at: now() + Duration::minutes(30) });
    }

    #[test]
    fn a_token_from_before_sessions_were_named_still_verifies_without_one() {
        let jwt = issuer("k1");
        let user = UserId::new_random();
        let claims = Claims {
            sub: user.to_string(),
            iat: now().timestamp(),
            exp: (now() + Duration::minutes(30)).timestamp(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            typ: TOKEN_TYPE.into(),
            jti: "old".into(),
            sid: None,
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(b"k1")).unwrap();
        assert_eq!(jwt.verify(&token, now()).map(|access| (access.user, access.session)), Ok((user, None)));
    }

    #[test]
    fn a_token_expires_after_thirty_minutes_give_or_take_the_leeway() {
        let jwt = issuer("k1");
        let token = token_for(&jwt, UserId::new_random());
        assert!(jwt.verify(&token, now() + Duration::minutes(30)).is_ok(), "within leeway");
        assert_eq!(jwt.verify(&token, now() + Duration::minutes(31)), Err(TokenError::Expired));
    }

    #[test]
    fn a_token_signed_with_another_key_is_invalid() {
        let token = token_for(&issuer("k1"), UserId::new_random());
        assert_eq!(issuer("k2").verify(&token, now()), Err(TokenError::Invalid));
    }

    #[test]
    fn an_unsigned_alg_none_token_is_invalid() {
        let jwt = issuer("k1");
        let token = token_for(&jwt, UserId::new_random());
        let payload = token.split('.').nth(1).unwrap();
        // {"alg":"none","typ":"JWT"}
        let forged = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert_eq!(jwt.verify(&forged, now()), Err(TokenError::Invalid));
    }

    #[test]
    fn a_tampered_payload_is_invalid() {
        let jwt = issuer("k1");
        let token = token_for(&jwt, UserId::new_random());
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let swapped = if &parts[1][5..6] == "A" { "B" } else { "A" };
        parts[1].replace_range(5..6, swapped);
        assert_eq!(jwt.verify(&parts.join("."), now()), Err(TokenError::Invalid));
    }

    #[test]
    fn a_remembered_token_still_expires_and_is_not_valid_before_it_was_issued() {
        let jwt = issuer("k1");
        let token = token_for(&jwt, UserId::new_random());
        assert!(jwt.verify(&token, now()).is_ok());
        assert_eq!(jwt.verified.len(), 1, "remembered after its first use");

        assert!(jwt.verify(&token, now() + Duration::minutes(29)).is_ok());
        assert_eq!(jwt.verify(&token, now() + Duration::minutes(31)), Err(TokenError::Expired));
        assert_eq!(jwt.verify(&token, now() - Duration::minutes(1)), Err(TokenError::Invalid));
    }

    #[test]
    fn a_rejected_token_is_not_remembered() {
        let jwt = issuer("k1");
        let token = token_for(&issuer("k2"), UserId::new_random());
        assert_eq!(jwt.verify(&token, now()), Err(TokenError::Invalid));
        assert_eq!(
            jwt.verify(&token_for(&jwt, UserId::new_random()), now() + Duration::hours(1)),
            Err(TokenError::Expired)
        );
        assert_eq!(jwt.verified.len(), 0);
    }

    #[test]
    fn garbage_is_invalid() {
        assert_eq!(issuer("k1").verify("not.a.token", now()), Err(TokenError::Invalid));
    }
}

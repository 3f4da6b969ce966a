//! One push message encrypted for one browser: RFC 8291 over the RFC 8188 `aes128gcm`
//! content coding.
//!
//! A fresh P-256 key pair per message (the "application server" key of RFC 8291, unrelated to
//! the VAPID key) agrees a secret with the browser's `p256dh`; HKDF mixes in the browser's
//! `auth` secret and a random salt into a content key and nonce; the payload goes out as a
//! single record: the 86-byte header (salt, record size, key id = our ephemeral public key),
//! then AES-128-GCM over the payload followed by the last-record delimiter `0x02`.

use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use ring::aead::{AES_128_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::hkdf::{HKDF_SHA256, KeyType, Salt};
use ring::rand::{SecureRandom, SystemRandom};

/// The record size written in the header: push services accept records up to 4096 bytes.
const RECORD_SIZE: u32 = 4096;
/// salt (16) + record size (4) + key id length (1) + key id (65).
const HEADER_BYTES: usize = 86;
const TAG_BYTES: usize = 16;
/// The largest payload one 4096-byte record carries: less the header, the delimiter and the
/// authentication tag.
pub const MAX_PLAINTEXT_BYTES: usize = RECORD_SIZE as usize - HEADER_BYTES - 1 - TAG_BYTES;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EncryptionError {
    #[error("the payload is {0} bytes; one push message carries at most {MAX_PLAINTEXT_BYTES}")]
    TooLarge(usize),
    #[error("the device's keys are not a P-256 public key and a 16-byte secret")]
    BadDeviceKeys,
}

/// Encrypts `payload` for the browser whose public key is `p256dh` (65 bytes) and whose
/// authentication secret is `auth` (16 bytes), with a new ephemeral key and salt.
///
/// # Errors
/// See [`EncryptionError`].
pub fn encrypt(payload: &[u8], p256dh: &[u8], auth: &[u8]) -> Result<Vec<u8>, EncryptionError> {
    let random = SystemRandom::new();
    let mut salt = [0u8; 16];
    random.fill(&mut salt).expect("the operating system's random source works");
    let ephemeral = loop {
        let mut scalar = [0u8; 32];
        random.fill(&mut scalar).expect("the operating system's random source works");
        if let Ok(key) = SecretKey::from_slice(&scalar) {
            break key;
        }
    };
    encrypt_with(payload, p256dh, auth, &ephemeral, salt)
}

/// [`encrypt`] with the ephemeral key and salt given: the RFC's worked example fixes both.
pub(super) fn encrypt_with(
    payload: &[u8],
    p256dh: &[u8],
    auth: &[u8],
    ephemeral: &SecretKey,
    salt: [u8; 16],
) -> Result<Vec<u8>, EncryptionError> {
    if payload.len() > MAX_PLAINTEXT_BYTES {
        return Err(EncryptionError::TooLarge(payload.len()));
    }
    let browser = PublicKey::from_sec1_bytes(p256dh).map_err(|_| EncryptionError::BadDeviceKeys)?;
    if p256dh.len() != 65 || auth.len() != 16 {
        return Err(EncryptionError::BadDeviceKeys);
    }
    let ours = ephemeral.public_key().to_encoded_point(false);
    let shared = p256::ecdh::diffie_hellman(ephemeral.to_nonzero_scalar(), browser.as_affine());

    // RFC 8291 section 3.4: the input keying material binds both public keys and `auth`.
    let key_info = [b"WebPush: info\0".as_slice(), p256dh, ours.as_bytes()];
    let ikm: [u8; 32] = expand(&Salt::new(HKDF_SHA256, auth).extract(shared.raw_secret_bytes()), &key_info);
    // RFC 8188 section 2.2: content key and nonce from the salt.
    let prk = Salt::new(HKDF_SHA256, &salt).extract(&ikm);
    let content_key: [u8; 16] = expand(&prk, &[b"Content-Encoding: aes128gcm\0"]);
    let nonce: [u8; 12] = expand(&prk, &[b"Content-Encoding: nonce\0"]);

    let mut record = Vec::with_capacity(payload.len() + 1 + TAG_BYTES);
    record.extend_from_slice(payload);
    record.push(0x02);
    let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &content_key).expect("a 16-byte key"));
    // One message, one record: the nonce is used once (the key is new for every message).
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut record)
        .expect("one record is far below AES-GCM's limits");

    let mut body = Vec::with_capacity(HEADER_BYTES + record.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(ours.as_bytes());
    body.extend_from_slice(&record);
    Ok(body)
}

/// `N` bytes of HKDF-Expand output.
fn expand<const N: usize>(prk: &ring::hkdf::Prk, info: &[&[u8]]) -> [u8; N] {
    struct Length(usize);
    impl KeyType for Length {
        fn len(&self) -> usize {
            self.0
        }
    }
    let mut out = [0u8; N];
    prk.expand(info, Length(N)).and_then(|okm| okm.fill(&mut out)).expect("N is at most 32, far below HKDF's limit");
    out
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn b64(text: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(text).unwrap()
    }

    /// RFC 8291 appendix A, byte for byte (published test data, not secrets).
    #[test]
    fn the_rfc_8291_worked_example_encrypts_to_the_published_message() {
        let ephemeral = SecretKey::from_slice(&b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")).unwrap();
        let salt: [u8; 16] = b64("DGv6ra1nlYgDCS1FRnbzlw").try_into().unwrap();
        let body = encrypt_with(
            b"When I grow up, I want to be a watermelon",
            &b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
            &b64("BTBZMqHH6r4Tts7J_aSIgg"),
            &ephemeral,
            salt,
        )
        .unwrap();
        assert_eq!(
            URL_SAFE_NO_PAD.encode(body),
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        );
    }

    #[test]
    fn each_message_gets_its_own_salt_and_key() {
        let p256dh = b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        let auth = b64("BTBZMqHH6r4Tts7J_aSIgg");
        let (a, b) = (encrypt(b"same", &p256dh, &auth).unwrap(), encrypt(b"same", &p256dh, &auth).unwrap());
        assert_ne!(a[..16], b[..16], "salt");
        assert_ne!(a[21..86], b[21..86], "ephemeral key");
        assert_eq!(a.len(), HEADER_BYTES + 4 + 1 + TAG_BYTES);
    }

    #[test]
    fn a_payload_beyond_one_record_is_refused() {
        let p256dh = b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        let auth = b64("BTBZMqHH6r4Tts7J_aSIgg");
        let fits = encrypt(&vec![b'x'; MAX_PLAINTEXT_BYTES], &p256dh, &auth).unwrap();
        assert_eq!(fits.len(), RECORD_SIZE as usize);
        let too_large = encrypt(&vec![b'x'; MAX_PLAINTEXT_BYTES + 1], &p256dh, &auth);
        assert_eq!(too_large, Err(EncryptionError::TooLarge(MAX_PLAINTEXT_BYTES + 1)));
    }

    #[test]
    fn keys_that_are_not_a_point_and_a_secret_are_refused() {
        let p256dh = b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        assert_eq!(encrypt(b"x", &[4u8; 65], &[0u8; 16]), Err(EncryptionError::BadDeviceKeys));
        assert_eq!(encrypt(b"x", &p256dh, &[0u8; 15]), Err(EncryptionError::BadDeviceKeys));
    }
}

//! Idempotency tokens: what a client fills in for an `@idempotencyToken` member the caller left
//! unset, so that a retried request is recognised by the service as the same one.
//!
//! As in the official SDK, the provider is part of the configuration
//! (`Config::builder().idempotency_token_provider(..)`): a random UUID v4 per request by
//! default, or a fixed token for tests.
//!
//! ```
//! use aws_client_runtime::idempotency_token::IdempotencyTokenProvider;
//! let fixed = IdempotencyTokenProvider::fixed("00000000-0000-4000-8000-000000000000");
//! assert_eq!(fixed.make_idempotency_token(), "00000000-0000-4000-8000-000000000000");
//! let random = IdempotencyTokenProvider::random();
//! assert_ne!(random.make_idempotency_token(), random.make_idempotency_token());
//! ```

use std::fmt;
use std::sync::{Arc, Mutex};

/// Makes the tokens that fill unset `@idempotencyToken` members.
#[derive(Clone)]
pub struct IdempotencyTokenProvider {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    /// The same token every time.
    Fixed(&'static str),
    /// A random UUID v4 from the thread's generator.
    Random,
    /// A UUID v4 from a seeded generator, shared by clones so that they never repeat a token.
    Seeded(Arc<Mutex<fastrand::Rng>>),
}

impl IdempotencyTokenProvider {
    /// A random UUID v4 for each token: the default.
    pub fn random() -> Self {
        Self { inner: Inner::Random }
    }

    /// `token` every time, for tests that compare requests with expected ones.
    pub fn fixed(token: &'static str) -> Self {
        Self { inner: Inner::Fixed(token) }
    }

    /// UUIDs v4 from a generator seeded with `seed`: the same sequence in every run.
    pub fn with_seed(seed: u64) -> Self {
        Self { inner: Inner::Seeded(Arc::new(Mutex::new(fastrand::Rng::with_seed(seed)))) }
    }

    /// The next token.
    pub fn make_idempotency_token(&self) -> String {
        match &self.inner {
            Inner::Fixed(token) => (*token).to_owned(),
            Inner::Random => crate::client::uuid_v4(),
            Inner::Seeded(rng) => {
                let bits = rng.lock().unwrap_or_else(|p| p.into_inner()).u128(..);
                crate::client::uuid_v4_from(bits)
            }
        }
    }
}

impl Default for IdempotencyTokenProvider {
    fn default() -> Self {
        Self::random()
    }
}

impl From<&'static str> for IdempotencyTokenProvider {
    fn from(token: &'static str) -> Self {
        Self::fixed(token)
    }
}

impl fmt::Debug for IdempotencyTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Fixed(token) => f.debug_tuple("IdempotencyTokenProvider::Fixed").field(token).finish(),
            Inner::Random => f.write_str("IdempotencyTokenProvider::Random"),
            Inner::Seeded(_) => f.write_str("IdempotencyTokenProvider::Seeded"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_uuid_v4(token: &str) -> bool {
        token.len() == 36
            && token.split('-').map(str::len).eq([8, 4, 4, 4, 12])
            && token.bytes().all(|b| b == b'-' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && &token[14..15] == "4"
            && matches!(&token[19..20], "8" | "9" | "a" | "b")
    }

    #[test]
    fn the_default_is_a_fresh_uuid_v4_each_time() {
        let provider = IdempotencyTokenProvider::default();
        let (a, b) = (provider.make_idempotency_token(), provider.make_idempotency_token());
        assert!(is_uuid_v4(&a) && is_uuid_v4(&b), "{a} {b}");
        assert_ne!(a, b);
    }

    #[test]
    fn a_fixed_token_is_given_every_time() {
        let provider = IdempotencyTokenProvider::from("token-1");
        assert_eq!(provider.make_idempotency_token(), "token-1");
        assert_eq!(provider.clone().make_idempotency_token(), "token-1");
        assert_eq!(format!("{provider:?}"), "IdempotencyTokenProvider::Fixed(\"token-1\")");
    }

    #[test]
    fn a_seeded_provider_repeats_its_sequence_and_clones_share_it() {
        let (a, b) = (IdempotencyTokenProvider::with_seed(7), IdempotencyTokenProvider::with_seed(7));
        let first = a.make_idempotency_token();
        assert!(is_uuid_v4(&first), "{first}");
        assert_eq!(first, b.make_idempotency_token());
        let clone = a.clone();
        assert_ne!(clone.make_idempotency_token(), a.make_idempotency_token());
    }
}

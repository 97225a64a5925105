//! Auth scheme resolution: which of an operation's auth schemes signs its request, as the
//! official SDK's `config::auth`.
//!
//! Every operation of a restJson1 AWS service supports SigV4 ([`SIGV4`]); a client may also be
//! allowed to send requests unsigned ([`NO_AUTH`], `Config::builder().allow_no_auth()`). For
//! each call the resolver lists the schemes the operation supports, the configured
//! [`AuthSchemePreference`] reorders them, and the first one the client can use signs the
//! request: SigV4 when credentials are configured, `noAuth` always.

use std::fmt;
use std::sync::Arc;

pub use aws_smithy_runtime_api::client::auth::{AuthSchemeId, AuthSchemePreference};

/// SigV4, the scheme every AWS operation of this client supports.
pub const SIGV4: AuthSchemeId = AuthSchemeId::new("sigv4");
/// No signature: the request is sent without `Authorization`.
pub const NO_AUTH: AuthSchemeId = AuthSchemeId::new("noAuth");

/// What an auth scheme resolver is told about a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    operation_name: std::borrow::Cow<'static, str>,
}

impl Params {
    /// A builder of parameters.
    pub fn builder() -> ParamsBuilder {
        ParamsBuilder::default()
    }
    /// The operation's name in the model (`GetChannel`).
    pub fn operation_name(&self) -> &str {
        &self.operation_name
    }
}

/// Builder of [`Params`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamsBuilder {
    operation_name: Option<String>,
}

impl ParamsBuilder {
    /// Sets the operation's name.
    pub fn operation_name(mut self, operation_name: impl Into<String>) -> Self {
        self.operation_name = Some(operation_name.into());
        self
    }
    /// Sets or clears the operation's name.
    pub fn set_operation_name(&mut self, operation_name: Option<String>) -> &mut Self {
        self.operation_name = operation_name;
        self
    }
    /// The parameters; [`BuildError`] without an operation name.
    pub fn build(self) -> Result<Params, BuildError> {
        let operation_name = self.operation_name.ok_or(BuildError { missing: "operation_name" })?;
        Ok(Params { operation_name: operation_name.into() })
    }
}

/// Auth scheme parameters that miss a required value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    missing: &'static str,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "auth scheme parameters need `{}`", self.missing)
    }
}

impl std::error::Error for BuildError {}

/// Lists the auth schemes an operation may be signed with, most preferred first
/// (`Config::builder().auth_scheme_resolver(..)`).
pub trait ResolveAuthScheme: fmt::Debug + Send + Sync {
    /// The schemes for the call `params` describes.
    fn resolve_auth_scheme(&self, params: &Params) -> Vec<AuthSchemeId>;
}

/// The resolver the client uses when none is set: SigV4 for every operation.
#[derive(Clone, Debug, Default)]
pub struct DefaultAuthSchemeResolver;

impl ResolveAuthScheme for DefaultAuthSchemeResolver {
    fn resolve_auth_scheme(&self, _params: &Params) -> Vec<AuthSchemeId> {
        vec![SIGV4]
    }
}

/// A shared [`ResolveAuthScheme`].
#[derive(Clone, Debug)]
pub struct SharedAuthSchemeResolver(Arc<dyn ResolveAuthScheme>);

impl SharedAuthSchemeResolver {
    /// Shares `resolver`.
    pub fn new(resolver: impl ResolveAuthScheme + 'static) -> Self {
        Self(Arc::new(resolver))
    }
}

impl ResolveAuthScheme for SharedAuthSchemeResolver {
    fn resolve_auth_scheme(&self, params: &Params) -> Vec<AuthSchemeId> {
        self.0.resolve_auth_scheme(params)
    }
}

/// The scheme a call is signed with: the resolver's schemes, with `allow_no_auth` adding
/// `noAuth` last, reordered by `preference`, and the first the client can use (SigV4 needs
/// credentials). `None` when none can be used.
pub fn choose(
    resolver: Option<&SharedAuthSchemeResolver>,
    preference: Option<&AuthSchemePreference>,
    allow_no_auth: bool,
    operation_name: &'static str,
    has_credentials: bool,
) -> Option<AuthSchemeId> {
    // The common case, on every call: nothing configured, so SigV4 if it can sign.
    let Some(resolver) = resolver else {
        if preference.is_none() {
            return if has_credentials { Some(SIGV4) } else { allow_no_auth.then_some(NO_AUTH) };
        }
        return choose_among(vec![SIGV4], preference, allow_no_auth, has_credentials);
    };
    let params = Params { operation_name: operation_name.into() };
    choose_among(resolver.resolve_auth_scheme(&params), preference, allow_no_auth, has_credentials)
}

/// [`choose`] among the schemes a resolver gave.
fn choose_among(
    mut schemes: Vec<AuthSchemeId>,
    preference: Option<&AuthSchemePreference>,
    allow_no_auth: bool,
    has_credentials: bool,
) -> Option<AuthSchemeId> {
    if allow_no_auth && !schemes.contains(&NO_AUTH) {
        schemes.push(NO_AUTH);
    }
    if let Some(preference) = preference {
        let preferred: Vec<AuthSchemeId> = preference.clone().into_iter().collect();
        // Preferred schemes first, in the preference's order; the rest keep theirs.
        schemes.sort_by_key(|scheme| preferred.iter().position(|p| p == scheme).unwrap_or(preferred.len()));
    }
    schemes.into_iter().find(|scheme| *scheme == NO_AUTH || (*scheme == SIGV4 && has_credentials))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Fixed(Vec<AuthSchemeId>);

    impl ResolveAuthScheme for Fixed {
        fn resolve_auth_scheme(&self, _params: &Params) -> Vec<AuthSchemeId> {
            self.0.clone()
        }
    }

    #[test]
    fn the_first_usable_scheme_in_preference_order_is_chosen() {
        let both = SharedAuthSchemeResolver::new(Fixed(vec![SIGV4, NO_AUTH]));
        assert_eq!(choose(Some(&both), None, false, "Op", true), Some(SIGV4));
        assert_eq!(choose(Some(&both), None, false, "Op", false), Some(NO_AUTH));
        let prefer_none = AuthSchemePreference::from([NO_AUTH]);
        assert_eq!(choose(Some(&both), Some(&prefer_none), false, "Op", true), Some(NO_AUTH));
        assert_eq!(choose(None, None, false, "Op", false), None);
        assert_eq!(choose(None, None, true, "Op", false), Some(NO_AUTH));
        assert_eq!(choose(None, None, true, "Op", true), Some(SIGV4));
        let unknown = SharedAuthSchemeResolver::new(Fixed(vec![AuthSchemeId::new("httpBearerAuth")]));
        assert_eq!(choose(Some(&unknown), None, false, "Op", true), None);
    }

    #[test]
    fn params_need_an_operation_name() {
        assert!(Params::builder().build().unwrap_err().to_string().contains("operation_name"));
        assert_eq!(Params::builder().operation_name("GetChannel").build().unwrap().operation_name(), "GetChannel");
    }
}

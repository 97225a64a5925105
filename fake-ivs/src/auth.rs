//! Authentication of requests: SigV4 signatures (checked by
//! [`aws_client_runtime::signing::verify`]), their dates, scopes and session tokens.

use crate::server::json_error;
use aws_client_runtime::signing::{verify, Credentials, VerifyError};
use aws_client_runtime::transport::{HttpRequest, HttpResponse};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The service name requests must be signed for.
const SIGNING_NAME: &str = "ivs";

/// Why a request was not authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AuthFailure {
    /// No `Authorization` header.
    Missing,
    /// The access key id is not registered, or the session token is missing, unexpected or
    /// wrong.
    UnrecognizedClient,
    /// The signature does not match.
    Mismatch,
    /// The credential scope names another service or region.
    WrongScope(String),
    /// `X-Amz-Date` is more than 15 minutes before the server's clock.
    Expired { date: String, limit: String, now: String },
    /// `X-Amz-Date` is more than 15 minutes after the server's clock.
    NotYetCurrent { date: String, limit: String, now: String },
    /// The `Authorization` header or `X-Amz-Date` cannot be read.
    Malformed(String),
}

impl AuthFailure {
    /// The 403 answer AWS gives for this failure.
    pub fn response(&self) -> HttpResponse {
        let (code, message) = match self {
            AuthFailure::Missing => ("MissingAuthenticationTokenException", "Missing Authentication Token".to_owned()),
            AuthFailure::UnrecognizedClient => {
                ("UnrecognizedClientException", "The security token included in the request is invalid.".to_owned())
            }
            AuthFailure::Mismatch => {
                ("InvalidSignatureException", crate::server::SIGNATURE_MISMATCH_MESSAGE.to_owned())
            }
            AuthFailure::WrongScope(message) => ("InvalidSignatureException", message.clone()),
            AuthFailure::Expired { date, limit, now } => (
                "InvalidSignatureException",
                format!("Signature expired: {date} is now earlier than {limit} ({now} - 15 min.)"),
            ),
            AuthFailure::NotYetCurrent { date, limit, now } => (
                "InvalidSignatureException",
                format!("Signature not yet current: {date} is still later than {limit} ({now} + 15 min.)"),
            ),
            AuthFailure::Malformed(detail) => ("IncompleteSignatureException", detail.clone()),
        };
        json_error(403, code, "message", &message)
    }
}

/// Checks that `request` is signed for IVS in `region` by one of `keys`, at a time within 15
/// minutes of `now`, and carries the session token of its key (if that key has one).
pub(crate) fn authenticate(
    request: &HttpRequest,
    keys: &[Credentials],
    region: &str,
    now: SystemTime,
) -> Result<(), AuthFailure> {
    if !request.headers().contains_key(http::header::AUTHORIZATION) {
        return Err(AuthFailure::Missing);
    }
    if let Some(date) = request.headers().get("x-amz-date").and_then(|v| v.to_str().ok()) {
        check_skew(date, now)?;
    }
    let lookup = |access_key: &str| keys.iter().find(|k| k.access_key_id() == access_key).cloned();
    let identity = verify(request, lookup, SIGNING_NAME).map_err(|e| match e {
        VerifyError::MissingAuthentication => AuthFailure::Missing,
        VerifyError::UnknownAccessKey | VerifyError::InvalidSessionToken => AuthFailure::UnrecognizedClient,
        VerifyError::SignatureMismatch => AuthFailure::Mismatch,
        VerifyError::WrongService => {
            AuthFailure::WrongScope(format!("Credential should be scoped to correct service: '{SIGNING_NAME}'. "))
        }
        other @ VerifyError::Malformed(_) => AuthFailure::Malformed(other.to_string()),
        // `VerifyError` may grow variants: whatever else fails verification is a mismatch.
        #[allow(unreachable_patterns)]
        _ => AuthFailure::Mismatch,
    })?;
    if identity.region != region {
        return Err(AuthFailure::WrongScope("Credential should be scoped to a valid region. ".to_owned()));
    }
    Ok(())
}

fn check_skew(date: &str, now: SystemTime) -> Result<(), AuthFailure> {
    let signed = parse_amz_date(date)
        .ok_or_else(|| AuthFailure::Malformed(format!("Date must be in ISO-8601 'basic format'. Got '{date}'.")))?;
    let now_secs = epoch_seconds(now);
    let skew = MAX_SKEW.as_secs() as i64;
    if signed < now_secs - skew {
        return Err(AuthFailure::Expired {
            date: date.to_owned(),
            limit: format_amz_date(now_secs - skew),
            now: format_amz_date(now_secs),
        });
    }
    if signed > now_secs + skew {
        return Err(AuthFailure::NotYetCurrent {
            date: date.to_owned(),
            limit: format_amz_date(now_secs + skew),
            now: format_amz_date(now_secs),
        });
    }
    Ok(())
}

const MAX_SKEW: Duration = crate::server::MAX_CLOCK_SKEW;

fn epoch_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

/// Parses `YYYYMMDD'T'HHMMSS'Z'` into epoch seconds.
pub(crate) fn parse_amz_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Formats epoch seconds as `YYYYMMDD'T'HHMMSS'Z'`.
pub(crate) fn format_amz_date(epoch_seconds: i64) -> String {
    crate::service::format_timestamp(epoch_seconds).replace(['-', ':'], "")
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_round_trip() {
        for secs in [0, 951_782_400, 1_594_834_951, 1_800_000_000] {
            let text = format_amz_date(secs);
            assert_eq!(text.len(), 16, "{text}");
            assert_eq!(parse_amz_date(&text), Some(secs), "{text}");
        }
        assert_eq!(format_amz_date(1_594_834_951), "20200715T174231Z");
        for bad in ["", "20200715T174231", "20201315T000000Z", "2020071XT000000Z", "20200715 174231Z"] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn skew_is_fifteen_minutes_either_way() {
        let now = UNIX_EPOCH + Duration::from_secs(1_594_834_951);
        assert!(check_skew("20200715T174231Z", now).is_ok());
        assert!(check_skew("20200715T172731Z", now).is_ok());
        assert!(check_skew("20200715T175731Z", now).is_ok());
        let expired = check_skew("20200715T172730Z", now).unwrap_err();
        assert!(matches!(expired, AuthFailure::Expired { .. }), "{expired:?}");
        let body = String::from_utf8(expired.response().into_body().to_vec()).unwrap();
        assert!(body.contains("Signature expired: 20200715T172730Z is now earlier than 20200715T172731Z"), "{body}");
        assert!(matches!(check_skew("20200715T175732Z", now), Err(AuthFailure::NotYetCurrent { .. })));
        assert!(matches!(check_skew("yesterday", now), Err(AuthFailure::Malformed(_))));
    }
}

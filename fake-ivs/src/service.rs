//! An in-memory Amazon IVS that speaks the restJson1 wire format.
//!
//! [`InMemoryIvs`] answers the 18 operations of the July 2020 IVS API with the service's
//! semantics: channels and their stream keys, live streams, timed metadata, tags and
//! token-based pagination. It reads requests and writes responses with `serde_json` alone (never
//! with the generated crate's types), so it judges the client from the outside.
//!
//! Its core is [`InMemoryIvs::handle`], a pure function from an HTTP request to an HTTP
//! response over shared state, so that the same service can be put behind a real HTTP server
//! ([`crate::server`]). The time it reads (for `PutMetadata`'s rate limit of
//! [`MAX_METADATA_PER_WINDOW`] calls per second and channel) comes from a [`Clock`] that tests
//! can set by hand.

use aws_client_runtime::transport::{BoxFuture, ConnectorError, HttpClient, HttpRequest, HttpResponse};
use bytes::Bytes;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// The region [`InMemoryIvs::new`] serves.
pub const DEFAULT_REGION: &str = "us-west-2";
/// The account [`InMemoryIvs::new`] owns its resources in.
pub const DEFAULT_ACCOUNT: &str = "123456789012";
/// How many channels an account may have unless [`InMemoryIvs::with_channel_quota`] says
/// otherwise.
pub const DEFAULT_CHANNEL_QUOTA: usize = 5000;
/// The largest `PutMetadata` payload the service accepts, in bytes.
pub const MAX_METADATA_BYTES: usize = 1024;
/// The most tags one resource may have.
pub const MAX_TAGS: usize = 50;
/// How many `PutMetadata` calls one channel accepts within [`METADATA_RATE_WINDOW`]; more
/// answer `ThrottlingException`.
pub const MAX_METADATA_PER_WINDOW: usize = 5;
/// The sliding window [`MAX_METADATA_PER_WINDOW`] counts `PutMetadata` calls in.
pub const METADATA_RATE_WINDOW: Duration = Duration::from_secs(1);
/// The page size used when a list request gives no `maxResults`.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// When the first stream that [`InMemoryIvs::set_live`] starts began, in epoch seconds
/// (2020-07-15T17:42:31Z); each later stream starts one minute after the previous one.
pub const FIRST_STREAM_START: i64 = 1_594_834_951;

/// The time as the service (and a server in front of it) sees it: the system's clock, or a
/// manual one that tests set and advance. Clones share the same time.
#[derive(Clone, Debug)]
pub struct Clock {
    manual: Option<Arc<Mutex<SystemTime>>>,
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock that shows `start` until [`advance`](Self::advance) or [`set`](Self::set)
    /// move it.
    pub fn manual(start: SystemTime) -> Self {
        Self { manual: Some(Arc::new(Mutex::new(start))) }
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }

    /// The current time.
    pub fn now(&self) -> SystemTime {
        match &self.manual {
            Some(time) => *time.lock().unwrap_or_else(|e| e.into_inner()),
            None => SystemTime::now(),
        }
    }

    /// Moves a manual clock forward by `by`; no effect on the system's clock.
    pub fn advance(&self, by: Duration) {
        if let Some(time) = &self.manual {
            let mut time = time.lock().unwrap_or_else(|e| e.into_inner());
            *time += by;
        }
    }

    /// Sets a manual clock to `to`; no effect on the system's clock.
    pub fn set(&self, to: SystemTime) {
        if let Some(time) = &self.manual {
            *time.lock().unwrap_or_else(|e| e.into_inner()) = to;
        }
    }
}

/// An in-memory IVS service. Clones share the same state.
///
/// Use it as the `http_client` of a generated client, or call [`handle`](Self::handle) with
/// raw requests.
#[derive(Clone, Debug)]
pub struct InMemoryIvs {
    state: Arc<Mutex<State>>,
}

/// A channel as the service holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelRecord {
    /// `arn:aws:ivs:{region}:{account}:channel/{id}`.
    pub arn: String,
    /// The last part of the ARN.
    pub id: String,
    /// The channel's name; empty when none was given.
    pub name: String,
    /// `LOW` or `NORMAL`.
    pub latency_mode: String,
    /// `BASIC` or `STANDARD`.
    pub channel_type: String,
    /// The ingest server's host name.
    pub ingest_endpoint: String,
    /// The HLS playback URL.
    pub playback_url: String,
    /// The channel's tags.
    pub tags: BTreeMap<String, String>,
    /// The live stream, when the channel is broadcasting.
    pub live: Option<LiveStream>,
    /// Every metadata payload `PutMetadata` inserted, oldest first.
    pub metadata: Vec<String>,
}

/// A stream key as the service holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamKeyRecord {
    /// `arn:aws:ivs:{region}:{account}:stream-key/{id}`.
    pub arn: String,
    /// The secret key value.
    pub value: String,
    /// The ARN of the channel the key belongs to.
    pub channel_arn: String,
    /// The key's tags.
    pub tags: BTreeMap<String, String>,
}

/// The live stream of a broadcasting channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveStream {
    /// When the stream started, in epoch seconds.
    pub start_time: i64,
    /// `HEALTHY`, `STARVING` or `UNKNOWN`.
    pub health: String,
    /// How many viewers watch it.
    pub viewer_count: i64,
}

/// One request the service answered, for tests to inspect afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct JournalEntry {
    /// The operation the request was routed to, or `"Unknown"`.
    pub operation: String,
    /// The HTTP method.
    pub method: String,
    /// The raw, still percent-encoded, path.
    pub path: String,
    /// The decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The request body, when there was one and it was JSON.
    pub request_body: Option<Value>,
    /// The HTTP status of the answer.
    pub status: u16,
    /// The error code of the answer, when it was an error.
    pub error_code: Option<String>,
    /// The JSON body of the answer, when it had one.
    pub response_body: Option<Value>,
    /// The `x-amzn-RequestId` of the answer.
    pub request_id: String,
}

#[derive(Debug)]
struct State {
    region: String,
    account: String,
    channel_quota: usize,
    rng: u64,
    request_id_salt: u64,
    requests: u64,
    streams_started: i64,
    channels: Vec<ChannelRecord>,
    stream_keys: Vec<StreamKeyRecord>,
    journal: Vec<JournalEntry>,
    /// Whether requests are recorded in `journal` (each entry copies the response body).
    keep_journal: bool,
    clock: Clock,
    /// When each channel (by ARN) last accepted metadata, oldest first, within the rate window.
    metadata_times: HashMap<String, VecDeque<SystemTime>>,
}

/// An error answer: HTTP status, error code and message.
#[derive(Debug)]
struct ApiError {
    status: u16,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn validation(message: impl Into<String>) -> Self {
        Self { status: 400, code: "ValidationException", message: message.into() }
    }
    fn serialization(message: impl Into<String>) -> Self {
        Self { status: 400, code: "SerializationException", message: message.into() }
    }
    fn not_found(message: impl Into<String>) -> Self {
        Self { status: 404, code: "ResourceNotFoundException", message: message.into() }
    }
    fn not_broadcasting(channel_arn: &str) -> Self {
        Self {
            status: 404,
            code: "ChannelNotBroadcasting",
            message: format!("Channel {channel_arn} is not broadcasting"),
        }
    }
    fn conflict(message: impl Into<String>) -> Self {
        Self { status: 409, code: "ConflictException", message: message.into() }
    }
    fn quota(message: impl Into<String>) -> Self {
        Self { status: 402, code: "ServiceQuotaExceededException", message: message.into() }
    }
    fn throttling(message: impl Into<String>) -> Self {
        Self { status: 429, code: "ThrottlingException", message: message.into() }
    }
}

/// A successful answer.
enum Reply {
    /// 200 with a JSON body.
    Json(Value),
    /// 200 with a JSON body already written (for the lists a load test reads most).
    JsonBytes(Vec<u8>),
    /// 204 with an empty body.
    NoContent,
}

type OpResult = Result<Reply, ApiError>;

/// What a request carried, decoded.
struct Request {
    body: Map<String, Value>,
    query: Vec<(String, String)>,
}

impl Default for InMemoryIvs {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryIvs {
    /// A service for account [`DEFAULT_ACCOUNT`] in region [`DEFAULT_REGION`], with no
    /// resources.
    pub fn new() -> Self {
        Self::with_account(DEFAULT_REGION, DEFAULT_ACCOUNT)
    }

    /// A service for `account` in `region`, with no resources.
    pub fn with_account(region: &str, account: &str) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                region: region.to_owned(),
                account: account.to_owned(),
                channel_quota: DEFAULT_CHANNEL_QUOTA,
                rng: 0x0005_eed1_u64,
                request_id_salt: 0,
                requests: 0,
                streams_started: 0,
                channels: Vec::new(),
                stream_keys: Vec::new(),
                journal: Vec::new(),
                keep_journal: true,
                clock: Clock::system(),
                metadata_times: HashMap::new(),
            })),
        }
    }

    /// The same service, allowing at most `quota` channels: `CreateChannel` beyond it answers
    /// `ServiceQuotaExceededException`.
    pub fn with_channel_quota(self, quota: usize) -> Self {
        self.lock().channel_quota = quota;
        self
    }

    /// The same service, with request ids mixed with `salt`, so that they differ from those of
    /// other services (whose ids otherwise follow the same sequence). Resource identifiers are
    /// unchanged.
    pub fn with_request_id_salt(self, salt: u64) -> Self {
        self.lock().request_id_salt = salt;
        self
    }

    /// The same service, recording no journal: for a long-running server whose journal no
    /// one reads, which would otherwise grow with every request and copy every response body.
    pub fn without_journal(self) -> Self {
        self.lock().keep_journal = false;
        self
    }

    /// The same service, reading the time from `clock` (for `PutMetadata`'s rate limit).
    pub fn with_clock(self, clock: Clock) -> Self {
        self.lock().clock = clock;
        self
    }

    /// The clock the service reads the time from.
    pub fn clock(&self) -> Clock {
        self.lock().clock.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves consistent state behind: every
        // operation validates before it mutates.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Answers one request. Never panics, whatever the request.
    pub fn handle(&self, request: &HttpRequest) -> HttpResponse {
        let mut state = self.lock();
        state.requests += 1;
        let request_id = state.request_id();
        let method = request.method().as_str().to_owned();
        let path = request.uri().path().to_owned();
        let query_raw = request.uri().query().unwrap_or("");

        let (operation, result) = state.route(&method, &path, query_raw, request.body());
        let (status, error_code, body) = match result {
            // Serialising a `Value` to memory cannot fail.
            Ok(Reply::Json(value)) => (200, None, Some(serde_json::to_vec(&value).unwrap_or_default())),
            Ok(Reply::JsonBytes(bytes)) => (200, None, Some(bytes)),
            Ok(Reply::NoContent) => (204, None, None),
            Err(e) => {
                let body = json!({ "exceptionMessage": e.message }).to_string().into_bytes();
                (e.status, Some(e.code.to_owned()), Some(body))
            }
        };
        if state.keep_journal {
            state.journal.push(JournalEntry {
                operation: operation.to_owned(),
                method,
                path,
                query: parse_query(query_raw).unwrap_or_default(),
                request_body: serde_json::from_slice::<Value>(request.body()).ok(),
                status,
                error_code: error_code.clone(),
                response_body: body.as_deref().and_then(|b| serde_json::from_slice(b).ok()),
                request_id: request_id.clone(),
            });
        }
        drop(state);

        let mut builder = http::Response::builder().status(status).header("x-amzn-RequestId", request_id.as_str());
        if let Some(code) = &error_code {
            builder = builder.header("x-amzn-ErrorType", code.as_str());
        }
        let bytes = match body {
            Some(body) => {
                builder = builder.header("Content-Type", "application/json");
                Bytes::from(body)
            }
            None => Bytes::new(),
        };
        builder.header("Content-Length", bytes.len().to_string()).body(bytes).unwrap_or_else(|_| {
            let mut response = http::Response::new(Bytes::new());
            *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            response
        })
    }

    /// Starts a live stream on `channel_arn`; `false` when there is no such channel.
    pub fn set_live(&self, channel_arn: &str) -> bool {
        let mut state = self.lock();
        let start_time = FIRST_STREAM_START + 60 * state.streams_started;
        match state.channels.iter_mut().find(|c| c.arn == channel_arn) {
            Some(channel) => {
                if channel.live.is_none() {
                    channel.live = Some(LiveStream { start_time, health: "HEALTHY".to_owned(), viewer_count: 0 });
                    state.streams_started += 1;
                }
                true
            }
            None => false,
        }
    }

    /// Sets the health and viewer count of the live stream on `channel_arn`; `false` when the
    /// channel does not exist or is not live.
    pub fn set_stream_stats(&self, channel_arn: &str, health: &str, viewer_count: i64) -> bool {
        let mut state = self.lock();
        match state.channels.iter_mut().find(|c| c.arn == channel_arn).and_then(|c| c.live.as_mut()) {
            Some(live) => {
                live.health = health.to_owned();
                live.viewer_count = viewer_count;
                true
            }
            None => false,
        }
    }

    /// Creates a channel directly, without a request; returns its ARN.
    ///
    /// The channel gets a stream key, as with `CreateChannel`.
    pub fn seed_channel(&self, name: &str, tags: &[(&str, &str)]) -> String {
        let mut state = self.lock();
        let tags = tags.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let channel = state.new_channel(name.to_owned(), "LOW".into(), "STANDARD".into(), tags);
        let arn = channel.arn.clone();
        state.channels.push(channel);
        let key = state.new_stream_key(&arn, BTreeMap::new());
        state.stream_keys.push(key);
        arn
    }

    /// The channel with `arn`, if it exists.
    pub fn channel(&self, arn: &str) -> Option<ChannelRecord> {
        self.lock().channels.iter().find(|c| c.arn == arn).cloned()
    }

    /// Every channel, oldest first.
    pub fn channels(&self) -> Vec<ChannelRecord> {
        self.lock().channels.clone()
    }

    /// The stream key with `arn`, if it exists.
    pub fn stream_key(&self, arn: &str) -> Option<StreamKeyRecord> {
        self.lock().stream_keys.iter().find(|k| k.arn == arn).cloned()
    }

    /// Every stream key, oldest first.
    pub fn stream_keys(&self) -> Vec<StreamKeyRecord> {
        self.lock().stream_keys.clone()
    }

    /// Every request answered so far, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.lock().journal.clone()
    }

    /// The operations answered so far with their HTTP statuses, oldest first.
    pub fn served(&self) -> Vec<(String, u16)> {
        self.lock().journal.iter().map(|e| (e.operation.clone(), e.status)).collect()
    }

    /// The region the service is in.
    pub fn region(&self) -> String {
        self.lock().region.clone()
    }

    /// The account that owns the service's resources.
    pub fn account(&self) -> String {
        self.lock().account.clone()
    }
}

impl HttpClient for InMemoryIvs {
    fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let response = self.handle(&request);
        Box::pin(async move { Ok(response) })
    }
}

/// The kind of resource an IVS ARN names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArnKind {
    Channel,
    StreamKey,
}

/// Checks that `arn` is an IVS ARN of one of the given kinds.
fn check_arn(arn: &str, kinds: &[ArnKind], member: &str) -> Result<ArnKind, ApiError> {
    let invalid = || ApiError::validation(format!("{member} {arn:?} is not a valid ARN"));
    if arn.is_empty() || arn.len() > 128 {
        return Err(invalid());
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return Err(invalid());
    };
    let region_ok =
        !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let account_ok = !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit());
    if prefix != "arn" || partition != "aws" || service != "ivs" || !region_ok || !account_ok {
        return Err(invalid());
    }
    let (kind, id) = match resource.split_once('/') {
        Some(("channel", id)) => (ArnKind::Channel, id),
        Some(("stream-key", id)) => (ArnKind::StreamKey, id),
        _ => return Err(invalid()),
    };
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !id_ok || !kinds.contains(&kind) {
        return Err(invalid());
    }
    Ok(kind)
}

impl State {
    fn next_random(&mut self) -> u64 {
        // splitmix64: deterministic, so that runs are reproducible, yet unpredictable enough
        // for identifiers and key values.
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn random_chars(&mut self, n: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n).map(|_| ALPHABET[(self.next_random() % ALPHABET.len() as u64) as usize] as char).collect()
    }

    fn request_id(&mut self) -> String {
        let a = self.next_random() ^ self.request_id_salt;
        let b = self.next_random() ^ self.request_id_salt.rotate_left(29);
        uuid_from_bits(a, b)
    }

    fn new_channel(
        &mut self,
        name: String,
        latency_mode: String,
        channel_type: String,
        tags: BTreeMap<String, String>,
    ) -> ChannelRecord {
        let id = self.random_chars(12);
        let host = format!("{:012x}", self.next_random() & 0xffff_ffff_ffff);
        ChannelRecord {
            arn: format!("arn:aws:ivs:{}:{}:channel/{id}", self.region, self.account),
            ingest_endpoint: format!("{host}.global-contribute.live-video.net"),
            playback_url: format!(
                "https://{host}.{region}.playback.live-video.net/api/video/v1/{region}.{account}.channel.{id}.m3u8",
                region = self.region,
                account = self.account,
            ),
            id,
            name,
            latency_mode,
            channel_type,
            tags,
            live: None,
            metadata: Vec::new(),
        }
    }

    fn new_stream_key(&mut self, channel_arn: &str, tags: BTreeMap<String, String>) -> StreamKeyRecord {
        let id = self.random_chars(12);
        let secret = self.random_chars(24);
        StreamKeyRecord {
            arn: format!("arn:aws:ivs:{}:{}:stream-key/{id}", self.region, self.account),
            value: format!("sk_{}_{secret}", self.region),
            channel_arn: channel_arn.to_owned(),
            tags,
        }
    }

    fn channel_index(&self, arn: &str) -> Result<usize, ApiError> {
        self.channels
            .iter()
            .position(|c| c.arn == arn)
            .ok_or_else(|| ApiError::not_found(format!("Channel {arn} does not exist")))
    }

    fn stream_key_index(&self, arn: &str) -> Result<usize, ApiError> {
        self.stream_keys
            .iter()
            .position(|k| k.arn == arn)
            .ok_or_else(|| ApiError::not_found(format!("Stream key {arn} does not exist")))
    }

    /// Finds the operation for `method` and `path`, and runs it.
    fn route(&mut self, method: &str, path: &str, query: &str, body: &[u8]) -> (&'static str, OpResult) {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let operation: &'static str = match (method, segments.as_slice()) {
            ("POST", ["BatchGetChannel"]) => "BatchGetChannel",
            ("POST", ["BatchGetStreamKey"]) => "BatchGetStreamKey",
            ("POST", ["CreateChannel"]) => "CreateChannel",
            ("POST", ["CreateStreamKey"]) => "CreateStreamKey",
            ("POST", ["DeleteChannel"]) => "DeleteChannel",
            ("POST", ["DeleteStreamKey"]) => "DeleteStreamKey",
            ("POST", ["GetChannel"]) => "GetChannel",
            ("POST", ["GetStream"]) => "GetStream",
            ("POST", ["GetStreamKey"]) => "GetStreamKey",
            ("POST", ["ListChannels"]) => "ListChannels",
            ("POST", ["ListStreamKeys"]) => "ListStreamKeys",
            ("POST", ["ListStreams"]) => "ListStreams",
            ("POST", ["PutMetadata"]) => "PutMetadata",
            ("POST", ["StopStream"]) => "StopStream",
            ("POST", ["UpdateChannel"]) => "UpdateChannel",
            ("GET", ["tags", _]) => "ListTagsForResource",
            ("POST", ["tags", _]) => "TagResource",
            ("DELETE", ["tags", _]) => "UntagResource",
            _ => {
                return (
                    "Unknown",
                    Err(ApiError {
                        status: 404,
                        code: "UnknownOperationException",
                        message: format!("No operation answers {method} {path}"),
                    }),
                )
            }
        };
        let result = decode_request(query, body).and_then(|request| {
            let resource_arn = match segments.as_slice() {
                ["tags", label] => match percent_decode(label) {
                    Some(arn) => Some(arn),
                    None => return Err(ApiError::validation("resourceArn is not valid percent-encoded UTF-8")),
                },
                _ => None,
            };
            let arn = resource_arn.as_deref().unwrap_or_default();
            match operation {
                "BatchGetChannel" => self.batch_get_channel(&request),
                "BatchGetStreamKey" => self.batch_get_stream_key(&request),
                "CreateChannel" => self.create_channel(&request),
                "CreateStreamKey" => self.create_stream_key(&request),
                "DeleteChannel" => self.delete_channel(&request),
                "DeleteStreamKey" => self.delete_stream_key(&request),
                "GetChannel" => self.get_channel(&request),
                "GetStream" => self.get_stream(&request),
                "GetStreamKey" => self.get_stream_key(&request),
                "ListChannels" => self.list_channels(&request),
                "ListStreamKeys" => self.list_stream_keys(&request),
                "ListStreams" => self.list_streams(&request),
                "PutMetadata" => self.put_metadata(&request),
                "StopStream" => self.stop_stream(&request),
                "UpdateChannel" => self.update_channel(&request),
                "ListTagsForResource" => self.list_tags_for_resource(arn, &request),
                "TagResource" => self.tag_resource(arn, &request),
                _ => self.untag_resource(arn, &request),
            }
        });
        (operation, result)
    }

    fn batch_get_channel(&mut self, request: &Request) -> OpResult {
        let arns = required_string_list(&request.body, "arns")?;
        check_batch_size(&arns)?;
        let mut channels = Vec::new();
        let mut errors = Vec::new();
        for arn in &arns {
            check_arn(arn, &[ArnKind::Channel], "arns")?;
            match self.channels.iter().find(|c| &c.arn == arn) {
                Some(channel) => channels.push(channel_json(channel)),
                None => errors.push(batch_error(arn)),
            }
        }
        Ok(Reply::Json(json!({ "channels": channels, "errors": errors })))
    }

    fn batch_get_stream_key(&mut self, request: &Request) -> OpResult {
        let arns = required_string_list(&request.body, "arns")?;
        check_batch_size(&arns)?;
        let mut keys = Vec::new();
        let mut errors = Vec::new();
        for arn in &arns {
            check_arn(arn, &[ArnKind::StreamKey], "arns")?;
            match self.stream_keys.iter().find(|k| &k.arn == arn) {
                Some(key) => keys.push(stream_key_json(key)),
                None => errors.push(batch_error(arn)),
            }
        }
        Ok(Reply::Json(json!({ "streamKeys": keys, "errors": errors })))
    }

    fn create_channel(&mut self, request: &Request) -> OpResult {
        let body = &request.body;
        let name = optional_string(body, "name")?.unwrap_or_default();
        check_channel_name(&name)?;
        let latency_mode = optional_string(body, "latencyMode")?.unwrap_or_else(|| "LOW".into());
        check_enum("latencyMode", &latency_mode, &["LOW", "NORMAL"])?;
        let channel_type = optional_string(body, "type")?.unwrap_or_else(|| "STANDARD".into());
        check_enum("type", &channel_type, &["BASIC", "STANDARD"])?;
        let tags = optional_tags(body, "tags")?.unwrap_or_default();
        if self.channels.len() >= self.channel_quota {
            return Err(ApiError::quota(format!("The account may have at most {} channels", self.channel_quota)));
        }
        let channel = self.new_channel(name, latency_mode, channel_type, tags);
        let key = self.new_stream_key(&channel.arn, BTreeMap::new());
        let reply = json!({ "channel": channel_json(&channel), "streamKey": stream_key_json(&key) });
        self.channels.push(channel);
        self.stream_keys.push(key);
        Ok(Reply::Json(reply))
    }

    fn create_stream_key(&mut self, request: &Request) -> OpResult {
        let channel_arn = required_string(&request.body, "channelArn")?;
        check_arn(&channel_arn, &[ArnKind::Channel], "channelArn")?;
        let tags = optional_tags(&request.body, "tags")?.unwrap_or_default();
        self.channel_index(&channel_arn)?;
        if self.stream_keys.iter().any(|k| k.channel_arn == channel_arn) {
            return Err(ApiError::quota(format!(
                "Channel {channel_arn} already has a stream key; a channel may have only one"
            )));
        }
        let key = self.new_stream_key(&channel_arn, tags);
        let reply = json!({ "streamKey": stream_key_json(&key) });
        self.stream_keys.push(key);
        Ok(Reply::Json(reply))
    }

    fn delete_channel(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "arn")?;
        check_arn(&arn, &[ArnKind::Channel], "arn")?;
        let index = self.channel_index(&arn)?;
        if self.channels[index].live.is_some() {
            return Err(ApiError::conflict(format!("Channel {arn} is live; stop its stream before deleting it")));
        }
        self.channels.remove(index);
        self.stream_keys.retain(|k| k.channel_arn != arn);
        self.metadata_times.remove(&arn);
        Ok(Reply::NoContent)
    }

    fn delete_stream_key(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "arn")?;
        check_arn(&arn, &[ArnKind::StreamKey], "arn")?;
        let index = self.stream_key_index(&arn)?;
        self.stream_keys.remove(index);
        Ok(Reply::NoContent)
    }

    fn get_channel(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "arn")?;
        check_arn(&arn, &[ArnKind::Channel], "arn")?;
        let index = self.channel_index(&arn)?;
        Ok(Reply::Json(json!({ "channel": channel_json(&self.channels[index]) })))
    }

    fn get_stream(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "channelArn")?;
        check_arn(&arn, &[ArnKind::Channel], "channelArn")?;
        let channel = &self.channels[self.channel_index(&arn)?];
        let live = channel.live.as_ref().ok_or_else(|| ApiError::not_broadcasting(&arn))?;
        Ok(Reply::Json(json!({
            "stream": {
                "channelArn": channel.arn,
                "playbackUrl": channel.playback_url,
                "startTime": format_timestamp(live.start_time),
                "state": "LIVE",
                "health": live.health,
                "viewerCount": live.viewer_count,
            }
        })))
    }

    fn get_stream_key(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "arn")?;
        check_arn(&arn, &[ArnKind::StreamKey], "arn")?;
        let index = self.stream_key_index(&arn)?;
        Ok(Reply::Json(json!({ "streamKey": stream_key_json(&self.stream_keys[index]) })))
    }

    fn list_channels(&mut self, request: &Request) -> OpResult {
        let body = &request.body;
        let filter = optional_string(body, "filterByName")?;
        let token = optional_string(body, "nextToken")?;
        let max = optional_int(body, "maxResults")?;
        let matching: Vec<_> =
            self.channels.iter().filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f))).collect();
        // Only the page is written, straight to bytes: the load test reads this list most.
        let (page, next) = paginate(matching, "ch", token.as_deref(), max)?;
        let mut out = Vec::with_capacity(64 + page.len() * 256);
        out.extend_from_slice(b"{\"channels\":[");
        for (i, c) in page.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            for (key, value) in [("{\"arn\":", &c.arn), (",\"name\":", &c.name), (",\"latencyMode\":", &c.latency_mode)]
            {
                out.extend_from_slice(key.as_bytes());
                write_json(&mut out, value);
            }
            out.extend_from_slice(b",\"tags\":");
            write_json(&mut out, &c.tags);
            out.push(b'}');
        }
        out.push(b']');
        if let Some(token) = next {
            out.extend_from_slice(b",\"nextToken\":");
            write_json(&mut out, &token);
        }
        out.push(b'}');
        Ok(Reply::JsonBytes(out))
    }

    fn list_stream_keys(&mut self, request: &Request) -> OpResult {
        let body = &request.body;
        let channel_arn = required_string(body, "channelArn")?;
        check_arn(&channel_arn, &[ArnKind::Channel], "channelArn")?;
        let token = optional_string(body, "nextToken")?;
        let max = optional_int(body, "maxResults")?;
        self.channel_index(&channel_arn)?;
        let keys: Vec<Value> = self
            .stream_keys
            .iter()
            .filter(|k| k.channel_arn == channel_arn)
            .map(|k| json!({ "arn": k.arn, "channelArn": k.channel_arn, "tags": k.tags }))
            .collect();
        let (page, next) = paginate(keys, "sk", token.as_deref(), max)?;
        Ok(Reply::Json(with_token(json!({ "streamKeys": page }), next)))
    }

    fn list_streams(&mut self, request: &Request) -> OpResult {
        let body = &request.body;
        let token = optional_string(body, "nextToken")?;
        let max = optional_int(body, "maxResults")?;
        let streams: Vec<Value> = self
            .channels
            .iter()
            .filter_map(|c| {
                let live = c.live.as_ref()?;
                Some(json!({
                    "channelArn": c.arn,
                    "state": "LIVE",
                    "health": live.health,
                    "viewerCount": live.viewer_count,
                    "startTime": format_timestamp(live.start_time),
                }))
            })
            .collect();
        let (page, next) = paginate(streams, "st", token.as_deref(), max)?;
        Ok(Reply::Json(with_token(json!({ "streams": page }), next)))
    }

    fn put_metadata(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "channelArn")?;
        check_arn(&arn, &[ArnKind::Channel], "channelArn")?;
        let metadata = required_string(&request.body, "metadata")?;
        if metadata.is_empty() || metadata.len() > MAX_METADATA_BYTES {
            return Err(ApiError::validation(format!("metadata must be 1 to {MAX_METADATA_BYTES} bytes long")));
        }
        let index = self.channel_index(&arn)?;
        if self.channels[index].live.is_none() {
            return Err(ApiError::not_broadcasting(&arn));
        }
        let now = self.clock.now();
        let times = self.metadata_times.entry(arn.clone()).or_default();
        // Forget calls older than the window; a clock set backwards forgets nothing.
        while times.front().is_some_and(|t| now.duration_since(*t).is_ok_and(|age| age >= METADATA_RATE_WINDOW)) {
            times.pop_front();
        }
        if times.len() >= MAX_METADATA_PER_WINDOW {
            return Err(ApiError::throttling(format!(
                "Channel {arn} accepts at most {MAX_METADATA_PER_WINDOW} PutMetadata calls per second"
            )));
        }
        times.push_back(now);
        self.channels[index].metadata.push(metadata);
        Ok(Reply::NoContent)
    }

    fn stop_stream(&mut self, request: &Request) -> OpResult {
        let arn = required_string(&request.body, "channelArn")?;
        check_arn(&arn, &[ArnKind::Channel], "channelArn")?;
        let index = self.channel_index(&arn)?;
        let channel = &mut self.channels[index];
        if channel.live.take().is_none() {
            return Err(ApiError::not_broadcasting(&arn));
        }
        Ok(Reply::Json(json!({})))
    }

    fn update_channel(&mut self, request: &Request) -> OpResult {
        let body = &request.body;
        let arn = required_string(body, "arn")?;
        check_arn(&arn, &[ArnKind::Channel], "arn")?;
        let name = optional_string(body, "name")?;
        if let Some(name) = &name {
            check_channel_name(name)?;
        }
        let latency_mode = optional_string(body, "latencyMode")?;
        if let Some(mode) = &latency_mode {
            check_enum("latencyMode", mode, &["LOW", "NORMAL"])?;
        }
        let channel_type = optional_string(body, "type")?;
        if let Some(t) = &channel_type {
            check_enum("type", t, &["BASIC", "STANDARD"])?;
        }
        let index = self.channel_index(&arn)?;
        let channel = &mut self.channels[index];
        if let Some(name) = name {
            channel.name = name;
        }
        if let Some(mode) = latency_mode {
            channel.latency_mode = mode;
        }
        if let Some(t) = channel_type {
            channel.channel_type = t;
        }
        Ok(Reply::Json(json!({ "channel": channel_json(channel) })))
    }

    fn tags_of(&mut self, arn: &str) -> Result<&mut BTreeMap<String, String>, ApiError> {
        match check_arn(arn, &[ArnKind::Channel, ArnKind::StreamKey], "resourceArn")? {
            ArnKind::Channel => {
                let index = self.channel_index(arn)?;
                Ok(&mut self.channels[index].tags)
            }
            ArnKind::StreamKey => {
                let index = self.stream_key_index(arn)?;
                Ok(&mut self.stream_keys[index].tags)
            }
        }
    }

    fn list_tags_for_resource(&mut self, arn: &str, request: &Request) -> OpResult {
        let token = query_value(&request.query, "nextToken");
        let max = match query_value(&request.query, "maxResults") {
            None => None,
            Some(text) => Some(
                text.parse::<i64>()
                    .map_err(|_| ApiError::serialization(format!("maxResults {text:?} is not an integer")))?,
            ),
        };
        let tags = self.tags_of(arn)?;
        let pairs: Vec<(String, String)> = tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let (page, next) = paginate(pairs, "tg", token, max)?;
        let page: Map<String, Value> = page.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        Ok(Reply::Json(with_token(json!({ "tags": page }), next)))
    }

    fn tag_resource(&mut self, arn: &str, request: &Request) -> OpResult {
        let new_tags = optional_tags(&request.body, "tags")?.ok_or_else(|| ApiError::validation("tags is required"))?;
        let tags = self.tags_of(arn)?;
        let mut merged = tags.clone();
        merged.extend(new_tags);
        if merged.len() > MAX_TAGS {
            return Err(ApiError::validation(format!("A resource may have at most {MAX_TAGS} tags")));
        }
        *tags = merged;
        Ok(Reply::Json(json!({})))
    }

    fn untag_resource(&mut self, arn: &str, request: &Request) -> OpResult {
        let keys: Vec<&str> = request.query.iter().filter(|(k, _)| k == "tagKeys").map(|(_, v)| v.as_str()).collect();
        if keys.is_empty() {
            return Err(ApiError::validation("tagKeys is required"));
        }
        if keys.len() > MAX_TAGS {
            return Err(ApiError::validation(format!("At most {MAX_TAGS} tagKeys may be given")));
        }
        let tags = self.tags_of(arn)?;
        for key in keys {
            tags.remove(key);
        }
        Ok(Reply::Json(json!({})))
    }
}

fn decode_request(query: &str, body: &[u8]) -> Result<Request, ApiError> {
    let query = parse_query(query).ok_or_else(|| ApiError::serialization("The query string is not valid UTF-8"))?;
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            Ok(_) => return Err(ApiError::serialization("The body must be a JSON object")),
            Err(e) => return Err(ApiError::serialization(format!("The body is not valid JSON: {e}"))),
        }
    };
    Ok(Request { body, query })
}

/// Decodes `%XX` escapes (and `+` as a space, as form decoding does); `None` when the result
/// is not UTF-8 or an escape is malformed.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Splits a raw query string into decoded `(key, value)` pairs, in order, the way Python's
/// `urllib.parse.parse_qsl(keep_blank_values=True)` does (`+` is a space); `None` when an
/// escape is malformed or not UTF-8.
pub fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(&key.replace('+', " "))?, percent_decode(&value.replace('+', " "))?))
        })
        .collect()
}

fn query_value<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

fn member<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    body.get(key).filter(|v| !v.is_null())
}

fn required_string(body: &Map<String, Value>, key: &str) -> Result<String, ApiError> {
    optional_string(body, key)?.ok_or_else(|| ApiError::validation(format!("{key} is required")))
}

fn optional_string(body: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match member(body, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::serialization(format!("{key} must be a string"))),
    }
}

fn optional_int(body: &Map<String, Value>, key: &str) -> Result<Option<i64>, ApiError> {
    match member(body, key) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| ApiError::serialization(format!("{key} must be an integer"))),
    }
}

fn required_string_list(body: &Map<String, Value>, key: &str) -> Result<Vec<String>, ApiError> {
    match member(body, key) {
        None => Err(ApiError::validation(format!("{key} is required"))),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| ApiError::serialization(format!("{key} must be a list of strings")))
            })
            .collect(),
        Some(_) => Err(ApiError::serialization(format!("{key} must be a list"))),
    }
}

fn optional_tags(body: &Map<String, Value>, key: &str) -> Result<Option<BTreeMap<String, String>>, ApiError> {
    let object = match member(body, key) {
        None => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(ApiError::serialization(format!("{key} must be a map"))),
    };
    if object.len() > MAX_TAGS {
        return Err(ApiError::validation(format!("A resource may have at most {MAX_TAGS} tags")));
    }
    let mut tags = BTreeMap::new();
    for (k, v) in object {
        let v = v.as_str().ok_or_else(|| ApiError::serialization(format!("tag {k:?} must have a string value")))?;
        if k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256 {
            return Err(ApiError::validation(format!("tag {k:?}: keys are 1 to 128 characters, values at most 256")));
        }
        if k.starts_with("aws:") {
            return Err(ApiError::validation(format!("tag {k:?}: the aws: prefix is reserved")));
        }
        tags.insert(k.clone(), v.to_owned());
    }
    Ok(Some(tags))
}

fn check_channel_name(name: &str) -> Result<(), ApiError> {
    let valid = name.len() <= 128 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(ApiError::validation(format!("name {name:?} must match ^[a-zA-Z0-9-_]*$ and be at most 128 characters")))
    }
}

fn check_enum(member: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ApiError::validation(format!("{member} {value:?} is not one of {allowed:?}")))
    }
}

fn check_batch_size(arns: &[String]) -> Result<(), ApiError> {
    if arns.is_empty() || arns.len() > 50 {
        Err(ApiError::validation("arns must hold 1 to 50 ARNs"))
    } else {
        Ok(())
    }
}

/// One page of `items`: the page and the token of the next one, if any.
///
/// Tokens are opaque to clients: `{prefix}.{offset}`. A token that this service did not hand
/// out for this kind of list is a `ValidationException`.
fn paginate<T>(
    items: Vec<T>,
    prefix: &str,
    token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = match max_results {
        None => DEFAULT_PAGE_SIZE,
        Some(n) if (1..=50).contains(&n) => n as usize,
        Some(n) => return Err(ApiError::validation(format!("maxResults {n} must be between 1 and 50"))),
    };
    let start = match token.filter(|t| !t.is_empty()) {
        None => 0,
        Some(token) => token
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|offset| offset.parse::<usize>().ok())
            .filter(|offset| *offset > 0 && *offset <= items.len())
            .ok_or_else(|| ApiError::validation(format!("nextToken {token:?} is not valid")))?,
    };
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| format!("{prefix}.{end}"));
    Ok((items.into_iter().skip(start).take(end - start).collect(), next))
}

/// Appends `value` as JSON; writing to memory cannot fail.
fn write_json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    let _ = serde_json::to_writer(out, value);
}

fn with_token(mut body: Value, next: Option<String>) -> Value {
    if let (Some(token), Some(object)) = (next, body.as_object_mut()) {
        object.insert("nextToken".into(), Value::String(token));
    }
    body
}

fn channel_json(channel: &ChannelRecord) -> Value {
    json!({
        "arn": channel.arn,
        "name": channel.name,
        "latencyMode": channel.latency_mode,
        "type": channel.channel_type,
        "ingestEndpoint": channel.ingest_endpoint,
        "playbackUrl": channel.playback_url,
        "tags": channel.tags,
    })
}

fn stream_key_json(key: &StreamKeyRecord) -> Value {
    json!({
        "arn": key.arn,
        "value": key.value,
        "channelArn": key.channel_arn,
        "tags": key.tags,
    })
}

fn batch_error(arn: &str) -> Value {
    json!({
        "arn": arn,
        "code": "ResourceNotFoundException",
        "message": format!("{arn} does not exist"),
    })
}

/// Formats epoch seconds as an RFC 3339 UTC date-time, as IVS sends `startTime`.
pub fn format_timestamp(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let secs = epoch_seconds.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Formats 128 random bits as a version 4 UUID, the shape of an AWS request id.
pub(crate) fn uuid_from_bits(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, uri: &str, body: &str) -> HttpRequest {
        http::Request::builder().method(method).uri(uri).body(Bytes::from(body.to_owned())).unwrap()
    }

    fn body(response: &HttpResponse) -> Value {
        serde_json::from_slice(response.body()).unwrap()
    }

    #[test]
    fn timestamps_format_as_rfc3339() {
        assert_eq!(format_timestamp(FIRST_STREAM_START), "2020-07-15T17:42:31Z");
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn query_decoding_matches_parse_qsl() {
        assert_eq!(
            parse_query("tagKeys=cost%20center&tagKeys=a%2Fb&tagKeys=x%26y%3Dz&tagKeys=%C3%BC&e=").unwrap(),
            vec![
                ("tagKeys".to_owned(), "cost center".to_owned()),
                ("tagKeys".to_owned(), "a/b".to_owned()),
                ("tagKeys".to_owned(), "x&y=z".to_owned()),
                ("tagKeys".to_owned(), "ü".to_owned()),
                ("e".to_owned(), String::new()),
            ]
        );
        assert_eq!(parse_query("a+b=c").unwrap(), vec![("a b".into(), "c".into())]);
        assert!(parse_query("a=%zz").is_none());
        assert!(parse_query("a=%ff").is_none());
    }

    #[test]
    fn raw_requests_get_real_answers() {
        let ivs = InMemoryIvs::new();
        let created =
            ivs.handle(&request("POST", "http://ivs.test/CreateChannel", r#"{"name":"raw","tags":{"a":"b"}}"#));
        assert_eq!(created.status(), 200);
        assert!(created.headers().contains_key("x-amzn-requestid"));
        let created = body(&created);
        let arn = created["channel"]["arn"].as_str().unwrap().to_owned();
        assert!(arn.starts_with("arn:aws:ivs:us-west-2:123456789012:channel/"));
        assert!(created["streamKey"]["value"].as_str().unwrap().starts_with("sk_us-west-2_"));
        assert_eq!(created["channel"]["latencyMode"], "LOW");

        let encoded: String = arn
            .bytes()
            .map(|b| match b {
                b':' => "%3A".to_owned(),
                b'/' => "%2F".to_owned(),
                b => (b as char).to_string(),
            })
            .collect();
        let tags = ivs.handle(&request("GET", &format!("http://ivs.test/tags/{encoded}"), ""));
        assert_eq!(body(&tags), json!({"tags": {"a": "b"}}));

        let missing = ivs.handle(&request(
            "POST",
            "http://ivs.test/GetChannel",
            r#"{"arn":"arn:aws:ivs:us-west-2:123456789012:channel/nope"}"#,
        ));
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.headers()["x-amzn-errortype"], "ResourceNotFoundException");
        assert!(body(&missing)["exceptionMessage"].is_string());

        let stream =
            ivs.handle(&request("POST", "http://ivs.test/GetStream", &json!({ "channelArn": arn }).to_string()));
        assert_eq!(stream.status(), 404);
        assert_eq!(stream.headers()["x-amzn-errortype"], "ChannelNotBroadcasting");

        let deleted = ivs.handle(&request("POST", "http://ivs.test/DeleteChannel", &json!({ "arn": arn }).to_string()));
        assert_eq!(deleted.status(), 204);
        assert!(deleted.body().is_empty());
        assert!(ivs.channels().is_empty());
        assert!(ivs.stream_keys().is_empty());
        assert_eq!(ivs.journal().len(), 5);
    }

    #[test]
    fn without_a_journal_requests_are_served_but_not_recorded() {
        let ivs = InMemoryIvs::new().without_journal();
        let arn = ivs.seed_channel("a", &[]);
        let got = ivs.handle(&request("POST", "http://ivs.test/GetChannel", &json!({ "arn": arn }).to_string()));
        assert_eq!(got.status(), 200);
        assert_eq!(body(&got)["channel"]["arn"], arn.as_str());
        let listed =
            ivs.handle(&request("POST", "http://ivs.test/ListChannels", &json!({ "maxResults": 1 }).to_string()));
        assert_eq!(body(&listed)["channels"].as_array().map(Vec::len), Some(1));
        assert!(ivs.journal().is_empty());
    }

    fn put_metadata(ivs: &InMemoryIvs, arn: &str, metadata: &str) -> HttpResponse {
        let body = json!({ "channelArn": arn, "metadata": metadata }).to_string();
        ivs.handle(&request("POST", "http://ivs.test/PutMetadata", &body))
    }

    #[test]
    fn put_metadata_is_limited_in_size_and_rate() {
        let clock = Clock::manual(std::time::UNIX_EPOCH + Duration::from_secs(FIRST_STREAM_START as u64));
        let ivs = InMemoryIvs::new().with_clock(clock.clone());
        let arn = ivs.seed_channel("live", &[]);
        assert_eq!(put_metadata(&ivs, &arn, "x").headers()["x-amzn-errortype"], "ChannelNotBroadcasting");
        assert!(ivs.set_live(&arn));

        // 1024 bytes of UTF-8 are accepted, 1026 are not, whatever the number of characters.
        assert_eq!(put_metadata(&ivs, &arn, &"é".repeat(512)).status(), 204);
        let too_big = put_metadata(&ivs, &arn, &"é".repeat(513));
        assert_eq!(too_big.status(), 400);
        assert_eq!(too_big.headers()["x-amzn-errortype"], "ValidationException");
        assert_eq!(put_metadata(&ivs, &arn, "").status(), 400);

        for _ in 1..MAX_METADATA_PER_WINDOW {
            assert_eq!(put_metadata(&ivs, &arn, "cue").status(), 204);
        }
        let throttled = put_metadata(&ivs, &arn, "cue");
        assert_eq!(throttled.status(), 429);
        assert_eq!(throttled.headers()["x-amzn-errortype"], "ThrottlingException");
        assert!(body(&throttled)["exceptionMessage"].is_string());
        clock.advance(Duration::from_millis(500));
        assert_eq!(put_metadata(&ivs, &arn, "cue").status(), 429);
        clock.advance(Duration::from_millis(500));
        for _ in 0..MAX_METADATA_PER_WINDOW {
            assert_eq!(put_metadata(&ivs, &arn, "cue").status(), 204);
        }
        // A clock set backwards forgets nothing.
        clock.set(std::time::UNIX_EPOCH);
        assert_eq!(put_metadata(&ivs, &arn, "cue").status(), 429);
        assert_eq!(ivs.channel(&arn).unwrap().metadata.len(), 2 * MAX_METADATA_PER_WINDOW);
    }

    #[test]
    fn tags_are_limited() {
        let ivs = InMemoryIvs::new();
        let arn = ivs.seed_channel("tagged", &[]);
        let tag = |tags: Value| {
            let path = format!("http://ivs.test/tags/{}", arn.replace(':', "%3A").replace('/', "%2F"));
            ivs.handle(&request("POST", &path, &json!({ "tags": tags }).to_string()))
        };
        let many: Map<String, Value> = (0..=MAX_TAGS).map(|i| (format!("k{i}"), json!("v"))).collect();
        for bad in [
            Value::Object(many.clone()),
            json!({ "k".repeat(129): "v" }),
            json!({ "k": "v".repeat(257) }),
            json!({ "": "v" }),
        ] {
            let answer = tag(bad);
            assert_eq!(answer.status(), 400);
            assert_eq!(answer.headers()["x-amzn-errortype"], "ValidationException");
        }
        assert_eq!(tag(json!({ "k".repeat(128): "v".repeat(256) })).status(), 200);
        // Fifty in all, counting those the resource has.
        let fill: Map<String, Value> = (1..MAX_TAGS).map(|i| (format!("k{i}"), json!("v"))).collect();
        assert_eq!(tag(Value::Object(fill)).status(), 200);
        assert_eq!(tag(json!({ "one": "more" })).status(), 400);
        assert_eq!(ivs.channel(&arn).unwrap().tags.len(), MAX_TAGS);
        let created = ivs.handle(&request(
            "POST",
            "http://ivs.test/CreateChannel",
            &json!({ "tags": Value::Object(many) }).to_string(),
        ));
        assert_eq!(created.status(), 400);
    }

    #[test]
    fn garbage_requests_are_errors_not_panics() {
        let ivs = InMemoryIvs::new();
        for (method, uri, body) in [
            ("POST", "http://ivs.test/CreateChannel", "{"),
            ("POST", "http://ivs.test/CreateChannel", "[]"),
            ("POST", "http://ivs.test/GetChannel", r#"{"arn": 5}"#),
            ("GET", "http://ivs.test/tags/%zz", ""),
            ("PUT", "http://ivs.test/GetChannel", ""),
            ("POST", "http://ivs.test/ListChannels", r#"{"nextToken":"bogus"}"#),
            ("POST", "http://ivs.test/ListChannels", r#"{"maxResults":0}"#),
        ] {
            let response = ivs.handle(&request(method, uri, body));
            assert!(response.status().is_client_error(), "{method} {uri} {body}: {}", response.status());
            assert!(response.headers().contains_key("x-amzn-errortype"));
        }
    }
}

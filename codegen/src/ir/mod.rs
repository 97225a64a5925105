//! The intermediate representation: the crate to generate, with every Rust name decided.
//!
//! Emitters read only this: no raw JSON, no casing. Wire names stay beside Rust names so that
//! a rename is emitted exactly where the two differ.

pub mod customizations;
mod lower;
pub mod protocol_tests;

pub use lower::lower;

use crate::ident::RustIdent;

/// The whole generated crate.
#[derive(Clone, Debug)]
pub struct Crate {
    /// The package and library name (`ivs`).
    pub package: String,
    /// The service's title (`Amazon Interactive Video Service`).
    pub title: String,
    /// Crate-level documentation lines.
    pub docs: Vec<String>,
    /// Facts the runtime needs.
    pub service: ServiceInfo,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Structures, enums, unions and errors that are not an operation's input or output,
    /// sorted by module and name.
    pub types: Vec<TypeDef>,
    /// Every error any operation can return, for the service-wide `Error`, sorted by name.
    pub errors: Vec<ErrorRef>,
    /// The model's endpoint rule set and its test cases, when it has one.
    pub endpoint_rules: Option<EndpointRules>,
    /// Operations of the model the crate leaves out, sorted by id.
    pub left_out: Vec<LeftOut>,
    /// The model's protocol compliance test cases, emitted as `tests/protocol_tests.rs`.
    pub protocol_tests: Vec<protocol_tests::ProtocolTest>,
}

/// An operation of the model that the crate leaves out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The operation's shape id.
    pub id: String,
    /// Why it is left out.
    pub reason: String,
}

/// `smithy.rules#endpointRuleSet` and `smithy.rules#endpointTests`.
#[derive(Clone, Debug)]
pub struct EndpointRules {
    /// The rule set as pretty-printed JSON.
    pub rule_set_json: String,
    /// The test cases, in model order.
    pub tests: Vec<EndpointTest>,
}

/// One endpoint test case.
#[derive(Clone, Debug)]
pub struct EndpointTest {
    /// The test function: `endpoint_3_for_region_us_east_1_with_fips_enabled`.
    pub name: RustIdent,
    /// The case as compact JSON.
    pub case_json: String,
    /// Why the case is generated `#[ignore]`d, when it is: a case written for an older AWS
    /// partitions table than the runtime's (`stale_partition_case` in `lower.rs`).
    pub ignored: Option<String>,
}

/// Service facts from the model's `aws.api#service` and `aws.auth#sigv4` traits.
#[derive(Clone, Debug)]
pub struct ServiceInfo {
    /// `sdkId`.
    pub sdk_id: String,
    /// SigV4 signing name.
    pub signing_name: String,
    /// Endpoint host prefix.
    pub endpoint_prefix: String,
    /// The service's API version.
    pub api_version: String,
    /// The suffix of its endpoint variable: `IVS` in `AWS_ENDPOINT_URL_IVS`.
    pub env_key: String,
}

/// Where a generated type lives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `crate::types`.
    Types,
    /// `crate::types::error`.
    TypesError,
    /// `crate::operation::<name>`.
    Operation(RustIdent),
}

/// The path of a named type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypePath {
    /// Its module.
    pub module: Module,
    /// Its name.
    pub name: RustIdent,
}

/// A type defined by the model.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The Smithy shape id.
    pub id: String,
    /// The shape's name in the model (the wire code of an error).
    pub wire_name: String,
    /// Where it lives and what it is called.
    pub path: TypePath,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Features of the operations whose requests carry it (it needs a JSON writer).
    pub sent_by: Vec<String>,
    /// Features of the operations whose responses carry it (it needs a JSON reader).
    pub received_by: Vec<String>,
    /// Name of its JSON writer function in `crate::protocol`.
    pub ser_fn: RustIdent,
    /// Name of its JSON reader function in `crate::protocol`.
    pub de_fn: RustIdent,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The kinds of model-defined types.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// A structure.
    Structure(Structure),
    /// An enum (`enum` shape, `@enum` string or `intEnum`).
    Enum(Enum),
    /// A tagged union.
    Union(Union),
    /// An error structure.
    Error(ErrorShape),
}

/// The members of a structure, and its builder.
#[derive(Clone, Debug)]
pub struct Structure {
    /// Members in model order.
    pub members: Vec<Member>,
    /// The builder's name (`ChannelBuilder`).
    pub builder: RustIdent,
    /// Whether `build()` can fail (a required member without a default).
    pub build_is_fallible: bool,
    /// Whether any member is sensitive, so `Debug` must be written by hand.
    pub redacts: bool,
}

/// An enum.
#[derive(Clone, Debug)]
pub struct Enum {
    /// Variants in model order.
    pub variants: Vec<Variant>,
    /// Whether the wire values are integers (`intEnum`).
    pub int: bool,
}

/// One known value of an enum.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The variant.
    pub name: RustIdent,
    /// The wire value (a string, or an integer's decimal text for `intEnum`).
    pub value: String,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// `#[deprecated]` note, if any.
    pub deprecated: Option<String>,
}

/// A tagged union.
#[derive(Clone, Debug)]
pub struct Union {
    /// One variant per member.
    pub variants: Vec<UnionVariant>,
}

/// A union member.
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// The member (its `field` is the snake-case name used in `as_*`/`is_*`).
    pub member: Member,
    /// The variant name.
    pub name: RustIdent,
    /// `as_<member>`.
    pub as_fn: RustIdent,
    /// `is_<member>`.
    pub is_fn: RustIdent,
}

/// An error structure.
#[derive(Clone, Debug)]
pub struct ErrorShape {
    /// Its members.
    pub structure: Structure,
    /// The member whose value is the error's message, if any.
    pub message_member: Option<usize>,
    /// `client` or `server`.
    pub fault: String,
    /// The HTTP status the service answers with.
    pub http_status: Option<u16>,
}

/// A reference from an operation (or the service) to an error it can return.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ErrorRef {
    /// The error code on the wire: the shape's name.
    pub code: String,
    /// The variant in `<Op>Error` and `Error`.
    pub variant: RustIdent,
    /// The error structure.
    pub path: TypePath,
    /// `is_<error>()`.
    pub is_fn: RustIdent,
    /// Reader of the error in `crate::protocol`.
    pub de_fn: RustIdent,
    /// How a `@retryable` error may be retried (`ProvideErrorKind`); `None` when it is not.
    pub retry_kind: Option<RetryKind>,
}

/// What kind of retryable error a `@retryable` error is, as `aws_smithy_types::retry::ErrorKind`
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RetryKind {
    /// `@retryable(throttling: true)`.
    ThrottlingError,
    /// `@retryable` on a `@error("server")`.
    ServerError,
    /// `@retryable` on a `@error("client")`.
    ClientError,
}

/// A member of a structure, union or operation input/output.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member's name in the model.
    pub wire_name: String,
    /// The JSON key (`@jsonName`, else the member name).
    pub json_name: String,
    /// The field, setter and getter name.
    pub field: RustIdent,
    /// `set_<field>`.
    pub set_fn: RustIdent,
    /// `get_<field>`.
    pub get_fn: RustIdent,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// The member's type.
    pub ty: Type,
    /// Whether the field is an `Option`, always set, or set to a default.
    pub presence: Presence,
    /// `@required` in the model (inputs check it before sending).
    pub required: bool,
    /// Held in a `Box` to break a cycle.
    pub boxed: bool,
    /// `@sensitive`, on the member or its target: redacted in `Debug`.
    pub sensitive: bool,
    /// Where the member goes in an HTTP message.
    pub location: Location,
    /// `#[deprecated]` note, if any.
    pub deprecated: Option<String>,
    /// `@idempotencyToken`: a fresh UUID is sent when the caller leaves it unset.
    pub idempotency_token: bool,
    /// The target's `@mediaType`: a string header with one is base64, a payload is sent as it.
    pub media_type: Option<String>,
    /// A service customization: the value of a path label the input leaves unset or empty.
    pub label_default: Option<String>,
}

/// How a field holds its value.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// `Option<T>`.
    Optional,
    /// `T`; a missing value on the wire becomes the zero value.
    Required,
    /// `T`, defaulting to this value.
    Default(DefaultValue),
}

/// A `@default` value.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// `true`/`false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string, or an enum's value.
    String(String),
    /// Epoch seconds of a timestamp.
    Timestamp(f64),
    /// An empty list.
    EmptyList,
    /// An empty map.
    EmptyMap,
    /// A document, as JSON text.
    Document(String),
}

/// Where a member goes in an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A key of the JSON body.
    Body,
    /// A path label; a greedy one keeps `/`.
    Label {
        /// `{name+}`.
        greedy: bool,
    },
    /// A query parameter.
    Query(String),
    /// A map of extra query parameters.
    QueryParams,
    /// A header.
    Header(String),
    /// A map of headers sharing a prefix.
    PrefixHeaders(String),
    /// The whole body.
    Payload,
    /// The HTTP status code of the response.
    ResponseCode,
}

/// Timestamp formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339.
    DateTime,
    /// RFC 7231.
    HttpDate,
    /// Seconds since the epoch.
    EpochSeconds,
}

/// The Rust type of a member.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// `String`.
    String,
    /// `bool`.
    Boolean,
    /// `i8`.
    Byte,
    /// `i16`.
    Short,
    /// `i32`.
    Integer,
    /// `i64`.
    Long,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// An arbitrary-precision integer, kept as its decimal text.
    BigInteger,
    /// An arbitrary-precision decimal, kept as its decimal text.
    BigDecimal,
    /// `DateTime`, in a wire format.
    Timestamp(TimestampFormat),
    /// `Blob`.
    Blob,
    /// `Document`.
    Document,
    /// A `@streaming` blob output payload, handed over unread.
    ByteStream,
    /// `smithy.api#Unit`: a union member that carries no value, a unit variant (`{}` on the wire).
    Unit,
    /// A model-defined type.
    Named(Box<NamedType>),
    /// `Vec<T>` (or `Vec<Option<T>>` when sparse).
    List {
        /// The element type.
        item: Box<Type>,
        /// `@sparse`.
        sparse: bool,
    },
    /// `HashMap<String, T>` (or with `Option<T>` values when sparse).
    Map {
        /// The value type.
        value: Box<Type>,
        /// `@sparse`.
        sparse: bool,
    },
}

/// A reference to a model-defined type.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedType {
    /// Its path.
    pub path: TypePath,
    /// Its kind.
    pub kind: NamedKind,
    /// Writer in `crate::protocol` (structures and unions).
    pub ser_fn: RustIdent,
    /// Reader in `crate::protocol` (structures and unions).
    pub de_fn: RustIdent,
}

/// The kind of a [`NamedType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedKind {
    /// A structure.
    Structure,
    /// A string enum.
    Enum,
    /// An integer enum.
    IntEnum,
    /// A union.
    Union,
}

impl TypeDef {
    /// Features of every operation that uses this type.
    pub fn used_by(&self) -> Vec<String> {
        let mut all: Vec<String> = self.sent_by.iter().chain(&self.received_by).cloned().collect();
        all.sort();
        all.dedup();
        all
    }
}

impl Type {
    /// Whether the Rust type is `Copy` (getters return it by value).
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Type::Boolean | Type::Byte | Type::Short | Type::Integer | Type::Long | Type::Float | Type::Double
        )
    }
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The shape id.
    pub id: String,
    /// The operation's name in the model (`GetChannel`).
    pub wire_name: String,
    /// The unit struct implementing the runtime's `Operation` (`GetChannel`).
    pub name: RustIdent,
    /// The client method (`get_channel`).
    pub method: RustIdent,
    /// The module under `crate::operation` (`get_channel`).
    pub module: RustIdent,
    /// The cargo feature that compiles it (`get-channel`).
    pub feature: String,
    /// `#[deprecated]` note, if the model deprecates the operation.
    pub deprecated: Option<String>,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// `<Op>Input`.
    pub input: OperationShape,
    /// `<Op>Output`.
    pub output: OperationShape,
    /// `<Op>Error`.
    pub error: RustIdent,
    /// `<Op>FluentBuilder`.
    pub fluent_builder: RustIdent,
    /// Errors it can return, sorted by name.
    pub errors: Vec<ErrorRef>,
    /// Its HTTP binding.
    pub http: HttpBinding,
    /// Pagination, if `@paginated`.
    pub pagination: Option<Pagination>,
    /// `@endpoint(hostPrefix: ..)`: the text put in front of the endpoint's host, split at its
    /// labels.
    pub host_prefix: Option<Vec<HostPrefixSegment>>,
    /// `@httpChecksumRequired`: the request carries a `Content-MD5` header.
    pub checksum_required: bool,
    /// `@requestCompression`'s encodings, in the model's order of preference; empty without the
    /// trait, and when the input's payload is a stream (streams are not compressed).
    pub request_compression: Vec<String>,
    /// Headers a service customization adds to every request: `(name, value)`.
    pub request_headers: Vec<(String, String)>,
    /// A service customization: the request carries Glacier's SHA-256 and tree hash headers.
    pub glacier_checksums: bool,
}

/// Part of an `@endpoint` host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixSegment {
    /// Literal text.
    Literal(String),
    /// The value of the input's `@hostLabel` string member at this index.
    Label(usize),
}

/// An operation's input or output structure.
#[derive(Clone, Debug)]
pub struct OperationShape {
    /// Its name.
    pub name: RustIdent,
    /// Documentation lines.
    pub docs: Vec<String>,
    /// Its members.
    pub structure: Structure,
}

/// The `@http` trait of an operation.
#[derive(Clone, Debug)]
pub struct HttpBinding {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, split at labels.
    pub path: Vec<PathSegment>,
    /// Literal query parameters from the URI pattern (`?x-id=Get`; `?flag` has no value).
    pub query_literals: Vec<(String, Option<String>)>,
    /// The success status.
    pub code: u16,
}

/// Part of an operation's URI pattern.
#[derive(Clone, Debug)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// The input member at this index, percent-encoded.
    Label {
        /// Index into the input's members.
        member: usize,
        /// `{name+}`.
        greedy: bool,
    },
}

/// `@paginated`, resolved to members.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// Index of the input's token member.
    pub input_token: usize,
    /// Index of the output's token member.
    pub output_token: usize,
    /// Index of the input's page size member.
    pub page_size: Option<usize>,
    /// Index of the output's items member (the model's `items`, else its one list or map).
    pub items: Option<usize>,
    /// `<Op>Paginator`.
    pub paginator: RustIdent,
    /// `<Op>PaginatorItems`.
    pub paginator_items: RustIdent,
}

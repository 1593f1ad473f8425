/// Limits the registry enforces on every request, whatever the door.
public struct RegistryLimits: Sendable {
    /// The largest request body, in bytes.
    public var maxBodyBytes: Int
    /// The most records one submission may carry.
    public var maxBatch: Int
    /// Requests per key: beyond it, a refusal that says how long to wait.
    public var perKey: RateLimiter.Rate
    /// Requests without a key (public routes and pages, sign-in), per client address.
    public var perAddress: RateLimiter.Rate
    /// The longest a request may take, body included: beyond it, 408 and nothing is changed.
    public var requestTime: Duration
    /// How long a connection may stay open with nothing received before it is closed.
    public var idleTime: Duration
    /// A page session ends after this long unused, and this long after signing in, whatever happens.
    public var sessionIdle: Duration = .seconds(30 * 60)
    public var sessionLifetime: Duration = .seconds(12 * 3600)
    /// A new checkpoint of the access log is issued at most this often, and this often while the log grows.
    public var checkpointInterval: Duration = .seconds(60)
    /// The most connections open at once; beyond it, new ones wait to be accepted.
    public var maxConnections = 1024
    /// The largest header block a request may send, and the most header fields: beyond either, 431.
    public var maxHeaderBytes: Int
    public var maxHeaderFields: Int

    public init(
        maxBodyBytes: Int, maxBatch: Int, perKey: RateLimiter.Rate = .init(perSecond: 200, burst: 400),
        perAddress: RateLimiter.Rate = .init(perSecond: 100, burst: 200),
        requestTime: Duration = .seconds(60), idleTime: Duration = .seconds(60), maxHeaderBytes: Int = 16 << 10,
        maxHeaderFields: Int = 100
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.perKey = perKey
        self.perAddress = perAddress
        self.requestTime = requestTime
        self.idleTime = idleTime
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
    }

    public static let `default` = RegistryLimits(maxBodyBytes: 8 << 20, maxBatch: 10_000)
}

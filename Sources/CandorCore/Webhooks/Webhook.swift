import Crypto
import Foundation

/// An endpoint every notice is delivered to, as a signed JSON POST (SPEC §6, "Notices"): how an operator
/// connects an SMS or mail gateway. Candor itself sends no mail.
public struct Webhook: Sendable, Equatable {
    /// Whose notices it receives: subjects' inbox notices, or providers' corrections.
    public enum Audience: String, Sendable, Codable, CaseIterable {
        case subjects, providers
    }

    public var id: Int64
    public var url: String
    public var audience: Audience
    public var created: Date

    public init(id: Int64, url: String, audience: Audience, created: Date) {
        self.id = id
        self.url = url
        self.audience = audience
        self.created = created
    }

    /// The `Candor-Signature` header of `body` sent at `time` with `secret`: `t=UNIX_SECONDS,v1=HEX`, where
    /// `v1` is the HMAC-SHA256 of `t + "." + body`.
    public static func signature(of body: Data, at time: Date, secret: Data) -> String {
        let seconds = Int64(time.timeIntervalSince1970)
        var message = Data("\(seconds).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return "t=\(seconds),v1=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// How long a notice is retried before it is marked failed.
    public static let retryWindow: TimeInterval = 24 * 3600

    /// The wait before attempt `attempts + 1`: exponential from one second, at most an hour, with jitter
    /// (`jitter` in 0..<1) of up to half of it either way.
    public static func backoff(attempts: Int, jitter: Double) -> TimeInterval {
        let base = min(pow(2, Double(min(attempts, 12))), 3600)
        return base * (0.5 + jitter)
    }
}

/// A notice waiting in the outbox for one webhook.
public struct Delivery: Sendable, Equatable {
    public var id: Int64
    public var webhook: Int64
    /// The notice: a subject's inbox notice, or a provider's correction, by id.
    public var audience: Webhook.Audience
    public var notice: Int64
    public var attempts: Int
    public var created: Date

    public init(id: Int64, webhook: Int64, audience: Webhook.Audience, notice: Int64, attempts: Int, created: Date) {
        self.id = id
        self.webhook = webhook
        self.audience = audience
        self.notice = notice
        self.attempts = attempts
        self.created = created
    }

    /// The stable id a receiver uses to recognise a notice delivered twice: `Candor-Notice-Id`.
    public var noticeID: String { "\(audience == .subjects ? "subject" : "provider")-notice-\(notice)" }
}

/// Webhooks and their durable outbox: every notice written is queued for every webhook of its audience in
/// the same transaction, and kept until delivered or failed.
public protocol WebhookStore: Sendable {
    func addWebhook(url: String, secret: Data, audience: Webhook.Audience, at time: Date) async throws -> Webhook
    /// The webhooks not removed.
    func webhooks() async throws -> [Webhook]
    func webhookSecret(id: Int64) async throws -> Data?
    /// Removes a webhook and its undelivered notices; `false` when there is none.
    func removeWebhook(id: Int64) async throws -> Bool

    /// The next deliveries due at `time`: for each webhook and subject (or provider key), only the oldest
    /// waiting, so each one's notices arrive in order.
    func dueDeliveries(at time: Date, limit: Int) async throws -> [Delivery]
    /// The notice of a subject's delivery and its subject, or of a provider's, for the body.
    func deliveryBody(_ delivery: Delivery) async throws -> (
        subject: SubjectID, notice: Notice?, correction: ProviderNotice?
    )?
    func delivered(_ delivery: Delivery) async throws
    /// Schedules the next attempt, or marks the delivery failed when `next` is nil.
    func retry(_ delivery: Delivery, next: Date?) async throws
    /// How many deliveries wait.
    func outboxDepth() async throws -> Int
}

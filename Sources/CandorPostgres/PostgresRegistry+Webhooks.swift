import CandorCore
import Foundation
import PostgresNIO

/// Webhooks and their outbox: a notice is queued for each webhook of its audience in the transaction that
/// writes it, and kept until delivered (then removed) or failed.
extension PostgresRegistry {
    public func addWebhook(url: String, secret: Data, audience: Webhook.Audience, at time: Date) async throws -> Webhook
    {
        let sealed = ByteBuffer(bytes: sealer.sealBlock(secret, context: "candor webhook secret"))
        let id =
            try await Self.all(
                try await self.query(
                    """
                    INSERT INTO webhook (url, audience, secret, created)
                    VALUES (\(url), \(audience.rawValue), \(sealed), \(time.timeIntervalSince1970)) RETURNING id
                    """, logger: logger)
            ) { try $0.decode(Int64.self) }.first ?? 0
        return Webhook(id: id, url: url, audience: audience, created: time)
    }

    public func webhooks() async throws -> [Webhook] {
        try await Self.all(
            try await self.query("SELECT id, url, audience, created FROM webhook ORDER BY id", logger: logger)
        ) { row in
            let (id, url, audience, created) = try row.decode((Int64, String, String, Double).self)
            return Webhook(
                id: id, url: url, audience: Webhook.Audience(rawValue: audience) ?? .subjects,
                created: Date(timeIntervalSince1970: created))
        }
    }

    public func webhookSecret(id: Int64) async throws -> Data? {
        try await Self.all(
            try await self.query("SELECT secret FROM webhook WHERE id = \(id)", logger: logger)
        ) { try $0.decode(Data.self) }.first.map { try sealer.openBlock($0, context: "candor webhook secret") }
    }

    public func removeWebhook(id: Int64) async throws -> Bool {
        try await transaction { connection in
            try await connection.query("DELETE FROM outbox WHERE webhook_id = \(id)", logger: self.logger)
            return
                !(try await Self.all(
                    try await connection.query("DELETE FROM webhook WHERE id = \(id) RETURNING id", logger: self.logger)
                ) { try $0.decode(Int64.self) }).isEmpty
        }
    }

    public func dueDeliveries(at time: Date, limit: Int) async throws -> [Delivery] {
        try await Self.all(
            try await self.query(
                """
                SELECT o.id, o.webhook_id, o.audience, o.notice_id, o.attempts, o.created FROM outbox o
                WHERE NOT o.failed AND o.next_at <= \(time.timeIntervalSince1970)
                  AND o.id = (SELECT min(p.id) FROM outbox p
                              WHERE p.webhook_id = o.webhook_id AND p.ordering = o.ordering AND NOT p.failed)
                ORDER BY o.id LIMIT \(limit)
                """, logger: logger)
        ) { row in
            let (id, webhook, audience, notice, attempts, created) = try row.decode(
                (Int64, Int64, String, Int64, Int32, Double).self)
            return Delivery(
                id: id, webhook: webhook, audience: Webhook.Audience(rawValue: audience) ?? .subjects, notice: notice,
                attempts: Int(attempts), created: Date(timeIntervalSince1970: created))
        }
    }

    public func deliveryBody(_ delivery: Delivery) async throws
        -> (subject: SubjectID, notice: Notice?, correction: ProviderNotice?)?
    {
        switch delivery.audience {
        case .subjects:
            return try await Self.all(
                try await self.query(
                    """
                    SELECT s.sealed_id, n.sequence, n.at_micros, n.cause FROM notice n JOIN subject s ON s.id = n.subject
                    WHERE n.id = \(delivery.notice)
                    """, logger: logger)
            ) { row -> (subject: SubjectID, notice: Notice?, correction: ProviderNotice?) in
                let (sealedID, sequence, micros, cause) = try row.decode((Data, Int64, Int64, Data).self)
                let subject = try sealer.openSubject(sealedID)
                return (
                    subject,
                    Notice(
                        id: delivery.notice, subject: subject, sequence: sequence,
                        at: Date(timeIntervalSince1970: Double(micros) / 1_000_000),
                        cause: try NoticeCause(text: try sealer.open(cause))) as Notice?, nil as ProviderNotice?
                )
            }.first
        case .providers:
            return try await Self.all(
                try await self.query(
                    "SELECT at, correction FROM provider_notice WHERE id = \(delivery.notice)", logger: logger)
            ) { row -> (subject: SubjectID, notice: Notice?, correction: ProviderNotice?) in
                let (at, sealed) = try row.decode((Double, Data).self)
                let correction = try Correction(data: try sealer.open(sealed))
                return (
                    correction.subject, nil as Notice?,
                    ProviderNotice(id: delivery.notice, at: Date(timeIntervalSince1970: at), correction: correction)
                        as ProviderNotice?
                )
            }.first
        }
    }

    public func delivered(_ delivery: Delivery) async throws {
        try await self.query("DELETE FROM outbox WHERE id = \(delivery.id)", logger: logger)
    }

    public func retry(_ delivery: Delivery, next: Date?) async throws {
        if let next {
            try await self.query(
                "UPDATE outbox SET attempts = attempts + 1, next_at = \(next.timeIntervalSince1970) WHERE id = \(delivery.id)",
                logger: logger)
        } else {
            try await self.query(
                "UPDATE outbox SET attempts = attempts + 1, failed = TRUE WHERE id = \(delivery.id)", logger: logger)
        }
    }

    public func outboxDepth() async throws -> Int {
        try await Self.all(
            try await self.query("SELECT count(*) FROM outbox WHERE NOT failed", logger: logger)
        ) { Int(try $0.decode(Int64.self)) }.first ?? 0
    }
}

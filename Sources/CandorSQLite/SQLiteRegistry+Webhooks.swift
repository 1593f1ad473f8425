import CandorCore
import Foundation
import GRDB

/// Webhooks and their outbox: a notice is queued for each webhook of its audience in the transaction that
/// writes it, and kept until delivered (then removed) or failed.
extension SQLiteRegistry {
    /// Queues a notice for every webhook of `audience`, inside the caller's transaction.
    func enqueue(_ audience: Webhook.Audience, notice: Int64, ordering: String, at time: Date, in db: Database) throws {
        try enqueue(
            audience, notice: notice, ordering: ordering, at: time, to: try webhooks(for: audience, in: db), in: db)
    }

    /// The webhooks of an audience, for a batch of notices to go to each.
    func webhooks(for audience: Webhook.Audience, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db, sql: "SELECT id FROM webhook WHERE audience = ? ORDER BY id", arguments: [audience.rawValue])
    }

    func enqueue(
        _ audience: Webhook.Audience, notice: Int64, ordering: String, at time: Date, to webhooks: [Int64],
        in db: Database
    ) throws {
        for webhook in webhooks {
            try db.execute(
                sql: """
                    INSERT INTO outbox (webhook_id, audience, notice_id, ordering, next_at, created)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    webhook, audience.rawValue, notice, ordering, time.timeIntervalSince1970,
                    time.timeIntervalSince1970,
                ])
        }
    }

    public func addWebhook(url: String, secret: Data, audience: Webhook.Audience, at time: Date) async throws -> Webhook
    {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO webhook (url, audience, secret, created) VALUES (?, ?, ?, ?)",
                arguments: [
                    url, audience.rawValue, self.sealer.sealBlock(secret, context: "candor webhook secret"),
                    time.timeIntervalSince1970,
                ])
            return Webhook(id: db.lastInsertedRowID, url: url, audience: audience, created: time)
        }
    }

    public func webhooks() async throws -> [Webhook] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, url, audience, created FROM webhook ORDER BY id").map { row in
                Webhook(
                    id: row[0], url: row[1], audience: Webhook.Audience(rawValue: row[2]) ?? .subjects,
                    created: Date(timeIntervalSince1970: row[3]))
            }
        }
    }

    public func webhookSecret(id: Int64) async throws -> Data? {
        try await pool.read { db in
            try (Data.fetchOne(db, sql: "SELECT secret FROM webhook WHERE id = ?", arguments: [id])).map {
                try self.sealer.openBlock($0, context: "candor webhook secret")
            }
        }
    }

    public func removeWebhook(id: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE webhook_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhook WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    public func dueDeliveries(at time: Date, limit: Int) async throws -> [Delivery] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.webhook_id, o.audience, o.notice_id, o.attempts, o.created FROM outbox o
                    WHERE o.failed = 0 AND o.next_at <= ?
                      AND o.id = (SELECT min(p.id) FROM outbox p
                                  WHERE p.webhook_id = o.webhook_id AND p.ordering = o.ordering AND p.failed = 0)
                    ORDER BY o.id LIMIT ?
                    """, arguments: [time.timeIntervalSince1970, limit]
            ).map { row in
                Delivery(
                    id: row[0], webhook: row[1], audience: Webhook.Audience(rawValue: row[2]) ?? .subjects,
                    notice: row[3], attempts: row[4], created: Date(timeIntervalSince1970: row[5]))
            }
        }
    }

    public func deliveryBody(_ delivery: Delivery) async throws
        -> (subject: SubjectID, notice: Notice?, correction: ProviderNotice?)?
    {
        switch delivery.audience {
        case .subjects:
            return try await pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT subject, sequence, at_micros, cause, record_id FROM notice WHERE id = ?",
                        arguments: [delivery.notice])
                else { return nil }
                let subject = try self.subject(number: row[0], in: db)
                return (
                    subject,
                    Notice(
                        id: delivery.notice, subject: subject, sequence: row[1],
                        at: Date(timeIntervalSince1970: Double(row[2] as Int64) / 1_000_000),
                        cause: try self.noticeCause(sealed: row[3], record: row[4], in: db)), nil
                )
            }
        case .providers:
            return try await pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT at, correction FROM provider_notice WHERE id = ?", arguments: [delivery.notice]
                    )
                else { return nil }
                let correction = try Correction(data: try self.sealer.open(row[1] as Data))
                return (
                    correction.subject, nil,
                    ProviderNotice(id: delivery.notice, at: Date(timeIntervalSince1970: row[0]), correction: correction)
                )
            }
        }
    }

    public func delivered(_ delivery: Delivery) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [delivery.id]) }
    }

    public func retry(_ delivery: Delivery, next: Date?) async throws {
        try await pool.write { db in
            if let next {
                try db.execute(
                    sql: "UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?",
                    arguments: [next.timeIntervalSince1970, delivery.id])
            } else {
                try db.execute(
                    sql: "UPDATE outbox SET attempts = attempts + 1, failed = 1 WHERE id = ?", arguments: [delivery.id])
            }
        }
    }

    public func outboxDepth() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE failed = 0") ?? 0 }
    }
}

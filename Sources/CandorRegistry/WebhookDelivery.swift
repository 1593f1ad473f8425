import CandorCore
import Foundation
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers the outbox (SPEC §6, "Notices"): each notice as a JSON POST to every webhook of its audience,
/// with `Candor-Notice-Id` (stable, for idempotency) and `Candor-Signature: t=UNIX_SECONDS,v1=HEX`. At least
/// once and in order per subject (or provider key): only the oldest waiting notice of each is sent, and a
/// refused or failed one is retried with exponential backoff and jitter for 24 hours, then marked failed.
public struct WebhookDelivery: Service {
    let registry: Registry
    let interval: Duration
    let session: URLSession

    public init(registry: Registry, interval: Duration = .seconds(1)) {
        self.registry = registry
        self.interval = interval
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        session = URLSession(configuration: configuration)
    }

    public func run() async throws {
        while !Task.isCancelled {
            do {
                _ = try await deliverDue()
            } catch {
                registry.logger.warning("could not deliver webhooks: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }

    /// Sends every delivery due now, once; returns how many were delivered.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let store = registry.store
        let hooks = Dictionary(uniqueKeysWithValues: try await store.webhooks().map { ($0.id, $0) })
        // Removing a webhook removes what waits for it: with none, the outbox is empty and there is no more to do.
        guard !hooks.isEmpty else {
            registry.metrics.outbox(depth: 0)
            return 0
        }
        var delivered = 0
        for delivery in try await store.dueDeliveries(at: registry.clock(), limit: 100) {
            guard let webhook = hooks[delivery.webhook], let secret = try await store.webhookSecret(id: webhook.id),
                let body = try await body(of: delivery)
            else {
                try await store.delivered(delivery)  // its webhook or notice is gone: nothing to send
                continue
            }
            if await post(body, of: delivery, to: webhook, secret: secret) {
                try await store.delivered(delivery)
                registry.metrics.webhook(delivered: true)
                delivered += 1
            } else {
                let now = registry.clock()
                let expired = now.timeIntervalSince(delivery.created) >= Webhook.retryWindow
                try await store.retry(
                    delivery,
                    next: expired
                        ? nil
                        : now.addingTimeInterval(
                            Webhook.backoff(attempts: delivery.attempts, jitter: Double.random(in: 0..<1))))
                registry.metrics.webhook(delivered: false)
            }
        }
        registry.metrics.outbox(depth: try await store.outboxDepth())
        return delivered
    }

    /// The JSON a delivery sends.
    func body(of delivery: Delivery) async throws -> Data? {
        guard let (subject, notice, correction) = try await registry.store.deliveryBody(delivery) else { return nil }
        var object: [String: String] = [
            "id": delivery.noticeID, "audience": delivery.audience.rawValue, "subject": subject.text,
        ]
        if let notice {
            object["at"] = notice.at.formatted(.iso8601)
            object["kind"] = notice.cause.kind
            object["text"] = NoticeText(policy: registry.policy).text(notice.cause, subject: subject)
        }
        if let correction {
            object["at"] = correction.at.formatted(.iso8601)
            object["kind"] = "correction"
            object["action"] = correction.correction.action
            object["denied"] = correction.correction.denied.iso
            object["change"] = correction.correction.change.rawValue
            object["changed"] = correction.correction.changed.iso
            object["text"] = correction.correction.text(policy: registry.policy)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(object)
    }

    /// Posts one notice; whether the receiver took it (a 2xx answer).
    func post(_ body: Data, of delivery: Delivery, to webhook: Webhook, secret: Data) async -> Bool {
        guard let url = URL(string: webhook.url) else { return false }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(delivery.noticeID, forHTTPHeaderField: "Candor-Notice-Id")
        request.setValue(
            Webhook.signature(of: body, at: registry.clock(), secret: secret), forHTTPHeaderField: "Candor-Signature")
        do {
            let (_, response) = try await session.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode).map { (200..<300).contains($0) } ?? false
        } catch {
            return false
        }
    }
}

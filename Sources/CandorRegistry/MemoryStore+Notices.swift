import CandorCore
import Foundation

/// The in-memory store's webhooks, corrections and notices.
extension MemoryStore {
    // MARK: Webhooks

    func enqueue(_ audience: Webhook.Audience, notice: Int64, ordering: String, at time: Date) {
        for (webhook, _) in hooks where webhook.audience == audience {
            outbox.append(
                (
                    Delivery(
                        id: nextDelivery, webhook: webhook.id, audience: audience, notice: notice, attempts: 0,
                        created: time), ordering, time, false
                ))
            nextDelivery += 1
        }
    }

    public func addWebhook(url: String, secret: Data, audience: Webhook.Audience, at time: Date) async throws -> Webhook
    {
        let webhook = Webhook(
            id: Int64((hooks.map(\.webhook.id).max() ?? 0) + 1), url: url, audience: audience, created: time)
        hooks.append((webhook, secret))
        return webhook
    }

    public func webhooks() async throws -> [Webhook] { hooks.map(\.webhook) }

    public func webhookSecret(id: Int64) async throws -> Data? { hooks.first { $0.webhook.id == id }?.secret }

    public func removeWebhook(id: Int64) async throws -> Bool {
        guard hooks.contains(where: { $0.webhook.id == id }) else { return false }
        hooks.removeAll { $0.webhook.id == id }
        outbox.removeAll { $0.delivery.webhook == id }
        return true
    }

    public func dueDeliveries(at time: Date, limit: Int) async throws -> [Delivery] {
        var seen: Set<String> = []
        var due: [Delivery] = []
        for entry in outbox where !entry.failed {
            let key = "\(entry.delivery.webhook)/\(entry.ordering)"
            guard seen.insert(key).inserted else { continue }
            if entry.next <= time { due.append(entry.delivery) }
        }
        return Array(due.prefix(limit))
    }

    public func deliveryBody(_ delivery: Delivery) async throws
        -> (subject: SubjectID, notice: Notice?, correction: ProviderNotice?)?
    {
        switch delivery.audience {
        case .subjects:
            guard let notice = inbox.first(where: { $0.id == delivery.notice }) else { return nil }
            return (notice.subject, notice, nil)
        case .providers:
            guard let sent = corrections.first(where: { $0.notice.id == delivery.notice }) else { return nil }
            return (sent.notice.correction.subject, nil, sent.notice)
        }
    }

    public func delivered(_ delivery: Delivery) async throws { outbox.removeAll { $0.delivery.id == delivery.id } }

    public func retry(_ delivery: Delivery, next: Date?) async throws {
        guard let index = outbox.firstIndex(where: { $0.delivery.id == delivery.id }) else { return }
        outbox[index].delivery.attempts += 1
        if let next { outbox[index].next = next } else { outbox[index].failed = true }
    }

    public func outboxDepth() async throws -> Int { outbox.filter { !$0.failed }.count }

    // MARK: Corrections

    public func denials(of subject: SubjectID, since: Day) async throws -> [CheckDenial] {
        checkDenials.filter { $0.subject == subject && $0.day >= since }
    }

    public func sendCorrections(
        _ sent: [(denial: CheckDenial, record: Int64, correction: Correction)], at time: Date
    ) async throws {
        var notes: [(SubjectID?, AccessNote)] = []
        for (denial, record, correction) in sent
        where !corrections.contains(where: { $0.denial == denial.id && $0.record == record }) {
            corrections.append(
                (
                    denial.key, denial.id, record,
                    ProviderNotice(id: Int64(corrections.count + 1), at: time, correction: correction)
                ))
            enqueue(.providers, notice: Int64(corrections.count), ordering: denial.key, at: time)
            notes.append((denial.subject, .correctionSent(denial, record: record)))
        }
        append(notes, at: time)
    }

    public func providerNotices(key: String, before: Int64?, limit: Int) async throws -> [ProviderNotice] {
        Array(
            corrections.filter { $0.key == key && $0.notice.id < before ?? Int64.max }.map(\.notice).reversed()
                .prefix(max(limit, 1)))
    }

    // MARK: Notices

    public func notices(of subject: SubjectID, before: Int64?, limit: Int) async throws -> [Notice] {
        Array(inbox.filter { $0.subject == subject && $0.id < before ?? Int64.max }.reversed().prefix(max(limit, 1)))
    }

    public func unreadNotices(of subject: SubjectID) async throws -> Int {
        inbox.filter { $0.subject == subject && $0.read == nil }.count
    }

    public func markNoticesRead(of subject: SubjectID, through id: Int64, at time: Date) async throws -> Int {
        var marked = 0
        for index in inbox.indices
        where inbox[index].subject == subject && inbox[index].id <= id && inbox[index].read == nil {
            inbox[index].read = time
            marked += 1
        }
        return marked
    }
}

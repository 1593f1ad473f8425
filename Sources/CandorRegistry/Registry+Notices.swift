import CandorCore
import Foundation

/// The subject's inbox (SPEC §6, "Notices"): every notice of a cause, written with its log entry, in words
/// composed under the policy in force.
extension Registry {
    /// The most notices a page shows.
    public static let maxNoticePage = 100

    /// A page of the subject's notices, newest first (ids below `before`), and how many are unread; the read
    /// is logged.
    public func notices(before: Int64?, limit: Int, by caller: Caller) async throws -> (notices: [Notice], unread: Int)
    {
        let subject = try caller.ownSubject()
        guard (1...Self.maxNoticePage).contains(limit) else {
            throw RegistryError.invalid(
                code: "invalid-limit", field: "limit", message: "a page holds 1 to \(Self.maxNoticePage) notices")
        }
        let notices = try await store.notices(of: subject, before: before, limit: limit)
        let unread = try await store.unreadNotices(of: subject)
        try await store.log(
            [(subject, AccessNote(caller.accessor("own file"), action: "read notices", answer: "shown"))], at: clock())
        return (notices, unread)
    }

    /// Marks the subject's notices up to and including `id` read; returns how many were unread.
    public func markNoticesRead(through id: Int64, by caller: Caller) async throws -> Int {
        let subject = try caller.ownSubject()
        let marked = try await store.markNoticesRead(of: subject, through: id, at: clock())
        try await store.log(
            [
                (
                    subject,
                    AccessNote(caller.accessor("own file"), action: "mark notices read", answer: "\(marked) marked")
                )
            ],
            at: clock())
        return marked
    }
}

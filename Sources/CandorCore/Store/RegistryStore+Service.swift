import Foundation

/// What the registry service needs of a store beyond records: keys, the access log, disputes by
/// agency, reviews and the figures of the agency board.
public protocol ServiceStore: RegistryStore {
    /// Submits records as `submit(_:at:)` does, and logs one access entry per record for `accessor`
    /// in the same transaction.
    func submit(_ records: [Record], at time: Date, accessor: Accessor) async throws -> [SubmissionOutcome]

    /// Reads a subject's file, lets `body` answer from it, and appends the access entry `body` returns
    /// — all in one transaction, so no answer is given that the log does not show.
    func access<T: Sendable>(
        _ subject: SubjectID, at time: Date,
        _ body: @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T

    /// Appends entries for accesses that read nothing, such as refused requests.
    func log(_ notes: [(SubjectID, AccessNote)], at time: Date) async throws

    /// Appends one entry about every subject at once (an export, a simulation): an entry with no subject,
    /// which every subject's `accessLog` includes.
    func logRegistryWide(_ note: AccessNote, at time: Date) async throws

    /// Entries in sequence order after `sequence`: all of them, or one subject's with the registry-wide ones.
    func accessLog(subject: SubjectID?, after sequence: Int64, limit: Int) async throws -> [AccessEntry]

    /// The sequence of the newest access log entry; 0 for an empty log.
    func lastAccessSequence() async throws -> Int64

    /// The subjects of the entries after `sequence`, up to and including `through`, that changed records
    /// or disputes (entries of kind `change`), without reading the other entries.
    func subjectsChanged(after sequence: Int64, through last: Int64) async throws -> [SubjectID]

    /// The record with this store id.
    func record(id: Int64) async throws -> Record?

    /// A dispute and the record it is about.
    func dispute(id: Int64) async throws -> (dispute: Dispute, record: Record)?

    /// The unanswered disputes about an agency's records, oldest first.
    func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: Record)]

    /// Opens a dispute and logs it, in one transaction.
    func openDispute(recordID: Int64, on day: Day, at time: Date, accessor: Accessor) async throws -> Dispute

    /// Answers a dispute and logs it, in one transaction.
    func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date, accessor: Accessor)
        async throws -> Dispute

    /// Stores a subject's review of an agency.
    func addReview(agency: String, subject: SubjectID, stars: Int, comment: String, at time: Date) async throws

    /// What the agency board shows, counted per agency.
    func agencyActivity() async throws -> [AgencyActivity]

    /// How many records each agency submitted, per year the records occurred.
    func recordCounts() async throws -> [RecordCount]

    /// A value kept beside the data, such as which command created the registry.
    func meta(_ key: String) async throws -> String?
    func setMeta(_ key: String, _ value: String) async throws

    /// Closes the store's connections once nothing uses it any more.
    func shutdown() async throws

    func addKey(_ grant: KeyGrant, secretHash: String) async throws
    func key(id: String) async throws -> (grant: KeyGrant, secretHash: String)?
    func keys() async throws -> [KeyGrant]
    /// Revokes a key; false when there is no such key.
    func revokeKey(id: String, at time: Date) async throws -> Bool
}

/// What a presented key token turned out to be.
public enum KeyCheck: Sendable, Equatable {
    case granted(KeyGrant)
    /// Not `ID.SECRET` with a 32-byte secret.
    case malformed
    /// No such key, or a secret that does not match its hash.
    case unknown
    case revoked
}

extension ServiceStore {
    /// Checks a presented token: known id, matching secret (compared in constant time), not revoked.
    public func check(token: String) async throws -> KeyCheck {
        guard let (id, secret) = KeyToken.parse(token) else { return .malformed }
        guard let stored = try await key(id: id), KeyToken.matches(secret, storedHash: stored.secretHash) else {
            return .unknown
        }
        return stored.grant.revoked == nil ? .granted(stored.grant) : .revoked
    }
}

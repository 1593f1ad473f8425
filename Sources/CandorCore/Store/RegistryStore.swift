import Foundation

/// Where Candor keeps records, their change events and disputes.
///
/// The embedded SQLite store and, later, the PostgreSQL store implement this protocol; the rating
/// engine never sees which one it runs on. Every method that changes data is atomic and durable when it
/// returns: an acknowledged record survives a crash or power loss.
public protocol RegistryStore: Sendable {
    /// Submits a batch of records that already passed `SubmissionRules`, in one transaction.
    ///
    /// A new `(agency, reference)` is stored; a known one submitted again unchanged is a no-op; new
    /// fulfilled or retracted dates are recorded as events; any other change is refused. The outcomes
    /// are in the order of `records`.
    func submit(_ records: [Record], at time: Date) async throws -> [SubmissionOutcome]

    /// Every record of a subject, with the store's ids, in the order they were stored.
    func records(of subject: SubjectID) async throws -> [Record]

    /// The record an agency submitted under `reference`.
    func record(agency: String, reference: String) async throws -> Record?

    /// Every dispute about a subject's records.
    func disputes(of subject: SubjectID) async throws -> [Dispute]

    /// Everything about one subject that a rating needs, read at one point in time.
    func file(of subject: SubjectID) async throws -> SubjectFile

    /// The change events of a subject's records, oldest first.
    func events(of subject: SubjectID) async throws -> [RecordEvent]

    /// Opens a dispute on a record on `day`.
    func openDispute(recordID: Int64, on day: Day, at time: Date) async throws -> Dispute

    /// Records the agency's answer to a dispute; a `retracted` answer retracts the record.
    func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date) async throws -> Dispute

    /// Stores display names of subjects, replacing earlier ones.
    func setNames(_ names: [SubjectID: String]) async throws

    /// The display name of a subject, if one was stored.
    func name(of subject: SubjectID) async throws -> String?

    /// Up to `limit` whole subject files, in identifier order, starting after `subject`.
    ///
    /// Call again with the last returned subject until an empty page comes back. Every subject known to
    /// the store (with a record or a name) is returned exactly once, with all of its records and disputes.
    func subjectFiles(after subject: SubjectID?, limit: Int) async throws -> [SubjectFile]

    /// Every subject file in memory as columns, for rating every subject at once. A store that keeps a
    /// `ColumnsSnapshot` loads it and reads only what changed since; the default reads every file.
    func recordColumns() async throws -> RecordColumns

    /// `recordColumns()` for a server about to answer checks: a store that keeps a snapshot writes it
    /// after returning rather than before (its `shutdown()` waits for the write), so the answers start
    /// sooner.
    func recordColumnsSavingLater() async throws -> RecordColumns

    /// How many records and subjects the store holds.
    func counts() async throws -> StoreCounts
}

/// Everything the store holds about one subject that a rating needs.
public struct SubjectFile: Sendable {
    public var subject: SubjectID
    public var records: [Record]
    public var disputes: [Dispute]
    /// The applications to repair the subject's records.
    public var repairs: [Repair]
    /// The subject's permit applications.
    public var permits: [Permit]
    /// The roles the subject (a person) holds or held in organisations.
    public var roles: [Officer]
    /// The files of the organisations named by `roles`, when the store read them with the subject's file
    /// (`file(of:)`): what binds the subject as an officer. Pages of files leave them out.
    public var organisations: [SubjectID: SubjectFile]

    public init(
        subject: SubjectID, records: [Record], disputes: [Dispute], repairs: [Repair] = [], permits: [Permit] = [],
        roles: [Officer] = [], organisations: [SubjectID: SubjectFile] = [:]
    ) {
        self.subject = subject
        self.records = records
        self.disputes = disputes
        self.repairs = repairs
        self.permits = permits
        self.roles = roles
        self.organisations = organisations
    }
}

/// What happened to one submitted record.
public enum SubmissionOutcome: Sendable, Equatable {
    /// Stored as a new record with this id.
    case created(Int64)
    /// Already stored with the same values.
    case unchanged(Int64)
    /// Already stored; new fulfilled or retracted dates were recorded.
    case updated(Int64)
    /// Refused, with the reason.
    case refused(String)
}

/// A change to a stored record, kept forever as its history.
public struct RecordEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case submitted, fulfilled, retracted
        case disputeOpened = "dispute-opened"
        case disputeAnswered = "dispute-answered"
    }

    public var recordID: Int64
    public var kind: Kind
    /// The day the event concerns: the fulfilment, retraction, opening or answer date.
    public var day: Day
    /// When the store recorded it.
    public var recordedAt: Date
    /// For a dispute answer, `upheld` or `retracted`.
    public var detail: String?

    public init(recordID: Int64, kind: Kind, day: Day, recordedAt: Date, detail: String? = nil) {
        self.recordID = recordID
        self.kind = kind
        self.day = day
        self.recordedAt = recordedAt
        self.detail = detail
    }
}

/// The size of a store.
public struct StoreCounts: Sendable, Equatable {
    public var records: Int
    public var subjects: Int

    public init(records: Int, subjects: Int) {
        self.records = records
        self.subjects = subjects
    }
}

/// An error that may mean the store's database cannot be reached just now — a lost connection, a server
/// shutting down, a primary that failed over — rather than a fault in the request or in Candor. A change in
/// flight may or may not have been committed; every door answers it as "unavailable, send it again", which
/// is safe because submissions are idempotent on (agency, reference).
public protocol StoreOutage: Error {
    /// Whether this error is an outage of the database (and not, say, a constraint that failed).
    var isOutage: Bool { get }
}

/// Why a store refused an operation on a dispute or record.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownRecord(Int64)
    case unknownDispute(Int64)
    case alreadyAnswered(Int64)
    /// The record already has this open dispute: one at a time.
    case disputeOpen(Int64)
    case dateBefore(Words)
    /// Only an upheld answer may be appealed.
    case notAppealable(Int64)
    /// A dispute is appealed once.
    case alreadyAppealed(Int64)
    /// The dispute has no appeal to decide.
    case noAppeal(Int64)
    case alreadyDecided(Int64)
    /// A repair or permit application was decided already; names it.
    case alreadyDecidedApplication(String)
    /// There is no such repair or permit application; names it.
    case unknownApplication(String)
    /// An application is not admissible (checked inside the store's transaction).
    case inadmissible(ApplicationProblem)
    /// A refusal without its reason.
    case reasonRequired
    /// The agency may not decide this permit application: none of its records lists the subject.
    case notDecider(String)

    public var description: String { words.description }

    /// The reason in words any door renders in its reader's language.
    public var words: Words {
        switch self {
        case let .unknownRecord(id): "there is no record \(id)"
        case let .unknownDispute(id): "there is no dispute \(id)"
        case let .alreadyAnswered(id): "dispute \(id) has already been answered"
        case let .disputeOpen(id): "dispute \(id) on this record is still open; it must be answered first"
        case let .dateBefore(message): message
        case let .notAppealable(id): "dispute \(id) has no upheld answer to appeal"
        case let .alreadyAppealed(id): "dispute \(id) has been appealed already: an answer is appealed once"
        case let .noAppeal(id): "dispute \(id) has no appeal"
        case let .alreadyDecided(id): "the appeal of dispute \(id) has been decided already"
        case let .alreadyDecidedApplication(name): "\(name) has been decided already"
        case let .unknownApplication(name): "there is no \(name)"
        case let .inadmissible(problem): problem.words
        case .reasonRequired: "a refusal gives its reason: the subject reads it"
        case let .notDecider(name): "\(name) is decided by an agency whose record lists the subject"
        }
    }
}

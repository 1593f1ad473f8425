import Foundation

/// What a notice tells its subject about: the cause, as data. The words are composed when the notice is
/// read (`NoticeText`), so every notice reads in the policy and language of the day it is shown.
public enum NoticeCause: Sendable, Equatable, Codable {
    /// An agency recorded something about the subject.
    case recordCreated(record: Int64, agency: String, reference: String, kind: String, occurred: Day)
    case disputeOpened(dispute: Int64, record: Int64, opened: Day, identityTheft: Bool)
    case disputeAnswered(dispute: Int64, record: Int64, answer: Dispute.Answer, on: Day)
    case appealOpened(dispute: Int64, opened: Day)
    case appealDecided(dispute: Int64, decision: Dispute.AppealDecision, on: Day)
    case repairApplied(repair: Int64, record: Int64, applied: Day)
    case repairDecided(repair: Int64, record: Int64, decision: Repair.Decision, on: Day)
    case permitApplied(permit: Int64, list: String, action: String, from: Day, to: Day)
    case permitDecided(permit: Int64, list: String, action: String, decision: Permit.Decision, on: Day)
    /// The agency did not answer a dispute by its deadline: the record no longer counts until it does.
    case disputeOverdue(dispute: Int64, deadline: Day)
    /// A reviewer did not decide an appeal by its deadline: the record no longer counts until they do.
    case appealOverdue(dispute: Int64, deadline: Day)
    /// The agency did not decide a repair application by its deadline: the record counts as repaired.
    case repairOverdue(repair: Int64, deadline: Day)
    /// An agency recorded the subject's role in an organisation, or its end.
    case roleRecorded(
        agency: String, reference: String, organisation: String, role: Officer.Role, started: Day, ended: Day?)
    /// A counter was refused the action: `counter` is the provider key's label (its organisation), `lists`
    /// the lists that denied it, `organisations` those whose listing binds the subject as their officer.
    case checkDenied(counter: String, action: String, on: Day, lists: [String], organisations: [String])

    /// A short machine-readable name of the cause: `record-created`, `check-denied`, …
    public var kind: String {
        switch self {
        case .recordCreated: "record-created"
        case .disputeOpened: "dispute-opened"
        case .disputeAnswered: "dispute-answered"
        case .appealOpened: "appeal-opened"
        case .appealDecided: "appeal-decided"
        case .repairApplied: "repair-applied"
        case .repairDecided: "repair-decided"
        case .permitApplied: "permit-applied"
        case .permitDecided: "permit-decided"
        case .disputeOverdue: "dispute-overdue"
        case .appealOverdue: "appeal-overdue"
        case .repairOverdue: "repair-overdue"
        case .roleRecorded: "role-recorded"
        case .checkDenied: "check-denied"
        }
    }
}

/// A notice in a subject's inbox, written in the same transaction as its cause and its access log entry.
public struct Notice: Sendable, Equatable {
    public var id: Int64
    public var subject: SubjectID
    /// The access log entry written with it.
    public var sequence: Int64
    public var at: Date
    public var cause: NoticeCause
    /// When the subject marked it read, if they did.
    public var read: Date?

    public init(id: Int64, subject: SubjectID, sequence: Int64, at: Date, cause: NoticeCause, read: Date? = nil) {
        self.id = id
        self.subject = subject
        self.sequence = sequence
        self.at = at
        self.cause = cause
        self.read = read
    }
}

/// A subject's inbox, kept by the store that keeps the access log (SPEC §6, "Notices").
public protocol NoticeStore: Sendable {
    /// Up to `limit` of the subject's notices with ids below `before` (all when `nil`), newest first.
    func notices(of subject: SubjectID, before: Int64?, limit: Int) async throws -> [Notice]

    /// How many of the subject's notices are unread.
    func unreadNotices(of subject: SubjectID) async throws -> Int

    /// Marks the subject's notices up to and including `id` read at `time`; returns how many were unread.
    func markNoticesRead(of subject: SubjectID, through id: Int64, at time: Date) async throws -> Int
}

extension NoticeCause {
    /// The cause as the store keeps it: JSON text, which the store seals like every text about a subject.
    public var text: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(text: String) throws { self = try JSONDecoder().decode(NoticeCause.self, from: Data(text.utf8)) }
}

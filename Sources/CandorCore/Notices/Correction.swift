import Foundation

/// A counter's denied check, kept so that a later correction of the records behind it reaches the counter
/// (SPEC §6, "Notices"): which provider key was refused which action for which subject, when, and on
/// which lists.
public struct CheckDenial: Sendable, Equatable {
    public var id: Int64
    /// The provider key that asked.
    public var key: String
    public var subject: SubjectID
    public var action: String
    public var day: Day
    public var lists: [String]
    /// The highest record id stored when the denial was written: a record stored later was not behind it.
    public var lastRecord: Int64

    public init(
        id: Int64 = 0, key: String, subject: SubjectID, action: String, day: Day, lists: [String],
        lastRecord: Int64 = Int64.max
    ) {
        self.id = id
        self.key = key
        self.subject = subject
        self.action = action
        self.day = day
        self.lists = lists
        self.lastRecord = lastRecord
    }

    /// How far back a correction reaches, in days.
    public static let correctionDays = 180
}

/// A correction sent to a counter: a record behind one of its denials was retracted, overturned or
/// repaired.
public struct Correction: Sendable, Equatable, Codable {
    public enum Change: String, Sendable, Codable {
        case retracted, overturned, repaired
    }

    public var subject: SubjectID
    public var action: String
    /// The day of the earlier denied answer.
    public var denied: Day
    public var agency: String
    public var reference: String
    public var change: Change
    /// The day the record was retracted, overturned or repaired.
    public var changed: Day

    public init(
        subject: SubjectID, action: String, denied: Day, agency: String, reference: String, change: Change,
        changed: Day
    ) {
        self.subject = subject
        self.action = action
        self.denied = denied
        self.agency = agency
        self.reference = reference
        self.change = change
        self.changed = changed
    }

    /// The correction in words, as the counter reads it.
    public func text(policy: Policy, language: Language = .en) -> String {
        let action = policy.actions.first { $0.id == self.action }?.title ?? self.action
        let agency = policy.agency(self.agency)?.title ?? self.agency
        let what =
            switch change {
            case .retracted: language.say("retracted by {{agency}}", ["agency": agency])
            case .overturned: language.say("overturned on appeal")
            case .repaired: language.say("repaired")
            }
        return language.say(
            "On {{denied}} you were told “{{action}}” was denied for {{subject}}. A record behind that answer "
                + "({{agency}} {{reference}}) was {{what}} on {{changed}}: check again before refusing.",
            [
                "denied": "day:\(denied.iso)", "action": action, "subject": subject.text, "agency": agency,
                "reference": reference, "what": what, "changed": "day:\(changed.iso)",
            ])
    }

    public var data: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    public init(data: String) throws { self = try JSONDecoder().decode(Correction.self, from: Data(data.utf8)) }
}

/// A correction as a provider key's inbox holds it.
public struct ProviderNotice: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var correction: Correction

    public init(id: Int64, at: Date, correction: Correction) {
        self.id = id
        self.at = at
        self.correction = correction
    }
}

/// Denied checks and the corrections they call for.
public protocol CorrectionStore: Sendable {
    /// The subject's denied checks on or after `since`.
    func denials(of subject: SubjectID, since: Day) async throws -> [CheckDenial]

    /// Sends each correction to the key of its denial, once per denial and record (a second call changes
    /// nothing), and logs on the subject that the counter was told, in one transaction.
    func sendCorrections(_ corrections: [(denial: CheckDenial, record: Int64, correction: Correction)], at time: Date)
        async throws

    /// Up to `limit` of a provider key's corrections with ids below `before`, newest first.
    func providerNotices(key: String, before: Int64?, limit: Int) async throws -> [ProviderNotice]
}

extension RatingEngine {
    /// The denials among `denials` that `record` was behind: on the day of each, rated from `file` as it was
    /// before the change (and without the records stored after the denial), the record kept the subject on
    /// one of the lists that denied the check.
    public func denials(_ denials: [CheckDenial], basedOn record: Int64, in file: SubjectFile) -> [CheckDenial] {
        denials.filter { denial in
            guard record <= denial.lastRecord else { return false }
            var then = file
            then.records.removeAll { $0.id > denial.lastRecord }
            return rate(then, asOf: denial.day).listings.contains { listing in
                denial.lists.contains(listing.list.id) && listing.records.contains { $0.id == record }
            }
        }
    }
}

extension AccessNote {
    /// The entry on a subject's log saying a counter was sent a correction about them.
    public static func correctionSent(_ denial: CheckDenial, record: Int64) -> AccessNote {
        AccessNote(
            Accessor(actor: "registry", purpose: "correction of an earlier answer"),
            action:
                "send correction of \(denial.action) denied on \(denial.day) (record \(record)) to provider key \(denial.key)",
            answer: "sent")
    }
}

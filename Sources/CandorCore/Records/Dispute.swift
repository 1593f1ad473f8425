/// A subject's challenge of one record, with its ground and reason, and the agency's answer with its own.
///
/// The agency may answer on any day up to and including the deadline, `response_days` after the day the
/// dispute was opened. From the day after the deadline until the agency answers, the record is suspended:
/// it counts toward no score and no list. A dispute on the ground of identity theft, which carries a
/// police report's reference, suspends the record from the day it is opened (SPEC §6, "Disputes").
public struct Dispute: Sendable, Equatable, Codable {
    public enum Answer: String, Sendable, Codable {
        /// The record stands and counts again from the day of the answer.
        case upheld
        /// The agency withdrew the record; it counts on no date.
        case retracted
    }

    /// Why the subject disputes the record.
    public enum Ground: String, Sendable, Codable, CaseIterable {
        /// The record is wrong.
        case error
        /// Someone else acted in the subject's name; needs a police report's reference.
        case identityTheft = "identity-theft"
    }

    public var id: Int64
    public var recordID: Int64
    public var opened: Day
    public var answer: Answer?
    public var answered: Day?
    public var ground: Ground
    /// The subject's reason, 1 to `maxReason` characters.
    public var reason: String
    /// The reference of the police report an identity-theft dispute carries.
    public var policeReport: String?
    /// The agency's reason for its answer.
    public var answerReason: String?

    /// The longest reason a dispute may give, in characters.
    public static let maxReason = 2_000

    public init(
        id: Int64 = 0, recordID: Int64, opened: Day, answer: Answer? = nil, answered: Day? = nil,
        ground: Ground = .error, reason: String = "", policeReport: String? = nil, answerReason: String? = nil
    ) {
        self.id = id
        self.recordID = recordID
        self.opened = opened
        self.answer = answer
        self.answered = answered
        self.ground = ground
        self.reason = reason
        self.policeReport = policeReport
        self.answerReason = answerReason
    }

    /// The last day the agency may answer before the record is suspended.
    public func deadline(responseDays: Int) -> Day { opened.adding(days: responseDays) }

    /// Whether the agency's time to answer is over on `day` with no answer given.
    public func isOverdue(on day: Day, responseDays: Int) -> Bool {
        answer == nil && day > deadline(responseDays: responseDays)
    }

    /// Whether the dispute suspends its record on `day`.
    public func suspends(on day: Day, responseDays: Int) -> Bool {
        Self.suspends(
            on: day.ordinal, opened: opened.ordinal, answered: answered?.ordinal ?? Int32.max,
            identityTheft: ground == .identityTheft, responseDays: Int32(responseDays))
    }

    /// The suspension rule on day ordinals, as the one-pass re-rating applies it: from the day after the
    /// deadline (`opened + responseDays`), or from the day it was opened on the ground of identity theft,
    /// until the day of the answer (`Int32.max` while unanswered).
    @inline(__always)
    public static func suspends(
        on day: Int32, opened: Int32, answered: Int32, identityTheft: Bool, responseDays: Int32
    ) -> Bool {
        day >= (identityTheft ? opened : opened &+ responseDays &+ 1) && day < answered
    }
}

extension Dispute {
    /// The dispute answered with `answer` on `day`, for `reason`: refused when it is answered already, or
    /// when the day comes before the dispute was opened. Every store applies it, so the rule is written once.
    public func answering(_ answer: Answer, on day: Day, reason: String? = nil) throws(StoreError) -> Dispute {
        guard self.answer == nil else { throw .alreadyAnswered(id) }
        guard day >= opened else {
            throw .dateBefore("the answer (\(day)) cannot come before the dispute was opened (\(opened))")
        }
        var answered = self
        answered.answer = answer
        answered.answered = day
        answered.answerReason = reason
        return answered
    }
}

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

    /// A reviewer's decision on an appeal of an upheld answer.
    public enum AppealDecision: String, Sendable, Codable {
        /// The answer stands; the matter ends.
        case confirmed
        /// The record is retracted.
        case overturned
    }

    /// The subject's appeal of an upheld answer: once per dispute, within `appeal_days` of the answer.
    public struct Appeal: Sendable, Equatable, Codable {
        public var opened: Day
        public var reason: String
        public var decision: AppealDecision?
        public var decided: Day?
        public var decisionReason: String?

        public init(
            opened: Day, reason: String, decision: AppealDecision? = nil, decided: Day? = nil,
            decisionReason: String? = nil
        ) {
            self.opened = opened
            self.reason = reason
            self.decision = decision
            self.decided = decided
            self.decisionReason = decisionReason
        }

        /// The last day a reviewer may decide before the record is suspended.
        public func deadline(reviewDays: Int) -> Day { opened.adding(days: reviewDays) }

        /// Whether the review deadline is past on `day` with no decision.
        public func isOverdue(on day: Day, reviewDays: Int) -> Bool {
            decision == nil && day > deadline(reviewDays: reviewDays)
        }
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
    /// The subject's appeal of an upheld answer, if any.
    public var appeal: Appeal?

    /// The longest reason a dispute may give, in characters.
    public static let maxReason = 2_000

    public init(
        id: Int64 = 0, recordID: Int64, opened: Day, answer: Answer? = nil, answered: Day? = nil,
        ground: Ground = .error, reason: String = "", policeReport: String? = nil, answerReason: String? = nil,
        appeal: Appeal? = nil
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
        self.appeal = appeal
    }

    /// The last day the subject may appeal an upheld answer.
    public func appealDeadline(appealDays: Int) -> Day? {
        guard answer == .upheld, let answered else { return nil }
        return answered.adding(days: appealDays)
    }

    /// The last day the agency may answer before the record is suspended.
    public func deadline(responseDays: Int) -> Day { opened.adding(days: responseDays) }

    /// Whether the agency's time to answer is over on `day` with no answer given.
    public func isOverdue(on day: Day, responseDays: Int) -> Bool {
        answer == nil && day > deadline(responseDays: responseDays)
    }

    /// Whether the dispute, or its appeal, suspends its record on `day`.
    public func suspends(on day: Day, responseDays: Int, reviewDays: Int) -> Bool {
        Self.suspends(
            on: day.ordinal, opened: opened.ordinal, answered: answered?.ordinal ?? Int32.max,
            identityTheft: ground == .identityTheft, responseDays: Int32(responseDays))
            || Self.appealSuspends(
                on: day.ordinal, appealed: appeal?.opened.ordinal ?? Int32.max,
                decided: appeal?.decided?.ordinal ?? Int32.max, reviewDays: Int32(reviewDays))
    }

    /// The day since which the dispute or its appeal contests the record on `day` while awaiting an
    /// answer or a decision, or `nil` when it does not.
    public func contestedSince(on day: Day) -> Day? {
        let since = Self.contestedSince(
            on: day.ordinal, opened: opened.ordinal, answered: answered?.ordinal ?? Int32.max,
            appealed: appeal?.opened.ordinal ?? Int32.max, decided: appeal?.decided?.ordinal ?? Int32.max)
        return since == Int32.max ? nil : Day(ordinal: since)
    }

    /// `contestedSince` on day ordinals: the day the dispute was opened while it awaits its answer, the day
    /// of the appeal while it awaits its decision, or `Int32.max`.
    @inline(__always)
    public static func contestedSince(on day: Int32, opened: Int32, answered: Int32, appealed: Int32, decided: Int32)
        -> Int32
    {
        if opened <= day && day < answered { return opened }
        if appealed <= day && day < decided { return appealed }
        return Int32.max
    }

    /// The appeal's suspension rule on day ordinals: from the day after the review deadline (`appealed +
    /// reviewDays`) until the day of the decision (`Int32.max` while undecided, or with no appeal).
    @inline(__always)
    public static func appealSuspends(on day: Int32, appealed: Int32, decided: Int32, reviewDays: Int32) -> Bool {
        appealed != Int32.max && day > appealed &+ reviewDays && day < decided
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

    /// The dispute appealed on `day` for `reason`: refused unless its answer is "upheld" and it was not
    /// appealed before, or when the day comes before the answer.
    public func appealing(on day: Day, reason: String) throws(StoreError) -> Dispute {
        guard answer == .upheld, let answered else { throw .notAppealable(id) }
        guard appeal == nil else { throw .alreadyAppealed(id) }
        guard day >= answered else {
            throw .dateBefore("the appeal (\(day)) cannot come before the answer (\(answered))")
        }
        var appealed = self
        appealed.appeal = Appeal(opened: day, reason: reason)
        return appealed
    }

    /// The dispute's appeal decided on `day` for `reason`: refused when there is no appeal, when it was
    /// decided, or when the day comes before the appeal.
    public func deciding(_ decision: AppealDecision, on day: Day, reason: String) throws(StoreError) -> Dispute {
        guard var appeal else { throw .noAppeal(id) }
        guard appeal.decision == nil else { throw .alreadyDecided(id) }
        guard day >= appeal.opened else {
            throw .dateBefore("the decision (\(day)) cannot come before the appeal (\(appeal.opened))")
        }
        appeal.decision = decision
        appeal.decided = day
        appeal.decisionReason = reason
        var decided = self
        decided.appeal = appeal
        return decided
    }
}

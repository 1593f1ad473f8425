import Foundation

/// A published rating policy: every record kind with its points and duration, every list with its
/// legal basis and restrictions, every action, privilege and tier.
///
/// A policy is read from its TOML file by `Policy.parse(_:)`, which refuses any file that breaks a
/// rule of the specification, so a `Policy` value is always one that may be applied. Points are kept
/// in thousandths (`milli`) so that ratings are computed exactly.
public struct Policy: Sendable {
    public var id: String
    public var version: String
    public var title: String
    /// The SHA-256 of the policy file's bytes, in lower-case hex; every rating names it.
    public var sha256: String
    public var score: ScoreRange
    /// Days an agency has to answer a dispute before the disputed record is suspended.
    public var disputeResponseDays: Int
    /// Tiers from the highest `min` to the lowest.
    public var tiers: [Tier]
    public var agencies: [Agency]
    public var kinds: [RecordKind]
    public var lists: [PolicyList]
    public var actions: [Action]
    public var privileges: [Privilege]
    /// The periods of appeals and repair (SPEC §6).
    public var dueProcess = DueProcess()
    /// The languages the policy is written in (`[policy] languages`), English first; every title, legal
    /// basis and remedy is given in each.
    public var languages: [Language] = [.en]
    /// The registry's time zone (`[policy] time_zone`): pages and letters show times in it.
    public var timeZone = TimeZone(identifier: "UTC")!
    /// The Chinese of each title, legal basis and remedy, by `section/id/key` (`policy//title` for the
    /// policy's own title): the `*_zh` keys of the file. `localized(_:)` applies them.
    public var chinese: [String: String] = [:]

    /// The identity a rating cites: id, version and hash.
    public var reference: PolicyReference { PolicyReference(id: id, version: version, sha256: sha256) }

    public func kind(_ id: String) -> RecordKind? { kinds.first { $0.id == id } }
    public func agency(_ id: String) -> Agency? { agencies.first { $0.id == id } }
    public func tier(_ id: String) -> Tier? { tiers.first { $0.id == id } }
    public func list(_ id: String) -> PolicyList? { lists.first { $0.id == id } }

    /// The policy with every title, legal basis and remedy in `language` (English where the file gives no
    /// translation); ids, numbers and the hash are unchanged, so the copy rates exactly as the original.
    public func localized(_ language: Language) -> Policy {
        guard language == .zh, !chinese.isEmpty else { return self }
        func words(_ section: String, _ id: String, _ key: String, _ english: String) -> String {
            chinese["\(section)/\(id)/\(key)"] ?? english
        }
        var copy = self
        copy.title = words("policy", "", "title", title)
        for index in copy.tiers.indices {
            copy.tiers[index].title = words("tier", tiers[index].id, "title", tiers[index].title)
        }
        for index in copy.agencies.indices {
            copy.agencies[index].title = words("agency", agencies[index].id, "title", agencies[index].title)
        }
        for (index, kind) in kinds.enumerated() {
            copy.kinds[index].title = words("kind", kind.id, "title", kind.title)
            copy.kinds[index].legalBasis = words("kind", kind.id, "legal_basis", kind.legalBasis)
        }
        for (index, list) in lists.enumerated() {
            copy.lists[index].title = words("list", list.id, "title", list.title)
            copy.lists[index].legalBasis = words("list", list.id, "legal_basis", list.legalBasis)
            copy.lists[index].remedy = words("list", list.id, "remedy", list.remedy)
            for (position, measure) in list.measures.enumerated() {
                copy.lists[index].measures[position].legalBasis = words(
                    "list", list.id, Measure.chineseKey(measure.action), measure.legalBasis)
            }
        }
        for index in copy.actions.indices {
            copy.actions[index].title = words("action", actions[index].id, "title", actions[index].title)
        }
        for index in copy.privileges.indices {
            copy.privileges[index].title = words("privilege", privileges[index].id, "title", privileges[index].title)
        }
        return copy
    }

    /// The denominator every score is summed over: the least common multiple of the linear kinds'
    /// `lasts_days` (see `ExactSum`).
    var commonDenominator: Int64 {
        ExactSum.commonDenominator(of: kinds.filter { $0.decay == .linear }.map { Int64($0.lastsDays) })
    }

    /// The tier a score falls in: the tier with the highest `min` not above it.
    public func tier(forScore score: Int) -> Tier {
        tiers.first { $0.min <= score } ?? tiers[tiers.count - 1]
    }
}

/// The periods of SPEC §6 that are not a list's or a kind's: `[disputes] appeal_days` and `review_days`,
/// `[repair] response_days` and `reapply_days`.
public struct DueProcess: Sendable, Equatable {
    /// A subject may appeal an "upheld" answer within this many days.
    public var appealDays = 15
    /// A reviewer must decide an appeal within this many days.
    public var reviewDays = 30
    /// An agency must decide a repair application within this many days.
    public var repairResponseDays = 10
    /// After a refusal, no new application for the same record before this many days.
    public var reapplyDays = 90

    public init(appealDays: Int = 15, reviewDays: Int = 30, repairResponseDays: Int = 10, reapplyDays: Int = 90) {
        self.appealDays = appealDays
        self.reviewDays = reviewDays
        self.repairResponseDays = repairResponseDays
        self.reapplyDays = reapplyDays
    }
}

/// What a rating cites of its policy.
public struct PolicyReference: Sendable, Codable, Equatable {
    public var id: String
    public var version: String
    public var sha256: String
}

/// The score a subject without records has, and the bounds of every score.
public struct ScoreRange: Sendable, Equatable {
    public var base: Int
    public var min: Int
    public var max: Int
}

/// A band of scores with a name; tiers grant privileges and never restrict anything.
public struct Tier: Sendable, Equatable {
    public var id: String
    public var title: String
    public var min: Int
}

/// An authority that submits records, and the kinds it may submit.
public struct Agency: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kinds: [String]
    /// The domain the agency works in (`domain` on `[[agency]]`), if it declares one: then every kind it
    /// submits is of that domain.
    public var domain: Domain? = nil
}

/// The five domains a record kind may belong to.
public enum Domain: String, Sendable, CaseIterable, Codable {
    case judicial, tax, regulatory, financial, civic
}

/// How a record's points fade with its age.
public enum Decay: String, Sendable, Codable {
    /// Full points until the record expires.
    case none
    /// Points times `1 - age / lastsDays`.
    case linear
}

/// A kind of record, the points it carries and how long its effect lasts.
public struct RecordKind: Sendable, Equatable {
    public var id: String
    public var domain: Domain
    public var subjects: [SubjectType]
    public var title: String
    /// Points in thousandths while the obligation is unmet.
    public var pointsMilli: Int64
    /// Days the record counts for, from the day it occurred.
    public var lastsDays: Int
    public var decay: Decay
    /// Points in thousandths once the obligation has been met.
    public var fulfilledPointsMilli: Int64
    /// Bound in thousandths on the absolute sum of this kind's contributions, if any.
    public var capMilli: Int64?
    /// A fulfilled record of this kind may be repaired from `occurred` plus this many days; `nil`: never.
    public var repairAfterDays: Int? = nil
    /// The statute or regulation, and its article, that allows a record of this kind to take points away;
    /// empty for a kind that only rewards.
    public var legalBasis = ""

    /// Whether a record of this kind can lower a score: while unmet or once met.
    public var takesPointsAway: Bool { pointsMilli < 0 || fulfilledPointsMilli < 0 }

    public var points: Double { Double(pointsMilli) / 1000 }
    public var fulfilledPoints: Double { Double(fulfilledPointsMilli) / 1000 }
    public var cap: Double? { capMilli.map { Double($0) / 1000 } }
}

/// A list of subjects with a legal basis; membership restricts the listed actions.
public struct PolicyList: Sendable, Equatable {
    public var id: String
    public var title: String
    public var legalBasis: String
    public var kinds: [String]
    public var maxDays: Int
    public var restricts: [String]
    public var remedy: String
    /// The warning period: a record lists its subject from `occurred + noticeDays` (SPEC §6, "Notice").
    public var noticeDays = 0
    /// The actions a permit may lift for a listed subject (a subset of `restricts`).
    public var permits: [String] = []
    /// The longest window one permit may cover, in days.
    public var permitMaxDays = 30
    /// The actions denied to the officers of a listed organisation (a subset of `restricts`).
    public var bindsOfficers: [String] = []
    /// The legal basis of each restriction (`[[list.measure]]`): what allows the list to deny that action.
    public var measures: [Measure] = []

    /// The legal basis of the list's restriction of `action`, if the policy gives one.
    public func measure(for action: String) -> String? {
        measures.first { $0.action == action }?.legalBasis
    }

    /// The first day a record that occurred on `occurred` lists its subject, and the day it stops.
    public func window(occurred: Day) -> (starts: Day, ends: Day) {
        (occurred.adding(days: noticeDays), occurred.adding(days: noticeDays + maxDays))
    }

    /// The longest warning period a list may have, in days.
    public static let maxNoticeDays = 90
    /// The longest window a list may let one permit cover, in days.
    public static let maxPermitDays = 90
}

/// One restriction of a list and its legal basis: the measure that lets the list deny the action.
public struct Measure: Sendable, Equatable {
    public var action: String
    public var legalBasis: String

    /// Where `Policy.chinese` keeps the Chinese of the measure of `action`, under its list.
    static func chineseKey(_ action: String) -> String { "measure.\(action).legal_basis" }

    /// The action whose measure `key` (a key of `Policy.chinese` under a list) translates, if it is one.
    static func action(fromChineseKey key: String) -> String? {
        guard key.hasPrefix("measure."), key.hasSuffix(".legal_basis") else { return nil }
        return String(key.dropFirst("measure.".count).dropLast(".legal_basis".count))
    }
}

/// Something a subject may do, allowed unless a list the subject is on restricts it.
public struct Action: Sendable, Equatable {
    public var id: String
    public var title: String
}

/// A benefit granted to subjects whose tier is at least `minTier`, and who are on no list restricting it.
public struct Privilege: Sendable, Equatable {
    public var id: String
    public var title: String
    public var minTier: String
}

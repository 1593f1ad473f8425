/// A rating explained: the score, tier and lists, and every record's contribution with the rule that gave
/// it and when its effect ends — the one value that the API's JSON, `candor rate` (as a letter or
/// `--json`) and the citizen app's page all render.
public struct RatingExplanation: Codable, Sendable, Equatable {
    public struct TierView: Codable, Sendable, Equatable {
        public var id, title: String
        public var min: Int

        public init(id: String, title: String, min: Int) {
            self.id = id
            self.title = title
            self.min = min
        }
    }
    public struct ActionView: Codable, Sendable, Equatable {
        public var id, title: String
        /// For an action a list restricts: the legal basis of that restriction (the measure).
        public var measure: String?
    }
    public struct ListingView: Codable, Sendable, Equatable {
        public var id, title, legalBasis, remedy: String
        public var since, until: Day
        public var restricts: [ActionView]
        /// The records that put the subject on the list (their contributions name them).
        public var records: [Int64]
        /// When every record behind the listing is disputed and awaits an answer: since when.
        public var disputedSince: Day?
    }
    /// An organisation's listing that binds the subject as its officer: the actions it denies them, and how
    /// it ends — the organisation resolves the listing, or the agency records the end of the role.
    public struct BindingView: Codable, Sendable, Equatable {
        public var organisation: String
        public var organisationName: String?
        public var role: String
        public var list, title, legalBasis, remedy: String
        public var since, until: Day
        public var denies: [ActionView]
        /// The agency that recorded the role, its title, and its reference: the one to ask to record its end.
        public var agency, agencyTitle, reference: String
    }
    /// A permit in force on the as-of date: the action it lets the subject take despite the list.
    public struct PermitView: Codable, Sendable, Equatable {
        public var id: Int64
        public var list, action, actionTitle: String
        public var from, to: Day
    }
    public struct ContributionView: Codable, Sendable, Equatable {
        public var record: Int64
        public var agency, reference, kind, kindTitle: String
        /// The law and article that let a record of this kind take points away.
        public var kindLegalBasis: String?
        public var status: Contribution.Status
        public var rule: String
        public var occurred: Day
        public var points: Double
        public var effectEnds, fulfilled, retracted: Day?
        /// The subject's statement on the record, shown wherever it is read.
        public var statement: String?
    }
    public struct KindTotalView: Codable, Sendable, Equatable {
        public var kind: String
        public var sum, total: Double
        public var capped: Bool
    }
    /// The lowest and highest score the policy gives.
    /// A list the subject is on notice for: the listing starts on `starts` unless the record is resolved.
    public struct NoticeView: Codable, Sendable, Equatable {
        public var list, title, remedy: String
        public var starts: Day
        public var record: Int64
    }
    public struct ScoreScale: Codable, Sendable, Equatable { public var min, max: Int }

    public var subject: String
    /// `person` or `organization`.
    public var subjectType: String
    public var name: String?
    public var asOf: Day
    public var score: Int
    public var base: Int
    public var range: ScoreScale
    public var tier: TierView
    public var lists: [ListingView]
    /// Lists the subject is on notice for (SPEC §6): shown to the subject, never to a counter.
    public var notices: [NoticeView]
    /// The permits in force on the as-of date.
    public var permits: [PermitView]
    /// The organisations' listings that bind the subject as their officer on the as-of date.
    public var bindings: [BindingView]
    public var contributions: [ContributionView]
    public var kindTotals: [KindTotalView]
    public var policy: PolicyReference

    public init(
        _ rating: Rating, name: String?, policy: Policy, statements: [Int64: String] = [:],
        organisationNames: [SubjectID: String] = [:]
    ) {
        subject = rating.subject.text
        subjectType = rating.subject.type.rawValue
        self.name = name
        asOf = rating.asOf
        score = rating.score
        base = rating.base
        range = ScoreScale(min: policy.score.min, max: policy.score.max)
        // Titles, legal bases and remedies come from `policy`, which may be the rating's policy in another
        // language (`Policy.localized`); everything else comes from the rating.
        tier = TierView(
            id: rating.tier.id, title: policy.tier(rating.tier.id)?.title ?? rating.tier.title, min: rating.tier.min)
        func words(_ list: PolicyList) -> PolicyList { policy.list(list.id) ?? list }
        func action(_ id: String, of list: PolicyList) -> ActionView {
            ActionView(
                id: id,
                title: policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title
                    ?? id, measure: words(list).measure(for: id))
        }
        bindings = rating.bindings.map { binding in
            BindingView(
                organisation: binding.organisation.text, organisationName: organisationNames[binding.organisation],
                role: binding.role.title, list: binding.list.id, title: words(binding.list).title,
                legalBasis: words(binding.list).legalBasis, remedy: words(binding.list).remedy, since: binding.since,
                until: binding.until, denies: binding.list.bindsOfficers.map { action($0, of: binding.list) },
                agency: binding.agency,
                agencyTitle: policy.agency(binding.agency)?.title ?? binding.agency, reference: binding.reference)
        }
        lists = rating.listings.map { listing in
            ListingView(
                id: listing.list.id, title: words(listing.list).title, legalBasis: words(listing.list).legalBasis,
                remedy: words(listing.list).remedy, since: listing.since, until: listing.until,
                restricts: listing.list.restricts.map { action($0, of: listing.list) },
                records: listing.records.map(\.id), disputedSince: listing.disputedSince)
        }
        permits = rating.permits.map { permit in
            PermitView(
                id: permit.id, list: permit.list, action: permit.action,
                actionTitle: policy.actions.first { $0.id == permit.action }?.title ?? permit.action, from: permit.from,
                to: permit.to)
        }
        notices = rating.notices.map {
            NoticeView(
                list: $0.list.id, title: words($0.list).title, remedy: words($0.list).remedy, starts: $0.starts,
                record: $0.record.id)
        }
        contributions = rating.contributions.map { contribution in
            let record = contribution.record
            return ContributionView(
                record: record.id, agency: record.agency, reference: record.reference, kind: record.kind,
                kindTitle: policy.kind(record.kind)?.title ?? record.kind,
                kindLegalBasis: policy.kind(record.kind).flatMap { $0.legalBasis.isEmpty ? nil : $0.legalBasis },
                status: contribution.status,
                rule: contribution.rule, occurred: record.occurred, points: contribution.points,
                effectEnds: contribution.effectEnds, fulfilled: record.fulfilled, retracted: record.retracted,
                statement: statements[record.id])
        }
        kindTotals = rating.kindTotals.map {
            KindTotalView(kind: $0.kind, sum: $0.sum, total: $0.total, capped: $0.capped)
        }
        self.policy = rating.policy
    }
}

extension RatingExplanation {
    /// The contribution of a record, by its id.
    public func contribution(of record: Int64) -> ContributionView? { contributions.first { $0.record == record } }
}

import CandorCore
import Foundation

/// The public figures of the registry: tier distribution, list sizes and the score histogram.
public struct StatisticsDocument: Codable, Sendable {
    public struct TierCount: Codable, Sendable { public var id, title: String; public var min, count: Int }
    public struct ListCount: Codable, Sendable { public var id, title: String; public var count, people: Int }
    public struct Band: Codable, Sendable { public var from, count: Int }

    public var asOf: Day
    public var subjects, people, organizations, adults: Int
    public var tiers: [TierCount]
    public var lists: [ListCount]
    public var histogram: [Band]
    public var policy: PolicyReference

    init(summary: RatingSummary, asOf: Day) {
        let policy = summary.policy
        self.asOf = asOf
        subjects = summary.subjects
        people = summary.people
        organizations = summary.organizations
        adults = summary.adults
        tiers = policy.tiers.map {
            TierCount(id: $0.id, title: $0.title, min: $0.min, count: summary.tiers[$0.id] ?? 0)
        }
        lists = policy.lists.map {
            ListCount(
                id: $0.id, title: $0.title, count: summary.lists[$0.id] ?? 0,
                people: summary.listedPeople[$0.id] ?? 0)
        }
        histogram = summary.histogram.keys.sorted().map { Band(from: $0, count: summary.histogram[$0]!) }
        self.policy = policy.reference
    }
}

extension Registry {
    /// The public figures for today, from a cache kept for a short while.
    public func statisticsDocument() async throws -> StatisticsDocument { try await statistics.document(for: self) }
}

/// Statistics are computed by rating everyone; the cache keeps one result for a short while, and while
/// one rebuild runs, every request waits for it instead of starting another.
actor StatisticsCache {
    private var cached: (day: Day, at: Date, document: StatisticsDocument)?
    private var rebuilding: (day: Day, task: Task<StatisticsDocument, any Error>)?
    static let lifetime: TimeInterval = 30

    func document(for service: Registry) async throws -> StatisticsDocument {
        let day = service.today()
        let now = service.clock()
        if let cached, cached.day == day, now.timeIntervalSince(cached.at) < Self.lifetime { return cached.document }
        if let rebuilding, rebuilding.day == day { return try await rebuilding.task.value }
        let task = Task {
            try await service.logRegistryWide(
                "rate every subject for the public statistics", by: .anonymous, purpose: "statistics")
            var summary = RatingSummary(policy: service.policy)
            try await service.store.forEachRating(engine: service.engine, asOf: day) { summary.add($0) }
            return StatisticsDocument(summary: summary, asOf: day)
        }
        rebuilding = (day, task)
        defer { rebuilding = nil }
        let document = try await task.value
        cached = (day, now, document)
        return document
    }
}

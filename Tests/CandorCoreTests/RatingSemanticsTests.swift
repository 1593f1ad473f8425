import Testing

@testable import CandorCore

/// The rating semantics of SPEC §3, case by case, on the test policy (`Fixtures/test-city.toml`):
/// court.default -100 for 100 days, -20 once fulfilled, cap 150, listed for 50 days;
/// court.fine -100 for 200 days, linear; civic.award +10 for 10 days, linear, cap 15.
@Suite("Rating semantics")
struct RatingSemanticsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var records: [Record]
        var disputes: [Dispute] = []
        var asOf: String
        var score: Int
        var tier: String
        /// Expected listings as (since, until).
        var listed: (String, String)?

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no records: the base score", records: [], asOf: "2026-01-01", score: 1000, tier: "middle"),
        Case(
            name: "a default on the day it occurred", records: [record(1, "court.default", "2026-01-01")],
            asOf: "2026-01-01", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "the day before it occurred: pending", records: [record(1, "court.default", "2026-01-01")],
            asOf: "2025-12-31", score: 1000, tier: "middle"),
        Case(
            name: "last listed day (age 49)", records: [record(1, "court.default", "2026-01-01")],
            asOf: "2026-02-19", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "listing over at occurred + max_days", records: [record(1, "court.default", "2026-01-01")],
            asOf: "2026-02-20", score: 900, tier: "bottom"),
        Case(
            name: "last counting day (age 99)", records: [record(1, "court.default", "2026-01-01")],
            asOf: "2026-04-10", score: 900, tier: "bottom"),
        Case(
            name: "expired at age lasts_days", records: [record(1, "court.default", "2026-01-01")],
            asOf: "2026-04-11", score: 1000, tier: "middle"),
        Case(
            name: "before fulfilment: full points and listed",
            records: [record(1, "court.default", "2026-01-01", fulfilled: "2026-01-10")],
            asOf: "2026-01-09", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "fulfilled on the day: fulfilled points, listing lifted",
            records: [record(1, "court.default", "2026-01-01", fulfilled: "2026-01-10")],
            asOf: "2026-01-10", score: 980, tier: "middle"),
        Case(
            name: "retraction removes the record from every date, even earlier ones",
            records: [record(1, "court.default", "2026-01-01", retracted: "2026-03-01")],
            asOf: "2026-01-05", score: 1000, tier: "middle"),
        Case(
            name: "cap bounds a kind's sum",
            records: [
                record(1, "court.default", "2026-01-01"),
                record(2, "court.default", "2026-01-02"),
                record(3, "court.default", "2026-01-03"),
            ],
            asOf: "2026-01-05", score: 850, tier: "bottom", listed: ("2026-01-01", "2026-02-22")),
        Case(
            name: "linear decay, a half rounds away from zero (900.5 → 901)",
            records: [record(1, "court.fine", "2026-01-01", subject: company)],
            asOf: "2026-01-02", score: 901, tier: "bottom"),
        Case(
            name: "linear decay, 901.5 → 902", records: [record(1, "court.fine", "2026-01-01", subject: company)],
            asOf: "2026-01-04", score: 902, tier: "bottom"),
        Case(
            name: "halves summed exactly (801.5 → 802)",
            records: [
                record(1, "court.fine", "2026-01-01", subject: company),
                record(2, "court.fine", "2025-12-31", subject: company),
            ],
            asOf: "2026-01-02", score: 802, tier: "bottom"),
        Case(
            name: "949.5 rounds to 950, the middle tier's min",
            records: [record(1, "court.fine", "2026-01-01", subject: company)],
            asOf: "2026-04-10", score: 950, tier: "middle"),
        Case(
            name: "949 is below the middle tier", records: [record(1, "court.fine", "2026-01-01", subject: company)],
            asOf: "2026-04-09", score: 949, tier: "bottom"),
        Case(
            name: "a positive kind fades", records: [record(1, "civic.award", "2026-01-01")],
            asOf: "2026-01-06", score: 1005, tier: "middle"),
        Case(
            name: "exactly a tier's min is in the tier", records: [record(1, "civic.award", "2026-01-01")],
            asOf: "2026-01-01", score: 1010, tier: "high"),
        Case(
            name: "one point below a tier's min is not", records: [record(1, "civic.award", "2026-01-01")],
            asOf: "2026-01-02", score: 1009, tier: "middle"),
        Case(
            name: "positive cap",
            records: [record(1, "civic.award", "2026-01-01"), record(2, "civic.award", "2026-01-01")],
            asOf: "2026-01-01", score: 1015, tier: "high"),
        Case(
            name: "kinds add up before rounding (1000 + 5 - 99.5 = 905.5 → 906)",
            records: [record(1, "civic.award", "2026-01-01"), record(2, "court.fine", "2026-01-05")],
            asOf: "2026-01-06", score: 906, tier: "bottom"),
        Case(
            name: "the score is clamped to min",
            records: (1...11).map { record(Int64($0), "court.fine", "2026-01-01") },
            asOf: "2026-01-01", score: 0, tier: "bottom"),
        Case(
            name: "since is the earliest, until the latest of the records keeping the listing",
            records: [record(1, "court.default", "2026-01-01"), record(2, "court.default", "2026-01-20")],
            asOf: "2026-01-25", score: 850, tier: "bottom", listed: ("2026-01-01", "2026-03-11")),
        Case(
            name: "a fulfilled record no longer keeps the listing",
            records: [
                record(1, "court.default", "2026-01-01", fulfilled: "2026-01-22"),
                record(2, "court.default", "2026-01-20"),
            ],
            asOf: "2026-01-25", score: 880, tier: "bottom", listed: ("2026-01-20", "2026-03-11")),
        Case(
            name: "a dispute before its deadline changes nothing", records: [record(1, "court.default", "2026-01-01")],
            disputes: [Dispute(id: 1, recordID: 1, opened: day("2026-01-05"))],
            asOf: "2026-02-03", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "unanswered on the deadline day: the agency may still answer, the record counts",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [Dispute(id: 1, recordID: 1, opened: day("2026-01-05"))],
            asOf: "2026-02-04", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "unanswered the day after the deadline: suspended from score and list",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [Dispute(id: 1, recordID: 1, opened: day("2026-01-05"))],
            asOf: "2026-02-05", score: 1000, tier: "middle"),
        Case(
            name: "suspended until the day before the answer",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [
                Dispute(id: 1, recordID: 1, opened: day("2026-01-05"), answer: .upheld, answered: day("2026-02-10"))
            ],
            asOf: "2026-02-09", score: 1000, tier: "middle"),
        Case(
            name: "upheld: counts again from the answer",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [
                Dispute(id: 1, recordID: 1, opened: day("2026-01-05"), answer: .upheld, answered: day("2026-02-10"))
            ],
            asOf: "2026-02-10", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "answered before the deadline: never suspended",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [
                Dispute(id: 1, recordID: 1, opened: day("2026-01-05"), answer: .upheld, answered: day("2026-01-20"))
            ],
            asOf: "2026-02-04", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
        Case(
            name: "answered retracted: removed from every date",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [
                Dispute(id: 1, recordID: 1, opened: day("2026-01-05"), answer: .retracted, answered: day("2026-01-20"))
            ],
            asOf: "2026-01-10", score: 1000, tier: "middle"),
        Case(
            name: "a dispute about another record suspends nothing",
            records: [record(1, "court.default", "2026-01-01")],
            disputes: [Dispute(id: 1, recordID: 9, opened: day("2026-01-05"))],
            asOf: "2026-02-10", score: 900, tier: "bottom", listed: ("2026-01-01", "2026-02-20")),
    ]

    @Test("each case", arguments: cases)
    func rating(_ example: Case) throws {
        let engine = RatingEngine(policy: try testPolicy())
        let subject = example.records.first?.subject ?? person
        let rating = engine.rate(subject, records: example.records, disputes: example.disputes, asOf: day(example.asOf))
        #expect(rating.score == example.score)
        #expect(rating.tier.id == example.tier)
        if let (since, until) = example.listed {
            #expect(rating.listings.map(\.list.id) == ["defaulters"])
            #expect(rating.listings.first?.since == day(since))
            #expect(rating.listings.first?.until == day(until))
        } else {
            #expect(rating.listings.isEmpty)
        }
    }

    @Test("every record is explained with its status, rule and end of effect")
    func explanation() throws {
        let engine = RatingEngine(policy: try testPolicy())
        let records = [
            record(1, "court.default", "2026-01-01", fulfilled: "2026-01-03"),
            record(2, "court.default", "2025-01-01"), record(3, "civic.award", "2026-01-02"),
            record(4, "court.default", "2026-01-02", retracted: "2026-01-03"),
            record(5, "court.default", "2026-03-01"), record(6, "tax.unknown", "2026-01-01"),
        ]
        let rating = engine.rate(person, records: records, asOf: day("2026-01-04"))
        let byID = Dictionary(uniqueKeysWithValues: rating.contributions.map { ($0.record.id, $0) })
        #expect(byID[1]?.status == .fulfilled)
        #expect(byID[1]?.points == -20)
        #expect(byID[1]?.effectEnds == day("2026-04-11"))
        #expect(byID[1]?.rule == "-100 points for 100 days, -20 once fulfilled, kind capped at ±150")
        #expect(byID[2]?.status == .expired)
        #expect(byID[3]?.status == .counting)
        #expect(byID[3]?.points == 8)
        #expect(byID[4]?.status == .retracted)
        #expect(byID[5]?.status == .pending)
        #expect(byID[6]?.status == .unknownKind)
        #expect(rating.contributions.count == 6)
        #expect(rating.score == 1000 - 20 + 8)
    }

    @Test("a kind's cap is shown as the difference between its sum and its total")
    func capTotals() throws {
        let engine = RatingEngine(policy: try testPolicy())
        let rating = engine.rate(
            person, records: [record(1, "court.default", "2026-01-01"), record(2, "court.default", "2026-01-01")],
            asOf: day("2026-01-01"))
        #expect(rating.kindTotals == [KindTotal(kind: "court.default", sum: -200, total: -150)])
    }
}

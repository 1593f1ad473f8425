import Foundation
import Testing

@testable import CandorCore

/// SPEC §6, "Notice" and "Minors", on the day before, the day of and the day after each boundary, through
/// the engine and through the one-pass re-rating and the check index.
@Suite("Notice periods and minors")
struct NoticeAndMinorsTests {
    /// The test city with a 10-day warning period on its list (court.default records, 50 days).
    static let policy: Policy = {
        let text = String(decoding: try! fixture("test-city.toml"), as: UTF8.self)
            .replacingOccurrences(of: "max_days = 50\n", with: "max_days = 50\nnotice_days = 10\n")
        return try! Policy.parse(Data(text.utf8))
    }()
    static let engine = RatingEngine(policy: policy)
    static let adult = try! SubjectID("11010519491231002X")

    static func person(born: String) -> SubjectID {
        try! SubjectID(ResidentIdentityNumber.make(region: 110105, born: Day(iso: born)!, sequence: 12))
    }

    static func record(_ subject: SubjectID, occurred: String) -> Record {
        Record(
            id: 1, agency: "court", reference: "R1", subject: subject, kind: "court.default",
            occurred: Day(iso: occurred)!)
    }

    /// What the engine, the one-pass re-rating and the check index each say of one file on `day`: the
    /// lists, the notices' start days, and whether rail.ticket is allowed.
    static func rated(_ subject: SubjectID, _ records: [Record], on day: String) throws
        -> (lists: [String], since: Day?, notices: [Day], allowed: Bool)
    {
        let asOf = Day(iso: day)!
        let rating = engine.rate(subject, records: records, asOf: asOf)
        var columns = RecordColumns()
        columns.append(SubjectFile(subject: subject, records: records, disputes: []))
        let rated = columns.rate(with: engine, asOf: asOf)
        #expect(rated.lists(of: 0, in: policy) == rating.listings.map(\.list.id), "the one-pass re-rating agrees")
        #expect(Int(rated.scores[0]) == rating.score)
        let index = StandingIndex(engine: engine, asOf: asOf)
        index.add(rated, of: columns)
        let allowed = try engine.check(rating, action: "rail.ticket").allowed
        #expect(try index.check(subject, action: "rail.ticket").allowed == allowed, "the check index agrees")
        return (rating.listings.map(\.list.id), rating.listings.first?.since, rating.notices.map(\.starts), allowed)
    }

    @Test(
        "a record lists only inside [occurred + notice, occurred + notice + max_days); before, the subject is on notice"
    )
    func noticeWindow() throws {
        let records = [Self.record(Self.adult, occurred: "2026-01-01")]
        let before = try Self.rated(Self.adult, records, on: "2026-01-10")
        #expect(before.lists.isEmpty && before.allowed)
        #expect(before.notices == [Day(iso: "2026-01-11")!], "on notice, with the day the listing would start")
        let opens = try Self.rated(Self.adult, records, on: "2026-01-11")
        #expect(opens.lists == ["defaulters"] && !opens.allowed && opens.notices.isEmpty)
        #expect(opens.since == Day(iso: "2026-01-11"), "since comes from the window")
        let lastDay = try Self.rated(Self.adult, records, on: "2026-03-01")
        #expect(lastDay.lists == ["defaulters"])
        let closed = try Self.rated(Self.adult, records, on: "2026-03-02")
        #expect(closed.lists.isEmpty && closed.allowed && closed.notices.isEmpty)
        // The score counts from the day the record occurred, notice or not.
        #expect(Self.engine.rate(Self.adult, records: records, asOf: Day(iso: "2026-01-01")!).score == 900)
        // A record resolved during the notice period never lists.
        var paid = records[0]
        paid.fulfilled = Day(iso: "2026-01-05")!
        let resolved = try Self.rated(Self.adult, [paid], on: "2026-01-11")
        #expect(resolved.lists.isEmpty && resolved.notices.isEmpty)
    }

    @Test("a record never lists a person who was under 18 on its date; it still counts toward the score")
    func minors() throws {
        let person = Self.person(born: "2008-05-20")
        for (occurred, lists) in [("2026-05-19", false), ("2026-05-20", true), ("2026-05-21", true)] {
            let records = [Self.record(person, occurred: occurred)]
            let rated = try Self.rated(person, records, on: "2026-06-15")
            #expect(rated.lists.isEmpty == !lists, "a record of \(occurred), 18th birthday 2026-05-20")
            #expect(rated.notices.isEmpty, "no notice either: the record will never list")
            #expect(Self.engine.rate(person, records: records, asOf: Day(iso: "2026-06-15")!).score == 900)
        }
    }

    @Test("someone born on 29 February turns 18 on 1 March: eighteen years after a leap year comes a common one")
    func leapDayBirthdays() throws {
        let common = Self.person(born: "2008-02-29")
        #expect(common.adulthood == Day(iso: "2026-03-01"))
        for (occurred, lists) in [("2026-02-28", false), ("2026-03-01", true), ("2026-03-02", true)] {
            let rated = try Self.rated(common, [Self.record(common, occurred: occurred)], on: "2026-04-01")
            #expect(rated.lists.isEmpty == !lists, "born 2008-02-29, a record of \(occurred)")
        }
        #expect(Self.person(born: "2010-02-28").adulthood == Day(iso: "2028-02-28"))
        #expect(Day(iso: "2012-02-29")!.anniversary(years: 4) == Day(iso: "2016-02-29"), "a leap year to a leap year")
        #expect(Self.person(born: "2012-02-29").adulthood == Day(iso: "2030-03-01"))
        #expect(Self.person(born: "1996-02-29").adulthood == Day(iso: "2014-03-01"))
        #expect(try SubjectID("91350100M000100Y43").adulthood == nil, "an organisation has no birthday")
    }
}

/// SPEC §6, "Disputes": an identity-theft dispute suspends its record from the day it is opened; an error
/// dispute from the day after its deadline.
@Suite("Dispute grounds")
struct DisputeGroundTests {
    @Test(
        "identity theft suspends from the opening day, until the answer; an error dispute from the day after the deadline"
    )
    func grounds() throws {
        let subject = NoticeAndMinorsTests.adult
        func listed(_ dispute: Dispute, on day: String, occurred: String = "2025-12-01") throws -> Bool {
            let records = [NoticeAndMinorsTests.record(subject, occurred: occurred)]
            let rating = NoticeAndMinorsTests.engine.rate(
                subject, records: records, disputes: [dispute], asOf: Day(iso: day)!)
            var columns = RecordColumns()
            columns.append(SubjectFile(subject: subject, records: records, disputes: [dispute]))
            let rated = columns.rate(with: NoticeAndMinorsTests.engine, asOf: Day(iso: day)!)
            #expect(rated.lists(of: 0, in: NoticeAndMinorsTests.policy) == rating.listings.map(\.list.id))
            #expect(Int(rated.scores[0]) == rating.score)
            return !rating.listings.isEmpty
        }
        let theft = Dispute(
            id: 1, recordID: 1, opened: Day(iso: "2026-01-05")!, ground: .identityTheft, reason: "Not me",
            policeReport: "Pudong 2026-17")
        #expect(try listed(theft, on: "2026-01-04"))
        #expect(try !listed(theft, on: "2026-01-05"), "suspended on the day it is opened")
        #expect(try !listed(theft, on: "2026-01-06"))
        var upheld = theft
        upheld.answer = .upheld
        upheld.answered = Day(iso: "2026-01-20")!
        #expect(try !listed(upheld, on: "2026-01-19"))
        #expect(try listed(upheld, on: "2026-01-20"), "counts again from the answer")
        let error = Dispute(id: 1, recordID: 1, opened: Day(iso: "2026-01-05")!, reason: "Wrong amount")
        // The test city gives agencies 30 days: the deadline is 2026-02-04.
        #expect(try listed(error, on: "2026-01-05", occurred: "2026-01-01") == false, "before the notice window")
        #expect(try listed(error, on: "2026-01-20", occurred: "2026-01-01"))
        #expect(
            try listed(error, on: "2026-02-04", occurred: "2026-01-01"),
            "the agency may still answer on the deadline day")
        #expect(
            try !listed(error, on: "2026-02-05", occurred: "2026-01-01"), "suspended from the day after the deadline")
    }
}

@Suite("Notice words")
struct NoticeWordsTests {
    @Test("a record's notice names the listing window, or says a minor is listed nowhere")
    func recordCreated() {
        let words = NoticeText(policy: NoticeAndMinorsTests.policy)
        let cause = NoticeCause.recordCreated(
            record: 1, agency: "court", reference: "R1", kind: "court.default", occurred: Day(iso: "2026-01-01")!)
        let adult = words.text(cause, subject: NoticeAndMinorsTests.adult)
        #expect(
            adult.contains(
                "Unless it is resolved before 11 January 2026, it puts you on the list “Defaulters” from that day until 2 March 2026 at the latest."
            ))
        let minor = words.text(cause, subject: NoticeAndMinorsTests.person(born: "2008-05-20"))
        #expect(minor.contains("You were under 18 then") && !minor.contains("puts you on the list"))
    }
}

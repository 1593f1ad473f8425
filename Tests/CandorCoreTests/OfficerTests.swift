import CandorSynthetic
import Foundation
import Testing

@testable import CandorCore

/// SPEC §6, "Officers", on the day before, the day of and the day after each boundary, through the engine
/// and through the one-pass re-rating and the check index.
@Suite("Officers of organisations")
struct OfficerTests {
    static let policy = Policy.shipped
    static let engine = RatingEngine(policy: policy)
    static let person = try! SubjectID("11010519491231002X")
    static let company = try! SubjectID("91350100M000100Y43")

    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    /// The company's judgment default of 2026-01-01: on judgment-defaulters (which binds officers from air
    /// tickets and luxury hotels) from 2026-01-31, after 30 days' notice, until it is fulfilled.
    static func companyFile(fulfilled: String? = nil) -> SubjectFile {
        SubjectFile(
            subject: company,
            records: [
                Record(
                    id: 1, agency: "court", reference: "C1", subject: company, kind: "court.judgment-default",
                    occurred: day("2026-01-01"), fulfilled: fulfilled.map(day))
            ], disputes: [])
    }

    static func role(started: String = "2020-01-01", ended: String? = nil, _ role: Officer.Role = .legalRepresentative)
        -> Officer
    {
        Officer(
            id: 1, agency: "market", reference: "R1", organisation: company, person: person, role: role,
            started: day(started), ended: ended.map(day))
    }

    /// The person's check of `action` on `iso`, through the engine and through the index (which must agree).
    static func check(_ action: String, on iso: String, roles: [Officer], company: SubjectFile = companyFile())
        throws -> CheckDecision
    {
        let asOf = day(iso)
        let file = SubjectFile(
            subject: person, records: [], disputes: [], roles: roles, organisations: [Self.company: company])
        let rating = engine.rate(file, asOf: asOf)
        #expect(rating.listings.isEmpty && rating.score == policy.score.base, "the officer is on no list")
        let decision = try engine.check(rating, action: action)

        var columns = RecordColumns()
        columns.append(company)
        columns.append(file)
        let index = StandingIndex(engine: engine, asOf: asOf)
        index.add(columns.rate(with: engine, asOf: asOf), of: columns)
        index.add(roles: roles)
        #expect(try index.check(person, action: action) == decision, "the index agrees on \(iso)")
        // Kept current by a rating of the person, the index answers the same.
        let updated = StandingIndex(engine: engine, asOf: asOf)
        updated.add(columns.rate(with: engine, asOf: asOf), of: columns)
        updated.update(rating)
        #expect(try updated.check(person, action: action) == decision, "an updated index agrees on \(iso)")
        return decision
    }

    @Test("an officer is bound from the day the organisation is listed, naming it, the role, the list and its remedy")
    func bound() throws {
        let roles = [Self.role()]
        #expect(try Self.check("air.ticket", on: "2026-01-30", roles: roles).allowed, "the company is on notice")
        let decision = try Self.check("air.ticket", on: "2026-01-31", roles: roles)
        #expect(!decision.allowed && decision.logAnswer == "denied: bound by judgment-defaulters")
        guard case let .bound(binding) = try #require(decision.reasons.first) else {
            Issue.record("the reason is the binding")
            return
        }
        #expect(binding.organisation == Self.company && binding.role == .legalRepresentative)
        #expect(binding.list.id == "judgment-defaulters" && binding.since == Self.day("2026-01-31"))
        let reason = CheckDocument(decision).reasons[0]
        #expect(reason.type == "binding" && reason.role == "legal representative")
        #expect(reason.heading.hasPrefix("Bound as legal representative of 91350100M000100Y43"))
        #expect(reason.remedy == Self.policy.list("judgment-defaulters")!.remedy)
        #expect(try Self.check("rail.high-speed", on: "2026-02-10", roles: roles).allowed, "not an action it binds")
    }

    @Test("a role binds from its start and up to the day before its end")
    func roleTerm() throws {
        for (started, iso, bound) in [
            ("2026-02-10", "2026-02-09", false), ("2026-02-10", "2026-02-10", true), ("2026-02-10", "2026-02-11", true),
        ] {
            #expect(
                !(try Self.check("hotel.luxury", on: iso, roles: [Self.role(started: started)])).allowed == bound,
                "\(iso)")
        }
        for (iso, bound) in [("2026-03-09", true), ("2026-03-10", false), ("2026-03-11", false)] {
            let roles = [Self.role(ended: "2026-03-10")]
            #expect(
                !(try Self.check("hotel.luxury", on: iso, roles: roles)).allowed == bound, "ended 2026-03-10, \(iso)")
        }
        let file = SubjectFile(
            subject: Self.person, records: [], disputes: [], roles: [Self.role(ended: "2026-03-10")],
            organisations: [Self.company: Self.companyFile()])
        let binding = try #require(Self.engine.rate(file, asOf: Self.day("2026-02-01")).bindings.first)
        #expect(binding.until == Self.day("2026-03-10"), "the binding ends with the role")
    }

    @Test("an organisation leaving the list frees its officers the same day")
    func organisationLeaves() throws {
        let paid = Self.companyFile(fulfilled: "2026-04-01")
        #expect(!(try Self.check("air.ticket", on: "2026-03-31", roles: [Self.role()], company: paid)).allowed)
        #expect(try Self.check("air.ticket", on: "2026-04-01", roles: [Self.role()], company: paid).allowed)
        #expect(try Self.check("air.ticket", on: "2026-04-02", roles: [Self.role()], company: paid).allowed)
    }

    @Test("every role binds; a person's own listing and a binding both deny")
    func rolesAndOwnListing() throws {
        let roles = [Self.role(.principal), Self.role(started: "2024-01-01", .actualController)]
        let decision = try Self.check("air.ticket", on: "2026-02-01", roles: roles)
        #expect(decision.reasons.count == 2)
        let file = SubjectFile(
            subject: Self.person,
            records: [
                Record(
                    id: 2, agency: "tax", reference: "T1", subject: Self.person, kind: "tax.major-violation",
                    occurred: Self.day("2026-01-10"))
            ], disputes: [], roles: [Self.role()], organisations: [Self.company: Self.companyFile()])
        let rating = Self.engine.rate(file, asOf: Self.day("2026-02-01"))
        let own = try Self.engine.check(rating, action: "air.ticket")
        #expect(own.logAnswer == "denied: major-tax-violators, bound by judgment-defaulters")
        #expect(rating.listings.map(\.list.id) == ["major-tax-violators"], "the binding adds no list")
    }

    @Test("a role is checked before it is stored: identifiers of the right kind, dates in order, a known agency")
    func rules() {
        let today = Self.day("2026-03-01")
        #expect(Self.role().problem(policy: Self.policy, today: today) == nil)
        var swapped = Self.role()
        swapped.person = Self.company
        #expect(swapped.problem(policy: Self.policy, today: today)?.field == "person")
        var person = Self.role()
        person.organisation = Self.person
        #expect(person.problem(policy: Self.policy, today: today)?.field == "organisation")
        #expect(Self.role(started: "2026-03-02").problem(policy: Self.policy, today: today)?.field == "started")
        #expect(Self.role(ended: "2019-12-31").problem(policy: Self.policy, today: today)?.field == "ended")
        #expect(Self.role(ended: "2026-03-02").problem(policy: Self.policy, today: today)?.field == "ended")
        #expect(Self.role(ended: "2026-03-01").problem(policy: Self.policy, today: today) == nil)
        var unknown = Self.role()
        unknown.agency = "nobody"
        #expect(unknown.problem(policy: Self.policy, today: today)?.field == "agency")

        #expect(Officer.change(stored: Self.role(), incoming: Self.role()) == .unchanged)
        #expect(
            Officer.change(stored: Self.role(), incoming: Self.role(ended: "2026-02-01"))
                == .end(Self.day("2026-02-01")))
        #expect(Officer.change(stored: Self.role(ended: "2026-02-01"), incoming: Self.role()) == .unchanged)
        guard case .refused = Officer.change(stored: Self.role(), incoming: Self.role(.principal)) else {
            Issue.record("a role's kind does not change")
            return
        }
    }

    @Test("on a generated city with officers, the index built from the columns answers every check as the engine")
    func generatedCity() throws {
        var files = StandingIndexTests.files(seed: 13)
        let organisations = files.filter { $0.subject.type == .organization }
        let people = files.indices.filter { files[$0].subject.type == .person }
        var random = SeededRandom(seed: 13, stream: 11, index: 0)
        var roles: [Officer] = []
        let day = StandingIndexTests.day
        for (n, position) in people.enumerated() where n % 5 == 0 {
            let organisation = organisations[random.int(in: 0...(organisations.count - 1))]
            let started = day.adding(days: random.int(in: -400...3))
            let role = Officer(
                id: Int64(roles.count + 1), agency: "market", reference: "R\(n)", organisation: organisation.subject,
                person: files[position].subject, role: random.pick(Officer.Role.allCases), started: started,
                ended: random.chance(0.3) ? started.adding(days: random.int(in: 1...500)) : nil)
            roles.append(role)
            files[position].roles = [role]
            files[position].organisations = [organisation.subject: organisation]
        }
        var columns = RecordColumns()
        for file in files { columns.append(file) }
        let index = StandingIndex(engine: Self.engine, asOf: day)
        index.add(columns.rate(with: Self.engine, asOf: day), of: columns)
        index.add(permits: files.flatMap(\.permits))
        index.add(roles: roles)
        var bound = 0
        for file in files where !file.roles.isEmpty {
            let rating = Self.engine.rate(file, asOf: day)
            if !rating.bindings.isEmpty { bound += 1 }
            for action in Self.policy.actions.map(\.id) + Self.policy.privileges.map(\.id) {
                #expect(try index.check(file.subject, action: action) == Self.engine.check(rating, action: action))
            }
        }
        #expect(bound > 0, "some officers are bound")
    }
}

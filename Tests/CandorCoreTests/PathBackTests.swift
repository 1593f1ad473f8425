import Foundation
import Testing

@testable import CandorCore

/// SPEC §6, "Repair" and "Permits", on the day before, the day of and the day after each boundary, through
/// the engine and through the one-pass re-rating and the check index; and "disputed since" in a denial.
@Suite("Repair and permits")
struct PathBackTests {
    static let policy = Policy.shipped
    static let engine = RatingEngine(policy: policy)
    static let person = try! SubjectID("11010519491231002X")
    static let company = try! SubjectID("91350100M000100Y43")

    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    /// A judgment default (repair after 90 days; listed after 30 days' notice) of 2026-01-01.
    static func judgment(id: Int64 = 1, fulfilled: String? = nil, subject: SubjectID = person) -> Record {
        Record(
            id: id, agency: "court", reference: "J\(id)", subject: subject, kind: "court.judgment-default",
            occurred: day("2026-01-01"), fulfilled: fulfilled.map(day))
    }

    /// The engine's rating of `file` on `iso`, after checking that the one-pass re-rating and the check index
    /// (given the file's permits) say the same.
    static func rated(_ file: SubjectFile, on iso: String) throws -> Rating {
        let asOf = day(iso)
        let rating = engine.rate(file, asOf: asOf)
        var columns = RecordColumns()
        columns.append(file)
        let rated = columns.rate(with: engine, asOf: asOf)
        #expect(Int(rated.scores[0]) == rating.score, "the one-pass re-rating agrees on \(iso)")
        #expect(rated.lists(of: 0, in: policy) == rating.listings.map(\.list.id), "on \(iso)")
        let index = StandingIndex(engine: engine, asOf: asOf)
        index.add(rated, of: columns)
        index.add(permits: file.permits)
        for action in ["air.ticket", "rail.high-speed", "hotel.luxury"] {
            #expect(
                try index.check(file.subject, action: action) == engine.check(rating, action: action),
                "the check index agrees on \(action), \(iso)")
        }
        return rating
    }

    static func status(_ rating: Rating) -> Contribution.Status { rating.contributions[0].status }

    @Test("a granted repair takes effect on the day of the grant: the record neither counts nor lists")
    func grantedRepair() throws {
        let record = Self.judgment(fulfilled: "2026-02-01")
        let repair = Repair(
            id: 1, recordID: 1, applied: Self.day("2026-04-01"), commitment: "I will keep paying on time",
            decision: .granted, decided: Self.day("2026-04-05"))
        let file = SubjectFile(subject: Self.person, records: [record], disputes: [], repairs: [repair])
        let before = try Self.rated(file, on: "2026-04-04")
        #expect(Self.status(before) == .fulfilled && before.score == 980)
        let granted = try Self.rated(file, on: "2026-04-05")
        #expect(Self.status(granted) == .repaired && granted.score == 1000, "repaired from the day of the grant")
        #expect(Self.status(try Self.rated(file, on: "2026-04-06")) == .repaired)
    }

    @Test("an undecided application counts as granted from the day after its deadline until a refusal")
    func undecidedRepair() throws {
        // Applied 2026-04-01 with 10 days to decide: the deadline is 2026-04-11.
        let record = Self.judgment(fulfilled: "2026-02-01")
        let open = Repair(id: 1, recordID: 1, applied: Self.day("2026-04-01"), commitment: "c")
        let file = SubjectFile(subject: Self.person, records: [record], disputes: [], repairs: [open])
        #expect(Self.status(try Self.rated(file, on: "2026-04-10")) == .fulfilled)
        #expect(Self.status(try Self.rated(file, on: "2026-04-11")) == .fulfilled, "the agency may decide that day")
        #expect(Self.status(try Self.rated(file, on: "2026-04-12")) == .repaired, "overdue: treated as granted")
        #expect(open.isOverdue(on: Self.day("2026-04-12"), responseDays: 10))
        #expect(!open.isOverdue(on: Self.day("2026-04-11"), responseDays: 10))

        var refused = open
        refused.decision = .refused
        refused.decided = Self.day("2026-04-20")
        refused.reason = "The commitment does not cover the other judgments"
        let late = SubjectFile(subject: Self.person, records: [record], disputes: [], repairs: [refused])
        #expect(Self.status(try Self.rated(late, on: "2026-04-11")) == .fulfilled)
        #expect(Self.status(try Self.rated(late, on: "2026-04-19")) == .repaired)
        #expect(Self.status(try Self.rated(late, on: "2026-04-20")) == .fulfilled, "a later refusal ends it")

        var grantedLate = open
        grantedLate.decision = .granted
        grantedLate.decided = Self.day("2026-04-20")
        let granted = SubjectFile(subject: Self.person, records: [record], disputes: [], repairs: [grantedLate])
        for day in ["2026-04-12", "2026-04-19", "2026-04-20", "2026-05-01"] {
            #expect(Self.status(try Self.rated(granted, on: day)) == .repaired, "repaired without a gap on \(day)")
        }
    }

    @Test("an application needs a repairable kind, fulfilment on or before the day, and occurred + repair_after_days")
    func applicationRules() throws {
        func problem(_ record: Record, on iso: String, earlier: [Repair] = []) -> ApplicationProblem? {
            Repair.problem(applyingFor: record, on: Self.day(iso), earlier: earlier, policy: Self.policy)
        }
        let fulfilled = Self.judgment(fulfilled: "2026-02-01")
        // Occurred 2026-01-01 with repair after 90 days: from 2026-04-01.
        guard case .tooEarly = problem(fulfilled, on: "2026-03-31") else {
            Issue.record("the day before occurred + 90 is too early")
            return
        }
        #expect(problem(fulfilled, on: "2026-04-01") == nil)
        #expect(problem(fulfilled, on: "2026-04-02") == nil)
        let paidLate = Self.judgment(fulfilled: "2026-05-10")
        #expect(
            problem(paidLate, on: "2026-05-09")?.description
                == "record 1 may be repaired from 10 May 2026 (its fulfilment is recorded for that day)",
            "a record fulfilled the day after is not repairable yet")
        #expect(problem(paidLate, on: "2026-05-10") == nil, "fulfilled on the day of the application")
        guard case .notAllowed = problem(Self.judgment(), on: "2026-06-01") else {
            Issue.record("an unfulfilled record is not repairable")
            return
        }
        var retracted = fulfilled
        retracted.retracted = Self.day("2026-03-01")
        guard case .notAllowed = problem(retracted, on: "2026-06-01") else {
            Issue.record("a retracted record needs no repair")
            return
        }
        let fine = Record(
            id: 2, agency: "court", reference: "F", subject: Self.person, kind: "court.evading-enforcement",
            occurred: Self.day("2026-01-01"), fulfilled: Self.day("2026-01-02"))
        guard case .notAllowed = problem(fine, on: "2026-12-01") else {
            Issue.record("a kind without repair_after_days is not repairable")
            return
        }

        let open = Repair(id: 7, recordID: 1, applied: Self.day("2026-04-01"), commitment: "c")
        #expect(
            problem(fulfilled, on: "2026-04-03", earlier: [open])?.description
                == "application 7 to repair record 1 is still open")
        var granted = open
        granted.decision = .granted
        granted.decided = Self.day("2026-04-02")
        guard case .conflict = problem(fulfilled, on: "2026-06-01", earlier: [granted]) else {
            Issue.record("a repaired record is not repaired twice")
            return
        }
        // Refused on 2026-04-05, with 90 days before a new application: from 2026-07-04.
        var refused = open
        refused.decision = .refused
        refused.decided = Self.day("2026-04-05")
        #expect(
            problem(fulfilled, on: "2026-07-03", earlier: [refused])?.description
                == "record 1 may be repaired from 4 July 2026 (the application of 5 April 2026 was refused)",
            "the day before refusal + reapply_days is too early")
        #expect(problem(fulfilled, on: "2026-07-04", earlier: [refused]) == nil)
        #expect(problem(fulfilled, on: "2026-07-05", earlier: [refused]) == nil)
    }

    @Test("a decision comes once, on or after the application")
    func deciding() throws {
        let open = Repair(id: 3, recordID: 1, applied: Self.day("2026-04-01"), commitment: "c")
        #expect(throws: StoreError.self) { try open.deciding(.granted, on: Self.day("2026-03-31"), reason: nil) }
        let granted = try open.deciding(.granted, on: Self.day("2026-04-01"), reason: nil)
        #expect(granted.decision == .granted && granted.decided == Self.day("2026-04-01"))
        #expect(throws: StoreError.alreadyDecidedApplication("repair application 3")) {
            try granted.deciding(.refused, on: Self.day("2026-04-02"), reason: "r")
        }
    }

    /// A person listed on judgment-defaulters (from 2026-01-31) holding a permit for high-speed rail.
    static func permitted(from: String, to: String, decision: Permit.Decision? = .granted) -> SubjectFile {
        let permit = Permit(
            id: 4, subject: person, list: "judgment-defaulters", action: "rail.high-speed", purpose: .funeral,
            explanation: "My father's funeral in Xiamen", from: day(from), to: day(to), applied: day("2026-02-01"),
            agencies: ["court"], decision: decision, decided: decision == nil ? nil : day("2026-02-02"))
        return SubjectFile(subject: person, records: [judgment()], disputes: [], permits: [permit])
    }

    @Test("inside a granted permit's window, a check its list alone would deny is allowed and names the permit")
    func permitWindow() throws {
        let file = Self.permitted(from: "2026-02-10", to: "2026-02-12")
        func rail(_ iso: String) throws -> CheckDecision {
            try Self.engine.check(try Self.rated(file, on: iso), action: "rail.high-speed")
        }
        #expect(try !rail("2026-02-09").allowed, "the day before the window")
        for iso in ["2026-02-10", "2026-02-11", "2026-02-12"] {
            let decision = try rail(iso)
            #expect(decision.allowed, "inside the window: \(iso)")
            #expect(decision.logAnswer == "allowed: permit 4")
            guard case let .permitted(list, permit) = try #require(decision.reasons.first) else {
                Issue.record("the answer says a permit allowed it")
                return
            }
            #expect(list.id == "judgment-defaulters" && permit.id == 4)
            let document = CheckDocument(decision)
            #expect(document.reasons[0].type == "permit" && document.reasons[0].permit == 4)
            #expect(
                document.reasons[0].heading.contains("permit 4 allows this from 10 February 2026 to 12 February 2026"))
        }
        #expect(try !rail("2026-02-13").allowed, "the day after the window")
        let air = try Self.engine.check(try Self.rated(file, on: "2026-02-11"), action: "air.ticket")
        #expect(!air.allowed, "a permit lifts its one action only")

        let refused = Self.permitted(from: "2026-02-10", to: "2026-02-12", decision: .refused)
        #expect(try !Self.engine.check(try Self.rated(refused, on: "2026-02-11"), action: "rail.high-speed").allowed)
        let open = Self.permitted(from: "2026-02-10", to: "2026-02-12", decision: nil)
        #expect(try !Self.engine.check(try Self.rated(open, on: "2026-02-11"), action: "rail.high-speed").allowed)

        // A grant does not reach back: granted on the window's second day, it allows from that day.
        var late = Self.permitted(from: "2026-02-10", to: "2026-02-12")
        late.permits[0].decided = Self.day("2026-02-11")
        #expect(try !Self.engine.check(try Self.rated(late, on: "2026-02-10"), action: "rail.high-speed").allowed)
        #expect(try Self.engine.check(try Self.rated(late, on: "2026-02-11"), action: "rail.high-speed").allowed)
    }

    @Test("a permit lifts its own list only: another list that restricts the action still denies it")
    func permitOwnListOnly() throws {
        let tax = Record(
            id: 2, agency: "tax", reference: "T2", subject: Self.person, kind: "tax.major-violation",
            occurred: Self.day("2026-01-05"))
        let permit = Permit(
            id: 5, subject: Self.person, list: "judgment-defaulters", action: "air.ticket", purpose: .medical,
            explanation: "Surgery in Beijing", from: Self.day("2026-03-01"), to: Self.day("2026-03-03"),
            applied: Self.day("2026-02-20"), agencies: ["court"], decision: .granted, decided: Self.day("2026-02-21"))
        let file = SubjectFile(
            subject: Self.person, records: [Self.judgment(), tax], disputes: [], permits: [permit])
        let rating = try Self.rated(file, on: "2026-03-02")
        #expect(rating.listings.map(\.list.id) == ["judgment-defaulters", "major-tax-violators"])
        let decision = try Self.engine.check(rating, action: "air.ticket")
        #expect(!decision.allowed)
        #expect(decision.logAnswer == "denied: major-tax-violators")
    }

    @Test("an application needs the list, an action its permits lift, a window from today of at most permit_max_days")
    func permitRules() throws {
        let listed = Self.engine.rate(
            SubjectFile(subject: Self.person, records: [Self.judgment()], disputes: []), asOf: Self.day("2026-03-01"))
        func problem(
            list: String = "judgment-defaulters", action: String = "rail.high-speed", from: String, to: String,
            rating: Rating = listed, earlier: [Permit] = []
        ) -> ApplicationProblem? {
            let draft = Permit(
                subject: Self.person, list: list, action: action, purpose: .exam, explanation: "Exam",
                from: Self.day(from), to: Self.day(to), applied: Self.day("2026-03-01"))
            return Permit.problem(
                applying: draft, on: Self.day("2026-03-01"), rating: rating, earlier: earlier, policy: Self.policy)
        }
        #expect(problem(from: "2026-03-01", to: "2026-03-30") == nil, "30 days, starting today")
        #expect(problem(from: "2026-03-01", to: "2026-03-29") == nil)
        guard case .invalid(field: "to", _) = problem(from: "2026-03-01", to: "2026-03-31") else {
            Issue.record("31 days is one too many")
            return
        }
        guard case .invalid(field: "from", _) = problem(from: "2026-02-28", to: "2026-03-05") else {
            Issue.record("a window starting yesterday is refused")
            return
        }
        guard case .invalid(field: "to", _) = problem(from: "2026-03-05", to: "2026-03-04") else {
            Issue.record("a window ending before it starts is refused")
            return
        }
        guard case .invalid(field: "action", _) = problem(action: "hotel.luxury", from: "2026-03-02", to: "2026-03-03")
        else {
            Issue.record("an action the list's permits do not lift is refused")
            return
        }
        guard case .invalid(field: "list", _) = problem(list: "nope", from: "2026-03-02", to: "2026-03-03") else {
            Issue.record("an unknown list is refused")
            return
        }
        guard case .notAllowed = problem(list: "serious-violators", from: "2026-03-02", to: "2026-03-03") else {
            Issue.record("a list without permits allows none")
            return
        }
        let notice = Self.engine.rate(
            SubjectFile(subject: Self.person, records: [Self.judgment()], disputes: []), asOf: Self.day("2026-01-30"))
        guard case .notAllowed = problem(from: "2026-03-02", to: "2026-03-03", rating: notice) else {
            Issue.record("a subject on notice, not yet listed, needs no permit")
            return
        }
        let open = Permit(
            id: 9, subject: Self.person, list: "judgment-defaulters", action: "rail.high-speed", purpose: .exam,
            explanation: "Exam", from: Self.day("2026-03-05"), to: Self.day("2026-03-06"),
            applied: Self.day("2026-02-28"))
        guard case .conflict = problem(from: "2026-03-02", to: "2026-03-03", earlier: [open]) else {
            Issue.record("one open application per list and action")
            return
        }
        #expect(Permit.deciders(of: "judgment-defaulters", in: listed) == ["court"])
    }

    @Test("a denial whose every record is contested by an open dispute or appeal says since when")
    func disputedSince() throws {
        let dispute = Dispute(id: 1, recordID: 1, opened: Self.day("2026-02-10"), reason: "Paid in 2025")
        let file = SubjectFile(subject: Self.person, records: [Self.judgment()], disputes: [dispute])
        func reason(_ iso: String, _ file: SubjectFile) throws -> CheckReason {
            try #require(try Self.engine.check(try Self.rated(file, on: iso), action: "rail.high-speed").reasons.first)
        }
        #expect(
            try reason("2026-02-09", file)
                == .listed(
                    list: Self.policy.list("judgment-defaulters")!, since: Self.day("2026-01-31"),
                    until: Self.day("2028-01-31"), disputedSince: nil))
        guard case let .listed(_, _, _, since) = try reason("2026-02-10", file) else {
            Issue.record("still listed until the deadline")
            return
        }
        #expect(since == Self.day("2026-02-10"))
        #expect(
            CheckDocument(try Self.engine.check(try Self.rated(file, on: "2026-02-10"), action: "rail.high-speed"))
                .reasons[0].heading.hasSuffix("disputed since 10 February 2026, awaiting an answer"))
        // With a second, undisputed record behind the listing, the denial does not rest on the dispute alone.
        var second = Self.judgment(id: 2)
        second.reference = "J2"
        let both = SubjectFile(subject: Self.person, records: [Self.judgment(), second], disputes: [dispute])
        guard case let .listed(_, _, _, none) = try reason("2026-02-10", both) else {
            Issue.record("listed")
            return
        }
        #expect(none == nil)
        // An upheld answer ends the contest; an appeal opens it again.
        var upheld = dispute
        upheld.answer = .upheld
        upheld.answered = Self.day("2026-02-20")
        upheld.answerReason = "The payment went to another case"
        let answered = SubjectFile(subject: Self.person, records: [Self.judgment()], disputes: [upheld])
        guard case let .listed(_, _, _, after) = try reason("2026-02-20", answered) else {
            Issue.record("listed")
            return
        }
        #expect(after == nil)
        upheld.appeal = Dispute.Appeal(opened: Self.day("2026-02-25"), reason: "The court's own receipt")
        let appealed = SubjectFile(subject: Self.person, records: [Self.judgment()], disputes: [upheld])
        guard case let .listed(_, _, _, appealSince) = try reason("2026-02-25", appealed) else {
            Issue.record("listed")
            return
        }
        #expect(appealSince == Self.day("2026-02-25"))
    }
}

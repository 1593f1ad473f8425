import Testing

@testable import CandorCore

@Suite("Checks")
struct CheckTests {
    let engine: RatingEngine
    let listed: Rating
    let clean: Rating

    init() throws {
        engine = RatingEngine(policy: try testPolicy())
        listed = engine.rate(person, records: [record(1, "court.default", "2026-01-01")], asOf: day("2026-01-10"))
        clean = engine.rate(person, records: [], asOf: day("2026-01-10"))
    }

    @Test("a restricted action is denied with the list, its legal basis, dates and remedy")
    func deniedByList() throws {
        let decision = try engine.check(listed, action: "rail.ticket")
        #expect(!decision.allowed)
        guard case let .listed(list, since, until, _) = try #require(decision.reasons.first) else {
            Issue.record("expected a list reason")
            return
        }
        #expect(list.id == "defaulters")
        #expect(list.legalBasis == "Test law, art. 1")
        #expect(list.remedy == "Pay.")
        #expect(since == day("2026-01-01"))
        #expect(until == day("2026-02-20"))
        #expect(CheckDocument(decision).decision == "denied")
        // The restriction's own legal basis, for the action asked, beside the list's.
        #expect(CheckDocument(decision).reasons.first?.measure == "Test law, art. 4")
        let fast = CheckDocument(try engine.check(listed, action: "bonus.fast"))
        #expect(fast.reasons.first { $0.type == "list" }?.measure == "Test law, art. 5")
    }

    @Test("an action no list restricts is allowed, whatever the score")
    func allowedDespiteLowScore() throws {
        let decision = try engine.check(listed, action: "air.ticket")
        #expect(listed.tier.id == "bottom")
        #expect(decision.allowed)
        #expect(decision.reasons.isEmpty)
    }

    @Test("a privilege needs its tier and names the tier required and held")
    func privilegeTier() throws {
        let fast = try engine.check(clean, action: "bonus.fast")
        #expect(fast.allowed)
        #expect(
            fast.reasons == [
                .tier(required: engine.policy.tier("middle")!, held: engine.policy.tier("middle")!, met: true)
            ])
        let vip = try engine.check(clean, action: "bonus.vip")
        #expect(!vip.allowed)
        #expect(
            vip.reasons == [
                .tier(required: engine.policy.tier("high")!, held: engine.policy.tier("middle")!, met: false)
            ])
    }

    @Test("a privilege is denied by a list restricting it even when the tier suffices")
    func privilegeRestrictedByList() throws {
        // A high score and a listing at once: awards lift the score, a default lists the subject.
        let policy = try testPolicy()
        var kinds = policy.kinds
        kinds[0].pointsMilli = 0
        var lenient = policy
        lenient.kinds = kinds
        let engine = RatingEngine(policy: lenient)
        let rating = engine.rate(person, records: [record(1, "court.default", "2026-01-09")], asOf: day("2026-01-10"))
        #expect(rating.tier.id == "middle")
        let decision = try engine.check(rating, action: "bonus.fast")
        #expect(!decision.allowed)
        #expect(decision.reasons.count == 2)
    }

    @Test("an unknown action is an error naming the known ones")
    func unknownAction() {
        #expect(
            throws: CheckError.unknownAction(
                "ferry.ticket", known: ["rail.ticket", "air.ticket", "bonus.fast", "bonus.vip"])
        ) {
            try engine.check(clean, action: "ferry.ticket")
        }
    }
}

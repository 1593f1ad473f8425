import Testing

@testable import CandorCore

@Suite("Submission rules and changes")
struct RecordRulesTests {
    let today = day("2026-12-01")

    @Test("an agency submits only the kinds it is granted, for the subject types they allow")
    func submissionRules() throws {
        let rules = SubmissionRules(policy: try testPolicy())
        #expect(rules.problem(with: record(1, "court.default", "2026-01-01"), today: today) == nil)
        var foreign = record(1, "court.default", "2026-01-01")
        foreign.agency = "civic"
        #expect(rules.problem(with: foreign, today: today)?.field == "kind")
        #expect(rules.problem(with: foreign, today: today)?.message.description.contains("may not submit") == true)
        var unknownAgency = foreign
        unknownAgency.agency = "police"
        #expect(rules.problem(with: unknownAgency, today: today)?.field == "agency")
        #expect(rules.problem(with: record(1, "court.parking", "2026-01-01"), today: today)?.field == "kind")
        // court.fine applies to organisations only.
        #expect(rules.problem(with: record(1, "court.fine", "2026-01-01"), today: today)?.field == "subject")
        #expect(rules.problem(with: record(1, "court.fine", "2026-01-01", subject: company), today: today) == nil)
        #expect(
            rules.problem(with: record(1, "court.default", "2026-01-05", fulfilled: "2026-01-04"), today: today)?.field
                == "fulfilled", "a fulfilment cannot come before the record")
    }

    @Test(
        "dates have happened, amounts are not negative, texts are within their limits",
        arguments: [
            (record(1, "court.default", "2027-01-01"), "occurred"),
            (record(1, "court.default", "2099-01-01"), "occurred"),
            (record(1, "court.default", "2026-01-05", fulfilled: "1900-01-01"), "fulfilled"),
            (record(1, "court.default", "2026-01-05", fulfilled: "2026-12-02"), "fulfilled"),
            (record(1, "court.default", "2026-01-05", retracted: "2026-01-04"), "retracted"),
            (record(1, "court.default", "2026-01-05", retracted: "2030-01-01"), "retracted"),
            (record(1, "court.default", "2026-01-05", amount: -1), "amount"),
            (record(1, "court.default", "2026-01-05", amount: .infinity), "amount"),
            (record(1, "court.default", "2026-01-05", reference: "a\nb"), "reference"),
            (record(1, "court.default", "2026-01-05", reference: String(repeating: "r", count: 65)), "reference"),
            (record(1, "court.default", "2026-01-05", note: String(repeating: "n", count: 2_001)), "note"),
            (record(1, "court.default", "2026-01-05", legalBasis: String(repeating: "b", count: 501)), "legal_basis"),
        ])
    func fieldLimits(_ refused: Record, field: String) throws {
        let rules = SubmissionRules(policy: try testPolicy())
        #expect(rules.problem(with: refused, today: today)?.field == field)
    }

    @Test("the limits themselves are allowed")
    func fieldLimitsInclusive() throws {
        let rules = SubmissionRules(policy: try testPolicy())
        let edge = record(
            1, "court.default", "2026-12-01", fulfilled: "2026-12-01", amount: 0,
            reference: String(repeating: "r", count: 64), note: String(repeating: "n", count: 2_000),
            legalBasis: String(repeating: "b", count: 500))
        #expect(rules.problem(with: edge, today: today) == nil)
    }

    @Test("a resubmission is unchanged, an update of its dates, or refused")
    func changes() {
        let stored = record(1, "court.default", "2026-01-01")
        #expect(RecordChange(stored: stored, incoming: stored) == .unchanged)
        let fulfilled = record(1, "court.default", "2026-01-01", fulfilled: "2026-02-01")
        #expect(
            RecordChange(stored: stored, incoming: fulfilled) == .update(fulfilled: day("2026-02-01"), retracted: nil))
        #expect(RecordChange(stored: fulfilled, incoming: stored) == .unchanged, "omitting a known date keeps it")
        #expect(RecordChange(stored: fulfilled, incoming: fulfilled) == .unchanged)
        let retracted = record(1, "court.default", "2026-01-01", retracted: "2026-03-01")
        #expect(
            RecordChange(stored: fulfilled, incoming: retracted)
                == .update(fulfilled: nil, retracted: day("2026-03-01")))
        guard
            case let .refused(reason) = RecordChange(stored: stored, incoming: record(1, "court.default", "2026-01-02"))
        else {
            Issue.record("a changed occurred date must be refused")
            return
        }
        #expect(reason.contains("occurred 2026-01-01 → 2026-01-02"))
        #expect(reason.contains("retract it and submit a new record"))

        var detailed = stored
        detailed.amount = 500
        detailed.note = "first notice"
        #expect(
            RecordChange(stored: detailed, incoming: fulfilled)
                == .update(fulfilled: day("2026-02-01"), retracted: nil),
            "a fulfilment may be reported with the identifying fields alone")
        var renoted = detailed
        renoted.note = "second notice"
        #expect(
            RecordChange(stored: detailed, incoming: renoted)
                == .refused(
                    "record court/R1 is already stored with other values (note); only fulfilled and retracted may change: "
                        + "retract it and submit a new record"))
    }
}

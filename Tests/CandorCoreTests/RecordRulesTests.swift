import Testing

@testable import CandorCore

@Suite("Submission rules and changes")
struct RecordRulesTests {
    @Test("an agency submits only the kinds it is granted, for the subject types they allow")
    func submissionRules() throws {
        let rules = SubmissionRules(policy: try testPolicy())
        #expect(rules.problem(with: record(1, "court.default", "2026-01-01")) == nil)
        var foreign = record(1, "court.default", "2026-01-01")
        foreign.agency = "civic"
        #expect(rules.problem(with: foreign)?.field == "kind")
        #expect(rules.problem(with: foreign)?.message.contains("may not submit") == true)
        var unknownAgency = foreign
        unknownAgency.agency = "police"
        #expect(rules.problem(with: unknownAgency)?.field == "agency")
        #expect(rules.problem(with: record(1, "court.parking", "2026-01-01"))?.field == "kind")
        // court.fine applies to organisations only.
        #expect(rules.problem(with: record(1, "court.fine", "2026-01-01"))?.field == "subject")
        #expect(rules.problem(with: record(1, "court.fine", "2026-01-01", subject: company)) == nil)
        #expect(
            rules.problem(with: record(1, "court.default", "2026-01-05", fulfilled: "2026-01-04")) == nil,
            "a fulfilment dated before the record is odd but well defined: it counts from the start")
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

import Foundation
import Testing

@testable import CandorCore

@Suite("Policy validation")
struct PolicyValidationTests {
    /// A change to the valid test policy, and the problem it must cause.
    struct Mutation: CustomTestStringConvertible, Sendable {
        var name: String
        var replace: String
        var with: String
        var entry: String
        var message: String

        var testDescription: String { name }
    }

    static let kindBlock = """
        [[kind]]
        id = "civic.award"
        """

    /// A new kind, granted to the civic agency, with the given id and title.
    static func extraKind(_ id: String, _ title: String) -> Mutation {
        Mutation(
            name: "kind '\(id)' (\(title))", replace: #"kinds = ["civic.award"]"#,
            with: """
                kinds = ["civic.award", "\(id)"]

                [[kind]]
                id = "\(id)"
                domain = "civic"
                subjects = ["person"]
                title = "\(title)"
                points = -10
                lasts_days = 100
                """, entry: "kind '\(id)'", message: "which Candor refuses to rate")
    }

    static let mutations: [Mutation] = [
        Mutation(
            name: "list without legal basis", replace: #"legal_basis = "Test law, art. 1""#, with: "",
            entry: "list 'defaulters'", message: "'legal_basis' is missing"),
        Mutation(
            name: "list with an empty legal basis", replace: #"legal_basis = "Test law, art. 1""#,
            with: #"legal_basis = " ""#, entry: "list 'defaulters'", message: "'legal_basis' is empty"),
        Mutation(
            name: "list without max_days", replace: "max_days = 50", with: "",
            entry: "list 'defaulters'", message: "'max_days' is missing"),
        Mutation(
            name: "list with max_days 0", replace: "max_days = 50", with: "max_days = 0",
            entry: "list 'defaulters'", message: "positive max_days"),
        Mutation(
            name: "a permit for an action the list does not restrict", replace: "max_days = 50",
            with: "max_days = 50\npermits = [\"air.ticket\"]", entry: "list 'defaulters'",
            message: "permits 'air.ticket', which it does not restrict"),
        Mutation(
            name: "officers bound from an action the list does not restrict", replace: "max_days = 50",
            with: "max_days = 50\nbinds_officers = [\"air.ticket\"]", entry: "list 'defaulters'",
            message: "binds officers from 'air.ticket'"),
        Mutation(
            name: "a permit window of 0 days", replace: "max_days = 50", with: "max_days = 50\npermit_max_days = 0",
            entry: "list 'defaulters'", message: "permit_max_days must be from 1 to 90"),
        Mutation(
            name: "a permit window of 91 days", replace: "max_days = 50", with: "max_days = 50\npermit_max_days = 91",
            entry: "list 'defaulters'", message: "permit_max_days must be from 1 to 90"),
        Mutation(
            name: "repair before the record occurred", replace: "lasts_days = 100",
            with: "lasts_days = 100\nrepair_after_days = -1", entry: "kind 'court.default'",
            message: "repair_after_days must be 0 or more"),
        Mutation(
            name: "no time to appeal", replace: "response_days = 30", with: "response_days = 30\nappeal_days = 0",
            entry: "[disputes]", message: "appeal_days must be a positive number of days"),
        Mutation(
            name: "no wait after a refused repair", replace: "response_days = 30",
            with: "response_days = 30\n\n[repair]\nreapply_days = 0", entry: "[repair]",
            message: "reapply_days must be a positive number of days"),
        Mutation(
            name: "list with a negative notice period", replace: "max_days = 50",
            with: "max_days = 50\nnotice_days = -1",
            entry: "list 'defaulters'", message: "notice_days must be from 0 to 90"),
        Mutation(
            name: "list with a notice period over 90 days", replace: "max_days = 50",
            with: "max_days = 50\nnotice_days = 91", entry: "list 'defaulters'",
            message: "notice_days must be from 0 to 90"),
        Mutation(
            name: "list without restricts", replace: #"restricts = ["rail.ticket", "bonus.fast"]"#, with: "",
            entry: "list 'defaulters'", message: "'restricts' is missing"),
        Mutation(
            name: "list restricting nothing", replace: #"restricts = ["rail.ticket", "bonus.fast"]"#,
            with: "restricts = []", entry: "list 'defaulters'", message: "restricts nothing"),
        Mutation(
            name: "list restricting an unknown action", replace: #"restricts = ["rail.ticket", "bonus.fast"]"#,
            with: #"restricts = ["ferry.ticket"]"#, entry: "list 'defaulters'", message: "'ferry.ticket'"),
        Mutation(
            name: "list from an unknown kind", replace: #"kinds = ["court.default"]"#,
            with: #"kinds = ["court.contempt"]"#, entry: "list 'defaulters'", message: "'court.contempt'"),
        Mutation(
            name: "kind without lasts_days", replace: "lasts_days = 100\n", with: "\n",
            entry: "kind 'court.default'", message: "finite, positive lasts_days"),
        Mutation(
            name: "kind lasting forever", replace: "lasts_days = 100\n", with: "lasts_days = inf\n",
            entry: "kind 'court.default'", message: "finite"),
        Mutation(
            name: "kind with a negative duration", replace: "lasts_days = 100\n", with: "lasts_days = -5\n",
            entry: "kind 'court.default'", message: "lasts_days must be from 1"),
        Mutation(
            name: "domain outside the five", replace: #"domain = "judicial""#, with: #"domain = "moral""#,
            entry: "kind 'court.default'", message: "domain 'moral' is not one of"),
        Mutation(
            name: "unknown decay", replace: #"decay = "none""#, with: #"decay = "exponential""#,
            entry: "kind 'court.default'", message: "decay 'exponential'"),
        Mutation(
            name: "subject type outside person and organization", replace: #"subjects = ["person", "organization"]"#,
            with: #"subjects = ["household"]"#, entry: "kind 'court.default'", message: "'household'"),
        Mutation(
            name: "a penalty without a legal basis", replace: #"legal_basis = "Test law, art. 2""#, with: "",
            entry: "kind 'court.default'", message: "must cite its legal_basis"),
        Mutation(
            name: "a penalty whose legal basis names no article", replace: #"legal_basis = "Test law, art. 2""#,
            with: #"legal_basis = "The test law""#, entry: "kind 'court.default'", message: "names no article"),
        Mutation(
            name: "a civic kind that takes points away", replace: "points = 10\n",
            with: "points = -10\nlegal_basis = \"Test law, art. 9\"\n", entry: "kind 'civic.award'",
            message: "the civic domain may only reward"),
        Mutation(
            name: "a list of a civic kind", replace: #"kinds = ["court.default"]"#,
            with: #"kinds = ["court.default", "civic.award"]"#, entry: "list 'defaulters'",
            message: "of the civic domain"),
        Mutation(
            name: "a kind without a domain", replace: "domain = \"judicial\"\nsubjects = [\"organization\"]",
            with: "subjects = [\"organization\"]", entry: "kind 'court.fine'", message: "'domain' is missing"),
        Mutation(
            name: "an agency submitting kinds of another domain", replace: #"title = "Court""#,
            with: "title = \"Court\"\ndomain = \"tax\"", entry: "agency 'court'", message: "works in the tax domain"),
        Mutation(
            name: "a restriction without its legal basis",
            replace: "[[list.measure]]\naction = \"bonus.fast\"\nlegal_basis = \"Test law, art. 5\"\n", with: "",
            entry: "list 'defaulters'", message: "restricts 'bonus.fast' without the legal basis"),
        Mutation(
            name: "a measure for an action the list does not restrict", replace: #"action = "bonus.fast""#,
            with: #"action = "air.ticket""#, entry: "list 'defaulters'",
            message: "has a measure for 'air.ticket', which it does not restrict"),
        Mutation(
            name: "a measure whose legal basis names no article", replace: #"legal_basis = "Test law, art. 5""#,
            with: #"legal_basis = "Test law""#, entry: "list 'defaulters'", message: "names no article"),
        extraKind("civic.petitioning", "Petitioned higher authorities"),
        extraKind("civic.protest", "Took part in a street protest"),
        extraKind("civic.church-attendance", "Attends church"),
        extraKind("civic.ethnicity", "Ethnic group"),
        extraKind("civic.health-status", "Chronic illness"),
        extraKind("civic.union-member", "Trade union member"),
        extraKind("civic.orientation", "Sexual orientation"),
        extraKind("civic.chats", "Private communications flagged"),
        extraKind("civic.family-default", "A family member defaulted"),
        extraKind("civic.gaming", "Plays video games for hours"),
        extraKind("civic.alcohol", "Buys alcohol"),
        extraKind("civic.face-match", "Caught by facial recognition jaywalking"),
        Mutation(
            name: "list about a protected matter", replace: #"title = "Defaulters""#,
            with: #"title = "Religious extremists""#, entry: "list 'defaulters'", message: "religion"),
        Mutation(
            name: "action about a protected matter", replace: #"title = "Buy an air ticket""#,
            with: #"title = "Enrol children in private school""#, entry: "action 'air.ticket'",
            message: "family relationships"),
        Mutation(
            name: "a list triggered by a score", replace: "max_days = 50", with: "max_days = 50\nmin_score = 600",
            entry: "list 'defaulters'", message: "restriction to a score or tier"),
        Mutation(
            name: "an action denied below a tier", replace: #"title = "Buy an air ticket""#,
            with: "title = \"Buy an air ticket\"\ndenied_below_tier = \"middle\"", entry: "action 'air.ticket'",
            message: "restriction to a score or tier"),
        Mutation(
            name: "a restriction section", replace: "[[action]]\nid = \"rail.ticket\"",
            with: "[[restriction]]\ntier = \"bottom\"\naction = \"rail.ticket\"\n\n[[action]]\nid = \"rail.ticket\"",
            entry: "[restriction]", message: "restrictions come only from [[list]]"),
        Mutation(
            name: "privilege needing an unknown tier", replace: #"min_tier = "high""#, with: #"min_tier = "gold""#,
            entry: "privilege 'bonus.vip'", message: "'gold' is not a tier"),
        Mutation(
            name: "agency granted an unknown kind", replace: #"kinds = ["civic.award"]"#,
            with: #"kinds = ["civic.award", "civic.medal"]"#, entry: "agency 'civic'", message: "'civic.medal'"),
        Mutation(
            name: "tiers leaving low scores without a tier", replace: "min = 0\n\n[[agency]]",
            with: "min = 100\n\n[[agency]]", entry: "tier 'bottom'", message: "would have no tier"),
        Mutation(
            name: "two tiers with the same min", replace: "min = 1010", with: "min = 950",
            entry: "tier 'middle'", message: "same min"),
        Mutation(
            name: "a duplicate id", replace: #"id = "air.ticket""#, with: #"id = "rail.ticket""#,
            entry: "action or privilege 'rail.ticket'", message: "used twice"),
        Mutation(
            name: "base outside the bounds", replace: "base = 1000", with: "base = 2000",
            entry: "[score]", message: "outside [min, max]"),
        Mutation(
            name: "a mistyped value", replace: "points = -100\nlasts_days = 100",
            with: "points = \"a lot\"\nlasts_days = 100", entry: "kind 'court.default'",
            message: "'points' must be a finite number"),
        Mutation(
            name: "an unknown key", replace: #"remedy = "Pay.""#, with: "remedy = \"Pay.\"\nappeal = \"none\"",
            entry: "list 'defaulters'", message: "unknown key 'appeal'"),
        Mutation(
            name: "invalid TOML", replace: "[score]", with: "[score", entry: "line 7, column 7",
            message: "not valid TOML"),
        // Found by Fuzz/run policy: the TOML parser aborted the process on a header that names no table.
        Mutation(
            name: "a header naming no table", replace: "[score]", with: "[\nscore]", entry: "line 7, column 1",
            message: "a table header must name a table"),
        Mutation(
            name: "an array-of-tables header naming no table", replace: "[[tier]]", with: "[[ =tier]]",
            entry: "line 15, column 1", message: "a table header must name a table"),
    ]

    @Test(
        "headers are found past strings, comments and multi-line values; only headers naming no table are refused",
        arguments: [
            ("x = [\n  [\n    1\n  ],\n]\n[a]\n", nil),
            ("s = \"\"\"\n[\n\"\"\"\n[b]\n", nil),
            ("t = '''\n[\n'''\n# [\n[ \"quoted\" ]\n", nil),
            ("u = { a = [ 1 ] }\n[\tc]\n[[ d ]]\n", nil),
            ("[]\n", (line: 1, column: 1)),
            ("m= 1112-22--2 1# e\n", (line: 1, column: 4)),
            ("n = 0x1F\n", (line: 1, column: 5)),
            ("deep = " + String(repeating: "[", count: 40_000) + "\n", (line: 1, column: 40)),
            ("o = inf\np = -nan\n", nil),
            ("p = 1_000.5e-3\nq = true\nr = 'lit'\ns = \"\\u00e9\\t\"\n", nil),
            ("v = \"[\"\n  [\n", (line: 2, column: 3)),
            ("[[\n", (line: 1, column: 1)),
            ("[\u{0B}tier]\n", (line: 1, column: 1)),
            ("te = [[[[}}\"}s}\n", (line: 1, column: 10)),
            ("a = [1,\n  # note\n  }]\n", (line: 3, column: 3)),
            ("b = [{}, {x = [2]}]\nc = { d = [ ] }\n", nil),
            ("[\u{A0}tier]\n", (line: 1, column: 1)),
            ("w = \"\"\"\\\n\"\"\"\n[#\n", (line: 3, column: 1)),
        ] as [(String, (line: Int, column: Int)?)])
    func tableHeaderScreen(_ text: String, expected: (line: Int, column: Int)?) {
        let found = TOMLScreen.firstProblem(in: text)
        #expect(found?.line == expected?.line && found?.column == expected?.column, "\(text.debugDescription)")
    }

    @Test("each forbidden construct is refused with a message naming the entry", arguments: mutations)
    func refused(_ mutation: Mutation) throws {
        let text = String(decoding: try fixture("test-city.toml"), as: UTF8.self)
        #expect(text.contains(mutation.replace), "the mutation must apply to the fixture")
        let mutated = text.replacingOccurrences(of: mutation.replace, with: mutation.with)
        let report = Policy.lint(Data(mutated.utf8))
        #expect(report.policy == nil)
        #expect(
            report.problems.contains { $0.entry == mutation.entry && $0.message.contains(mutation.message) },
            "problems: \(report.problems)")
    }

    @Test("the test policy and the shipped policy pass")
    func validPolicies() throws {
        #expect(Policy.lint(try fixture("test-city.toml")).problems == [])
        let shipped = Policy.lint(Policy.shippedData)
        #expect(shipped.problems == [])
        let policy = try #require(shipped.policy)
        #expect(policy.agencies.count >= 5)
        #expect(policy.kinds.count >= 12)
        #expect(policy.lists.count >= 2)
        #expect(policy.actions.count >= 6)
        #expect(policy.privileges.count >= 3)
        #expect(policy.tiers.count == 4)
        #expect(Set(policy.kinds.flatMap(\.subjects)) == [.person, .organization])
    }

    @Test("optional keys take their documented defaults; [policy] may carry metadata")
    func defaults() throws {
        let text = String(decoding: try fixture("test-city.toml"), as: UTF8.self)
            .replacingOccurrences(of: "[disputes]\nresponse_days = 30\n", with: "")
            .replacingOccurrences(of: "subjects = [\"person\", \"organization\"]\n", with: "")
            .replacingOccurrences(of: "decay = \"none\"\nfulfilled_points = -20\n", with: "")
            .replacingOccurrences(of: "remedy = \"Pay.\"\n", with: "")
            .replacingOccurrences(
                of: "title = \"Test city\"", with: "title = \"Test city\"\ndescription = \"For tests\"")
        let policy = try Policy.parse(Data(text.utf8))
        let kind = try #require(policy.kind("court.default"))
        #expect(policy.disputeResponseDays == 30)
        #expect(
            policy.dueProcess == DueProcess(appealDays: 15, reviewDays: 30, repairResponseDays: 10, reapplyDays: 90))
        #expect(kind.repairAfterDays == nil)
        let list = try #require(policy.list("defaulters"))
        #expect(list.noticeDays == 0 && list.permits.isEmpty && list.permitMaxDays == 30 && list.bindsOfficers.isEmpty)
        #expect(kind.subjects == [.person, .organization])
        #expect(kind.decay == .none)
        #expect(kind.fulfilledPointsMilli == 0)
        #expect(policy.list("defaulters")?.remedy == "")
    }

    @Test("the hash is the SHA-256 of the file's bytes")
    func hash() throws {
        let policy = try testPolicy()
        #expect(policy.sha256.count == 64)
        let changed = try Policy.parse(try fixture("test-city.toml") + Data("\n# a comment\n".utf8))
        #expect(changed.sha256 != policy.sha256)
        #expect(changed.kinds == policy.kinds)
    }

    @Test("points may have up to three decimals and are kept exactly")
    func decimalPoints() throws {
        let text = String(decoding: try fixture("test-city.toml"), as: UTF8.self)
            .replacingOccurrences(of: "points = 10\n", with: "points = 10.125\n")
        let policy = try Policy.parse(Data(text.utf8))
        #expect(policy.kind("civic.award")?.pointsMilli == 10_125)
        let tooFine = text.replacingOccurrences(of: "points = 10.125\n", with: "points = 10.1255\n")
        #expect(Policy.lint(Data(tooFine.utf8)).problems.contains { $0.message.contains("more than three decimals") })
    }
}

import CandorCore
import CandorRegistry
import Foundation
import Testing

/// The `candor` command line end to end, on a small generated city and on fixture files.
@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test("demo builds a city, prints the distribution and an explained example; rate, check and export agree")
    func demo() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let demo = try candor.run(
            "demo", "--no-serve", "--people", "1500", "--businesses", "300", "--seed", "5", "--as-of", "2026-11-26",
            "--quiet")
        #expect(demo.status == 0, "\(demo.errors)")
        #expect(demo.output.contains("Tiers:"))
        #expect(demo.output.contains("Dishonest judgment defaulters"))
        #expect(demo.output.contains("How your score is made:"))
        #expect(demo.output.contains("Rated 1,800 subjects"))

        let export = try candor.run("export", "ratings", "--as-of", "2026-11-26", "--quiet")
        #expect(export.status == 0, "\(export.errors)")
        let lines = export.output.split(separator: "\n")
        #expect(lines.count == 1800, "one line per subject known to the store")
        struct Line: Decodable { var subject: String; var score: Int; var tier: String; var lists: [String] }
        let ratings = try lines.map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(Set(ratings.map(\.subject)).count == ratings.count, "each subject once")
        let listed = try #require(ratings.first { $0.lists.contains("judgment-defaulters") })

        let rate = try candor.run("rate", listed.subject, "--as-of", "2026-11-26", "--json")
        #expect(rate.status == 0, "\(rate.errors)")
        let document = try JSONDecoder().decode(RatingExplanation.self, from: Data(rate.output.utf8))
        #expect(document.score == listed.score)
        #expect(document.tier.id == listed.tier, "the tier is an object, as in /v1/me")
        #expect(document.lists.map(\.id) == listed.lists)
        #expect(document.policy.id == "demo-city")
        #expect(!document.contributions.isEmpty)

        let check = try candor.run("check", listed.subject, "rail.high-speed", "--as-of", "2026-11-26", "--json")
        let decision = try JSONDecoder().decode(CheckDocument.self, from: Data(check.output.utf8))
        #expect(decision.decision == "denied")
        #expect(decision.reasons.first?.list == "judgment-defaulters")
        #expect(decision.reasons.first?.remedy?.isEmpty == false)
        let human = try candor.run("check", listed.subject, "rail.high-speed", "--as-of", "2026-11-26")
        #expect(human.output.hasPrefix("DENIED"))
        #expect(human.status == 3 && check.status == 3, "a denial exits 3")
        let chinese = try candor.run(
            "check", listed.subject, "rail.high-speed", "--as-of", "2026-11-26", "--lang", "zh")
        #expect(chinese.output.hasPrefix("拒绝  购买高铁车票"), "\(chinese.output)")
        #expect(chinese.output.contains("失信被执行人") && chinese.output.contains("2026年11月26日"))
        let letter = try candor.run("rate", listed.subject, "--as-of", "2026-11-26", "--lang", "zh")
        #expect(letter.output.contains("的信用评价，截至2026年11月26日") && letter.output.contains("法律依据："))
        let unknown = try candor.run("rate", listed.subject, "--lang", "fr")
        #expect(unknown.status != 0 && unknown.errors.contains("--lang must be en or zh"))

        // The demo's example holds a permit from the day before to two days after: check and rate on any day
        // apply it, and the counter is told which permit allowed the check.
        let example = try #require(
            demo.output.firstRange(of: #/`candor rate (\d{17}[\dX])`/#).map {
                String(demo.output[$0].dropFirst(13).dropLast())
            })
        for (day, allowed) in [
            ("2026-11-24", false), ("2026-11-25", true), ("2026-11-28", true), ("2026-11-29", false),
        ] {
            let check = try candor.run("check", example, "rail.high-speed", "--as-of", day)
            #expect(check.output.hasPrefix(allowed ? "ALLOWED" : "DENIED"), "\(day): \(check.output)")
            #expect(
                check.output.contains("but permit 1 allows this from 25 November 2026 to 28 November 2026") == allowed)
            let rated = try JSONDecoder().decode(
                RatingExplanation.self,
                from: Data(try candor.run("rate", example, "--as-of", day, "--json").output.utf8))
            #expect(rated.permits.map(\.id) == (allowed ? [1] : []), "\(day)")
        }
        #expect(try candor.run("check", example, "air.ticket", "--as-of", "2026-11-26").output.hasPrefix("DENIED"))

        let clean = try #require(ratings.first { $0.lists.isEmpty })
        let allowed = try candor.run("check", clean.subject, "rail.high-speed", "--as-of", "2026-11-26")
        #expect(allowed.output.hasPrefix("ALLOWED") && allowed.status == 0)

        let again = try candor.run(
            "demo", "--no-serve", "--people", "1500", "--businesses", "300", "--seed", "5", "--as-of", "2026-11-26",
            "--quiet")
        #expect(again.status == 0, "a demo registry is replaced by the next demo")
        let exportAgain = try candor.run("export", "ratings", "--as-of", "2026-11-26", "--quiet")
        #expect(exportAgain.output == export.output, "the same seed gives the same city")

        // -o writes through an existing path: a link stays a link (and /dev/null would stay a device).
        let folder = candor.folder
        try Data("old contents that are longer than nothing\n".utf8).write(
            to: folder.appendingPathComponent("real.ndjson"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.ndjson").path, withDestinationPath: "real.ndjson")
        let linked = try candor.run("export", "ratings", "--as-of", "2026-11-26", "--quiet", "-o", "link.ndjson")
        #expect(linked.status == 0, "\(linked.errors)")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("link.ndjson").path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOf: folder.appendingPathComponent("real.ndjson"), encoding: .utf8) == export.output)
    }

    @Test("ingest commits good rows, reports each bad one by line, and changes nothing the second time")
    func ingest() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let policy = try CandorRunner.fixture("test-city.toml")
        let csv = try CandorRunner.fixture("court.csv")
        let first = try candor.run("ingest", csv, "--agency", "court", "--policy", policy, "--quiet")
        #expect(first.status == 1)
        #expect(first.output.contains("7 rows"))
        #expect(first.output.contains("3 new"))
        #expect(first.output.contains("4 refused"))
        for (line, field) in [(4, "subject"), (5, "subject"), (6, "occurred"), (8, "kind")] {
            #expect(first.errors.contains("line \(line), field '\(field)'"), "\(first.errors)")
        }
        #expect(first.errors.contains("check character"))

        let second = try candor.run("ingest", csv, "--agency", "court", "--policy", policy, "--quiet", "--json")
        struct Summary: Decodable, Equatable {
            struct RowError: Decodable, Equatable { var line: Int; var field: String? }
            var rows, created, updated, unchanged, refused: Int
            var errors: [RowError]
            var errorsNotListed: Int
        }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(second.output.utf8))
        #expect(
            summary
                == Summary(
                    rows: 7, created: 0, updated: 0, unchanged: 3, refused: 4,
                    errors: [(4, "subject"), (5, "subject"), (6, "occurred"), (8, "kind")].map {
                        .init(line: $0.0, field: $0.1)
                    }, errorsNotListed: 0))
        #expect(second.output.contains("check character"), "each refused row's reason is in the JSON")
        #expect(second.errors.isEmpty, "with --json, refusals are in the document, not on stderr")

        // Progress to a file or pipe: an occasional line, never the same line twice.
        let shown = try candor.run("ingest", csv, "--agency", "court", "--policy", policy)
        let progress = shown.errors.split(separator: "\n").filter { $0.hasPrefix("ingesting") }
        #expect(progress.count == Set(progress).count && !progress.isEmpty, "\(progress)")

        let awards = try candor.run("ingest", try CandorRunner.fixture("awards.ndjson"), "--policy", policy, "--quiet")
        #expect(awards.status == 1)
        #expect(awards.errors.contains("line 3, field 'occurred': is missing"))

        let person = try candor.run("rate", "11010519491231002X", "--as-of", "2026-01-10", "--policy", policy, "--json")
        let rating = try JSONDecoder().decode(RatingExplanation.self, from: Data(person.output.utf8))
        #expect(rating.score == 915, "1000 - 100 for the default + 15 for two awards, capped")
        #expect(rating.tier.id == "bottom")
        #expect(rating.lists.map(\.id) == ["defaulters"])
        #expect(rating.lists.first?.until == Day(iso: "2026-02-20"))
        let company = try candor.run(
            "rate", "91350100M000100Y43", "--as-of", "2026-01-10", "--policy", policy, "--json")
        #expect(try JSONDecoder().decode(RatingExplanation.self, from: Data(company.output.utf8)).score == 804)

        let letter = try candor.run("rate", "11010519491231002X", "--as-of", "2026-01-10", "--policy", policy)
        #expect(letter.output.contains("Score 915"))
        #expect(letter.output.contains("You are on 1 list"))
        #expect(letter.output.contains("Remedy: Pay."))

        // The operator's reads are logged on the subject, naming the account; the export on every subject.
        _ = try candor.run("check", "11010519491231002X", "rail.ticket", "--as-of", "2026-01-10", "--policy", policy)
        _ = try candor.run("export", "ratings", "--policy", policy, "--quiet", "--output", "ratings.ndjson")
        let log = try candor.run("audit", "log", "11010519491231002X", "--json", "--policy", policy)
        #expect(log.status == 0, "\(log.errors)")
        struct Entry: Decodable { var subject: String?; var actor, action, answer: String; var kind: String }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(log.output.utf8))
        let operatorEntries = entries.filter { $0.actor.hasPrefix("operator:") }
        #expect(operatorEntries.filter { $0.action == "read rating" }.count == 2, "the JSON and the letter")
        #expect(operatorEntries.contains { $0.action == "check rail.ticket" && $0.answer.hasPrefix("denied") })
        #expect(
            operatorEntries.contains { $0.action == "export ratings" && $0.subject == nil && $0.kind == "registry" })
        let again = try candor.run("audit", "log", "11010519491231002X", "--json", "--policy", policy)
        #expect(again.output.contains("read access log"), "reading the log is itself logged")
        let unknownSubject = try candor.run("audit", "log", "11010519491231002")
        #expect(unknownSubject.status != 0)
    }

    @Test("policy lint accepts the shipped policy and names each problem of a bad one")
    func lint() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let show = try candor.run("policy", "show", "--json")
        #expect(show.status == 0)
        #expect(show.output.contains("\"judgment-defaulters\""))
        let shown = try candor.run("policy", "show")
        #expect(shown.output.contains("Legal basis:"))
        // Each penalty's law and each restriction's measure, in both languages.
        #expect(shown.output.contains("Legal basis: Civil Procedure Law, art. 262"))
        #expect(shown.output.contains("rail.high-speed: Legal basis: Supreme People's Court"))
        #expect(
            show.output.contains("\"measure\"")
                && show.output.contains("\"legal_basis\" : \"Civil Procedure Law, art. 262\"")
                || show.output.contains("\"legal_basis\":\"Civil Procedure Law, art. 262\""))
        let chinese = try candor.run("policy", "show", "--lang", "zh")
        #expect(chinese.output.hasPrefix("示范市信用评价政策——评价政策demo-city"), "\(chinese.output.prefix(80))")
        #expect(chinese.output.contains("法律依据：") && chinese.output.contains("失信被执行人"))
        #expect(chinese.output.contains("法律依据：《民事诉讼法》第二百六十二条"))
        #expect(chinese.output.contains("第三条第（九）项"))

        let bad = candor.folder.appendingPathComponent("bad.toml")
        let text = try String(contentsOfFile: try CandorRunner.fixture("test-city.toml"), encoding: .utf8)
            .replacingOccurrences(of: "legal_basis = \"Test law, art. 1\"", with: "")
            .replacingOccurrences(of: "lasts_days = 100\n", with: "\n")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let result = try candor.run("policy", "lint", bad.path)
        #expect(result.status == 1)
        #expect(result.output.contains("list 'defaulters': 'legal_basis' is missing"))
        #expect(result.output.contains("kind 'court.default': every record kind needs a finite, positive lasts_days"))
        let good = try candor.run("policy", "lint", try CandorRunner.fixture("test-city.toml"))
        #expect(good.status == 0)
        #expect(good.output.contains("valid"))
    }

    @Test("bad input gets a clear message and a failing status, never a crash")
    func errors() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let noRegistry = try candor.run("rate", "11010519491231002X")
        #expect(noRegistry.status != 0)
        #expect(noRegistry.errors.contains("there is no registry at candor.sqlite"))

        let badID = try candor.run("rate", "110105194912310021")
        #expect(badID.status != 0)
        #expect(badID.errors.contains("should be 'X'"))

        let badDate = try candor.run("rate", "11010519491231002X", "--as-of", "2026-02-30")
        #expect(badDate.status != 0)
        #expect(badDate.errors.contains("YYYY-MM-DD"))

        let ingest = try candor.run("ingest", "missing.csv", "--quiet")
        #expect(ingest.status != 0)
        #expect(ingest.errors.contains("cannot open missing.csv"))

        _ = try candor.run(
            "ingest", try CandorRunner.fixture("awards.ndjson"), "--policy",
            try CandorRunner.fixture("test-city.toml"), "--quiet")
        let unknownAction = try candor.run(
            "check", "11010519491231002X", "ferry.ticket", "--policy", try CandorRunner.fixture("test-city.toml"))
        #expect(unknownAction.status != 0)
        #expect(unknownAction.errors.contains("rail.ticket"))
        let overwrite = try candor.run("demo", "--no-serve", "--people", "10", "--businesses", "1", "--quiet")
        #expect(overwrite.status != 0)
        #expect(overwrite.errors.contains("did not create"))
    }
}

@Suite("Officers on the command line")
struct OfficerCommandTests {
    @Test("ingest --officers records roles by line; check and rate on any day apply the binding")
    func officers() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let folder = candor.folder
        try Data(
            """
            agency,reference,subject,kind,occurred
            court,C1,91350100M000100Y43,court.judgment-default,2026-01-01
            """.utf8
        ).write(to: folder.appendingPathComponent("records.csv"))
        #expect(try candor.run("ingest", "records.csv", "--quiet").status == 0)
        try Data(
            """
            agency,reference,organisation,person,role,started,ended
            market,O1,91350100M000100Y43,11010519491231002X,legal-representative,2020-01-01,
            market,O2,91350100M000100Y43,11010519491231002X,chairman,2020-01-01,
            market,O3,11010519491231002X,91350100M000100Y43,principal,2020-01-01,
            """.utf8
        ).write(to: folder.appendingPathComponent("officers.csv"))
        let first = try candor.run("ingest", "--officers", "officers.csv", "--quiet")
        #expect(first.status == 1, "two rows are refused")
        #expect(first.output.contains("3 roles — 1 new"))
        #expect(first.errors.contains("line 3, field 'role'") && first.errors.contains("line 4, field 'organisation'"))

        let person = "11010519491231002X"
        #expect(try candor.run("check", person, "air.ticket", "--as-of", "2026-01-30").output.hasPrefix("ALLOWED"))
        let bound = try candor.run("check", person, "air.ticket", "--as-of", "2026-01-31")
        #expect(bound.output.hasPrefix("DENIED"))
        #expect(bound.output.contains("Bound as legal representative of 91350100M000100Y43"), "\(bound.output)")
        let letter = try candor.run("rate", person, "--as-of", "2026-02-01").output
        #expect(letter.contains("As legal representative of 91350100M000100Y43, on the list"))
        #expect(
            letter.contains("or when Demo City Administration for Market Regulation records the end of your role (O1)"))

        try Data(
            """
            {"agency": "market", "reference": "O1", "organisation": "91350100M000100Y43", "person": "\(person)", "role": "legal-representative", "started": "2020-01-01", "ended": "2026-03-01"}

            """.utf8
        ).write(to: folder.appendingPathComponent("ended.ndjson"))
        let ended = try candor.run("ingest", "--officers", "ended.ndjson", "--quiet", "--json")
        #expect(ended.status == 0, "\(ended.errors)")
        #expect(ended.output.contains(#""updated":1"#))
        #expect(try candor.run("check", person, "air.ticket", "--as-of", "2026-02-28").output.hasPrefix("DENIED"))
        #expect(try candor.run("check", person, "air.ticket", "--as-of", "2026-03-01").output.hasPrefix("ALLOWED"))
        #expect(try candor.run("ingest", "--quiet").status != 0, "a file or --officers is needed")
    }
}

@Suite("Webhooks on the command line")
struct WebhookCommandTests {
    @Test("webhooks add, list and remove; a short secret or a bad URL is refused")
    func webhooks() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let folder = candor.folder
        try Data("a secret of more than sixteen bytes\n".utf8).write(to: folder.appendingPathComponent("secret"))
        try Data("short".utf8).write(to: folder.appendingPathComponent("short"))
        let added = try candor.run(
            "webhooks", "add", "http://127.0.0.1:9/sms", "--secret-file", "secret", "--for", "subjects")
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("webhook 1: subjects notices to http://127.0.0.1:9/sms"))
        #expect(
            try candor.run("webhooks", "add", "ftp://x", "--secret-file", "secret", "--for", "subjects").status != 0)
        let short = try candor.run(
            "webhooks", "add", "http://x.example/", "--secret-file", "short", "--for", "providers")
        #expect(short.status != 0 && short.errors.contains("at least 16"))
        #expect(
            try candor.run("webhooks", "add", "http://x.example/", "--secret-file", "secret", "--for", "everyone")
                .status != 0)
        let listed = try candor.run("webhooks", "list")
        #expect(listed.output.contains("1  subjects  http://127.0.0.1:9/sms"))
        #expect(try candor.run("webhooks", "remove", "1").output.contains("webhook 1 removed"))
        #expect(try candor.run("webhooks", "remove", "1").status != 0)
        #expect(try candor.run("webhooks", "list").output.contains("No webhook"))
    }
}

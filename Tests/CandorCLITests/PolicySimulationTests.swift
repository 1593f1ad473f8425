import CandorCore
import Foundation
import Testing

/// `candor policy simulate` against recomputing both policies with `export ratings`.
@Suite("Policy simulation", .serialized)
struct PolicySimulationTests {
    struct Simulation: Decodable {
        var subjects: Int
        var moved: [String]
        var transitions: [String: [String: Int]]
    }

    struct Line: Decodable, Equatable {
        var subject: String
        var score: Int
        var tier: String
        var lists: [String]
    }

    @Test("the shipped policy against itself changes nothing; a doubled kind moves exactly the subjects that change")
    func simulate() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let demo = try candor.run(
            "demo", "--no-serve", "--people", "1200", "--businesses", "200", "--seed", "8", "--as-of", "2026-11-26",
            "--quiet")
        #expect(demo.status == 0, "\(demo.errors)")
        let shipped = candor.folder.appendingPathComponent("shipped.toml")
        try Policy.shippedData.write(to: shipped)

        let same = try candor.run("policy", "simulate", shipped.path, "--as-of", "2026-11-26", "--json", "--quiet")
        #expect(same.status == 0, "\(same.errors)")
        let unchanged = try JSONDecoder().decode(Simulation.self, from: Data(same.output.utf8))
        #expect(unchanged.subjects == 1400)
        #expect(unchanged.moved.isEmpty)
        for (from, row) in unchanged.transitions {
            #expect(row.keys.allSatisfy { $0 == from }, "no subject changes tier")
        }
        let human = try candor.run("policy", "simulate", shipped.path, "--as-of", "2026-11-26", "--quiet")
        #expect(human.output.contains("No subject would move"))

        let text = String(decoding: Policy.shippedData, as: UTF8.self)
        let marker = "id = \"court.judgment-default\""
        let start = try #require(text.range(of: marker))
        let points = try #require(text.range(of: "points = -120", range: start.upperBound..<text.endIndex))
        let doubled = text.replacingCharacters(in: points, with: "points = -240")
        let proposed = candor.folder.appendingPathComponent("doubled.toml")
        try doubled.write(to: proposed, atomically: true, encoding: .utf8)

        let result = try candor.run(
            "policy", "simulate", proposed.path, "--as-of", "2026-11-26", "--json", "--quiet",
            "--chart", "chart.svg")
        #expect(result.status == 0, "\(result.errors)")
        let simulation = try JSONDecoder().decode(Simulation.self, from: Data(result.output.utf8))
        #expect(!simulation.moved.isEmpty)

        func export(_ policy: String?) throws -> [String: Line] {
            var arguments = ["export", "ratings", "--as-of", "2026-11-26", "--quiet"]
            if let policy { arguments += ["--policy", policy] }
            let output = try candor.run(arguments)
            let lines = try output.output.split(separator: "\n").map {
                try JSONDecoder().decode(Line.self, from: Data($0.utf8))
            }
            return Dictionary(uniqueKeysWithValues: lines.map { ($0.subject, $0) })
        }
        let before = try export(nil)
        let after = try export(proposed.path)
        let changed = before.keys.filter { before[$0] != after[$0] }.sorted()
        #expect(simulation.moved == changed, "the subjects that move are exactly those whose rating differs")
        let chart = try String(contentsOf: candor.folder.appendingPathComponent("chart.svg"), encoding: .utf8)
        #expect(chart.hasPrefix("<svg"))
        #expect(chart.contains("(proposed)"))
    }
}

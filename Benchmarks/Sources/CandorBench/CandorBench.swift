import ArgumentParser
import CandorCore
import CandorRegistry
import CandorSQLite
import CandorSynthetic
import Foundation
import Hummingbird

/// `candor-bench`: the in-process measurements and the bare-route peer that Benchmarks/run drives.
@main
struct CandorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candor-bench",
        abstract: "Measurements for Benchmarks/run: full re-rating, checks in process, and a bare HTTP route.",
        subcommands: [Rerate.self, Checks.self, BareRoute.self, Checkpoints.self])
}

/// Options shared by the commands that read a city's records.
struct CityFile: ParsableArguments {
    @Argument(help: "A CSV of records, as `candor generate` writes it.")
    var file: String

    @Option(help: ArgumentHelp("The date to rate on, YYYY-MM-DD.", valueName: "date"))
    var asOf: String

    @Option(help: ArgumentHelp("A policy file instead of the shipped one.", valueName: "file"))
    var policy: String?

    var day: Day {
        get throws {
            guard let day = Day(iso: asOf) else { throw ValidationError("--as-of must be YYYY-MM-DD") }
            return day
        }
    }

    func loadPolicy() throws -> Policy {
        guard let policy else { return .shipped }
        return try Policy.parse(try Data(contentsOf: URL(fileURLWithPath: policy)))
    }

    /// Every record of the file as columns, subjects in identifier order; with the seconds it took.
    ///
    /// The file must keep each subject's records together, as `candor generate` writes them: a subject's
    /// records become columns as soon as the next subject begins, so 100 million records need no more
    /// memory than their columns.
    func loadColumns() throws -> (columns: RecordColumns, seconds: Double) {
        let started = Date()
        guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot open \(file)") }
        defer { try? handle.close() }
        var parser = RecordRowParser(format: .csv)
        let decoder = RecordDecoder()
        var columns = RecordColumns()
        var current: [Record] = []
        var done: Set<SubjectKey> = []
        var scattered: SubjectID?
        var nextID: Int64 = 1
        func finishSubject() {
            guard let subject = current.first?.subject else { return }
            if !done.insert(SubjectKey(subject)).inserted { scattered = subject }
            columns.append(SubjectFile(subject: subject, records: current, disputes: []))
            current.removeAll(keepingCapacity: true)
        }
        func take(_ result: Result<RawRow, RowProblem>) {
            guard case var .success(record) = result.flatMap(decoder.decode) else { return }
            record.id = nextID
            nextID += 1
            if let last = current.last, last.subject != record.subject { finishSubject() }
            current.append(record)
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            try parser.feed(chunk, emit: take)
        }
        try parser.finish(emit: take)
        finishSubject()
        if let scattered {
            throw ValidationError(
                "\(file): the records of \(scattered.text) are not together; sort the file by subject first")
        }
        return (columns.inIdentifierOrder(), Date().timeIntervalSince(started))
    }
}

/// `candor-bench rerate`: rates every subject of a file from in-memory columns, timing the pass.
struct Rerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-rate every subject from in-memory record columns; print the best of --runs passes.")

    @OptionGroup var city: CityFile

    @Option(help: "How many passes to time.")
    var runs = 5

    @Option(help: ArgumentHelp("Write subject,score,tier,lists here, to compare with a peer.", valueName: "file"))
    var output: String?

    @Option(help: "Also decide this many checks from the same columns (as `candor-bench checks`), timing them.")
    var checks = 0

    func run() throws {
        let policy = try city.loadPolicy()
        let engine = RatingEngine(policy: policy)
        let (columns, loadSeconds) = try city.loadColumns()
        let day = try city.day
        var best = Double.infinity
        var rated: RatedColumns?
        for _ in 0..<max(runs, 1) {
            let started = ContinuousClock.now
            rated = columns.rate(with: engine, asOf: day)
            best = min(best, (ContinuousClock.now - started) / .seconds(1))
        }
        if let output, let rated {
            var text = "subject,score,tier,lists\n"
            for (position, key) in columns.subjects.enumerated() {
                text += "\(key.subject.text),\(rated.scores[position]),\(policy.tiers[Int(rated.tiers[position])].id),"
                text += rated.lists(of: position, in: policy).joined(separator: ";") + "\n"
            }
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        }
        var checkFigures = ""
        if checks > 0 {
            let (denied, nanoseconds) = try timeChecks(columns, policy: policy, day: day, count: checks)
            checkFigures = #", "checks": \#(checks), "denied": \#(denied), "nanoseconds_per_check": \#(nanoseconds)"#
        }
        print(
            #"{"subjects": \#(columns.subjects.count), "records": \#(columns.recordCount), "load_seconds": \#(loadSeconds), "rate_seconds": \#(best)\#(checkFigures)}"#
        )
    }
}

/// `candor-bench checks`: decides checks from the in-memory standings, timing each.
struct Checks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide --count checks from in-memory standings; print nanoseconds per check.")

    @OptionGroup var city: CityFile

    @Option(help: "How many checks to decide.")
    var count = 2_000_000

    func run() throws {
        let policy = try city.loadPolicy()
        let (columns, _) = try city.loadColumns()
        let (denied, nanoseconds) = try timeChecks(columns, policy: policy, day: try city.day, count: count)
        print(#"{"checks": \#(count), "denied": \#(denied), "nanoseconds_per_check": \#(nanoseconds)}"#)
    }
}

/// Builds the standings of `columns` and decides `count` checks of random subjects and actions from them:
/// how many were denied, and the nanoseconds per check.
func timeChecks(_ columns: RecordColumns, policy: Policy, day: Day, count: Int) throws -> (Int, Double) {
    let engine = RatingEngine(policy: policy)
    let index = StandingIndex(engine: engine, asOf: day)
    index.add(columns.rate(with: engine, asOf: day), of: columns)
    let subjects = columns.subjects.prefix(100_000).map(\.subject)
    let actions = policy.actions.map(\.id) + policy.privileges.map(\.id)
    var random = SeededRandom(seed: 1)
    let queries = (0..<min(count, 1_000_000)).map { _ in
        (subjects[random.int(in: 0...subjects.count - 1)], actions[random.int(in: 0...actions.count - 1)])
    }
    var denied = 0
    let started = ContinuousClock.now
    for round in 0..<count {
        let (subject, action) = queries[round % queries.count]
        if try !index.check(subject, action: action).allowed { denied += 1 }
    }
    return (denied, (ContinuousClock.now - started) / .seconds(1) / Double(count) * 1e9)
}

/// `candor-bench bare-route`: the framework's ceiling — a Hummingbird route that reads a check's body
/// and answers a fixed decision of the same size, with no registry behind it.
struct BareRoute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve POST /v1/checks with a fixed answer.")

    @Option(help: "The port to listen on.")
    var port = 8081

    func run() async throws {
        let answer = ByteBuffer(
            string: #"{"checkedAt":"2026-11-26T10:00:00Z","decision":"allowed","policy":{"id":"demo-city","#
                + #""sha256":"de78dbda189797ffc7e01473c578836ae19e6ff07e61c07ca08177185a0f7c97","version":"2026.1"},"#
                + #""reasons":[]}"#)
        let router = Router()
        router.post("/v1/checks") { request, _ in
            var request = request
            _ = try await request.collectBody(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: answer))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}

/// The transparency log's cost against its length: a checkpoint's root, a consistency proof and an
/// inclusion proof, read from the stored tree of a SQLite registry whose log holds 1,000 entries and
/// then `--entries` (default 1,000,000). The goal: the two differ by less than 3×.
struct Checkpoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Checkpoint and proof cost on a log of 1,000 entries against one of --entries.")

    @Option(help: "The larger log's entries.")
    var entries = 1_000_000

    @Option(help: "Rounds measured at each size (the median is printed).")
    var rounds = 500

    @Flag(help: "Print the result as JSON, for Benchmarks/run.")
    var json = false

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRegistry(
            path: folder.appendingPathComponent("log.sqlite").path, sealer: DataSealer(dataKey: DataSealer.newDataKey())
        )
        let subject = try SubjectID("11010519491231002X")
        let note = AccessNote(
            Accessor(actor: "provider:bench", purpose: "Ticket sale"), action: "check rail.ticket", answer: "allowed",
            kind: .check)
        var size = 0
        func grow(to target: Int) async throws {
            while size < target {
                let batch = min(10_000, target - size)
                try await store.log(Array(repeating: (subject, note), count: batch), at: Date())
                size += batch
            }
        }
        func measure() async throws -> Double {
            var times: [Double] = []
            for round in 0..<rounds {
                let start = ContinuousClock.now
                let old = max(1, size / 2 + round % 7)
                _ = try await store.fromStoredTree { tree in
                    (
                        try tree.root(size: size), try tree.consistencyProof(from: old, to: size),
                        try tree.inclusionProof(index: round % size, size: size)
                    )
                }
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            return times.sorted()[times.count / 2]
        }
        try await grow(to: 1_000)
        let small = try await measure()
        let growStart = ContinuousClock.now
        try await grow(to: entries)
        let grown = ContinuousClock.now - growStart
        let large = try await measure()
        if json {
            let result = ["small_microseconds": small, "large_microseconds": large, "entries": Double(entries)]
            print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            return
        }
        print(
            String(
                format: "checkpoint + consistency + inclusion proof, median of %d: %.1f µs at 1,000 entries, "
                    + "%.1f µs at %@ entries: %.2f× (goal < 3×); appending %@ entries took %@", rounds, small,
                large, grouped(entries) as NSString, large / small, grouped(entries - 1_000) as NSString,
                "\(grown)" as NSString))
        try await store.shutdown()
    }
}

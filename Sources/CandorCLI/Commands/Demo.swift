import ArgumentParser
import CandorCore
import CandorRegistry
import CandorSQLite
import CandorSynthetic
import Foundation

/// `candor demo`: generate a synthetic city, ingest it, rate everyone and explain one rating.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a synthetic city, ingest its records, rate everyone and explain one rating.",
        discussion: """
            The city is the same for the same --seed, sizes and --as-of date. Its registry replaces any \
            earlier demo registry at --db; a registry not made by `candor demo` is never overwritten.
            """)

    @OptionGroup var city: CityOptions
    var people: Int { city.people }
    var businesses: Int { city.businesses }
    var seed: UInt64 { city.seed }

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Do not show progress.")
    var quiet = false

    @Flag(help: "Stop after the report instead of serving the city over HTTP.")
    var noServe = false

    @OptionGroup var server: ServerOptions
    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let policy = try registry.loadPolicy()
        let day = asOf.day
        try await replacePreviousDemo()
        let store = try await registry.openRegistry()
        try await store.setMeta("origin", "demo")
        tell(
            "Candor demo city: \(grouped(people)) people and \(grouped(businesses)) businesses, seed \(seed), "
                + "six years of records up to \(day), policy \(policy.id) \(policy.version).")

        let timings = try await populate(store, policy: policy, until: day)
        let started = Date()
        let progress = Progress("rating", unit: "subjects", enabled: !quiet)
        var summary = RatingSummary(policy: policy)
        var example: Rating?
        try await store.forEachRating(engine: RatingEngine(policy: policy), asOf: day) { rating in
            summary.add(rating)
            if summary.subjects % 1000 == 0 {
                progress.update(summary.subjects, fraction: Double(summary.subjects) / Double(people + businesses))
            }
            if Self.isBetterExample(rating, than: example) { example = rating }
        }
        progress.finish(summary.subjects)
        let rateSeconds = Date().timeIntervalSince(started)

        tell("Rated \(grouped(summary.subjects)) subjects as of \(day) in \(duration(rateSeconds)).")
        tell(
            "Phases: generate \(duration(timings.generate)), ingest \(duration(timings.ingest)) "
                + "(\(grouped(timings.records)) records), rate \(duration(rateSeconds))"
                + (peakResidentBytes().map { "; peak memory \($0 / 1_048_576) MiB" } ?? "") + ".")
        tell()
        tell(DemoReport(summary: summary, policy: policy).text)
        if let chosen = example {
            // Rated again from the whole file, with the organisations it holds roles in.
            let example = try await store.rating(of: chosen.subject, engine: RatingEngine(policy: policy), asOf: day)
            tell()
            tell("An example, explained — `candor rate \(example.subject)`:")
            tell()
            let name = try await store.name(of: example.subject)
            var organisations: [SubjectID: String] = [:]
            for binding in example.bindings {
                organisations[binding.organisation] = try await store.name(of: binding.organisation)
            }
            tell(
                RatingLetter(
                    explanation: RatingExplanation(
                        example, name: name, policy: policy, organisationNames: organisations)
                ).text)
            tell()
            tell("Try next:")
            let db = registry.db == "candor.sqlite" ? "" : " --db \(registry.db)"
            tell("  candor check \(example.subject) rail.high-speed\(db)")
            tell("  candor rate \(example.subject) --json\(db)")
            tell("  candor export ratings\(db) > ratings.ndjson")
            tell("  candor policy show")
        }
        guard !noServe else { return }
        try await serveDemo(store: store, policy: policy, example: example?.subject)
    }

    /// Makes one key for each role and serves the city, printing where and how to try each role.
    private func serveDemo(store: any ServiceStore, policy: Policy, example: SubjectID?) async throws {
        let subject = example ?? SubjectID(trusted: "11010519491231002X", type: .person)
        let actions = ["rail.high-speed", "rail.first-class", "air.ticket", "hotel.luxury"]
            .filter { id in policy.actions.contains { $0.id == id } }
        var keys: [(String, IssuedKey)] = []
        if let agency = policy.agencies.first {
            keys.append(
                (
                    "agency",
                    try await Registry.createKey(
                        KeyRequest(role: .agency, agency: agency.id, label: agency.title), policy: policy,
                        store: store, at: Date(), by: RegistryOptions.operatorCaller)
                ))
        }
        if !actions.isEmpty {
            keys.append(
                (
                    "provider",
                    try await Registry.createKey(
                        KeyRequest(
                            role: .provider, actions: actions, purposes: ["Ticket sale"],
                            label: "Demo station ticket office"), policy: policy, store: store, at: Date(),
                        by: RegistryOptions.operatorCaller)
                ))
        }
        keys.append(
            (
                "subject",
                try await Registry.createKey(
                    KeyRequest(role: .subject, subject: subject.text), policy: policy, store: store, at: Date(),
                    by: RegistryOptions.operatorCaller)
            ))
        keys.append(
            (
                "auditor",
                try await Registry.createKey(
                    KeyRequest(role: .auditor, label: "Demo auditor"), policy: policy, store: store, at: Date(),
                    by: RegistryOptions.operatorCaller)
            ))
        let url = server.baseURL
        tell()
        tell("Serving the demo city at \(url) — Ctrl-C to stop.")
        tell("  \(url)/openapi.yaml   the API   ·   \(url)/v1/statistics   ·   \(url)/v1/agencies   ·   \(url)/metrics")
        tell()
        tell("One key for each role (shown once; `candor keys list` shows their ids):")
        for (role, issued) in keys { tell("  \(padded(role, 9)) \(issued.token)   \(issued.grant.label)") }
        if let provider = keys.first(where: { $0.0 == "provider" })?.1,
            let mine = keys.first(where: { $0.0 == "subject" })?.1
        {
            tell()
            tell("Try:")
            tell("  curl -s \(url)/v1/checks -H 'Authorization: Bearer \(provider.token)' \\")
            tell(
                "       -d '{\"subject\": \"\(subject)\", \"action\": \"rail.high-speed\", \"purpose\": \"Ticket sale\"}'"
            )
            tell("  curl -s \(url)/v1/me -H 'Authorization: Bearer \(mine.token)'")
            tell("  curl -s \(url)/v1/me/access-log -H 'Authorization: Bearer \(mine.token)'")
        }
        try await server.serve(store: store, policy: policy, registry: registry)
    }

    /// Prefers a listed person holding a permit, with several records: the most instructive rating to read.
    static func isBetterExample(_ rating: Rating, than current: Rating?) -> Bool {
        func merit(_ rating: Rating) -> Int {
            (rating.subject.type == .person ? 100 : 0) + (rating.listings.isEmpty ? 0 : 1000)
                + (rating.permits.isEmpty ? 0 : 2000) + min(rating.contributions.count, 6) * 10
        }
        guard let current else { return true }
        return merit(rating) > merit(current)
    }

    struct Timings {
        var generate = 0.0
        var ingest = 0.0
        var records = 0
    }

    /// Generates the city chunk by chunk and submits each chunk.
    private func populate(_ store: any ServiceStore, policy: Policy, until day: Day) async throws -> Timings {
        let city = SyntheticCity(
            configuration: .init(
                people: people, businesses: businesses, seed: seed, until: day, intensity: self.city.intensity),
            policy: policy)
        var generator = city.makeGenerator(chunkSize: 50_000)
        let submitter = RecordSubmitter(
            store: store, policy: policy, accessor: nil, today: day, batchSize: 100_000
        ) { problem in
            printError("generated record \(problem.line): \(problem)")
        }
        let progress = Progress("generating and ingesting", unit: "subjects", enabled: !quiet)
        var timings = Timings()
        let total = people + businesses
        // A few records of the courts and tax office, to dispute once the city is in.
        var disputable: [Record] = []
        // Records to repair and listed people to give permits, once the city is in.
        var pathBack: [Record] = []
        while true {
            let generateStart = Date()
            guard let chunk = generator.nextChunk() else { break }
            timings.generate += Date().timeIntervalSince(generateStart)
            let ingestStart = Date()
            try await store.setNames(
                Dictionary(chunk.residents.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
            for record in chunk.records {
                timings.records += 1
                submitter.add(record, line: timings.records)
                if disputable.count < 12, record.retracted == nil, ["court", "tax"].contains(record.agency) {
                    disputable.append(record)
                }
                if pathBack.count < 400, PathBackDemo.isCandidate(record, policy: policy, on: day) {
                    pathBack.append(record)
                }
            }
            if submitter.batchReady { try await submitter.flush() }
            timings.ingest += Date().timeIntervalSince(ingestStart)
            progress.update(generator.produced, fraction: Double(generator.produced) / Double(total))
        }
        let ingestStart = Date()
        try await submitter.finish()
        timings.ingest += Date().timeIntervalSince(ingestStart)
        progress.finish(generator.produced)
        try await addDisputes(to: store, from: disputable, until: day)
        try await PathBackDemo(store: store, engine: RatingEngine(policy: policy), day: day).add(from: pathBack)
        return timings
    }

    /// Disputes of every kind the pages show, on a few of the city's records: one awaiting its answer, one
    /// past its deadline, one answered with a reason (and some of those appealed), one on the ground of
    /// identity theft.
    private func addDisputes(to store: any ServiceStore, from records: [Record], until day: Day) async throws {
        let reasons = [
            "I paid the amount in full at the court's counter; the receipt is attached to my file.",
            "This record names a company I left two years before the date given.",
            "The amount is wrong: the judgment was for a tenth of it.",
            "Someone opened an account in my name with a copied identity card.",
        ]
        let accessor = Accessor(actor: "subject:demo", purpose: "own file")
        for (index, record) in records.enumerated() {
            guard let stored = try await store.record(agency: record.agency, reference: record.reference) else {
                continue
            }
            let variant = index % 4
            let opened = day.adding(days: [-10, -45, -70, -5][variant])
            guard stored.occurred < opened, stored.retracted == nil else { continue }
            let dispute = try await store.openDispute(
                Dispute(
                    recordID: stored.id, opened: opened, ground: variant == 3 ? .identityTheft : .error,
                    reason: reasons[variant],
                    policeReport: variant == 3 ? "Demo City police report \(1_000 + index)" : nil
                ), at: Date(), accessor: accessor)
            if variant == 2 {
                // Answered late, a week ago; every other such subject has appealed to a reviewer since.
                _ = try await store.answerDispute(
                    id: dispute.id, answer: .upheld, on: day.adding(days: -7),
                    reason: "Our ledger shows no payment on this judgment; the record stands.", at: Date(),
                    accessor: Accessor(actor: "agency:\(stored.agency)", purpose: "dispute answer"))
                if index % 8 == 2 {
                    _ = try await store.appealDispute(
                        id: dispute.id, on: day.adding(days: -3),
                        reason:
                            "The payment was made to the court's enforcement account; the transfer slip is attached.",
                        at: Date(), accessor: accessor)
                }
            }
        }
    }

    /// Removes the registry of an earlier demo; refuses to touch any other registry.
    private func replacePreviousDemo() async throws {
        if registry.postgres != nil {
            let store = try await registry.openRegistry()
            let subjects = try await store.counts().subjects
            try await store.shutdown()
            guard subjects == 0 else {
                throw CommandFailure(
                    "the PostgreSQL database already holds a registry; the demo fills an empty database only")
            }
            return
        }
        let path = registry.db
        guard FileManager.default.fileExists(atPath: path) else { return }
        let origin = try await registry.openRegistry().meta("origin")
        guard origin == "demo" else {
            throw CommandFailure(
                "\(path) holds a registry that `candor demo` did not create; the demo will not "
                    + "overwrite it. Pass --db with another path, for example --db demo.sqlite")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

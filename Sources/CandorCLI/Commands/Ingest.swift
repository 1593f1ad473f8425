import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor ingest FILE`: loads records from CSV or NDJSON, idempotently.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load records, or officers of organisations, from a CSV or NDJSON file.",
        discussion: """
            Columns (CSV header) or keys (NDJSON): agency, reference, subject, kind, occurred, and optionally \
            amount, fulfilled, retracted, legal_basis, note. Dates are YYYY-MM-DD.

            With --officers FILE, the rows are roles in organisations: agency, reference, organisation (a \
            credit code), person (an identity number), role (legal-representative, principal, \
            directly-responsible or actual-controller), started and optionally ended (the first day the \
            person no longer holds the role). The same reference again with an ended date records the end.

            Ingesting is idempotent on (agency, reference): the same record again changes nothing; the same \
            record with a new fulfilled or retracted date records that change; any other change is refused. \
            Good rows are stored even when others are bad; each bad row is reported with its line, and the \
            command then exits with status 1.
            """)

    @Argument(help: ArgumentHelp("The file of records, .csv or .ndjson.", valueName: "file"))
    var records: String?

    @Option(help: ArgumentHelp("A file of officers' roles instead, .csv or .ndjson.", valueName: "file"))
    var officers: String?

    /// The file to read: the records or the officers.
    var file: String { records ?? officers ?? "" }

    @Option(
        help: ArgumentHelp(
            "The agency submitting the records, for files without an agency column.",
            valueName: "id"))
    var agency: String?

    @Option(help: ArgumentHelp("csv or ndjson (default: from the file's extension).", valueName: "format"))
    var format: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Do not show progress.")
    var quiet = false

    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard (records == nil) != (officers == nil) else {
            throw ValidationError("give a file of records, or --officers FILE, but not both")
        }
        if let format, RecordFileFormat(rawValue: format) == nil {
            throw ValidationError("--format must be csv or ndjson, not '\(format)'")
        }
        if format == nil && RecordFileFormat(path: file) == nil {
            throw ValidationError(
                "cannot tell the format of '\(file)' from its extension; pass --format csv or --format ndjson")
        }
    }

    func run() async throws {
        let policy = try registry.loadPolicy()
        if let agency, policy.agency(agency) == nil {
            throw ValidationError(
                "--agency '\(agency)' is not an agency of policy \(policy.id); known: "
                    + policy.agencies.map(\.id).joined(separator: ", "))
        }
        let store = try await registry.openRegistry()
        let fileFormat = format.flatMap(RecordFileFormat.init(rawValue:)) ?? RecordFileFormat(path: file)!
        if officers != nil {
            try await OfficerFileLoader(
                path: file, format: fileFormat, decoder: OfficerDecoder(defaultAgency: agency), policy: policy,
                today: today(), json: json
            ).load(into: store)
            return
        }
        // With --json the refused rows are part of the document (the first `maxListed`), not lines on stderr.
        let refused = RefusedRows()
        let submitter = RecordSubmitter(
            store: store, policy: policy,
            accessor: Accessor(actor: "operator:candor ingest", purpose: "bulk load of \(file)"), today: today()
        ) { [json, file] problem in
            if json { refused.add(problem) } else { printError("\(file): \(problem)") }
        }
        let progress = Progress("ingesting \(file)", unit: "rows", enabled: !quiet)
        let reader = RecordFileReader(path: file, format: fileFormat, decoder: RecordDecoder(defaultAgency: agency))
        let started = Date()
        try await store.beginBulkLoad()
        let rows = try await reader.read(into: submitter, progress: progress)
        // The record columns the next start needs, so that it reads no subject's file again.
        let saved = try await store.finishBulkLoad()
        let seconds = Date().timeIntervalSince(started)
        let tally = submitter.tally
        if json {
            try printJSON(
                IngestSummary(
                    rows: rows, created: tally.created, updated: tally.updated, unchanged: tally.unchanged,
                    refused: tally.refused, errors: refused.listed, errorsNotListed: refused.notListed))
        } else {
            print(
                "\(file): \(grouped(rows)) rows in \(duration(seconds)) — \(grouped(tally.created)) new, "
                    + "\(grouped(tally.updated)) with changes recorded, \(grouped(tally.unchanged)) unchanged, "
                    + "\(grouped(tally.refused)) refused."
                    + (saved ? " The record columns are saved for the next start." : ""))
        }
        if tally.refused > 0 {
            if !json {
                printError("\(grouped(tally.refused)) rows were refused (listed above); the others are stored.")
            }
            throw ExitCode(1)
        }
    }
}

/// What `candor ingest --json` prints: the counts, and each refused row with its line, field and reason.
struct IngestSummary: Encodable {
    struct RowError: Encodable {
        var line: Int
        var field: String?
        var message: String
    }
    var rows, created, updated, unchanged, refused: Int
    var errors: [RowError]
    /// Refused rows beyond the first `RefusedRows.maxListed`, counted but not listed.
    var errorsNotListed: Int
}

/// The refused rows of an ingest, kept for its JSON summary.
final class RefusedRows: @unchecked Sendable {
    static let maxListed = 1_000
    private let lock = NSLock()
    private var rows: [IngestSummary.RowError] = []
    private var beyond = 0

    func add(_ problem: RowProblem) {
        lock.withLock {
            if rows.count < Self.maxListed {
                rows.append(.init(line: problem.line, field: problem.field, message: problem.message))
            } else {
                beyond += 1
            }
        }
    }

    var listed: [IngestSummary.RowError] { lock.withLock { rows.sorted { $0.line < $1.line } } }
    var notListed: Int { lock.withLock { beyond } }
}

/// Prints a JSON document on one line of standard output.
func printJSON(_ value: some Encodable) throws {
    print(String(decoding: try JSONEncoder.candor.encode(value), as: UTF8.self))
}

extension JSONEncoder {
    /// The encoder for every JSON document Candor prints: stable key order, readable slashes.
    static var candor: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

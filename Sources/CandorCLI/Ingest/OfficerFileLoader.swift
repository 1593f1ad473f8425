import ArgumentParser
import CandorCore
import Foundation

/// Loads a file of officers' roles into the store: each row is read, checked (`Officer.problem`) and
/// stored in batches, idempotently; a bad row is reported with its line and the command exits 1.
struct OfficerFileLoader {
    let path: String
    let format: RecordFileFormat
    let decoder: OfficerDecoder
    let policy: Policy
    let today: Day
    let json: Bool
    static let batchSize = 10_000

    func load(into store: any ServiceStore) async throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot open \(path): no such file or no permission to read it")
        }
        var parser = RecordRowParser(format: format, fields: OfficerDecoder.fields)
        var rows: [Result<RawRow, RowProblem>] = []
        do {
            try parser.feed(data) { rows.append($0) }
            try parser.finish { rows.append($0) }
        } catch let error as RecordFileError {
            throw CommandFailure("\(path): \(error.description)")
        }
        let accessor = Accessor(actor: "operator:candor ingest", purpose: "bulk load of \(path)")
        var accepted: [(line: Int, officer: Officer)] = []
        var problems: [RowProblem] = []
        var refusals: [(SubjectID, AccessNote)] = []
        for row in rows {
            switch row.flatMap(decoder.decode) {
            case let .success(officer):
                let line = (try? row.get().line) ?? 0
                if let (field, message) = officer.problem(policy: policy, today: today) {
                    problems.append(RowProblem(line: line, field: field, message: message.description))
                    refusals.append(
                        (
                            officer.person,
                            AccessNote(
                                accessor, action: "record role \(officer.agency)/\(officer.reference)",
                                answer: "refused: \(field)")
                        ))
                } else {
                    accepted.append((line, officer))
                }
            case let .failure(problem): problems.append(problem)
            }
        }
        if !refusals.isEmpty { try await store.log(refusals, at: Date()) }
        var tally: [String: Int] = ["created": 0, "updated": 0, "unchanged": 0, "refused": problems.count]
        for start in stride(from: 0, to: accepted.count, by: Self.batchSize) {
            let batch = accepted[start..<min(start + Self.batchSize, accepted.count)]
            let outcomes = try await store.submitOfficers(batch.map(\.officer), at: Date(), accessor: accessor)
            for ((line, _), outcome) in zip(batch, outcomes) {
                switch outcome {
                case .created: tally["created", default: 0] += 1
                case .updated: tally["updated", default: 0] += 1
                case .unchanged: tally["unchanged", default: 0] += 1
                case let .refused(reason):
                    tally["refused", default: 0] += 1
                    problems.append(RowProblem(line: line, field: nil, message: reason))
                }
            }
        }
        for problem in problems.sorted(by: { $0.line < $1.line }) { printError("\(path): \(problem)") }
        if json {
            var summary = tally
            summary["rows"] = rows.count
            try printJSON(summary)
        } else {
            print(
                "\(path): \(grouped(rows.count)) roles — \(grouped(tally["created"]!)) new, "
                    + "\(grouped(tally["updated"]!)) ended, \(grouped(tally["unchanged"]!)) unchanged, "
                    + "\(grouped(tally["refused"]!)) refused.")
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

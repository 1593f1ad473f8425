import CandorCore
import Foundation

/// Streams a CSV or NDJSON file of records into the store through a `RecordSubmitter`, a chunk at a
/// time, so a file of any size is never held whole in memory.
struct RecordFileReader {
    let path: String
    let format: RecordFileFormat
    let decoder: RecordDecoder
    static let chunkSize = 1 << 20

    /// Reads the whole file, returning how many rows it had.
    /// - Throws: `CommandFailure` when the file cannot be opened or its header is unusable.
    func read(into submitter: RecordSubmitter, progress: Progress) async throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure("cannot open \(path): no such file or no permission to read it")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        var parser = RecordRowParser(format: format)
        var rows = 0
        var bytesRead = 0
        func take(_ result: Result<RawRow, RowProblem>) {
            rows += 1
            switch result.flatMap(decoder.decode) {
            case let .success(record): submitter.add(record, line: lineOf(result))
            case let .failure(problem): submitter.refuse(problem)
            }
        }
        do {
            while let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
                bytesRead += chunk.count
                try parser.feed(chunk, emit: take)
                if submitter.batchReady { try await submitter.flush() }
                progress.update(rows, fraction: size.map { Double(bytesRead) / Double(max($0, 1)) })
            }
            try parser.finish(emit: take)
        } catch let error as RecordFileError {
            throw CommandFailure("\(path): \(error.description)")
        }
        try await submitter.finish()
        progress.finish(rows)
        return rows
    }

    private func lineOf(_ result: Result<RawRow, RowProblem>) -> Int {
        switch result {
        case let .success(row): row.line
        case let .failure(problem): problem.line
        }
    }
}

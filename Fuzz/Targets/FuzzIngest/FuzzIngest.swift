import CandorCore

/// libFuzzer entry point for the ingest parser (CSV and NDJSON rows, then record decoding).
///
/// The first byte picks the format and where the input is cut in two; the rest is the file. Reading the
/// file in two chunks must give exactly the rows and problems of reading it whole (ingest streams files in
/// chunks, so a row split across a chunk boundary must not change), and every row decodes to a record or
/// to a problem naming its line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let control = input.first else { return 0 }
    let format: RecordFileFormat = control & 1 == 0 ? .csv : .ndjson
    let file = Array(input.dropFirst())
    let cut = file.isEmpty ? 0 : Int(control >> 1) % (file.count + 1)

    let whole = rows(of: [file[...]], format: format)
    let split = rows(of: [file[..<cut], file[cut...]], format: format)
    precondition(whole == split, "reading in chunks cut at \(cut) changed the rows")

    let decoder = RecordDecoder(defaultAgency: "court")
    for case let .success(row) in whole.rows {
        if case let .failure(problem) = decoder.decode(row) {
            precondition(problem.line == row.line, "a decoding problem names the row's line")
        }
    }
    return 0
}

/// Everything a parser emits for a file given in `chunks`, or the file-level error that stopped it.
private struct ParsedRows: Equatable {
    var rows: [Result<RawRow, RowProblem>] = []
    var fileError: String?
}

private func rows(of chunks: [ArraySlice<UInt8>], format: RecordFileFormat) -> ParsedRows {
    var parser = RecordRowParser(format: format)
    var parsed = ParsedRows()
    do {
        for chunk in chunks { try parser.feed(chunk) { parsed.rows.append($0) } }
        try parser.finish { parsed.rows.append($0) }
    } catch {
        parsed.fileError = "\(error)"
    }
    return parsed
}

import CandorCore
import CandorRegistry
import Foundation
import PostgresNIO

extension PostgresRegistry {
    /// Batches at least this large are loaded with COPY instead of a statement per record.
    static let copyThreshold = 64

    /// Submits a large batch inside the caller's transaction: COPY into a temporary table, then one
    /// statement inserts every new record; only known records are compared one by one.
    func copySubmit(_ records: [Record], at time: Date, on connection: PostgresConnection) async throws
        -> [SubmissionOutcome]
    {
        try await connection.query(
            """
            CREATE TEMP TABLE incoming (
                position INTEGER, subject TEXT, sealed_id BYTEA, agency TEXT, reference TEXT, kind TEXT,
                occurred INTEGER, amount DOUBLE PRECISION, legal_basis TEXT, sealed_note BYTEA, fulfilled INTEGER,
                retracted INTEGER
            ) ON COMMIT DROP
            """, logger: logger)
        try await connection.copyFrom(
            table: "incoming",
            columns: [
                "position", "subject", "sealed_id", "agency", "reference", "kind", "occurred", "amount", "legal_basis",
                "sealed_note", "fulfilled", "retracted",
            ],
            logger: logger
        ) { writer in
            var buffer = ByteBuffer()
            for (position, record) in records.enumerated() {
                let fields: [String?] = [
                    String(position), self.subjectKey(record.subject),
                    Self.copyBytes(self.sealer.seal(record.subject.text)), record.agency, record.reference,
                    record.kind, String(record.occurred.ordinal), record.amount.map { "\($0)" }, record.legalBasis,
                    record.note.map { Self.copyBytes(self.sealer.seal($0)) },
                    record.fulfilled.map { String($0.ordinal) },
                    record.retracted.map { String($0.ordinal) },
                ]
                buffer.writeString(fields.map(Self.copyText).joined(separator: "\t") + "\n")
                if buffer.readableBytes > 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        try await connection.query(
            """
            INSERT INTO subject (id, sealed_id) SELECT DISTINCT ON (subject) subject, sealed_id FROM incoming
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        var created: [String: Int64] = [:]
        for try await (agency, reference, id) in try await connection.query(
            """
            INSERT INTO record (subject, id, agency, reference, kind, occurred, amount, legal_basis, sealed_note,
                                fulfilled, retracted, received_at)
            SELECT subject, nextval('record_id'), agency, reference, kind, occurred, amount, legal_basis, sealed_note,
                   fulfilled, retracted, \(time.timeIntervalSince1970)
            FROM incoming ORDER BY position
            ON CONFLICT (agency, reference) DO NOTHING RETURNING agency, reference, id
            """, logger: logger
        ).decode((String, String, Int64).self) {
            created[agency + "\u{1F}" + reference] = id
        }
        var outcomes: [SubmissionOutcome?] = records.map { record in
            created[record.agency + "\u{1F}" + record.reference].map { .created($0) }
        }
        let known = records.indices.filter { outcomes[$0] == nil }
        if !known.isEmpty {
            let changed = try await submitOneByOne(known.map { records[$0] }, at: time, on: connection)
            for (index, outcome) in zip(known, changed) { outcomes[index] = outcome }
        }
        return outcomes.map { $0! }
    }

    /// Bytes as a bytea value in hex input form, before `copyText` escapes its backslash.
    static func copyBytes(_ data: Data) -> String { "\\x" + data.hex }

    /// A value in COPY's text format: backslash escapes, `\N` for null.
    static func copyText(_ value: String?) -> String {
        guard let value else { return "\\N" }
        var text = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            default: text.unicodeScalars.append(character)
            }
        }
        return text
    }
}

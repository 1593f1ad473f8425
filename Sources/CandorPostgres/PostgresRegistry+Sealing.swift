import CandorCore
import CandorRegistry
import Foundation
import PostgresNIO

extension PostgresRegistry {
    /// Converts a registry written before identifiers were sealed, inside the migration's transaction:
    /// every subject column gets the subject's key, and identifiers, names, notes and review comments
    /// their seal under the data key. A new registry has no such rows.
    func sealLegacyRows(on connection: PostgresConnection) async throws {
        var identifiers: Set<String> = []
        for query: PostgresQuery in [
            "SELECT id FROM subject", "SELECT subject FROM access_log WHERE subject <> ''",
            "SELECT subject FROM api_key WHERE subject IS NOT NULL", "SELECT subject FROM review",
        ] {
            for try await text in try await connection.query(query, logger: logger).decode(String.self) {
                identifiers.insert(text)
            }
        }
        var names: [String: String] = [:]
        for try await (id, name) in try await connection.query(
            "SELECT id, name FROM subject WHERE name IS NOT NULL", logger: logger
        ).decode((String, String).self) { names[id] = name }
        try await connection.query(
            """
            CREATE TEMP TABLE subject_map (old TEXT PRIMARY KEY, key TEXT NOT NULL, sealed BYTEA NOT NULL,
                                           sealed_name BYTEA) ON COMMIT DROP
            """, logger: logger)
        let subjects = try identifiers.sorted().map { (text: $0, subject: try SubjectID($0)) }
        for start in stride(from: 0, to: subjects.count, by: 5_000) {
            let batch = subjects[start..<min(start + 5_000, subjects.count)]
            try await connection.query(
                """
                INSERT INTO subject_map (old, key, sealed, sealed_name)
                SELECT * FROM unnest(\(batch.map(\.text))::text[], \(batch.map { subjectKey($0.subject) })::text[],
                                     \(batch.map { ByteBuffer(bytes: sealer.seal($0.text)) })::bytea[],
                                     \(batch.map { names[$0.text].map { ByteBuffer(bytes: sealer.seal($0)) } ?? ByteBuffer() })::bytea[])
                """, logger: logger)
        }
        for statement: PostgresQuery in [
            """
            UPDATE subject SET id = m.key, sealed_id = m.sealed,
                               sealed_name = CASE WHEN subject.name IS NULL THEN NULL ELSE m.sealed_name END
            FROM subject_map m WHERE subject.id = m.old
            """,
            "UPDATE record SET subject = m.key FROM subject_map m WHERE record.subject = m.old",
            "UPDATE record_event SET subject = m.key FROM subject_map m WHERE record_event.subject = m.old",
            "UPDATE dispute SET subject = m.key FROM subject_map m WHERE dispute.subject = m.old",
            "UPDATE review SET subject = m.key FROM subject_map m WHERE review.subject = m.old",
            """
            UPDATE access_log SET subject = m.key, sealed_subject = m.sealed FROM subject_map m
            WHERE access_log.subject = m.old
            """,
            "UPDATE access_log SET sealed_subject = '\\x'::bytea WHERE subject = ''",
            "UPDATE api_key SET sealed_subject = m.sealed FROM subject_map m WHERE api_key.subject = m.old",
        ] {
            try await connection.query(statement, logger: logger)
        }
        try await sealTexts(
            select: "SELECT id, note FROM record WHERE note IS NOT NULL", table: "record", column: "sealed_note",
            on: connection)
        try await sealTexts(
            select: "SELECT id, comment FROM review", table: "review", column: "sealed_comment", on: connection)
    }

    /// Seals the text of each row `select` gives (its id and text) into `column` of `table`.
    private func sealTexts(select: PostgresQuery, table: String, column: String, on connection: PostgresConnection)
        async throws
    {
        var rows: [(Int64, String)] = []
        for try await row in try await connection.query(select, logger: logger).decode((Int64, String).self) {
            rows.append(row)
        }
        for start in stride(from: 0, to: rows.count, by: 5_000) {
            let batch = rows[start..<min(start + 5_000, rows.count)]
            try await connection.query(
                """
                UPDATE \(unescaped: table) SET \(unescaped: column) = u.sealed
                FROM unnest(\(batch.map(\.0))::bigint[], \(batch.map { ByteBuffer(bytes: sealer.seal($0.1)) })::bytea[])
                     AS u(id, sealed)
                WHERE \(unescaped: table).id = u.id
                """, logger: logger)
        }
    }

    /// Refuses a data key other than the one the registry was first opened with, and records the key's
    /// fingerprint the first time.
    func checkDataKey() async throws {
        if let stored = try await meta("data key") {
            guard stored == sealer.fingerprint else {
                throw DataKeyMismatch(
                    registry: "the PostgreSQL registry", expected: stored, given: sealer.fingerprint)
            }
        } else {
            try await setMeta("data key", sealer.fingerprint)
        }
    }
}

import CandorCore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    public func addSession(_ session: StoredSession) async throws {
        try await self.query(
            """
            INSERT INTO web_session (id_hash, key_id, created, last_seen)
            VALUES (\(session.idHash), \(session.keyID), \(session.created.timeIntervalSince1970),
                    \(session.lastSeen.timeIntervalSince1970))
            """, logger: logger)
    }

    public func session(idHash: String) async throws -> StoredSession? {
        try await Self.all(
            try await self.query(
                "SELECT id_hash, key_id, created, last_seen FROM web_session WHERE id_hash = \(idHash)",
                logger: logger)
        ) { row in
            let cells = row.makeRandomAccess()
            return StoredSession(
                idHash: try cells[0].decode(String.self), keyID: try cells[1].decode(String.self),
                created: Date(timeIntervalSince1970: try cells[2].decode(Double.self)),
                lastSeen: Date(timeIntervalSince1970: try cells[3].decode(Double.self)))
        }.first
    }

    public func touchSession(idHash: String, at time: Date) async throws {
        try await self.query(
            """
            UPDATE web_session SET last_seen = greatest(last_seen, \(time.timeIntervalSince1970))
            WHERE id_hash = \(idHash)
            """, logger: logger)
    }

    public func endSession(idHash: String) async throws {
        try await self.query("DELETE FROM web_session WHERE id_hash = \(idHash)", logger: logger)
    }
}

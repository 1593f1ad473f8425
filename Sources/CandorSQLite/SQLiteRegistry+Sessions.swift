import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    public func addSession(_ session: StoredSession) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO web_session (id_hash, key_id, created, last_seen) VALUES (?, ?, ?, ?)",
                arguments: [
                    session.idHash, session.keyID, session.created.timeIntervalSince1970,
                    session.lastSeen.timeIntervalSince1970,
                ])
        }
    }

    public func session(idHash: String) async throws -> StoredSession? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id_hash, key_id, created, last_seen FROM web_session WHERE id_hash = ?",
                arguments: [idHash]
            ).map {
                StoredSession(
                    idHash: $0[0], keyID: $0[1], created: Date(timeIntervalSince1970: $0[2]),
                    lastSeen: Date(timeIntervalSince1970: $0[3]))
            }
        }
    }

    public func touchSession(idHash: String, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE web_session SET last_seen = max(last_seen, ?) WHERE id_hash = ?",
                arguments: [time.timeIntervalSince1970, idHash])
        }
    }

    public func endSession(idHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE id_hash = ?", arguments: [idHash])
        }
    }
}

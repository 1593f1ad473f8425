import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    static let keyColumns =
        "id, role, label, agency, actions, purpose, subject, created, revoked, secret_hash, expires"

    func decodeKey(_ row: Row) throws -> (grant: KeyGrant, secretHash: String) {
        guard let role = Role(rawValue: row[1]) else {
            throw DatabaseError(message: "unknown role \(row[1] as String)")
        }
        let actions = (row[4] as String).split(separator: ",").map(String.init)
        let grant = KeyGrant(
            id: row[0], role: role, label: row[2], agency: row[3], actions: actions,
            purposes: KeyGrant.purposes(stored: row[5]),
            subject: try (row[6] as Data?).map { try sealer.openSubject($0) },
            created: Date(timeIntervalSince1970: row[7]),
            revoked: (row[8] as Double?).map(Date.init(timeIntervalSince1970:)),
            expires: (row[10] as Double?).map(Date.init(timeIntervalSince1970:)))
        return (grant, row[9])
    }

    public func addKey(_ grant: KeyGrant, secretHash: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO api_key (\(Self.keyColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    grant.id, grant.role.rawValue, grant.label, grant.agency, grant.actions.joined(separator: ","),
                    KeyGrant.stored(purposes: grant.purposes), grant.subject.map { sealer.seal($0.text) },
                    grant.created.timeIntervalSince1970,
                    grant.revoked?.timeIntervalSince1970, secretHash, grant.expires?.timeIntervalSince1970,
                ])
        }
    }

    public func key(id: String) async throws -> (grant: KeyGrant, secretHash: String)? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.keyColumns) FROM api_key WHERE id = ?", arguments: [id])
                .map(self.decodeKey)
        }
    }

    public func keys() async throws -> [KeyGrant] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.keyColumns) FROM api_key ORDER BY created, id")
                .map { try self.decodeKey($0).grant }
        }
    }

    public func revokeKey(id: String, at time: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_key SET revoked = coalesce(revoked, ?) WHERE id = ?",
                arguments: [time.timeIntervalSince1970, id])
            return db.changesCount == 1
        }
    }

    public func redeemKey(id: String, at time: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_key SET revoked = ? WHERE id = ? AND revoked IS NULL",
                arguments: [time.timeIntervalSince1970, id])
            return db.changesCount == 1
        }
    }
}

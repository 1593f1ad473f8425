import Foundation

/// API keys: stored as a hash of their secret, found by id, revoked.
public protocol KeyStore: Sendable {
    func addKey(_ grant: KeyGrant, secretHash: String) async throws
    func key(id: String) async throws -> (grant: KeyGrant, secretHash: String)?
    func keys() async throws -> [KeyGrant]
    /// Revokes a key; false when there is no such key.
    func revokeKey(id: String, at time: Date) async throws -> Bool
}

import Foundation

/// API keys: stored as a hash of their secret, found by id, revoked.
public protocol KeyStore: Sendable {
    func addKey(_ grant: KeyGrant, secretHash: String) async throws
    func key(id: String) async throws -> (grant: KeyGrant, secretHash: String)?
    func keys() async throws -> [KeyGrant]
    /// Revokes a key; false when there is no such key.
    func revokeKey(id: String, at time: Date) async throws -> Bool
    /// Revokes a key that is not yet revoked, in one atomic step: true only for the call that revoked it, so
    /// an activation code is redeemed once however many redeem it at the same moment.
    func redeemKey(id: String, at time: Date) async throws -> Bool
}

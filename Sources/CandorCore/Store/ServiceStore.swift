import Foundation

/// Everything the registry's use cases need of a store: records, disputes, the access log, keys, the
/// agency board and the pages' sessions, each a protocol of its own, and the store's lifetime.
public protocol ServiceStore: RegistryStore, DisputeStore, AccessLogStore, KeyStore, BoardStore, SessionStore,
    AttestationStore, StatementStore, PathBackStore, OfficerStore, NoticeStore, CorrectionStore, WebhookStore
{
    /// A value kept beside the data, such as which command created the registry.
    func meta(_ key: String) async throws -> String?
    func setMeta(_ key: String, _ value: String) async throws

    /// Closes the store's connections once nothing uses it any more.
    func shutdown() async throws

    /// Starts keeping what a bulk load changes, where the store keeps a cache that a start would otherwise
    /// rebuild by reading every subject's file (the SQLite store's record columns).
    func beginBulkLoad() async throws

    /// Ends the bulk load: whether the cache now reflects it, so the next start reads no file.
    func finishBulkLoad() async throws -> Bool
}

extension ServiceStore {
    public func beginBulkLoad() async throws {}
    public func finishBulkLoad() async throws -> Bool { false }
}

/// What a presented key token turned out to be.
public enum KeyCheck: Sendable, Equatable {
    case granted(KeyGrant)
    /// Not `ID.SECRET` with a 32-byte secret.
    case malformed
    /// No such key, or a secret that does not match its hash.
    case unknown
    case revoked
    /// Past the expiry it was made with.
    case expired
}

extension ServiceStore {
    /// Checks a presented token at `time`: known id, matching secret (compared in constant time), not
    /// revoked, not expired.
    public func check(token: String, at time: Date = Date()) async throws -> KeyCheck {
        guard let (id, secret) = KeyToken.parse(token) else { return .malformed }
        guard let stored = try await key(id: id), KeyToken.matches(secret, storedHash: stored.secretHash) else {
            return .unknown
        }
        if stored.grant.revoked != nil { return .revoked }
        if let expires = stored.grant.expires, expires <= time { return .expired }
        return .granted(stored.grant)
    }

}

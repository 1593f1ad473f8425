import CandorCore
import Crypto
import Foundation

extension Registry {
    /// Exchanges a key typed into the sign-in form for a session of the pages. The browser keeps only the
    /// session's random token; the server keeps its hash, the key's id and its times.
    public func signIn(key token: String) async throws -> (session: String, grant: KeyGrant) {
        guard case let .granted(grant) = try await store.check(token: token, at: clock()) else {
            throw RegistryError.unauthenticated
        }
        var generator = SystemRandomNumberGenerator()
        let session = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64URLEncoded
        let now = clock()
        try await store.addSession(
            StoredSession(idHash: Self.sessionHash(session), keyID: grant.id, created: now, lastSeen: now))
        return (session, grant)
    }

    /// The key a session's token stands for, or `nil` once the session was ended, sat unused longer than
    /// `limits.sessionIdle`, is older than `limits.sessionLifetime`, or its key was revoked or expired.
    public func session(_ token: String) async throws -> KeyGrant? {
        let idHash = Self.sessionHash(token)
        guard let stored = try await store.session(idHash: idHash) else { return nil }
        let now = clock()
        guard now.timeIntervalSince(stored.lastSeen) <= limits.sessionIdle.seconds,
            now.timeIntervalSince(stored.created) <= limits.sessionLifetime.seconds,
            let key = try await store.key(id: stored.keyID), key.grant.revoked == nil,
            key.grant.expires.map({ now < $0 }) ?? true
        else {
            try await store.endSession(idHash: idHash)
            return nil
        }
        // Written at most once a minute, so a busy page does not write on every view.
        if now.timeIntervalSince(stored.lastSeen) > 60 { try await store.touchSession(idHash: idHash, at: now) }
        return key.grant
    }

    /// Ends a session: its token opens nothing any more.
    public func signOut(_ token: String) async throws {
        try await store.endSession(idHash: Self.sessionHash(token))
    }

    static func sessionHash(_ token: String) -> String { SHA256.hash(data: Data(token.utf8)).hex }
}

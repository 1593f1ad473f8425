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

extension Registry {
    /// Makes a one-time activation code for `subject` (`candor keys invite`): logged on the subject.
    public static func invite(subject text: String, store: some ServiceStore, at time: Date, by caller: Caller)
        async throws -> (code: String, grant: KeyGrant)
    {
        let subject = try Self.subject(text)
        let made = ActivationCode.make(subject: subject, at: time)
        try await store.addKey(made.grant, secretHash: made.secretHash)
        try await store.log(
            [
                (
                    subject,
                    AccessNote(
                        caller.accessor("key"), action: "create activation code \(made.grant.id)", answer: "created")
                )
            ],
            at: time)
        return (made.code, made.grant)
    }

    /// Redeems an activation code once: the code is revoked, and a key for this device — never shown — opens
    /// a session of the pages, as signing in would. Logged on the subject.
    public func activate(code: String) async throws -> (session: String, grant: KeyGrant) {
        let now = clock()
        let refused = RegistryError.invalid(
            code: "invalid-code", field: "code",
            message: "the code is not valid, was used already or has expired; ask for a new one at a service counter")
        guard let (id, secret) = ActivationCode.parse(code), let stored = try await store.key(id: id),
            KeyToken.matches(secret, storedHash: stored.secretHash), stored.grant.role == .subject,
            let subject = stored.grant.subject, stored.grant.revoked == nil,
            stored.grant.expires.map({ now < $0 }) ?? false
        else { throw refused }
        // Revoking is the store's one atomic step: of two redemptions at once, only one revokes.
        guard try await store.redeemKey(id: id, at: now) else { throw refused }
        let device = try await Self.createKey(
            KeyRequest(
                role: .subject, subject: subject.text, label: "device activated with code \(id)",
                expires: now.addingTimeInterval(limits.sessionLifetime.seconds)),
            policy: policy, store: store, at: now, by: .key(stored.grant))
        try await store.log(
            [
                (
                    subject,
                    AccessNote(
                        Caller.key(stored.grant).accessor("own file"), action: "activate code \(id)",
                        answer: "session opened")
                )
            ],
            at: now)
        return try await signIn(key: device.token)
    }
}

import CandorCore
import Foundation

/// Remembers, for a second, the keys this server has just checked, so a busy counter's every request
/// does not read the store and hash its secret again.
///
/// A key revoked with `candor keys revoke` is refused by every server within `lifetime`. Only keys found
/// valid are remembered; an unknown, malformed or revoked token is checked against the store each time.
public final class KeyCache: @unchecked Sendable {
    private let store: any ServiceStore
    private let lifetime: Duration
    private let lock = NSLock()
    private var granted: [String: (grant: KeyGrant, checked: ContinuousClock.Instant)] = [:]

    init(store: any ServiceStore, lifetime: Duration = .seconds(1)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// What the token is, from memory when it was found valid less than `lifetime` ago.
    public func check(token: String) async throws -> KeyCheck {
        let now = ContinuousClock.now
        if let hit = lock.withLock({ granted[token] }), now - hit.checked < lifetime { return .granted(hit.grant) }
        let result = try await store.check(token: token)
        lock.withLock {
            if case let .granted(grant) = result {
                if granted.count > 10_000 { granted.removeAll() }
                granted[token] = (grant, now)
            } else {
                granted[token] = nil
            }
        }
        return result
    }
}

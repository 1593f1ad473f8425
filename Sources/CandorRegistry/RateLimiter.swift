import Foundation
import Synchronization

/// Requests allowed per key: a token bucket for each key, refilled at `perSecond` up to `burst`.
///
/// Kept in memory by each server; a key spread over several servers gets each server's allowance. A lock,
/// not an actor: taking a token is a few arithmetic steps, and every request takes one.
public final class RateLimiter: Sendable {
    public struct Rate: Sendable, Equatable {
        public var perSecond: Double
        public var burst: Double

        public init(perSecond: Double, burst: Double) {
            self.perSecond = perSecond
            self.burst = burst
        }
    }

    private let rate: Rate
    private let buckets = Mutex<[String: Bucket]>([:])

    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    public init(rate: Rate) {
        self.rate = rate
    }

    /// Takes one token for `key`: `nil` when the request may go ahead, else the seconds to wait.
    public func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        let rate = rate
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: rate.burst, at: now)
            bucket.tokens = min(rate.burst, bucket.tokens + (now - bucket.at).seconds * rate.perSecond)
            bucket.at = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return max(1, Int(((1 - bucket.tokens) / rate.perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}

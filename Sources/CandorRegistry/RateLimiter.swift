import Foundation

/// Requests allowed per key: a token bucket for each key, refilled at `perSecond` up to `burst`.
///
/// Kept in memory by each server; a key spread over several servers gets each server's allowance.
public actor RateLimiter {
    public struct Rate: Sendable, Equatable {
        public var perSecond: Double
        public var burst: Double

        public init(perSecond: Double, burst: Double) {
            self.perSecond = perSecond
            self.burst = burst
        }
    }

    private let rate: Rate
    private var buckets: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]

    public init(rate: Rate) {
        self.rate = rate
    }

    /// Takes one token for `key`: `nil` when the request may go ahead, else the seconds to wait.
    public func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        var bucket = buckets[key] ?? (rate.burst, now)
        bucket.tokens = min(rate.burst, bucket.tokens + (now - bucket.at).seconds * rate.perSecond)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / rate.perSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        return nil
    }
}

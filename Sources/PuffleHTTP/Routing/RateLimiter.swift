import Foundation
import PuffleCore
import Synchronization

/// A token bucket per API key. Each key has its own bucket, so one workspace's flood never
/// spends another's tokens; the lock is held only for the arithmetic.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let perSecond: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// Takes one token for a key.
    /// - Throws: ``PuffleError/rateLimited(retryAfterSeconds:)`` with the wait until the next token.
    func take(key: String, now: ContinuousClock.Instant = .now) throws {
        let wait: Double? = buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = Double((now - bucket.updated).components.seconds) + Double((now - bucket.updated).components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + elapsed * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / perSecond }
            bucket.tokens -= 1
            return nil
        }
        if let wait { throw PuffleError.rateLimited(retryAfterSeconds: max(1, Int(wait.rounded(.up)))) }
    }
}

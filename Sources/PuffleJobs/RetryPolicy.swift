import PuffleCore

/// How long a failed job waits before its next attempt: exponential backoff with jitter.
public struct RetryPolicy: Sendable {
    /// The wait after the first failure, before jitter.
    public var base: Duration
    /// The longest wait.
    public var maximum: Duration

    public init(base: Duration = .seconds(2), maximum: Duration = .seconds(600)) {
        self.base = base
        self.maximum = maximum
    }

    /// The wait after a job's `attempt`th failure (1-based): `base * 2^(attempt-1)`, capped, then a
    /// random half to the full amount, so jobs that failed together don't all retry together.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(base * (1 << exponent), maximum)
        return full * Double.random(in: 0.5...1.0)
    }
}

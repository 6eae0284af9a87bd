import Foundation
import Synchronization

/// Where everything that reads the time takes it from: leases, schedules, caps per day and the
/// timestamps rows carry.
///
/// One value is made at start-up (``SystemClock``) and passed down through the database and the
/// stores. Tests pass a ``ManualClock`` and move it forward, so a rule that waits ten minutes or a
/// day is tested in milliseconds. (Named apart from Swift's `Clock`, which measures durations and
/// sleeps; this one says what time it is.)
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Timestamp
}

/// The machine's clock: the only place the process reads the time of day.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Timestamp {
        Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
    }
}

/// A clock that stands still until a test moves it.
public final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    /// - Parameter start: The time it shows first; 2026-04-21T09:00:00Z unless given.
    public init(_ start: Timestamp = Timestamp(milliseconds: 1_776_762_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Timestamp {
        current.withLock { $0 }
    }

    /// Moves the clock on.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.adding(duration) }
    }

    /// Sets the clock to a time, earlier or later.
    public func set(to time: Timestamp) {
        current.withLock { $0 = time }
    }
}

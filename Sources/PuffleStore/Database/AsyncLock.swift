import Synchronization

/// A first-come, first-served lock for async code: one holder at a time, waiters resume in order.
///
/// Its state sits behind a mutex rather than in an actor: taking a free lock and handing it to
/// the next waiter then run on the caller's own thread. As an actor, each of the two hopped to
/// the shared executor, where SQLite's writer queued behind request parsing on every transaction.
final class AsyncLock: Sendable {
    private struct State {
        var isHeld = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` while holding the lock.
    func withLock<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let acquired = state.withLock { state in
            if state.isHeld { return false }
            state.isHeld = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            // Released between the check above and now: take it at once.
            let resumeNow = state.withLock { state in
                if state.isHeld {
                    state.waiters.append(continuation)
                    return false
                }
                state.isHeld = true
                return true
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state in
            if state.waiters.isEmpty {
                state.isHeld = false
                return nil as CheckedContinuation<Void, Never>?
            }
            // The lock passes straight to the first waiter; it stays held.
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}

import Synchronization

/// The ids of a worker's jobs that must stop, shared between its heartbeat and its handlers.
final class CancellationFlags: Sendable {
    private let ids = Mutex<Set<String>>([])

    func cancel(_ jobIds: Set<String>) {
        ids.withLock { $0.formUnion(jobIds) }
    }

    func isCancelled(_ jobId: String) -> Bool {
        ids.withLock { $0.contains(jobId) }
    }

    func forget(_ jobIds: [String]) {
        ids.withLock { $0.subtract(jobIds) }
    }
}

import PuffleCore

/// Runs the jobs of one kind.
///
/// A job can run more than once (a worker may die after the work but before reporting it), so a
/// handler's steps are idempotent or guarded: writing the same result twice leaves one result.
public protocol JobHandler: Sendable {
    /// The kind of job this handler runs, for example `lead_search`.
    var kind: String { get }
    /// Does the work of one attempt.
    /// - Throws: ``JobFailure/permanent(_:)`` when retrying can't help; any other error is retried
    ///   with backoff until the job's attempts run out.
    func run(_ job: Job, context: JobContext) async throws
    /// Called once for a job whose workers died on every attempt, so the work it stood for can end
    /// (a task failed, items refunded) instead of waiting forever.
    func jobDied(_ job: Job) async throws
    /// Called when an operator cancels a job (`puffle jobs cancel`), so the work it stood for ends too.
    func jobCancelled(_ job: Job) async throws
}

extension JobHandler {
    public func jobDied(_ job: Job) async throws {}
    public func jobCancelled(_ job: Job) async throws {}
}

/// An error a handler throws to end a job without retrying it.
public enum JobFailure: Error, Sendable, CustomStringConvertible {
    case permanent(String)

    public var description: String {
        switch self {
        case .permanent(let message): message
        }
    }
}

/// What a handler can ask about the attempt it is running.
public struct JobContext: Sendable {
    let cancellation: CancellationFlags
    let jobId: String

    /// Throws `CancellationError` when the job was cancelled (or its lease lost) since it started:
    /// handlers call it between steps so a cancelled job stops doing work soon.
    public func checkCancelled() throws {
        if cancellation.isCancelled(jobId) || Task.isCancelled { throw CancellationError() }
    }

    /// A context for running a handler outside a worker (an operator command, a test): nothing cancels it but its task.
    public static func standalone(jobId: String) -> JobContext {
        JobContext(cancellation: CancellationFlags(), jobId: jobId)
    }
}

extension Job {
    /// A job to hand a handler outside the queue (a bench, a test), as a worker would on its first attempt.
    public static func standalone(id: String, kind: String, at time: Timestamp) -> Job {
        Job(
            id: id, kind: kind, workspaceId: nil, payload: "{}", status: .running, attempts: 1, maxAttempts: 1, runAfter: time, leaseOwner: nil,
            lastError: nil, correlationId: nil, createdAt: time, updatedAt: time, finishedAt: nil)
    }

    /// A queued job (its kind, workspace and payload) handed to its handler outside the queue.
    public static func standalone(id: String, _ new: NewJob, at time: Timestamp) -> Job {
        var job = standalone(id: id, kind: new.kind, at: time)
        job.workspaceId = new.workspaceId
        job.payload = new.payload
        return job
    }
}

/// The handlers a worker knows, by kind.
public struct JobHandlers: Sendable {
    private let byKind: [String: any JobHandler]

    public init(_ handlers: [any JobHandler] = []) {
        byKind = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func handler(for kind: String) -> (any JobHandler)? {
        byKind[kind]
    }
}

/// A handler that does nothing, for benchmarks and tests of the queue itself.
public struct NoOpJobHandler: JobHandler {
    public let kind = "noop"

    public init() {}

    public func run(_ job: Job, context: JobContext) async throws {}
}

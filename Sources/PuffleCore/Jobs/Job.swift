/// Where a background job is in its life.
///
/// A job waiting for a retry is `queued` again with a later `runAfter` and its `lastError` kept;
/// one that used up its attempts is `dead`, kept for an operator to read and `retry`.
public enum JobStatus: String, Sendable, Codable, CaseIterable, CaseDecodable {
    case queued
    case running
    case done
    case dead
    case cancelled

    /// True once nothing more will happen to the job unless an operator retries it.
    public var isFinal: Bool { self == .done || self == .dead || self == .cancelled }
}

/// One unit of background work, as stored in the durable queue.
public struct Job: Sendable, Codable, Equatable {
    public var id: String
    /// Which handler runs it, for example `lead_search`.
    public var kind: String
    public var workspaceId: String?
    /// The handler's input, as JSON text.
    public var payload: String
    public var status: JobStatus
    /// Attempts started so far, the current one included.
    public var attempts: Int
    public var maxAttempts: Int
    /// When a queued job may start; for a running job, when its lease runs out.
    public var runAfter: Timestamp
    /// The worker holding the lease while running.
    public var leaseOwner: String?
    public var lastError: String?
    public var correlationId: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var finishedAt: Timestamp?

    public init(
        id: String, kind: String, workspaceId: String?, payload: String, status: JobStatus, attempts: Int, maxAttempts: Int,
        runAfter: Timestamp, leaseOwner: String?, lastError: String?, correlationId: String?, createdAt: Timestamp,
        updatedAt: Timestamp, finishedAt: Timestamp?
    ) {
        self.id = id
        self.kind = kind
        self.workspaceId = workspaceId
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.leaseOwner = leaseOwner
        self.lastError = lastError
        self.correlationId = correlationId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}

/// A job to put on the queue.
public struct NewJob: Sendable {
    public var id: String
    public var kind: String
    public var workspaceId: String?
    public var payload: String
    public var maxAttempts: Int
    /// When it may start; nil: as soon as it is queued.
    public var runAfter: Timestamp?
    public var correlationId: String?
    /// While a job with this key is queued or running, enqueueing another with it does nothing
    /// (`domain_check:<id>`: one check per domain at a time).
    public var uniqueKey: String?

    /// - Parameters:
    ///   - payload: The handler's input as JSON text.
    ///   - maxAttempts: Attempts before the job is kept as `dead`; 5 unless the kind needs otherwise.
    public init(
        id: String = SortableID.make(), kind: String, workspaceId: String? = nil, payload: String = "{}", maxAttempts: Int = 5,
        runAfter: Timestamp? = nil, correlationId: String? = nil, uniqueKey: String? = nil
    ) {
        self.uniqueKey = uniqueKey
        self.id = id
        self.kind = kind
        self.workspaceId = workspaceId
        self.payload = payload
        self.maxAttempts = maxAttempts
        self.runAfter = runAfter
        self.correlationId = correlationId
    }
}

/// How one attempt of a job ended, as a worker reports it back to the queue.
public struct JobOutcome: Sendable {
    public enum Result: Sendable {
        /// The work is done.
        case done
        /// The attempt failed; run it again at `retryAt`, or keep it as dead if no attempts are left.
        case failed(message: String, retryAt: Timestamp)
        /// The attempt failed in a way another attempt can't fix.
        case dead(message: String)
        /// The worker stopped (shutdown) before the attempt finished: queue the job again at once,
        /// without counting the attempt.
        case released
    }

    public var jobId: String
    public var result: Result

    public init(jobId: String, result: Result) {
        self.jobId = jobId
        self.result = result
    }
}

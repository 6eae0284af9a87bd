/// The durable job queue.
///
/// Workers lease jobs with ``claim(owner:limit:lease:now:)``, keep the lease with
/// ``heartbeat(owner:jobIds:lease:now:)`` and report with ``finish(owner:outcomes:now:)``. A job whose
/// lease runs out (its worker died) is claimed again by the next worker that asks, so a crash loses nothing.
public protocol JobStore: Sendable {
    /// Puts jobs on the queue. A job whose ``NewJob/uniqueKey`` an unfinished job holds is skipped.
    func enqueue(_ jobs: [NewJob]) async throws

    /// Enqueues `job` when the periodic schedule `name` is due at `now` (or has never run), and
    /// moves the schedule's next run to `now + period`, in one transaction.
    /// - Returns: Whether this call enqueued it; of many workers asking in one period, one does.
    func enqueueIfDue(schedule name: String, period: Duration, job: NewJob, now: Timestamp) async throws -> Bool

    /// Leases up to `limit` due jobs (queued ones whose `runAfter` has come, and running ones whose
    /// lease expired) to `owner`, counting an attempt for each. Jobs over their attempts (their
    /// workers kept dying) are marked dead and returned with status `dead`, not to be run.
    /// - Parameter lease: How long the lease lasts without a heartbeat.
    func claim(owner: String, limit: Int, lease: Duration, now: Timestamp) async throws -> [Job]

    /// Extends the lease of jobs `owner` still holds.
    /// - Returns: The ids of those jobs it no longer holds (cancelled, or reclaimed after a lapse),
    ///   whose work should stop.
    func heartbeat(owner: String, jobIds: [String], lease: Duration, now: Timestamp) async throws -> Set<String>

    /// Records how attempts ended. An outcome for a job `owner` no longer holds is ignored.
    func finish(owner: String, outcomes: [JobOutcome], now: Timestamp) async throws

    /// One job. - Throws: `PuffleError.notFound` when there is none with this id.
    func job(id: String) async throws -> Job

    /// Jobs newest first, optionally of one status and kind.
    func jobs(status: JobStatus?, kind: String?, limit: Int) async throws -> [Job]

    /// Cancels a job that hasn't finished; a running one is told at its next heartbeat.
    /// - Returns: The job as it now is. - Throws: `PuffleError.conflict` when it already finished.
    func cancel(id: String, now: Timestamp) async throws -> Job

    /// Queues a dead or cancelled job again with fresh attempts.
    /// - Throws: `PuffleError.conflict` when it is queued, running or done.
    func retry(id: String, now: Timestamp) async throws -> Job

    /// How many jobs are in each status.
    func counts() async throws -> [JobStatus: Int]

    /// How many jobs are queued or running: cheap, through the due-jobs index.
    func unfinishedCount() async throws -> Int
}

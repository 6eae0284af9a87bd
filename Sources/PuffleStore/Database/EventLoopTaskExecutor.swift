import NIOCore

/// Runs the jobs of tasks that prefer it (`withTaskExecutorPreference`) on one event loop's thread.
///
/// SQLite's single writer sends a transaction's statements one after another, and after each one
/// its task has to be resumed before it can send the next. On the shared executor that resumption
/// waited behind request parsing, which runs in blocks of milliseconds on both cores, so the write
/// lock was held mostly by a task waiting to run. On a thread of its own it resumes at once.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}

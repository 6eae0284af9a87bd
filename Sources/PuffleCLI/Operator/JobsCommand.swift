import ArgumentParser
import Foundation
import Logging
import PuffleConfig
import PuffleCore
import PuffleJobs
import PuffleStore

/// `puffle jobs ...`: read and steer the job queue, straight on the database.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Inspect, retry and cancel background jobs.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Jobs newest first, with counts by status on stderr.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only jobs in this status: \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))") var status: JobStatus?
        @Option(help: "Only jobs of this kind, e.g. lead_search") var kind: String?
        @Option(help: "At most this many (default 50)") var limit: Int = 50

        func run() async throws {
            let (jobs, counts) = try await database.withDatabase { db in
                let store = SQLJobStore(database: db)
                return (try await store.jobs(status: status, kind: kind, limit: limit), try await store.counts())
            }
            let summary = JobStatus.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
            printEncoded(["jobs": jobs])
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One job, with its attempts, lease and last error.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The job's id") var id: String

        func run() async throws {
            printEncoded(["job": try await database.withDatabase { try await SQLJobStore(database: $0).job(id: id) }])
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a dead or cancelled job again, with fresh attempts.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The job's id") var id: String

        func run() async throws {
            printEncoded(["job": try await database.withDatabase { try await SQLJobStore(database: $0).retry(id: id, now: $0.clock.now()) }])
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Cancel a queued or running job; a running one stops at its next step. A Lead Search job's task fails with errorCode \
                cancelled; an Enrichment job cancels its run (pending items skipped and refunded).
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The job's id") var id: String

        func run() async throws {
            let config = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
            let job = try await database.withDatabase { db in
                let stores = Stores.sql(db)
                let job = try await stores.jobs.cancel(id: id, now: stores.clock.now())
                // The job's handler ends the work it stood for, so nobody waits on a job that will never run.
                try await JobRuntime.handlers(stores: stores, config: config, logger: Logger(label: "puffle.jobs")).handler(for: job.kind)?.jobCancelled(job)
                return job
            }
            printEncoded(["job": job])
        }
    }
}

extension JobStatus: ExpressibleByArgument {}

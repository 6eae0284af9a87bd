import ArgumentParser
import Foundation
import PuffleClient
import PuffleCore
import PuffleHTTP
import PuffleStore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks.", subcommands: [Import.self, Jobs.self, Search.self, Enrich.self, SMTP.self, CampaignSend.self, IMAPSync.self])

    /// `puffle bench import`: the import and paging benchmark of the foundation issue.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import N person Leads over HTTP into a temporary SQLite server, page the List, "
                + "compare with sqlite3 .import (run before and after it) and with the sqlite3 shell alone writing the same rows, "
                + "into a copy of the Lead tables and into the least tables any Lead store needs; then import the same rows again, and rows half of them new.")
        @Option(help: "Distinct person Leads to import") var leads: Int = 1_000_000
        @Option(help: "Requests in flight at once (2 measured best on 2 cores: the writer is serialized)") var concurrency: Int = 2
        @Option(help: "Port for the temporary server") var port: Int = 18_080

        func run() async throws {
            let directory = try Bench.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let databaseFile = directory.appendingPathComponent("bench.db")
            let bench = try await BenchWorkspace.create(at: databaseFile)
            let (server, client) = try await Bench.startServer(stores: bench.stores, apiKey: bench.apiKey, port: port)
            defer { server.cancel() }

            let batches = stride(from: 0, to: leads, by: 500).map { $0..<min($0 + 500, leads) }
            // The first tenth of the requests as previews first: the import's checks, keys and
            // planning without the rows built, the write or the Leads written back, so the two CPU
            // figures split the import's cost roughly there. The previews plan against an empty
            // database; lookups into a fuller one fall in the rest.
            let previewed = Array(batches.prefix(max(1, batches.count / 10)))
            let preview = try await post(previewed, preview: true, listId: bench.listId, client: client)
            // The sqlite3 baseline runs just before and just after the import, and the ratio is
            // against their mean, so both see the machine at the same speed.
            let sqliteBefore = try sqlite3ImportRate(directory: directory, run: 1)
            let (importSeconds, importCPU) = try await post(batches, preview: false, listId: bench.listId, client: client)
            let sqliteAfter = try sqlite3ImportRate(directory: directory, run: 2)
            let pagesCPUStart = Self.processCPUSeconds()
            let walk = try await pageAll(listId: bench.listId, client: client)
            let pagesCPU = Self.processCPUSeconds() - pagesCPUStart
            let ends = try await refetchEnds(of: walk, rounds: 4, listId: bench.listId, client: client)
            let replay = sqlReplay(SQLiteLeadReplay(source: databaseFile.path, leadCount: leads), directory: directory)
            let least = sqlReplay(SQLiteLeadReplay(source: databaseFile.path, leadCount: leads, layout: .minimal), directory: directory)
            // After the pages: the same rows again (every row merges into its Lead and changes
            // nothing), then rows of which half are Leads already there and half are new.
            let again = try await post(batches, preview: false, listId: bench.listId, client: client)
            let halfNew = stride(from: leads / 2, to: leads / 2 + leads, by: 500).map { $0..<min($0 + 500, leads / 2 + leads) }
            let mixed = try await post(halfNew, preview: false, listId: bench.listId, client: client)
            let rate = Double(leads) / importSeconds
            let baselines = [sqliteBefore, sqliteAfter].compactMap { $0 }
            let sqliteRate = baselines.isEmpty ? nil : baselines.reduce(0, +) / Double(baselines.count)
            report(
                rate: rate, seconds: importSeconds, cpuSeconds: importCPU, preview: (previewed.reduce(0) { $0 + $1.count }, preview),
                sqliteRuns: [("before", sqliteBefore), ("after", sqliteAfter)].compactMap { label, rate in rate.map { "\(Int($0)) \(label)" } }
                    .joined(separator: " and "),
                sqliteRate: sqliteRate,
                replays: (replay, least), pages: walk.latencies, ends: ends, pagesCPU: pagesCPU, again: again, mixed: mixed)
            server.cancel()
            await bench.database.close()
        }

        /// Posts the batches to `POST /api/lists/import`, `concurrency` at a time.
        /// - Returns: The wall and CPU seconds (server and client) it took.
        private func post(_ batches: [Range<Int>], preview: Bool, listId: String, client: PuffleHTTPClient) async throws -> (
            seconds: Double, cpuSeconds: Double
        ) {
            let start = ContinuousClock.now
            let cpuStart = Self.processCPUSeconds()
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func enqueue() {
                    guard next < batches.count else { return }
                    let range = batches[next]
                    next += 1
                    group.addTask { try await postBatch(range, preview: preview, listId: listId, client: client) }
                }
                for _ in 0..<concurrency { enqueue() }
                while try await group.next() != nil { enqueue() }
            }
            return ((ContinuousClock.now - start).seconds, Self.processCPUSeconds() - cpuStart)
        }

        private func postBatch(_ range: Range<Int>, preview: Bool, listId: String, client: PuffleHTTPClient) async throws {
            // Written by hand: the client shares the machine with the server, so it should cost little.
            var writer = JSONWriter(capacity: 400 * range.count)
            writer.writeASCII(preview ? "{\"preview\":true,\"listId\":" : "{\"listId\":")
            writer.write(string: listId)
            writer.writeASCII(",\"leads\":[")
            for index in range {
                if index != range.lowerBound { writer.writeASCII(",") }
                Self.writeLead(index, into: &writer)
            }
            writer.writeASCII("]}")
            let body = Data(writer.bytes)
            let response = try await client.send(method: "POST", path: "/api/lists/import", body: body)
            guard response.status == 200 else {
                throw PuffleError.invalidRequest("import answered \(response.status): \(String(decoding: response.body, as: UTF8.self).prefix(300))")
            }
        }

        /// One distinct person Lead with a LinkedIn URL and a work email.
        static func writeLead(_ index: Int, into writer: inout JSONWriter) {
            let company = index % 50_000
            writer.writeRaw(#"{"type":"person","name":{"full":"Person \#(index) Benchmark"},"title":""#)
            writer.writeRaw(["VP of Sales", "Head of Growth", "CTO", "Account Executive"][index % 4])
            writer.writeRaw(#"","company":{"name":"Company \#(company)","domain":"company\#(company).example"},"#)
            writer.writeRaw(#""location":{"city":"Berlin","country":"DE"},"socials":[{"url":"https://www.linkedin.com/in/person-\#(index)/"}],"#)
            writer.writeRaw(#""contacts":[{"value":"person\#(index)@company\#(company).example","type":"email"}]}"#)
        }

        /// One walk through the whole List at the maximum limit: each page's latency (ms) and the
        /// cursor that fetched it (nil for the first page), in order.
        private func pageAll(listId: String, client: PuffleHTTPClient) async throws -> (latencies: [Double], cursors: [String?]) {
            var cursors: [String?] = []
            var latencies: [Double] = []
            var cursor: String?
            repeat {
                cursors.append(cursor)
                let (milliseconds, next) = try await fetchPage(listId: listId, cursor: cursor, client: client)
                latencies.append(milliseconds)
                cursor = next
            } while cursor != nil
            return (latencies, cursors)
        }

        /// Fetches the first and the last 50 pages again, `rounds` times over, taking turns, so the
        /// p99 at each end rests on a few hundred requests instead of being the slowest of 50.
        private func refetchEnds(
            of walk: (latencies: [Double], cursors: [String?]), rounds: Int, listId: String, client: PuffleHTTPClient
        ) async throws -> (head: [Double], tail: [Double]) {
            let count = min(50, walk.cursors.count)
            var head = Array(walk.latencies.prefix(count))
            var tail = Array(walk.latencies.suffix(count))
            for _ in 0..<rounds {
                for cursor in walk.cursors.prefix(count) {
                    head.append(try await fetchPage(listId: listId, cursor: cursor, client: client).milliseconds)
                }
                for cursor in walk.cursors.suffix(count) {
                    tail.append(try await fetchPage(listId: listId, cursor: cursor, client: client).milliseconds)
                }
            }
            return (head, tail)
        }

        /// One page of 500: how long it took, and the cursor of the next.
        private func fetchPage(listId: String, cursor: String?, client: PuffleHTTPClient) async throws -> (milliseconds: Double, next: String?) {
            var query = [URLQueryItem(name: "limit", value: "500")]
            if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
            let start = ContinuousClock.now
            let response = try await client.send(method: "GET", path: "/api/lists/\(listId)/leads", query: query)
            let milliseconds = (ContinuousClock.now - start).seconds * 1000
            guard response.status == 200 else { throw PuffleError.invalidRequest("page answered \(response.status)") }
            return (milliseconds, try Self.nextCursor(in: response.body))
        }

        /// The page's `nextCursor`, read from the end of the body where the server writes it, so
        /// the client spends little of the machine the server shares.
        static func nextCursor(in body: Data) throws -> String? {
            let tail = body.suffix(400)
            guard let start = tail.range(of: Data(#""nextCursor":"#.utf8))?.upperBound else {
                throw PuffleError.invalidRequest("page without nextCursor")
            }
            return try JSONParser.parse(Data(tail[start...].dropLast())).stringValue
        }

        /// Rows per second of `sqlite3 .import` of the same rows into a table with UNIQUE email and
        /// LinkedIn columns, in a database file of its own for each run.
        private func sqlite3ImportRate(directory: URL, run: Int) throws -> Double? {
            let csv = directory.appendingPathComponent("rows-\(run).csv")
            defer { try? FileManager.default.removeItem(at: csv) }
            guard FileManager.default.createFile(atPath: csv.path, contents: nil) else { return nil }
            let handle = try FileHandle(forWritingTo: csv)
            var chunk = ""
            for index in 0..<leads {
                chunk +=
                    "Person \(index) Benchmark,person\(index)@company\(index % 50_000).example,linkedin.com/in/person-\(index),VP of Sales,Company \(index % 50_000)\n"
                if chunk.utf8.count > 1 << 20 { handle.write(Data(chunk.utf8)); chunk = "" }
            }
            handle.write(Data(chunk.utf8))
            try handle.close()
            let script = """
                CREATE TABLE leads (name TEXT, email TEXT UNIQUE, linkedin TEXT UNIQUE, title TEXT, company TEXT);
                .mode csv
                .import \(csv.path) leads
                """
            let database = directory.appendingPathComponent("plain-\(run).db").path
            defer { try? FileManager.default.removeItem(atPath: database) }
            let scriptFile = directory.appendingPathComponent("plain-\(run).sql")
            let rate = Self.runSQLite3(database: database, script: script, scriptFile: scriptFile).map { Double(leads) / $0.seconds }
            // Its files are on disk before the import starts, so the kernel writing them out does not slow the import.
            try? FileManager.default.removeItem(atPath: database)
            try? FileManager.default.removeItem(at: csv)
            sync()
            return rate
        }

        /// The value below which a fraction `p` of the values fall (nearest rank).
        static func percentile(_ values: [Double], _ p: Double) -> Double {
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted()
            return sorted[max(0, min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
        }

        /// User and system CPU time of this process so far: the import's cost, apart from how busy the machine is.
        static func processCPUSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }

        private func report(
            rate: Double, seconds: Double, cpuSeconds: Double, preview: (leads: Int, cost: (seconds: Double, cpuSeconds: Double)),
            sqliteRuns: String, sqliteRate: Double?,
            replays: (schema: SQLiteLeadReplay.Outcome?, least: SQLiteLeadReplay.Outcome?), pages: [Double],
            ends: (head: [Double], tail: [Double]), pagesCPU: Double, again: (seconds: Double, cpuSeconds: Double), mixed: (seconds: Double, cpuSeconds: Double)
        ) {
            let importCPUPerLead = cpuSeconds / Double(leads) * 1e6
            var lines = [
                "headline:              import \(Int(rate)) leads/s"
                    + (sqliteRate.map { String(format: " (%.1f%% of sqlite3 .import)", rate / $0 * 100) } ?? "")
                    + String(format: ", page p99 over the whole walk %.2f ms", Self.percentile(pages, 0.99)),
                "leads imported:        \(leads) in \(String(format: "%.1f", seconds)) s = \(Int(rate)) leads/s (concurrency \(concurrency), batches of 500)",
                "import CPU:            \(Int(importCPUPerLead)) µs a Lead (user + system, server and client; \(String(format: "%.2f", cpuSeconds / seconds)) cores busy)",
            ]
            let previewCPUPerLead = preview.cost.cpuSeconds / Double(preview.leads) * 1e6
            lines += [
                "preview first:         \(preview.leads) Leads in \(String(format: "%.1f", preview.cost.seconds)) s = \(Int(Double(preview.leads) / preview.cost.seconds)) leads/s, "
                    + "\(Int(previewCPUPerLead)) µs a Lead (the first tenth of the requests, at least one, with \"preview\": true: HTTP, JSON, checks, identity keys and planning on the empty database; nothing written)",
                "the rest:              \(Int(importCPUPerLead - previewCPUPerLead)) µs a Lead (import CPU less preview CPU: building the rows, the write transaction, checkpoints, the Leads written back, lookups growing with the database)",
            ]
            if let sqliteRate {
                lines.append(
                    "sqlite3 .import:       \(Int(sqliteRate)) rows/s (the mean of \(sqliteRuns) the import); "
                        + "ratio \(String(format: "%.1f%%", rate / sqliteRate * 100))")
                lines.append("SQL alone:             " + Self.replaySummary(replays.schema, into: .copy, importRate: rate, sqliteRate: sqliteRate))
                lines.append("SQL alone, least:      " + Self.replaySummary(replays.least, into: .minimal, importRate: rate, sqliteRate: sqliteRate))
            } else {
                lines.append("sqlite3 .import:       sqlite3 not found (apt-get install sqlite3)")
            }
            lines += [
                "pages (limit 500):     \(pages.count) in one walk: \(Self.latencySummary(pages))",
                "first 50 pages:        \(ends.head.count) requests (the walk's and 4 more rounds): \(Self.latencySummary(ends.head))",
                "last 50 pages:         \(ends.tail.count) requests (the walk's and 4 more rounds): \(Self.latencySummary(ends.tail))",
                "page CPU:              \(String(format: "%.2f", pagesCPU / Double(max(pages.count, 1)) * 1000)) ms a page in the walk (server and client, and any checkpoint still running)",
                "re-import:             the same \(leads) rows again in \(String(format: "%.1f", again.seconds)) s = \(Int(Double(leads) / again.seconds)) leads/s, "
                    + "\(Int(again.cpuSeconds / Double(leads) * 1e6)) µs a Lead (every row merges into its Lead, nothing changes)",
                "half new:              \(leads) rows, half of them Leads already there, in \(String(format: "%.1f", mixed.seconds)) s = \(Int(Double(leads) / mixed.seconds)) leads/s, "
                    + "\(Int(mixed.cpuSeconds / Double(leads) * 1e6)) µs a Lead",
                "peak RSS:              \(Bench.peakRSSMegabytes()) MB (server and client in one process)",
            ]
            print(lines.joined(separator: "\n"))
        }

        /// `p50 X ms p99 Y ms max Z ms`.
        static func latencySummary(_ values: [Double]) -> String {
            String(format: "p50 %.2f ms p99 %.2f ms max %.2f ms", percentile(values, 0.5), percentile(values, 0.99), values.max() ?? 0)
        }

    }

    /// This process's peak resident memory (VmHWM), in MB; -1 where /proc is not there.
    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return -1 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

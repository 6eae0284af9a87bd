import ArgumentParser
import Foundation
import PuffleClient
import PuffleCore
import PuffleJobs
import PuffleStore

extension Bench {
    /// `puffle bench enrich`: a List through the `seniority` Enrichment with 1, 2 and 4 workers.
    struct Enrich: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Put N person Leads in a List on a temporary SQLite database, then time the seniority Enrichment over it from POST to completed.")
        @Option(help: "Leads in the List") var leads: Int = 100_000
        @Option(help: "Worker counts to measure, comma separated") var workers: String = "1,2,4"
        @Option(help: "Port for the temporary server") var port: Int = 18_082
        @Option(help: "Rounds over the worker counts, each in the other order than the last") var rounds: Int = 2

        /// Each worker count runs on a fresh database, and the order alternates round by round, so
        /// neither a database's growth nor the machine's drifting speed favours one count.
        func run() async throws {
            let counts = workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            print("list:       \(leads) person Leads; enrichment seniority (computed locally, 0 credits); a fresh database each run")
            for round in 0..<max(1, rounds) {
                for count in round % 2 == 0 ? counts : counts.reversed() {
                    let seconds = try await measure(workers: count)
                    print("round \(round + 1), workers \(count): \(Int(Double(leads) / seconds)) items/s (\(String(format: "%.2f", seconds)) s from POST to completed)")
                }
            }
        }

        /// A fresh database with the List, one run with `workers` workers. - Returns: seconds from POST to completed.
        private func measure(workers count: Int) async throws -> Double {
            let directory = try Bench.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let bench = try await BenchWorkspace.create(at: directory.appendingPathComponent("enrich.db"))
            let titles = [
                "VP of Sales", "Head of Marketing", "CTO", "Software Engineer", "Account Executive", "Director of Engineering", "Recruiter",
            ]
            for start in stride(from: 0, to: leads, by: 500) {
                let inputs = (start..<min(start + 500, leads)).map { index in
                    LeadInput(json: [
                        "type": "person", "name": .string("Person \(index)"), "title": .string(titles[index % titles.count]),
                        "contacts": [["value": .string("p\(index)@bench.example")]],
                    ])
                }
                _ = try await bench.stores.leads.importLeads(workspaceId: bench.workspaceId, listId: bench.listId, inputs: inputs, preview: false)
            }
            let (server, client) = try await Bench.startServer(
                stores: bench.stores, apiKey: bench.apiKey, port: port,
                workers: (count, JobWorkerOptions(clock: bench.stores.clock, batchSize: 4, pollInterval: .milliseconds(5))))
            let seconds = try await timeRun(listId: bench.listId, attributeKey: "seniority", client: client)
            server.cancel()
            _ = await server.result
            await bench.database.close()
            return seconds
        }

        /// Starts a run and polls it every 100 ms (counting a 100,000-item run's statuses is itself
        /// work for the database). - Returns: seconds from the POST to completed.
        private func timeRun(listId: String, attributeKey: String, client: PuffleHTTPClient) async throws -> Double {
            let start = ContinuousClock.now
            let body: JSONValue = [
                "enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(listId)], "output": ["attributeKey": .string(attributeKey)],
            ]
            let created = try await client.send(method: "POST", path: "/api/enrichment", body: Data(JSONWriter.string(body).utf8))
            let planned = (ContinuousClock.now - start).seconds
            guard created.status == 200, let runId = try JSONParser.parse(created.body)["runId"]?.stringValue else {
                throw PuffleError.invalidRequest(
                    "enrichment answered \(created.status): \(String(decoding: created.body, as: UTF8.self).prefix(300))")
            }
            while true {
                let polled = try await client.send(method: "GET", path: "/api/enrichment/\(runId)")
                let run = try JSONParser.parse(polled.body)["run"] ?? .null
                switch run["status"]?.stringValue {
                case "completed":
                    guard run["scope"]?["counts"]?["completed"]?.intValue == leads else {
                        throw PuffleError.invalidRequest("not every item completed: \(run)")
                    }
                    print(String(format: "  POST (plan, charge, %d items and their jobs written) took %.2f s", leads, planned))
                    return (ContinuousClock.now - start).seconds
                case "failed", "cancelled": throw PuffleError.invalidRequest("run ended \(run["status"] ?? .null)")
                default: try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }
}

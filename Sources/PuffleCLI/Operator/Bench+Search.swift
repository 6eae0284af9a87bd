import ArgumentParser
import Foundation
import PuffleClient
import PuffleCore
import PuffleJobs
import PuffleStore

extension Bench {
    /// `puffle bench search`: the Lead Search benchmark of the job queue and search issue.
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load synthetic prospects into a temporary SQLite database, then time Lead Search tasks from 202 to done over HTTP.")
        @Option(help: "Synthetic people in the prospect database") var people: Int = 1_000_000
        @Option(help: "Synthetic companies (people are spread over them)") var companies: Int = 100_000
        @Option(help: "Search tasks to run, one after another") var prompts: Int = 50
        @Option(help: "fetch_count of each task") var fetchCount: Int = 100
        @Option(help: "Port for the temporary server") var port: Int = 18_081

        static let industries = ["fintech", "software", "banking", "insurance", "healthcare", "retail", "manufacturing", "automotive", "energy", "logistics", "media", "biotech"]
        static let countries = ["Germany", "United States", "United Kingdom", "France", "Netherlands", "Spain", "Japan", "Sweden", "Canada", "Italy"]
        static let titles = [
            "VP of Sales", "Head of Marketing", "CTO", "Software Engineer", "Account Executive", "Director of Engineering", "CFO",
            "Product Manager", "Recruiter", "Senior Data Scientist", "Founder", "Sales Development Representative", "Marketing Manager",
            "Head of Customer Success", "VP of Engineering", "Chief Executive Officer",
        ]
        static let typicalPrompts = [
            "VPs of Sales at fintech companies in Germany", "CTOs at software companies in the United States",
            "heads of marketing at retail companies in France", "software engineers in Japan", "founders of biotech startups",
            "directors of engineering at automotive companies with 1000+ employees", "CFOs at banks in the UK",
            "product managers at insurance companies in the Netherlands", "recruiters in Sweden", "account executives at media companies",
        ]

        func run() async throws {
            let directory = try Bench.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await PuffleDatabase.open(.sqlite(path: directory.appendingPathComponent("search.db").path), clock: SystemClock())
            let stores = Stores.sql(database)
            let importRate = try await loadProspects(stores.prospects)
            print("prospects:  \(people) people + \(companies) companies imported at \(Int(importRate)) rows/s")

            let (_, key) = try await stores.workspaces.createWorkspace(name: "bench", account: Account(), credits: prompts * fetchCount + 1)
            let (server, client) = try await Bench.startServer(
                stores: stores, apiKey: key.value, port: port, workers: (2, JobWorkerOptions(clock: stores.clock, pollInterval: .milliseconds(10))))
            defer { server.cancel() }
            var latencies: [Double] = []
            var found = 0
            var foundByPrompt: [String: Int] = [:]
            for index in 0..<prompts {
                let prompt = Self.typicalPrompts[index % Self.typicalPrompts.count]
                let (seconds, count) = try await timeSearch(prompt: prompt, listName: "bench \(index)", client: client)
                latencies.append(seconds * 1000)
                found += count
                foundByPrompt[prompt] = count
            }
            let sorted = latencies.sorted()
            print("searches:   \(prompts) tasks, fetch_count \(fetchCount), \(found) people found in all (\(found / max(prompts, 1)) a task)")
            for (prompt, count) in foundByPrompt.sorted(by: { $0.key < $1.key }) { print("  \(count) found (last run) for \"\(prompt)\"") }
            print(String(format: "202 -> done: p50 %.0f ms, p99 %.0f ms, max %.0f ms", Import.percentile(sorted, 0.5), Import.percentile(sorted, 0.99), sorted.last ?? 0))
            server.cancel()
            await database.close()
        }

        /// Imports the synthetic prospects in batches of 5,000. - Returns: rows per second.
        private func loadProspects(_ store: any ProspectStore) async throws -> Double {
            let start = ContinuousClock.now
            for first in stride(from: 0, to: companies, by: 5000) {
                _ = try await store.importProspects((first..<min(first + 5000, companies)).map(company))
            }
            for first in stride(from: 0, to: people, by: 5000) {
                _ = try await store.importProspects((first..<min(first + 5000, people)).map(person))
                if first % 100_000 == 0 { FileHandle.standardError.write(Data("\rprospects: \(first + 5000) people".utf8)) }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            return Double(people + companies) / (ContinuousClock.now - start).seconds
        }

        private func company(_ index: Int) -> LeadInput {
            LeadInput(json: [
                "type": "company", "name": .string("Company \(index)"), "domain": .string("c\(index).example"),
                "industry": .string(Self.industries[index % Self.industries.count]),
                // Industry, country and size vary independently, so every combination exists.
                "size": .string(LeadSearchFilters.sizeBands[(index / 120) % LeadSearchFilters.sizeBands.count]),
                "location": ["country": .string(Self.countries[(index / 12) % Self.countries.count])],
            ])
        }

        private func person(_ index: Int) -> LeadInput {
            let company = index % companies
            return LeadInput(json: [
                "type": "person", "name": ["first": .string("First\(index)"), "last": .string("Last\(index % 997)")],
                "title": .string(Self.titles[(index / companies + company) % Self.titles.count]),
                "company": ["name": .string("Company \(company)"), "domain": .string("c\(company).example")],
                "contacts": [["value": .string("p\(index)@c\(company).example")]],
            ])
        }

        /// Starts one search and polls it every 10 ms. - Returns: seconds from the POST to done, and people found.
        private func timeSearch(prompt: String, listName: String, client: PuffleHTTPClient) async throws -> (Double, Int) {
            let start = ContinuousClock.now
            let body = JSONWriter.string(["prompt": .string(prompt), "fetch_count": .integer(Int64(fetchCount)), "listName": .string(listName)])
            let created = try await client.send(method: "POST", path: "/api/leads/search", body: Data(body.utf8))
            guard created.status == 202, let taskId = try JSONParser.parse(created.body)["task"]?["id"]?.stringValue else {
                throw PuffleError.invalidRequest("search answered \(created.status)")
            }
            while true {
                let polled = try await client.send(method: "GET", path: "/api/leads/search", query: [URLQueryItem(name: "taskId", value: taskId)])
                let task = try JSONParser.parse(polled.body)["tasks"]?.arrayValue?.first ?? .null
                switch task["status"]?.stringValue {
                case "done": return ((ContinuousClock.now - start).seconds, task["resultCount"]?.intValue ?? 0)
                case "failed": throw PuffleError.invalidRequest("task failed: \(task["errorMessage"]?.stringValue ?? "")")
                default: try await Task.sleep(for: .milliseconds(10))
                }
            }
        }
    }
}

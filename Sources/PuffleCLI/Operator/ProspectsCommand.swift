import ArgumentParser
import Foundation
import PuffleCore
import PuffleStore

/// `puffle prospects import FILE`: loads the server's prospect database, which the offline Lead
/// Search provider searches.
struct ProspectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prospects",
        abstract: "Load and count the prospect database that Lead Search reads offline.",
        subcommands: [Import.self, Count.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream a JSON Lines file of Lead inputs (as POST /api/leads takes them) or a CSV with the documented header into the prospect database.",
            discussion: """
                CSV columns: full_name, first_name, last_name, title, company_name, company_domain, linkedin_url, email, city, state, \
                country, industry, company_size (and type=company for company rows). Companies are best listed before their people: a \
                person's company fills in its industry, size and country for search. People already present are kept. Progress goes \
                to stderr; a JSON summary to stdout. Try: puffle prospects import Samples/prospects.jsonl
                """)
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A .jsonl or .csv file") var file: String
        @Option(help: "Rows written per transaction") var batchSize: Int = 2000

        /// The row without a `domain` or `company.domain` that names no host: a Lead input refuses
        /// those, and a prospect database is better off keeping the person without the domain.
        static func withoutUnreadableDomains(_ row: JSONValue) -> JSONValue {
            /// The object without its `domain` when that names no host.
            func readable(_ object: JSONObject) -> JSONObject {
                guard let domain = object["domain"]?.stringValue, LeadIdentity.normalizedDomain(domain) == nil else { return object }
                var object = object
                object["domain"] = nil
                return object
            }
            guard var object = row.objectValue else { return row }
            object = readable(object)
            if let company = object["company"]?.objectValue { object["company"] = .object(readable(company)) }
            return .object(object)
        }

        func run() async throws {
            guard var lines = LeadFileRows(path: file) else { throw ValidationError("cannot open \(file)") }
            let summary = try await database.withDatabase { db in
                let store = SQLProspectStore(database: db)
                let start = ContinuousClock.now
                var batch: [LeadInput] = []
                var rows = 0
                var invalid = 0
                var added = ProspectImportCount()
                func flush() async throws {
                    guard !batch.isEmpty else { return }
                    invalid += batch.filter { !$0.isValid }.count
                    let count = try await store.importProspects(batch)
                    added.people += count.people
                    added.companies += count.companies
                    batch.removeAll(keepingCapacity: true)
                    let rate = Int(Double(rows) / max((ContinuousClock.now - start).seconds, 0.001))
                    FileHandle.standardError.write(Data("\rread \(rows) rows: \(added.people) people and \(added.companies) companies added, \(invalid) invalid (\(rate) rows/s)".utf8))
                }
                while let row = lines.next() {
                    batch.append(LeadInput(json: Self.withoutUnreadableDomains(row)))
                    rows += 1
                    if batch.count >= batchSize { try await flush() }
                }
                try await flush()
                FileHandle.standardError.write(Data("\n".utf8))
                let seconds = (ContinuousClock.now - start).seconds
                return [
                    "rows": .integer(Int64(rows)), "peopleAdded": .integer(Int64(added.people)), "companiesAdded": .integer(Int64(added.companies)),
                    "invalid": .integer(Int64(invalid)), "seconds": .number((seconds * 100).rounded() / 100),
                    "rowsPerSecond": .integer(Int64(Int(Double(rows) / max(seconds, 0.001)))),
                ] as JSONValue
            }
            printJSON(summary)
        }
    }

    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many people and companies the prospect database holds.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let counts = try await database.withDatabase { try await SQLProspectStore(database: $0).prospectCounts() }
            printJSON(["people": .integer(Int64(counts.people)), "companies": .integer(Int64(counts.companies))])
        }
    }
}

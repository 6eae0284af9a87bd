import HTTPTypes
import HummingbirdTesting
import Foundation
import PuffleAPI
@testable import PuffleCLI
import PuffleCore
import PuffleTestSupport
import Testing

@Suite struct CLILiveTests {
    func run(_ arguments: [String], on app: TestApp) async throws -> Int32 {
        let port = try #require(app.client.port)
        let environment = ["PUFFLE_API_KEY": app.apiKey, "PUFFLE_API_BASE_URL": "http://127.0.0.1:\(port)"]
        let (endpoint, rest) = try #require(ClientCommand.match(arguments))
        return await ClientCommand(environment: environment).run(endpoint: endpoint, arguments: rest)
    }

    @Test func clientCommandsDriveARealServer() async throws {
        try await withTestApp(.sqlite, live: true) { app in
            #expect(try await run(["list", "create", "--name", "From CLI", "--lead-type", "person"], on: app) == 0)
            let list = try #require(try await app.stores.lists.lists(workspaceId: app.workspaceId).first { $0.name == "From CLI" })
            #expect(try await run(["list", "lead", "--id", "no-such-list"], on: app) == 1, "an error status exits non-zero")
            #expect(try await run(["list", "create", "--lead-type"], on: app) == 2, "a flag without its value is a usage error")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("leads-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            var csv = "full_name,email,linkedin_url,company_name,title\n"
            for index in 0..<1_200 { csv += "Person \(index),p\(index)@acme.com,https://linkedin.com/in/p-\(index),Acme,\"VP, Sales\"\n" }
            csv += ",,,,\n"
            try csv.write(to: file, atomically: true, encoding: .utf8)
            #expect(try await run(["list", "import", "--list-id", list.id, "--file", file.path], on: app) == 0)
            #expect(try await app.stores.lists.list(workspaceId: app.workspaceId, id: list.id).leadCount == 1_200)
            let page = try await app.stores.leads.leads(workspaceId: app.workspaceId, filter: LeadFilter(texts: [.title: "vp, sales"]), after: nil, limit: 1)
            #expect(page.items.count == 1, "quoted CSV fields arrive whole")
        }
    }

    @Test func importFileSendsTypesAsGivenAndKeepsTheGoodRows() async throws {
        try await withTestApp(.sqlite, live: true) { app in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("leads-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            let csv = """
                Full Name,Type,Company,Email,Title
                Jane Doe,,Acme,jane@acme.com,"VP,
                Sales"
                Acme Inc,Company,,,
                Robo,robot,,robo@acme.com,

                """
            try csv.write(to: file, atomically: true, encoding: .utf8)
            #expect(try await run(["list", "import", "--file", file.path], on: app) == 0, "refused rows are reported, not fatal")
            let leads = try #require(try await app.call(.get, "/api/leads")["leads"]?.arrayValue)
            #expect(leads.count == 2, "the robot row is refused instead of imported as a person")
            let jane = try #require(leads.first { $0["name"]?["full"] == "Jane Doe" })
            #expect(jane["title"] == "VP,\nSales")
            #expect(jane["company"]?["name"] == "Acme")
            #expect(leads.contains { $0["type"] == "company" && $0["name"]?["full"] == "Acme Inc" })
        }
    }

    @Test func leadSearchCreateWaitsForTheTaskToFinish() async throws {
        try await withTestApp(.sqlite, live: true, workers: 1) { app in
            try await LeadSearchAPITests.loadProspects(app)
            let arguments = ["lead", "search", "create", "--prompt", "CTOs in the United States", "--fetch-count", "5", "--list-name", "CLI CTOs", "--wait"]
            #expect(try await run(arguments, on: app) == 0)
            let list = try #require(try await app.stores.lists.lists(workspaceId: app.workspaceId).first { $0.name == "CLI CTOs" })
            #expect(list.leadCount == 1, "Acme, in Austin, has one CTO")
            #expect(list.activeSearchTaskId == nil, "a finished search frees its List")
            #expect(try await run(["lead", "search", "--wait"], on: app) == 2, "--wait belongs to create")
        }
    }

    @Test func enrichmentCommandsCreatePollAndReadResults() async throws {
        try await withTestApp(.sqlite, live: true, workers: 1) { app in
            let (listId, people, _) = try await EnrichmentAPITests.seed(app)
            #expect(try await run(["enrichment", "--id", "seniority"], on: app) == 0)
            let scope = #"{"type":"list","listId":"\#(listId)"}"#
            #expect(try await run(["enrichment", "create", "--enrichment-id", "seniority", "--scope", scope, "--idempotency-key", "cli-1"], on: app) == 0)
            let (created, reused) = try await app.stores.enrichments.createRun(EnrichmentRequestProbe.same(app: app, listId: listId))
            #expect(reused, "the CLI's run, found by its idempotency key")
            _ = try await EnrichmentAPITests.finished(app, created.id)
            #expect(try await run(["enrichment", "status", "--id", created.id], on: app) == 0)
            #expect(try await run(["enrichment", "results", "--id", created.id, "--status", "completed", "--limit", "2"], on: app) == 0)
            #expect(try await run(["enrichment", "cancel", "--id", created.id], on: app) == 1, "a finished run is not cancellable (409)")
            #expect(try await run(["credit"], on: app) == 0)
            let lead = try await app.call(.get, "/api/leads?id=\(people[0])")["leads"]?.arrayValue?.first
            #expect(lead?["attributes"]?["seniority"]?["seniority"] == "vp")
        }
    }
}

/// The request `puffle enrichment create ... --idempotency-key cli-1` sent, rebuilt to find its run.
enum EnrichmentRequestProbe {
    static func same(app: TestApp, listId: String) -> EnrichmentRequest {
        let scope: JSONValue = ["type": "list", "listId": .string(listId)]
        let body: JSONObject = ["enrichmentId": "seniority", "scope": scope]
        return EnrichmentRequest(
            workspaceId: app.workspaceId, slug: "seniority", preview: false, scope: .list(listId: listId), requestedScope: scope, input: [:],
            attributeKey: "seniority", writePolicy: .overwrite, idempotencyKey: "cli-1",
            fingerprint: String(StableHash.fnv1a(JSONWriter.string(.object(body))), radix: 16), subject: .person, creditAction: "SENIORITY",
            unitCost: 0, correlationId: nil)
    }
}

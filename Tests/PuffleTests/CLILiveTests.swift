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
            let page = try await app.stores.leads.leads(workspaceId: app.workspaceId, filter: LeadFilter(title: "vp, sales"), after: nil, limit: 1)
            #expect(page.items.count == 1, "quoted CSV fields arrive whole")
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
}

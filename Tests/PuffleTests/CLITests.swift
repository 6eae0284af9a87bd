import ArgumentParser
import HTTPTypes
import PuffleAPI
@testable import PuffleCLI
import PuffleCore
import PuffleStore
import PuffleTestSupport
import Testing

@Suite struct CLITests {
    @Test func everyDeclaredCommandIsReachableByItsWords() throws {
        for endpoint in API.all {
            guard let command = endpoint.command else { continue }
            let (matched, rest) = try #require(ClientCommand.match(command + ["--id", "x"]))
            #expect(matched.operationId == endpoint.operationId)
            #expect(rest == ["--id", "x"])
        }
        #expect(ClientCommand.match(["list", "bogus"]) == nil)
    }

    @Test func flagsAreKebabCasedAndTyped() throws {
        let endpoint = try #require(API.endpoint("importListLeads"))
        let flags = CommandFlags(endpoint: endpoint)
        #expect(flags.flags.map(\.name) == ["leads", "list-id", "preview"])
        let parsed = try ParsedArguments(arguments: ["--leads", #"[{"type":"person","name":"A"}]"#, "--list-id", "L1", "--preview", "--format", "raw"], flags: flags)
        #expect(parsed.values["preview"] == .bool(true))
        #expect(parsed.values["list-id"] == "L1")
        #expect(parsed.format == .raw)
        #expect(throws: PuffleError.self) { try ParsedArguments(arguments: ["--nope", "1"], flags: flags) }
        let add = CommandFlags(endpoint: try #require(API.endpoint("addListLeads")))
        #expect(try ParsedArguments(arguments: ["--lead-ids", "a,b"], flags: add).values["lead-ids"] == ["a", "b"])
    }

    @Test func helpComesFromTheDeclaration() throws {
        let help = ClientHelp.text(for: CommandFlags(endpoint: try #require(API.endpoint("importListLeads"))))
        #expect(help.contains("puffle list import --leads <leads>"))
        #expect(help.contains("POST /api/lists/import"))
        #expect(help.contains("--file"))
    }

    @Test func csvRowsBecomeLeadInputs() {
        #expect(CSVLine.split(#"a,"b, c","say ""hi""",d"#) == ["a", "b, c", #"say "hi""#, "d"])
        let lead = CSVLead.input(columns: ["full_name", "email", "linkedin_url", "company_name"], fields: ["Jane Doe", "jane@acme.com", "https://linkedin.com/in/jane", "Acme"])
        #expect(lead.objectValue?["type"] == "person")
        #expect(lead.objectValue?["company"]?.objectValue?["name"] == "Acme")
    }
}

/// Operator commands run in-process against the test database, as `puffle ...` would.
@Suite struct OperatorCLITests {
    @Test func cancellingALeadSearchJobFailsItsTaskAndRetryQueuesItAgain() async throws {
        try await withTestApp(.sqlite) { app in
            let created = try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs", "fetch_count": 5])
            let taskId = try #require(created["task"]?["id"]?.stringValue)
            let job = try #require(try await app.stores.jobs.jobs(status: .queued, kind: "lead_search", limit: 1).first)
            guard case .sqlite(let path) = app.databaseURL else { return }
            var cancel = try OperatorCommand.parseAsRoot(["jobs", "cancel", "--id", job.id, "--database-url", "sqlite:\(path)"]) as? any AsyncParsableCommand
            try await cancel?.run()
            #expect(try await app.stores.jobs.job(id: job.id).status == .cancelled)
            let task = try await app.call(.get, "/api/leads/search?taskId=\(taskId)")["tasks"]?.arrayValue?.first
            #expect(task?["status"] == "failed")
            #expect(task?["errorCode"] == "cancelled")
            var retry = try OperatorCommand.parseAsRoot(["jobs", "retry", "--id", job.id, "--database-url", "sqlite:\(path)"]) as? any AsyncParsableCommand
            try await retry?.run()
            #expect(try await app.stores.jobs.job(id: job.id).status == .queued)
            #expect(throws: (any Error).self) { try OperatorCommand.parseAsRoot(["jobs", "list", "--status", "sleeping"]) }
        }
    }
}

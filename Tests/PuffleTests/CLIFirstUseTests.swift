import HTTPTypes
import Foundation
@testable import PuffleCLI
import PuffleCore
import PuffleTestSupport
import Testing

/// A newcomer's first half hour: what the CLI says when something is not set up yet.
@Suite struct CLIFirstUseTests {
    @Test func aMissingKeyIsNamedBeforeAnyRequest() async throws {
        let (endpoint, rest) = try #require(ClientCommand.match(["account"]))
        // Port 1 would refuse: the command must stop at the missing key first.
        let status = await ClientCommand(environment: ["PUFFLE_API_BASE_URL": "http://127.0.0.1:1"]).run(endpoint: endpoint, arguments: rest)
        #expect(status == 2)
        #expect(throws: PuffleError.self) { try ClientCommand(environment: [:]).client() }
        do {
            _ = try ClientCommand(environment: [:]).client()
        } catch let error as PuffleError {
            #expect(error.message.hasPrefix("PUFFLE_API_KEY is not set"))
        }
    }

    @Test func brokenJSONInAFlagSaysWhere() throws {
        let flags = CommandFlags(endpoint: try #require(ClientCommand.match(["list", "import"])?.0))
        do {
            _ = try ParsedArguments(arguments: ["--leads", #"[{"type":"person" "name":"A"}]"#], flags: flags)
            Issue.record("broken JSON was accepted")
        } catch let error as PuffleError {
            #expect(error.message.hasPrefix("--leads: invalid JSON at line 1, column 19"), "\(error.message)")
        }
    }

    @Test func prettyIsAViewForPeople() {
        let run: JSONValue = ["run": ["id": "r1", "status": "completed", "counts": ["completed": 3, "failed": 1]]]
        let text = HumanView.render(run)
        #expect(text.contains("counts  completed 3 · failed 1"))
        #expect(text.split(separator: "\n").count == 4)
        let lists: JSONValue = ["lists": [["id": "a", "name": "Q3", "leadCount": 12], ["id": "b", "name": "Q4", "leadCount": 3]]]
        let table = HumanView.render(lists).split(separator: "\n").map(String.init)
        #expect(table[1].hasPrefix("  id  name  leadCount"))
        #expect(table.last == "  (2 rows)")
    }

    @Test func theImportProgressNeverCountsRefusedRowsAsImported() {
        #expect(ListImportFile.progress(rows: 5, created: 4, merged: 0, refused: 1) == "imported 4 of 5 rows (4 new, 0 merged), 1 refused")
    }

    @Test func operatorCommandsDoNotCreateADatabaseByAccident() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-missing-\(UUID().uuidString).db").path
        let status = await PuffleMain.runOperator(["workspace", "list", "--database-url", "sqlite:\(missing)"])
        #expect(status == 1)
        #expect(!FileManager.default.fileExists(atPath: missing), "refused, and no empty file left behind")
        let banner = Serve.firstStartBanner(workspaceId: "w1", key: "pk_live_x", base: "http://127.0.0.1:8080")
        #expect(banner.contains("export PUFFLE_API_KEY=pk_live_x\n"))
        #expect(banner.contains("export PUFFLE_API_BASE_URL=http://127.0.0.1:8080\n"))
    }

    @Test(arguments: TestBackend.available)
    func anEmailContactMustBeAnEmail(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let lead: JSONValue = ["type": "person", "name": "Nora Mail", "contacts": [["type": "email", "value": "not-an-email"]]]
            let created = try await app.call(.post, "/api/leads", json: lead)
            #expect(created.status == 400)
            #expect(created["error"]?["message"]?.stringValue?.contains("not an email address") == true)
            let imported = try await app.call(.post, "/api/lists/import", json: ["leads": [lead]])
            #expect(imported["errors"]?.arrayValue?.count == 1)
        }
    }
}

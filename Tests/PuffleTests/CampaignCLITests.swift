import Foundation
import HTTPTypes
import PuffleAPI
@testable import PuffleCLI
import PuffleCore
import PuffleTestSupport
import Testing

/// Every CLI form of campaigns.md (and ours) against a live server: each exits 0 and does what it says.
@Suite struct CampaignCLITests {
    /// `puffle <arguments>` against the live app, as ``CLILiveTests`` runs it.
    func run(_ arguments: [String], on app: TestApp) async throws -> Int32 {
        try await CLILiveTests().run(arguments, on: app)
    }

    @Test func everyCampaignCommandRunsAgainstALiveServer() async throws {
        try await withTestApp(.sqlite, live: true, mail: CampaignAPITests.verified) { app in
            let sender = try await CampaignAPITests.sender(app)
            let hours = #"{"timezone":"Europe/Berlin","days":{"monday":{"enabled":true,"start":"09:00","end":"17:00"}}}"#
            #expect(try await run([
                "campaign", "create", "--type", "email", "--name", "From CLI", "--sender-account-ids", "[\"\(sender)\"]", "--skip-other-campaigns",
                "--operating-hours", hours, "--daily-limit", "50", "--stop-on-reply", "--open-tracking", "--signature", "Best",
            ], on: app) == 0)
            let campaign = try #require(try await app.stores.campaigns.summaries(workspaceId: app.workspaceId).first?.campaign)
            let id = campaign.id
            #expect(campaign.settings.openTracking && campaign.settings.dailyLimit == 50 && campaign.settings.operatingHours != nil)
            for arguments in [["campaign"], ["campaign", "--id", id], ["campaign", "setting"], ["campaign", "sender", "--id", id],
                              ["campaign", "account-usage", "--id", id, "--date", "2026-04-21"], ["campaign", "validate", "--id", id]] {
                #expect(try await run(arguments, on: app) == 0, "\(arguments)")
            }
            #expect(try await run(["campaign", "update", "--id", id, "--name", "Renamed"], on: app) == 0)
            #expect(try await app.stores.campaigns.campaign(id: id, workspaceId: app.workspaceId).settings.name == "Renamed")

            #expect(try await run(["campaign", "sequence", "node", "add", "--id", id, "--type", "delay", "--delay-days", "2"], on: app) == 0)
            var nodes = try await app.stores.campaigns.nodes(campaignId: id)
            #expect(nodes.map(\.type) == [.email, .delay, .end])
            #expect(try await run(["campaign", "sequence", "node", "move", "--id", id, "--node-id", nodes[1].id, "--to-position", "0"], on: app) == 0)
            #expect(try await run([
                "campaign", "sequence", "node", "update", "--id", id, "--node-id", nodes[0].id, "--subject", "Hi %first_name%", "--body", "Hello", "--is-reply", "false",
            ], on: app) == 0)
            #expect(try await run(["campaign", "sequence", "node", "delete", "--id", id, "--node-id", nodes[1].id], on: app) == 0)
            nodes = try await app.stores.campaigns.nodes(campaignId: id)
            #expect(nodes.map(\.type) == [.email, .end] && nodes[0].subject == "Hi %first_name%")

            #expect(try await run(["campaign", "lead", "add", "--id", id, "--prospects", #"[{"email":"ada@acme.com","first_name":"Ada"},{"email":"bob@acme.com"}]"#], on: app) == 0)
            #expect(try await run(["campaign", "lead", "--id", id, "--page", "1", "--limit", "10", "--status", "pending"], on: app) == 0)
            let prospects = try await app.stores.campaigns.prospects(campaignId: id, status: nil, offset: 0, limit: 10).rows
            let bob = try #require(prospects.first { $0.fields.email == "bob@acme.com" })
            #expect(try await run(["campaign", "lead", "update", "--id", id, "--prospect-id", bob.id, "--updates", #"{"company":"Bob Co"}"#], on: app) == 0)
            #expect(try await run(["campaign", "lead", "remove", "--id", id, "--prospect-ids", "[\"\(bob.id)\"]"], on: app) == 0)
            let list = try #require(try await app.call(.post, "/api/lists", json: ["name": "CLI list"])["list"]?.objectValue?["id"]?.stringValue)
            _ = try await app.call(.post, "/api/lists/import", json: ["listId": .string(list), "leads": [ListsAPITests.person(7)]])
            #expect(try await run(["campaign", "lead", "import", "--id", id, "--list-id", list, "--filter", #"{"limit":5}"#], on: app) == 0)
            #expect(try await run([
                "campaign", "lead", "confirm-csv", "--id", id, "--lead-list-id", "csv-1", "--mapping", #"{"email":"Email"}"#, "--csv-text", "Email\ncy@acme.com\n",
            ], on: app) == 0)
            #expect(try await app.stores.campaigns.prospects(campaignId: id, status: nil, offset: 0, limit: 10).total == 3)

            #expect(try await run(["campaign", "generate-message", "--id", id], on: app) == 0, "resolve is the default action")
            #expect(try await run(["campaign", "generate-message", "list", "--id", id, "--status", "draft", "--prospect-id", prospects[0].id], on: app) == 0)
            let message = try #require(try await app.stores.campaigns.messages(campaignId: id, statuses: [.draft], prospectId: nil, limit: 10).first)
            #expect(try await run(["campaign", "generate-message", "update", "--id", id, "--message-id", message.id, "--subject", "S", "--body-text", "B"], on: app) == 0)

            #expect(try await run(["campaign", "launch", "--id", id], on: app) == 0)
            #expect(try await run(["campaign", "launch", "--id", id], on: app) == 1, "a second launch is refused")
            #expect(try await run(["campaign", "pause", "--id", id], on: app) == 0)
            #expect(try await run(["campaign", "resume", "--id", id], on: app) == 0)
            #expect(try await app.stores.campaigns.campaign(id: id, workspaceId: app.workspaceId).status == .active)
            #expect(try await run(["campaign", "delete", "--id", id], on: app) == 0)
            #expect(try await app.stores.campaigns.summaries(workspaceId: app.workspaceId).isEmpty)
        }
    }
}

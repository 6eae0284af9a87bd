import Foundation
import HTTPTypes
import PuffleCore
import PuffleProviders
import PuffleTestSupport
import Synchronization
import Testing

/// `ai` nodes written by an OpenAI-compatible model (a local fake), charged per message, and the
/// clear errors without a model or credits.
@Suite struct CampaignAITests {
    @Test(arguments: TestBackend.available)
    func anAINodesMessagesAreWrittenChargedAndThenLaunchable(backend: TestBackend) async throws {
        let fake = FakeProviders()
        fake.chatContent.withLock { $0 = #"{"subject": "A thought for Acme", "body": "Hi Ada, a line about Acme."}"# }
        try await fake.run { base in
            let model = ChatLanguageModel(baseURL: base + "/v1", apiKey: "k", model: "test-model")
            try await withTestApp(backend, credits: 100, workers: 1, mail: CampaignAPITests.verified, languageModel: model) { app in
                let (id, _) = try await CampaignAPITests.create(app, senders: [try await CampaignAPITests.sender(app)])
                _ = try await app.call(.patch, "/api/campaigns/\(id)", json: ["sequence_nodes": [["type": "ai"], ["type": "end"]]])
                let aiId = try #require(try await app.call(.get, "/api/campaigns/\(id)")["sequence_nodes"]?.arrayValue?.first?.objectValue?["id"]?.stringValue)
                _ = try await app.call(.put, "/api/campaigns/\(id)/sequence/nodes/\(aiId)", json: ["ai_node": ["purpose": "open a conversation", "output_type": "email"]])
                _ = try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": [["email": "ada@acme.com", "first_name": "Ada", "company": "Acme"], ["email": "bob@acme.com"]]])
                #expect(try await app.call(.get, "/api/campaigns/\(id)/validate")["errors"]?.arrayValue?.contains { $0.stringValue?.contains("AI node") == true } == true)

                let queued = try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "generate_ai"])
                #expect(queued.status == 200)
                var drafts: [JSONValue] = []
                // The job writes the drafts and then settles the charge: under a loaded machine the two
                // are seen apart, so both are waited for (up to 20 s).
                for _ in 0..<1000 {
                    drafts = try await app.call(.get, "/api/campaigns/\(id)/generate-messages")["messages"]?.arrayValue ?? []
                    if drafts.count == 2, try await app.call(.get, "/api/credits")["balance"] == 96 { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(drafts.count == 2 && drafts.allSatisfy { $0.objectValue?["subject"] == "A thought for Acme" && $0.objectValue?["node_id"]?.stringValue == aiId })
                #expect(try await app.call(.get, "/api/credits")["balance"] == 96, "two messages at 2 credits")
                let asked = fake.requests.withLock { $0 }.filter { $0.path.hasSuffix("/chat/completions") }
                #expect(asked.count == 2 && "\(asked[0].body)".contains("open a conversation"))
                #expect(try await app.call(.get, "/api/campaigns/\(id)/validate")["ready"] == true)

                let content = try await app.call(.post, "/api/campaigns/\(id)/generate-content", json: ["node_id": .string(aiId), "message": "Make it shorter"])
                #expect(content.status == 200 && content["skeleton_updated"] == false && content["session_id"]?.stringValue?.isEmpty == false)
                #expect(try await app.call(.post, "/api/campaigns/\(id)/generate-content", json: ["node_id": "nope", "message": "x"]).status == 404)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func withoutAModelOrCreditsNothingIsQueued(backend: TestBackend) async throws {
        let model = ChatLanguageModel(baseURL: "http://127.0.0.1:9/v1", apiKey: nil, model: "none")
        try await withTestApp(backend, credits: 1, mail: CampaignAPITests.verified, languageModel: model) { app in
            let (id, _) = try await CampaignAPITests.create(app, senders: [try await CampaignAPITests.sender(app)])
            #expect(try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "generate_ai"]).status == 400, "no ai node")
            _ = try await app.call(.post, "/api/campaigns/\(id)/sequence/nodes", json: ["type": "ai"])
            _ = try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": [["email": "ada@acme.com"]]])
            let short = try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "generate_ai"])
            #expect(short.status == 402 && short.errorCode == "insufficient_credits")
            #expect(try await app.stores.jobs.jobs(status: nil, kind: AIMessages.jobKind, limit: 10).isEmpty)
        }
        try await withTestApp(backend, mail: CampaignAPITests.verified) { app in
            let (id, nodes) = try await CampaignAPITests.create(app, senders: [try await CampaignAPITests.sender(app)])
            _ = try await app.call(.post, "/api/campaigns/\(id)/sequence/nodes", json: ["type": "ai"])
            #expect(try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "generate_ai"]).errorCode == "ai_model_not_configured")
            let nodeId = try #require(nodes.first?.objectValue?["id"]?.stringValue)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/generate-content", json: ["node_id": .string(nodeId), "message": "x"]).errorCode == "ai_model_not_configured")
        }
    }
}

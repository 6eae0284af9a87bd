import HTTPTypes
import PuffleCore
import PuffleProviders
import PuffleTestSupport
import Synchronization
import Testing

/// The Enrichments that call out, against local servers speaking the real shapes.
@Suite struct NetworkEnrichmentTests {
    func run(_ app: TestApp, _ body: JSONValue) async throws -> JSONValue {
        let created = try await app.call(.post, "/api/enrichment", json: body)
        #expect(created.status == 200, "\(created.json)")
        return try await EnrichmentAPITests.finished(app, try #require(created["runId"]?.stringValue))
    }

    func attribute(_ app: TestApp, _ leadId: String, _ key: String) async throws -> JSONValue? {
        try await app.call(.get, "/api/leads?id=\(leadId)")["leads"]?.arrayValue?.first?["attributes"]?[key]
    }

    @Test func websiteHTTPRequestAIAndProviderEnrichmentsWriteWhatTheServersSay() async throws {
        let fake = FakeProviders()
        fake.chatContent.withLock { $0 = "  Ada sells payments infrastructure.  " }
        try await fake.run { base in
            let catalog = StandardEnrichments.catalog(
                apollo: (base, FakeProviders.apolloKey), pdl: (base, FakeProviders.pdlKey), languageModel: (base + "/v1", "k", "m"),
                homePage: { base + "/site/" + $0 })
            try await withTestApp(.sqlite, workers: 1, catalog: catalog) { app in
                let (listId, people, company) = try await EnrichmentAPITests.seed(app)
                let site = try await run(app, ["enrichmentId": "website_overview", "scope": ["type": "explicit_leads", "leadIds": [.string(company)]]])
                #expect(site["scope"]?["counts"]?["completed"] == 1)
                let overview = try await attribute(app, company, "website_overview")
                #expect(overview?["title"] == "acme.example & Co")
                #expect(overview?["description"] == "We make things for acme.example.")
                #expect(overview?["socials"] == ["https://www.linkedin.com/company/acme.example"])
                #expect(overview?["technologies"] == ["Next.js", "Stripe"])

                _ = try await run(app, [
                    "enrichmentId": "http_request", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])]],
                    "input": ["url": .string(base + "/score?email={{email}}"), "responsePath": "data.0.score"], "output": ["attributeKey": "score"],
                ])
                #expect(try await attribute(app, people[0], "score") == 42)

                _ = try await run(app, ["enrichmentId": "ai", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])]], "input": ["prompt": "What does {{name}} sell?"]])
                #expect(try await attribute(app, people[0], "ai") == "Ada sells payments infrastructure.")
                let prompt = fake.requests.withLock { $0.last { $0.path == "/v1/chat/completions" }?.body["messages"]?.arrayValue?.first?["content"] }
                #expect(prompt == "What does dr. ADA de la cruz sell?", "the Lead's name as stored")

                // Apollo knows only Ada; the waterfall falls through to People Data Labs for Bo.
                let waterfall = try await run(app, [
                    "enrichmentId": "waterfall", "scope": ["type": "list", "listId": .string(listId)], "input": ["steps": ["apollo_people_match", "pdl_person_enrich"]],
                ])
                #expect(waterfall["scope"]?["counts"]?["completed"] == 3)
                #expect(try await attribute(app, people[0], "waterfall")?["source"] == "apollo_people_match")
                #expect(try await attribute(app, people[1], "waterfall")?["source"] == "pdl_person_enrich")
                #expect(try await attribute(app, people[1], "waterfall")?["value"]?["title"] == "head of growth")
            }
        }
    }

    @Test func aProviderThatKeepsFailingFailsTheItemAndRefundsIt() async throws {
        let fake = FakeProviders()
        try await fake.run { base in
            let catalog = StandardEnrichments.catalog(pdl: (base, FakeProviders.pdlKey))
            try await withTestApp(.sqlite, config: try EnrichmentAPITests.pricedConfig(["PERSON_ENRICH": 1]), credits: 10, workers: 1, catalog: catalog) { app in
                let (_, people, _) = try await EnrichmentAPITests.seed(app)
                fake.plan.withLock { $0 = Array(repeating: 503, count: 10) }
                let run = try await run(app, ["enrichmentId": "pdl_person_enrich", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])]]])
                #expect(run["scope"]?["counts"]?["failed"] == 1)
                #expect(try await app.stores.credits.balance(workspaceId: app.workspaceId) == 10, "charged 1, refunded 1")
                let items = try await app.call(.get, "/api/enrichment/\(run["id"]?.stringValue ?? "")/items")["items"]?.arrayValue
                #expect(items?.first?["attempts"] == 1, "one item attempt, its provider calls retried inside it")
                #expect(fake.requests.withLock { $0.count } == 4, "tried 4 times with backoff before failing")
            }
        }
    }
}

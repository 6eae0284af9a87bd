import HTTPTypes
import PuffleCore
import PuffleProviders
import PuffleTestSupport
import Synchronization
import Testing

/// The HTTP providers against a local fake that speaks the real APIs' shapes.
@Suite struct ProviderTests {
    static let filters = LeadSearchFilters(json: [
        "seniority_level": ["vp"], "functional_level": ["sales"], "contact_location": ["Germany"], "size": ["51-100", "10001+"],
        "company_industry": ["fintech"],
    ])

    @Test func apolloGetsItsFilterNamesAndPagesByPageNumber() async throws {
        let fake = FakeProviders(peopleCount: 7)
        try await fake.run { base in
            let apollo = ApolloPeopleSearch(baseURL: base, apiKey: FakeProviders.apolloKey)
            let first = try await apollo.search(LeadSearchQuery(filters: Self.filters, prompt: "", limit: 5, cursor: nil))
            #expect(first.people.count == 5)
            #expect(first.hasMore)
            #expect(first.people[0].lead["name"]?["first"] == "Ada0")
            #expect(first.people[0].lead["contacts"]?.arrayValue?.first?["value"] == "ada0@solaris.example")
            #expect(first.people[0].id == "person-0")
            let second = try await apollo.search(LeadSearchQuery(filters: Self.filters, prompt: "", limit: 5, cursor: first.nextCursor))
            #expect(second.people.map(\.id) == ["person-5", "person-6"])
            #expect(!second.hasMore)
            let sent = try #require(fake.requests.withLock { $0.first?.body })
            #expect(sent["person_seniorities"] == ["vp"])
            #expect(sent["person_locations"] == ["Germany"])
            #expect(sent["organization_num_employees_ranges"] == ["51,100", "10001,"])
            #expect(sent["page"] == 1)
        }
    }

    @Test func pdlSendsAnElasticsearchQueryAndScrolls() async throws {
        let fake = FakeProviders(peopleCount: 3)
        try await fake.run { base in
            let pdl = PDLPersonSearch(baseURL: base, apiKey: FakeProviders.pdlKey)
            let first = try await pdl.search(LeadSearchQuery(filters: Self.filters, prompt: "", limit: 2, cursor: nil))
            #expect(first.people.count == 2)
            #expect(first.hasMore)
            #expect(first.people[0].lead["socials"]?.arrayValue?.first?["url"] == "https://linkedin.com/in/pdl-person-0")
            let rest = try await pdl.search(LeadSearchQuery(filters: Self.filters, prompt: "", limit: 2, cursor: first.nextCursor))
            #expect(rest.people.count == 1)
            #expect(!rest.hasMore)
            let must = try #require(fake.requests.withLock { $0.first?.body["query"]?["bool"]?["must"]?.arrayValue })
            #expect(must.contains(["terms": ["job_title_levels": ["vp"]]]))
            #expect(must.contains(["terms": ["location_country": ["germany"]]]))
        }
    }

    @Test func httpFailuresAreSortedIntoRetryableAndFinal() async throws {
        let fake = FakeProviders()
        try await fake.run { base in
            let apollo = ApolloPeopleSearch(baseURL: base, apiKey: FakeProviders.apolloKey)
            let query = LeadSearchQuery(filters: Self.filters, prompt: "", limit: 5, cursor: nil)
            fake.plan.withLock { $0 = [429, 503] }
            await #expect { try await apollo.search(query) } throws: { error in
                if case LeadSearchProviderError.rateLimited(retryAfterSeconds: 1) = error { true } else { false }
            }
            await #expect { try await apollo.search(query) } throws: { error in
                if case LeadSearchProviderError.unavailable = error { true } else { false }
            }
            let wrongKey = ApolloPeopleSearch(baseURL: base, apiKey: "wrong")
            await #expect { try await wrongKey.search(query) } throws: { error in
                if case LeadSearchProviderError.rejected(status: 401, message: "invalid api key") = error { true } else { false }
            }
        }
    }

    /// Polls a task until it ends.
    func finished(_ app: TestApp, prompt: String) async throws -> JSONValue {
        let created = try await app.call(.post, "/api/leads/search", json: ["prompt": .string(prompt), "fetch_count": 3])
        return try await LeadSearchAPITests.waitForTask(app, try #require(created["task"]?["id"]?.stringValue))
    }

    @Test func aSearchThroughApolloRetriesAPassingFailureAndSavesRawRows() async throws {
        let fake = FakeProviders()
        try await fake.run { base in
            let apollo = ApolloPeopleSearch(baseURL: base, apiKey: FakeProviders.apolloKey)
            try await withTestApp(.sqlite, workers: 1, searchProvider: apollo) { app in
                fake.plan.withLock { $0 = [429, 500] }
                let task = try await finished(app, prompt: "VPs of Sales in Germany")
                #expect(task["status"] == "done")
                #expect(task["resultCount"] == 3)
                let results = try await app.call(.get, "/api/leads/search/results?taskId=\(task["id"]?.stringValue ?? "")")
                let first = try #require(results["results"]?.arrayValue?.first)
                #expect(first["provider"] == "apollo")
                #expect(first["raw"]?["organization"]?["primary_domain"] == "solaris.example", "the provider's row is kept as it came")
            }
        }
    }

    @Test func aProviderThatKeepsFailingOrRefusesFailsTheTaskWithAStableCode() async throws {
        let fake = FakeProviders()
        try await fake.run { base in
            try await withTestApp(.sqlite, workers: 1, searchProvider: ApolloPeopleSearch(baseURL: base, apiKey: "revoked")) { app in
                let refused = try await finished(app, prompt: "VPs of Sales")
                #expect(refused["status"] == "failed")
                #expect(refused["errorCode"] == "provider_error")
                #expect(refused["errorMessage"]?.stringValue?.contains("401") == true)
            }
            try await withTestApp(.sqlite, workers: 1, searchProvider: ApolloPeopleSearch(baseURL: base, apiKey: FakeProviders.apolloKey)) { app in
                fake.plan.withLock { $0 = Array(repeating: 503, count: 10) }
                let down = try await finished(app, prompt: "VPs of Sales")
                #expect(down["status"] == "failed")
                #expect(down["errorCode"] == "provider_unavailable")
                #expect(try await app.call(.get, "/api/lists?id=\(down["resultListId"]?.stringValue ?? "")")["lists"]?.arrayValue?.first?["activeSearchTaskId"] == .null)
            }
        }
    }

    @Test func aLanguageModelReadsThePromptAndTheRuleParserStandsInWhenItFails() async throws {
        let fake = FakeProviders()
        try await fake.run { base in
            let model = ChatPromptInterpreter(baseURL: base + "/v1", apiKey: "k", model: "test-model")
            try await withTestApp(.sqlite, workers: 1, interpreter: model) { app in
                try await LeadSearchAPITests.loadProspects(app)
                let read = try await finished(app, prompt: "the people who run technology at the Berlin fintech")
                #expect(read["filters"]?["seniority_level"] == ["c_suite"], "the model's reading replaced the rule parser's")
                #expect(read["resultCount"] == 2, "the CTOs of the two German companies")
                #expect(fake.requests.withLock { $0.last?.body["model"] } == "test-model")
                fake.plan.withLock { $0 = [500] }
                let fallback = try await finished(app, prompt: "CTOs in Germany")
                #expect(fallback["status"] == "done")
                #expect(fallback["filters"]?["functional_level"] == ["engineering"], "the rule parser's reading, which the model's lacks")
                #expect(fallback["resultCount"] == 2, "the CTOs of Solaris and Brauhaus, both German")
            }
        }
    }
}

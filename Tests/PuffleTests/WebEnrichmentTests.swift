import HTTPTypes
import PuffleCore
import PuffleProviders
import PuffleTestSupport
import Synchronization
import Testing

/// `site_crawl`, `hiring_status`, `news_articles`, `mobile_phone` and `linkedin_posts` against
/// local servers in the real shapes; without their provider keys the last two are unavailable.
@Suite struct WebEnrichmentTests {
    static func company(_ app: TestApp) async throws -> String {
        let created = try await app.call(.post, "/api/leads", json: ["type": "company", "name": "Acme", "domain": "acme.example"])
        return try #require(created["lead"]?["id"]?.stringValue)
    }

    func run(_ app: TestApp, _ slug: String, _ leadId: String, input: JSONObject) async throws -> JSONValue? {
        let run = try await NetworkEnrichmentTests().run(app, [
            "enrichmentId": .string(slug), "scope": ["type": "explicit_leads", "leadIds": [.string(leadId)]], "input": .object(input),
        ])
        #expect(run["scope"]?["counts"]?["completed"] == 1, "\(slug): \(run["scope"]?["counts"] ?? .null)")
        return try await NetworkEnrichmentTests().attribute(app, leadId, slug)
    }

    @Test func siteCrawlHiringAndNewsReadTheSiteTheBoardsAndTheFeeds() async throws {
        let site = FakeWebsite()
        try await site.run { base in
            let web = WebAccess(jobBoards: .init(greenhouse: base, lever: base, ashby: base))
            let catalog = StandardEnrichments.catalog(web: web, news: (base, "news-key"))
            try await withTestApp(.sqlite, workers: 1, catalog: catalog) { app in
                let acme = try await Self.company(app)
                let crawl = try #require(try await run(app, "site_crawl", acme, input: ["website": .string(base + "/"), "pageBudget": 4]))
                #expect(crawl["pageCount"] == 4)
                #expect(crawl["pages"]?.arrayValue?.first?["title"] == "Acme | Pipeline software")
                #expect(crawl["pages"]?.arrayValue?.map { $0["url"]?.stringValue ?? "" }.contains { $0.hasSuffix("/about") } == true, "about first")
                #expect(!site.served.withLock { $0 }.contains { $0.hasPrefix("/private") }, "robots.txt honoured")

                let hiring = try #require(try await run(app, "hiring_status", acme, input: ["website": .string(base + "/")]))
                #expect(hiring["hiring"] == .bool(true))
                let titles = Set(hiring["jobs"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? [])
                #expect(titles == ["Account Executive", "Senior Backend Engineer", "Head of Marketing", "Sales Development Representative", "Product Designer"])
                #expect(hiring["openRoles"] == 6, "two from the careers page, two Greenhouse, one Lever, one Ashby")
                #expect(hiring["jobs"]?.arrayValue?.first { $0["title"] == "Account Executive" && $0["source"] == "careers_page" }?["location"] == "Berlin")

                let news = try #require(try await run(app, "news_articles", acme, input: ["website": .string(base + "/")]))
                let headlines = news["articles"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
                #expect(headlines == ["Acme raises a Series A", "Acme & Solaris partner", "Acme named a top fintech tool"])
                #expect(news["feeds"]?.arrayValue?.count == 1)
            }
        }
    }

    @Test func phoneAndPostsComeFromTheirProvidersOrAreUnavailable() async throws {
        try await withTestApp(.sqlite, catalog: StandardEnrichments.catalog()) { app in
            let catalog = try await app.call(.get, "/api/enrichments")["enrichments"]?.arrayValue ?? []
            let phone = catalog.first { $0["slug"] == "mobile_phone" }
            #expect(phone?["enabled"] == .bool(false))
            #expect(phone?["unavailableReason"]?.stringValue?.contains("PUFFLE_PDL_API_KEY") == true)
            #expect(catalog.first { $0["slug"] == "linkedin_posts" }?["enabled"] == .bool(false))
            let people = try await EnrichmentAPITests.seed(app).1
            let refused = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "mobile_phone", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])]]])
            #expect(refused.status == 400)
            #expect(refused.errorCode == "ENRICHMENT_UNAVAILABLE")
        }
        let fake = FakeProviders()
        try await fake.run { base in
            let catalog = StandardEnrichments.catalog(pdl: (base, FakeProviders.pdlKey), linkedIn: (base, FakeProviders.unipileKey, "acct-1"))
            try await withTestApp(.sqlite, workers: 1, catalog: catalog) { app in
                let lead = try await app.call(.post, "/api/leads", json: [
                    "type": "person", "name": "Ada Lovelace", "socials": [["url": "https://www.linkedin.com/in/ada-0"]], "company": ["domain": "solaris.example"],
                ])
                let id = try #require(lead["lead"]?["id"]?.stringValue)
                #expect(try await run(app, "mobile_phone", id, input: [:]) == ["phone": "+4915112345678", "provider": "pdl"])
                let posts = try #require(try await run(app, "linkedin_posts", id, input: ["limit": 1]))
                #expect(posts["count"] == 1)
                #expect(posts["posts"]?.arrayValue?.first?["text"] == "Payments are infrastructure.")
            }
        }
    }
}

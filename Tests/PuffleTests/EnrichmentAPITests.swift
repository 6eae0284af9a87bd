import HTTPTypes
import PuffleConfig
import PuffleCore
import PuffleHTTP
import PuffleTestSupport
import Synchronization
import Testing

/// Enrichment runs through the API, with the worker running their jobs.
@Suite struct EnrichmentAPITests {
    /// Three people (a VP, an engineer, one without a title) and a company, the people in a List.
    static func seed(_ app: TestApp) async throws -> (listId: String, people: [String], company: String) {
        let list = try await app.call(.post, "/api/lists", json: ["name": "Targets"])
        let listId = try #require(list["list"]?["id"]?.stringValue)
        let imported = try await app.call(.post, "/api/lists/import", json: ["listId": .string(listId), "leads": [
            ["type": "person", "name": "dr. ADA de la cruz", "title": "VP of Sales", "contacts": [["value": "ada@acme.example"]]],
            ["type": "person", "name": "Bo Chen", "title": "Senior Software Engineer", "contacts": [["value": "bo@mailinator.com"]]],
            ["type": "person", "name": "Cy Untitled"],
        ]])
        let people = try #require(imported["leads"]?.arrayValue?.compactMap { $0["id"]?.stringValue })
        let company = try #require(try await app.call(.post, "/api/leads", json: ["type": "company", "name": "Acme", "domain": "acme.example"])["lead"]?["id"]?.stringValue)
        return (listId, people, company)
    }

    /// Polls a run until it ends.
    static func finished(_ app: TestApp, _ runId: String) async throws -> JSONValue {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            let run = try await app.call(.get, "/api/enrichment/\(runId)")["run"] ?? .null
            if ["completed", "failed", "cancelled"].contains(run["status"]?.stringValue ?? "") { return run }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Timeout()
    }

    struct Timeout: Error {}

    static func pricedConfig(_ prices: [String: Int]) throws -> AppConfig {
        AppConfig(creditPrices: try CreditPrices(overrides: prices))
    }

    @Test func theCatalogListsEveryEnrichmentWithItsSubjectAndCost() async throws {
        try await withTestApp(.sqlite) { app in
            let catalog = try await app.call(.get, "/api/enrichments")["enrichments"]?.arrayValue ?? []
            let slugs = Set(catalog.compactMap { $0["slug"]?.stringValue })
            #expect(slugs.isSuperset(of: ["seniority", "name_parse", "email_verification", "waterfall"]))
            let one = try await app.call(.get, "/api/enrichments?id=seniority")["enrichments"]?.arrayValue
            #expect(one?.count == 1)
            #expect(one?.first?["subject"] == "person")
            #expect(one?.first?["costModel"]?["creditAction"] == "SENIORITY")
            #expect(try await app.call(.get, "/api/enrichments?id=nope").status == 404)
            #expect(try await app.call(.get, "/api/enrichments?q=email")["enrichments"]?.arrayValue?.map { $0["slug"] } == ["email_verification", "work_email"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aListRunWritesEachLeadsAttributeAndCountsMatchTheItems(backend: TestBackend) async throws {
        try await withTestApp(backend, workers: 1) { app in
            let (listId, people, _) = try await Self.seed(app)
            let created = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(listId)]])
            #expect(created.status == 200)
            #expect(created["leadCount"] == 3)
            #expect(created["enrichmentRunId"] == created["runId"])
            let run = try await Self.finished(app, try #require(created["runId"]?.stringValue))
            #expect(run["status"] == "completed")
            #expect(run["scope"]?["counts"]?["completed"] == 3)
            #expect(run["scope"]?["resolvedCount"] == 3)
            let lead = try await app.call(.get, "/api/leads?id=\(people[0])")["leads"]?.arrayValue?.first
            #expect(lead?["attributes"]?["seniority"] == ["seniority": "vp", "departments": ["sales"]])
            let items = try await app.call(.get, "/api/enrichment/\(run["id"]?.stringValue ?? "")/items?limit=2")
            #expect(items["items"]?.arrayValue?.count == 2)
            #expect(items["page"]?["hasMore"] == true)
            let rest = try await app.call(.get, "/api/enrichment/\(run["id"]?.stringValue ?? "")/items?cursor=\(items["page"]?["nextCursor"]?.stringValue ?? "")")
            #expect(rest["items"]?.arrayValue?.count == 1)
            let untitled = try await app.call(.get, "/api/enrichment/\(run["id"]?.stringValue ?? "")/items?leadId=\(people[2])")["items"]?.arrayValue?.first
            #expect(untitled?["status"] == "completed")
            #expect(untitled?["result"] == .null, "no title, nothing to write")
        }
    }

    @Test(arguments: TestBackend.available)
    func previewAndTheCreditGateWriteAndChargeNothing(backend: TestBackend) async throws {
        try await withTestApp(backend, config: try Self.pricedConfig(["SENIORITY": 2]), credits: 5) { app in
            let (listId, _, _) = try await Self.seed(app)
            let scope: JSONValue = ["type": "list", "listId": .string(listId)]
            let preview = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "seniority", "scope": scope, "mode": "preview"])
            #expect(preview["status"] == "preview")
            #expect(preview["creditsRequired"] == 6)
            #expect(preview["sufficient"] == false)
            #expect(preview["runId"] == .null, "a preview stores no run, so it has no id to read")
            let short = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "seniority", "scope": scope])
            #expect(short.status == 402)
            #expect(short["required"] == 6)
            #expect(short["balance"] == 5)
            let credits = try await app.call(.get, "/api/credits")
            #expect(credits["balance"] == 5)
            #expect(credits["entries"]?.arrayValue?.count == 1, "only the opening grant")
        }
    }

    @Test(arguments: TestBackend.available)
    func anIdempotencyKeyMakesOneRunAndOneChargeEvenUnderConcurrency(backend: TestBackend) async throws {
        try await withTestApp(backend, config: try Self.pricedConfig(["SENIORITY": 1]), credits: 100) { app in
            let (listId, _, _) = try await Self.seed(app)
            let body: JSONValue = ["enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(listId)], "idempotencyKey": "k-1"]
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<100 { group.addTask { try await app.call(.post, "/api/enrichment", json: body)["runId"]?.stringValue } }
                var ids: Set<String> = []
                for try await id in group { if let id { ids.insert(id) } }
                return ids
            }
            #expect(ids.count == 1)
            let again = try await app.call(.post, "/api/enrichment", json: body)
            #expect(again["reusedExistingRun"] == true)
            #expect(try await app.stores.credits.balance(workspaceId: app.workspaceId) == 97, "3 Leads charged once")
            var changed = body.objectValue ?? [:]
            changed["writePolicy"] = "skip_existing"
            let conflict = try await app.call(.post, "/api/enrichment", json: .object(changed))
            #expect(conflict.status == 409)
            #expect(conflict["error"]?["code"] == "idempotency_key_reused")
        }
    }

    @Test(arguments: TestBackend.available)
    func thePlannerRefusesBadScopesWithTheirCodesBeforeCharging(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let (listId, people, company) = try await Self.seed(app)
            let empty = try #require(try await app.call(.post, "/api/lists", json: ["name": "Empty"])["list"]?["id"]?.stringValue)
            func code(_ body: JSONValue) async throws -> (Int, String?) {
                let response = try await app.call(.post, "/api/enrichment", json: body)
                return (response.status, response["error"]?["code"]?.stringValue)
            }
            #expect(try await code(["enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(empty)]]) == (400, "EMPTY_LEAD_SCOPE"))
            #expect(try await code(["enrichmentId": "seniority", "scope": ["type": "explicit_leads", "leadIds": [.string(company)]]]) == (400, "SUBJECT_MISMATCH"))
            #expect(try await code(["enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(listId)], "output": ["target": "crm_field"]]) == (400, "OUTPUT_TARGET_UNSUPPORTED"))
            #expect(try await code(["enrichmentId": "waterfall", "scope": ["type": "list", "listId": .string(listId)], "input": ["steps": []]]) == (400, "INVALID_INPUT"))
            #expect(try await code(["enrichmentId": "nope", "scope": ["type": "list", "listId": .string(listId)]]) == (404, "not_found"))
            #expect(try await code(["enrichmentId": "seniority", "scope": ["type": "explicit_leads", "leadIds": ["missing"]]]) == (404, "not_found"))
            #expect(try await code(["enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(listId), "subject": "person"]]) == (400, "invalid_request"))
            #expect(try await code(["enrichmentId": "seniority", "scope": ["type": "everything"]]) == (400, "invalid_request"))
            #expect(try await code(["enrichmentId": 5, "scope": ["type": "list", "listId": .string(listId)]]) == (400, "invalid_request"))
            let otherKey = try await app.otherWorkspaceKey()
            let foreign = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "seniority", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])]]], key: otherKey)
            #expect(foreign.status == 404)
            let filtered = try await app.call(.post, "/api/enrichment", json: [
                "enrichmentId": "seniority", "mode": "preview", "scope": ["type": "filtered_list", "listId": .string(listId), "filter": ["title": "engineer"]],
            ])
            #expect(filtered["leadCount"] == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func skipExistingLeavesValuesAndCancelSkipsAndRefundsPendingItems(backend: TestBackend) async throws {
        try await withTestApp(backend, config: try Self.pricedConfig(["NAME_PARSE": 2]), credits: 100) { app in
            let (listId, people, _) = try await Self.seed(app)
            _ = try await app.call(.patch, "/api/leads", json: ["id": .string(people[0]), "attributes": ["name_parsed": "kept"]])
            // No workers yet: the run stays pending, so cancel finds every item pending.
            let created = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "name_parse", "scope": ["type": "list", "listId": .string(listId)]])
            let runId = try #require(created["runId"]?.stringValue)
            #expect(try await app.stores.credits.balance(workspaceId: app.workspaceId) == 94)
            let cancelled = try await app.call(.post, "/api/enrichment/\(runId)/cancel")
            #expect(cancelled["run"]?["status"] == "cancelled")
            #expect(try await app.stores.credits.balance(workspaceId: app.workspaceId) == 100, "pending items are refunded")
            let items = try await app.call(.get, "/api/enrichment/\(runId)/items?status=skipped")["items"]?.arrayValue ?? []
            #expect(items.count == 3)
            #expect(items.allSatisfy { $0["skippedReason"] == "run_cancelled" })
            let again = try await app.call(.post, "/api/enrichment/\(runId)/cancel")
            #expect(again.status == 409)
            #expect(again["error"]?["code"] == "run_not_cancellable")
            #expect(try await app.call(.post, "/api/enrichment/nope/cancel").status == 404)
        }
        try await withTestApp(backend, workers: 1) { app in
            let (listId, people, _) = try await Self.seed(app)
            _ = try await app.call(.patch, "/api/leads", json: ["id": .string(people[0]), "attributes": ["name_parsed": "kept"]])
            let created = try await app.call(.post, "/api/enrichment", json: [
                "enrichmentId": "name_parse", "scope": ["type": "list", "listId": .string(listId)], "writePolicy": "skip_existing",
            ])
            let run = try await Self.finished(app, try #require(created["runId"]?.stringValue))
            #expect(run["scope"]?["counts"]?["skipped"] == 1)
            let kept = try await app.call(.get, "/api/leads?id=\(people[0])")["leads"]?.arrayValue?.first
            #expect(kept?["attributes"]?["name_parsed"] == "kept")
            let parsed = try await app.call(.get, "/api/leads?id=\(people[1])")["leads"]?.arrayValue?.first
            #expect(parsed?["attributes"]?["name_parsed"] == ["first": "Bo", "last": "Chen", "full": "Bo Chen"])
        }
    }

    @Test(arguments: TestBackend.available)
    func failedItemsAreRefundedAndRetryableOnesRetryInsteadOfFailing(backend: TestBackend) async throws {
        let flaky = FlakyEnricher()
        let catalog = EnrichmentCatalog([flaky])
        try await withTestApp(backend, config: try Self.pricedConfig(["CUSTOM_ENRICHMENT_AI": 1]), credits: 10, workers: 1, catalog: catalog) { app in
            let (listId, people, _) = try await Self.seed(app)
            let created = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "flaky", "scope": ["type": "list", "listId": .string(listId)]])
            let run = try await Self.finished(app, try #require(created["runId"]?.stringValue))
            #expect(run["scope"]?["counts"]?["failed"] == 1, "the Lead without a title fails")
            #expect(run["scope"]?["counts"]?["completed"] == 2, "the others pass after a 429")
            #expect(run["cost"]?["actual"]?["refunded"] == 1)
            #expect(try await app.stores.credits.balance(workspaceId: app.workspaceId) == 8)
            let failed = try await app.call(.get, "/api/enrichment/\(run["id"]?.stringValue ?? "")/items?status=failed")["items"]?.arrayValue?.first
            #expect(failed?["leadId"] == .string(people[2]))
            #expect(failed?["error"]?["message"]?.stringValue?.contains("no title") == true)
        }
    }
}

/// Answers "rate limited" on each Lead's first try, then echoes the title; fails Leads without one.
final class FlakyEnricher: Enricher {
    let definition = EnrichmentDefinition(
        slug: "flaky", name: "Flaky", description: "test", subject: .person, outputSchema: ["type": "string"], defaultAttributeKey: "flaky",
        creditAction: "CUSTOM_ENRICHMENT_AI")
    let tried = Mutex<Set<String>>([])

    func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let title = subject.body.title else { throw EnrichmentFailure.failed("no title") }
        let first = tried.withLock { $0.insert(subject.leadId).inserted }
        if first { throw EnrichmentFailure.retryable("429") }
        return .value(.string(title))
    }
}

extension EnrichmentAPITests {
    @Test func anEnrichmentsConcurrencyAndRateHoldAcrossRuns() async throws {
        let probe = InFlightEnricher()
        try await withTestApp(.sqlite, workers: 1, catalog: EnrichmentCatalog([probe])) { app in
            let (listId, _, _) = try await Self.seed(app)
            let body: JSONValue = ["enrichmentId": "in_flight", "scope": ["type": "list", "listId": .string(listId)]]
            let first = try await app.call(.post, "/api/enrichment", json: body)
            let second = try await app.call(.post, "/api/enrichment", json: body)
            let start = ContinuousClock.now
            _ = try await Self.finished(app, try #require(first["runId"]?.stringValue))
            _ = try await Self.finished(app, try #require(second["runId"]?.stringValue))
            #expect(probe.state.withLock { $0.calls } == 6)
            #expect(probe.state.withLock { $0.most } <= 2, "two runs, each of width 2, still share 2 slots")
            #expect(ContinuousClock.now - start >= .milliseconds(100), "6 calls at 50 a second take 100 ms or more")
        }
    }
}

/// Counts how many of its calls overlap; allows 2 at once and 50 a second.
final class InFlightEnricher: Enricher {
    let definition = EnrichmentDefinition(
        slug: "in_flight", name: "In flight", description: "test", subject: .person, outputSchema: ["type": "integer"], defaultAttributeKey: "in_flight",
        creditAction: "SENIORITY", concurrency: 2, ratePerSecond: 50)
    let state = Mutex<(now: Int, most: Int, calls: Int)>((0, 0, 0))

    func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        state.withLock { $0.now += 1; $0.calls += 1; $0.most = max($0.most, $0.now) }
        try await Task.sleep(for: .milliseconds(20))
        state.withLock { $0.now -= 1 }
        return .value(1)
    }
}

extension EnrichmentAPITests {
    @Test(arguments: TestBackend.available)
    func membershipOutputLandsOnTheListMembershipNotTheLead(backend: TestBackend) async throws {
        try await withTestApp(backend, workers: 1) { app in
            let (listId, people, _) = try await Self.seed(app)
            let created = try await app.call(.post, "/api/enrichment", json: [
                "enrichmentId": "seniority", "scope": ["type": "list", "listId": .string(listId)], "output": ["target": "list_membership", "attributeKey": "level"],
            ])
            let run = try await Self.finished(app, try #require(created["runId"]?.stringValue))
            #expect(run["output"]?["target"] == "list_membership")
            let page = try await app.call(.get, "/api/lists/\(listId)/leads")["leads"]?.arrayValue ?? []
            let ada = try #require(page.first { $0["id"] == .string(people[0]) })
            #expect(ada["membership"]?["attributes"]?["level"]?["seniority"] == "vp")
            #expect(ada["attributes"]?["level"] == nil, "the Lead itself is unchanged")
            let everywhere = try await app.call(.get, "/api/leads?id=\(people[0])")["leads"]?.arrayValue?.first
            #expect(everywhere?["membership"] == nil)
            let item = try await app.call(.get, "/api/enrichment/\(run["id"]?.stringValue ?? "")/items?leadId=\(people[0])")["items"]?.arrayValue?.first
            #expect(item?["membershipId"] == .string("\(listId):\(people[0])"))
            // Membership output needs a real List holding every Lead in scope.
            let other = try #require(try await app.call(.post, "/api/lists", json: ["name": "Other"])["list"]?["id"]?.stringValue)
            let outside = try await app.call(.post, "/api/enrichment", json: [
                "enrichmentId": "seniority", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])], "listId": .string(other)],
                "output": ["target": "list_membership"],
            ])
            #expect(outside["error"]?["code"] == "OUTPUT_TARGET_UNSUPPORTED")
            let noList = try await app.call(.post, "/api/enrichment", json: [
                "enrichmentId": "seniority", "scope": ["type": "explicit_leads", "leadIds": [.string(people[0])]], "output": ["target": "list_membership"],
            ])
            #expect(noList["error"]?["code"] == "OUTPUT_TARGET_UNSUPPORTED")
        }
    }
}

import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

/// Where an agent used to get a wrong answer without an error, or lost data. Issue 15, items 2 to 6
/// and 8, and its smaller contract points.
@Suite struct DataCorrectnessTests {
    @Test(arguments: TestBackend.available)
    func checkDuplicatesCountsASearchsPeopleAlreadyInOtherLists(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 100, workers: 1) { app in
            try await LeadSearchAPITests.loadProspects(app)
            let created = try await app.call(.post, "/api/leads/search", json: ["prompt": "VPs of Sales at fintech companies in Germany", "fetch_count": 2])
            let taskId = try #require(created["task"]?["id"]?.stringValue)
            _ = try await LeadSearchAPITests.waitForTask(app, taskId)
            #expect(try await app.call(.post, "/api/lists/check-duplicates", json: ["searchId": .string(taskId)])["duplicateCount"] == .integer(0))
            // One of the two people is also put in a List of the user's own.
            let found = try await app.call(.get, "/api/leads/search/results?taskId=\(taskId)")
            let leadId = try #require(found["results"]?.arrayValue?.first?["leadId"])
            _ = try await app.call(.post, "/api/lists", json: ["name": "Mine", "leadIds": [leadId]])
            #expect(try await app.call(.post, "/api/lists/check-duplicates", json: ["searchId": .string(taskId)])["duplicateCount"] == .integer(1))
            #expect(try await app.call(.post, "/api/lists/check-duplicates", json: ["searchId": "nope"]).status == 404)
            let other = try await app.otherWorkspaceKey()
            #expect(try await app.call(.post, "/api/lists/check-duplicates", json: ["searchId": .string(taskId)], key: other).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func aLocationMatchesHoweverItIsWritten(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let jane: JSONValue = ["type": "person", "name": "Jane Doe", "location": ["city": "Austin", "state": "TX", "country": "US", "raw": "Austin, Texas"]]
            let list = try await app.call(.post, "/api/lists", json: ["name": "Texas"])
            _ = try await app.call(.post, "/api/lists/import", json: ["listId": list["list"]?["id"] ?? .null, "leads": [jane]])
            for location in ["Austin, Texas", "Austin, TX, US", "austin, tx", "Austin, Texas, United States"] {
                let answer = try await app.call(.post, "/api/lists/check-duplicates", json: ["people": [["fullName": "Jane Doe", "location": .string(location)]]])
                #expect(answer["duplicateCount"] == .integer(1), "\(location)")
            }
            let elsewhere = try await app.call(.post, "/api/lists/check-duplicates", json: ["people": [["fullName": "Jane Doe", "location": "Austin, Minnesota"]]])
            #expect(elsewhere["duplicateCount"] == .integer(0))
        }
    }

    @Test(arguments: TestBackend.available)
    func importHonoursARowsListIdsAndReportsUnknownOnes(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let extra = try #require(try await app.call(.post, "/api/lists", json: ["name": "Extra"])["list"]?["id"])
            let rows: JSONValue = [
                ["type": "person", "name": "Row Zero", "listIds": [extra]],
                ["type": "person", "name": "Row One", "listIds": ["nope"]],
                ["type": "person", "name": "Row Two"],
            ]
            let imported = try await app.call(.post, "/api/lists/import", json: ["leads": rows])
            #expect(imported.status == 200)
            let errors = imported["errors"]?.arrayValue ?? []
            #expect(errors.map { $0["index"] } == [.integer(1)])
            #expect(errors.first?["code"] == "not_found")
            #expect(imported["list"]?["isDefault"] == .bool(true), "without listId the all List is returned")
            #expect(imported["list"]?["leadCount"] == .integer(2))
            let members = try await app.call(.get, "/api/lists/\(extra.stringValue ?? "")/leads")
            #expect(members["leads"]?.arrayValue?.map { $0["name"]?["full"] } == ["Row Zero"])
        }
    }

    @Test(arguments: TestBackend.available)
    func parallelSearchesShareTheBalanceAndStopCleanlyWhenItRunsOut(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 5) { app in
            try await LeadSearchAPITests.loadProspects(app)
            // Nothing is held at creation: a preview right after still sees the whole balance.
            let first = try await app.call(.post, "/api/leads/search", json: ["prompt": "people at Acme", "fetch_count": 2500])
            #expect(first.status == 202)
            let preview = try await app.call(.post, "/api/credits/preview", json: ["action": "FIND_PERSON", "count": 5])
            #expect(preview["sufficient"] == .bool(true))
            let second = try await app.call(.post, "/api/leads/search", json: ["prompt": "people at Solaris", "fetch_count": 2500])
            #expect(second.status == 202, "a second search is not refused while the first waits")
            let workers = app.startWorkers(2)
            defer { workers.cancel() }
            let tasks = [try await LeadSearchAPITests.waitForTask(app, first["task"]?["id"]?.stringValue ?? ""),
                         try await LeadSearchAPITests.waitForTask(app, second["task"]?["id"]?.stringValue ?? "")]
            #expect(tasks.allSatisfy { $0["status"] == "done" })
            let saved = tasks.compactMap { $0["resultCount"]?.intValue }.reduce(0, +)
            #expect(saved == 5, "the two runs together saved what 5 credits pay for")
            #expect(tasks.contains { $0["note"]?.stringValue?.contains("balance ran out") == true })
            let credits = try await app.call(.get, "/api/credits")
            #expect(credits["balance"] == .integer(0))
        }
    }

    @Test(arguments: TestBackend.available)
    func aPatchChangesOnlyWhatItSendsAtEveryDepth(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let created = try await app.call(.post, "/api/leads", json: [
                "type": "person", "name": ["full": "Patchy McPatch", "aliases": ["PM"]], "location": ["city": "Austin", "state": "TX"],
                "attributes": ["crm": ["owner": "ann", "stage": "new"], "score": 3],
            ])
            let id = try #require(created["lead"]?["id"])
            let patched = try await app.call(.patch, "/api/leads", json: [
                "id": id, "name": ["first": "Pat"], "location": ["state": .null], "attributes": ["crm": ["stage": "won"], "score": .null],
            ])
            let lead = try #require(patched["lead"])
            #expect(lead["name"] == ["full": "Patchy McPatch", "short": "Patchy", "aliases": ["PM"], "first": "Pat", "last": "McPatch"])
            #expect(lead["location"]?["city"] == "Austin")
            #expect(lead["location"]?["state"] == .null)
            #expect(lead["attributes"] == ["crm": ["owner": "ann", "stage": "won"]])
            #expect(try await app.call(.patch, "/api/leads", json: ["id": id, "name": ["full": ""]]).status == 400)
            #expect(try await app.call(.patch, "/api/leads", json: ["id": id, "name": ["full": .null]]).status == 400)
            let listIds = try await app.call(.patch, "/api/leads", json: ["id": id, "listIds": ["x"]])
            #expect(listIds.status == 400)
            #expect(listIds["error"]?["message"]?.stringValue?.hasPrefix("listIds") == true)
            #expect(try await app.call(.patch, "/api/leads", json: ["id": id, "sources": [["id": "1"]]]).status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func aContextPutKeepsTheHalfItDoesNotSend(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let document: JSONValue = ["context": ["market": ["icpJobTitles": ["Founder"]]], "profile": ["companyName": "Acme"]]
            _ = try await app.call(.put, "/api/context", json: document)
            #expect(try await app.call(.put, "/api/context", json: [:]).status == 400)
            #expect(try await app.call(.get, "/api/context").json == document, "a refused PUT wipes nothing")
            let profileOnly = try await app.call(.put, "/api/context", json: ["profile": ["companyName": "Acme GmbH"]])
            #expect(profileOnly["context"] == document["context"])
            #expect(profileOnly["profile"] == ["companyName": "Acme GmbH"])
        }
    }

    @Test(arguments: TestBackend.available)
    func dashboardSourcesCompanyRowsPreviewIdsAndOneActiveKey(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let company = try await app.call(.post, "/api/leads", json: ["type": "company", "name": "Acme", "domain": "acme.com"])
            _ = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Ann Acme", "company": ["name": "Acme", "domain": "acme.com"]])
            _ = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Sam Source", "sources": [["id": "42", "provider": "apollo"]]])
            let rows = try await app.call(.get, "/api/dashboard/leads")["rows"]?.arrayValue ?? []
            let ann = rows.first { $0["profile_data"]?["fullName"] == "Ann Acme" }
            #expect(ann?["company_row_id"] == company["lead"]?["id"])
            #expect(ann?["source"] == "manual")
            #expect(rows.first { $0["profile_data"]?["fullName"] == "Sam Source" }?["source"] == "leads_search")

            let annId = try #require(rows.first { $0["profile_data"]?["fullName"] == "Ann Acme" }?["id"])
            let preview = try await app.call(.post, "/api/enrichment", json: ["enrichmentId": "seniority", "mode": "preview", "scope": ["type": "explicit_leads", "leadIds": [annId]]])
            #expect(preview["status"] == "preview")
            #expect(preview["runId"] == .null)

            await #expect(throws: PuffleError.self) { try await app.stores.keys.createKey(workspaceId: app.workspaceId, besideActive: false) }
            _ = try await app.stores.keys.createKey(workspaceId: app.workspaceId, besideActive: true)
        }
    }
}

import Foundation
import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

/// Lead Search from the POST to the filled List, with the worker running the job.
@Suite struct LeadSearchAPITests {
    /// 24 people at three companies: VPs of Sales, engineers and marketers in Germany and the US.
    static func loadProspects(_ app: TestApp) async throws {
        var inputs: [LeadInput] = [
            LeadInput(json: ["type": "company", "name": "Solaris", "domain": "solaris.example", "industry": "fintech", "size": "101-200", "location": ["country": "Germany", "city": "Berlin"]]),
            LeadInput(json: ["type": "company", "name": "Acme", "domain": "acme.example", "industry": "software", "size": "1001-2000", "location": ["country": "United States", "city": "Austin"]]),
            LeadInput(json: ["type": "company", "name": "Brauhaus", "domain": "brauhaus.example", "industry": "food & beverage", "size": "51-100", "location": ["country": "Germany"]]),
        ]
        let titles = ["VP of Sales", "Software Engineer", "Head of Marketing", "Vice President, Sales", "Account Executive", "CTO", "VP Sales", "Recruiter"]
        for (c, domain) in ["solaris.example", "acme.example", "brauhaus.example"].enumerated() {
            for (t, title) in titles.enumerated() {
                let person: JSONValue = [
                    "type": "person", "name": ["first": .string("P\(c)\(t)"), "last": "Example"], "title": .string(title),
                    "company": ["name": .string(domain.split(separator: ".")[0].capitalized), "domain": .string(domain)],
                    "contacts": [["value": .string("p\(c)\(t)@\(domain)")]],
                ]
                inputs.append(LeadInput(json: person))
            }
        }
        _ = try await app.stores.prospects.importProspects(inputs)
    }

    /// Polls a task until it is done or failed.
    static func waitForTask(_ app: TestApp, _ taskId: String) async throws -> JSONValue {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            let tasks = try await app.call(.get, "/api/leads/search?taskId=\(taskId)")
            let task = tasks["tasks"]?.arrayValue?.first ?? .null
            if task["status"] == "done" || task["status"] == "failed" { return task }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TaskTimedOut()
    }

    struct TaskTimedOut: Error {}

    @Test(arguments: TestBackend.available)
    func aSearchFillsItsListWithReusedLeadsAndContinuesOnRepeat(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 100, workers: 1) { app in
            try await Self.loadProspects(app)
            let created = try await app.call(.post, "/api/leads/search", json: ["prompt": "VPs of Sales at fintech companies in Germany", "fetch_count": 2])
            #expect(created.status == 202)
            #expect(created["correlationId"]?.stringValue == created.headers[HTTPField.Name("x-correlation-id")!])
            let taskId = try #require(created["task"]?["id"]?.stringValue)
            let listId = try #require(created["list"]?["id"]?.stringValue)
            #expect(created["task"]?["filters"]?["seniority_level"] == ["vp"])
            let task = try await Self.waitForTask(app, taskId)
            #expect(task["status"] == "done")
            #expect(task["resultCount"] == .number(2))
            let list = try await app.call(.get, "/api/lists?id=\(listId)")
            #expect(list["lists"]?.arrayValue?.first?["leadCount"] == .number(2))
            #expect(list["lists"]?.arrayValue?.first?["searchFilters"]?["company_industry"] == ["fintech"])
            let results = try await app.call(.get, "/api/leads/search/results?taskId=\(taskId)")
            #expect(results["total"] == .number(2))
            let firstLeads = Set(results["results"]?.arrayValue?.compactMap { $0["leadId"]?.stringValue } ?? [])
            #expect(firstLeads.count == 2)

            // The same prompt into the same List continues: the third Solaris VP, not the first two again.
            let again = try await app.call(.post, "/api/leads/search", json: ["prompt": "VPs of Sales at fintech companies in Germany", "fetch_count": 10, "listId": .string(listId)])
            let secondTask = try await Self.waitForTask(app, try #require(again["task"]?["id"]?.stringValue))
            #expect(secondTask["resultCount"] == .number(1))
            let list2 = try await app.call(.get, "/api/lists?id=\(listId)")
            #expect(list2["lists"]?.arrayValue?.first?["leadCount"] == .number(3))

            // Another List finds the same people as the same Leads: no copies.
            let before = try await app.call(.get, "/api/lists?id=all")["lists"]?.arrayValue?.first?["leadCount"]
            let other = try await app.call(.post, "/api/leads/search", json: ["prompt": "VPs of Sales in Germany at fintechs", "fetch_count": 3, "listName": "Copy"])
            let otherTask = try await Self.waitForTask(app, try #require(other["task"]?["id"]?.stringValue))
            #expect(otherTask["resultCount"] == .number(3))
            #expect(other["list"]?["name"] == "Copy")
            #expect(try await app.call(.get, "/api/lists?id=all")["lists"]?.arrayValue?.first?["leadCount"] == before)
            let balance = try await app.stores.credits.balance(workspaceId: app.workspaceId)
            #expect(balance == 100 - 6, "one FIND_PERSON credit per saved person")
        }
    }

    @Test(arguments: TestBackend.available)
    func aSearchWithNoMatchesIsDoneWithZeroResults(backend: TestBackend) async throws {
        try await withTestApp(backend, workers: 1) { app in
            try await Self.loadProspects(app)
            let created = try await app.call(.post, "/api/leads/search", json: ["prompt": "zzzz qqqq", "fetch_count": 10])
            let task = try await Self.waitForTask(app, try #require(created["task"]?["id"]?.stringValue))
            #expect(task["status"] == "done")
            #expect(task["resultCount"] == .number(0))
            #expect(task["completedAt"]?.stringValue != nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func badInputGetsAClearErrorAndStartsNothing(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 5) { app in
            let bodies: [JSONValue] = [
                ["fetch_count": 10], ["prompt": 5, "fetch_count": 10], ["prompt": "  ", "fetch_count": 10], ["prompt": "CTOs"],
                ["prompt": "CTOs", "fetch_count": 0], ["prompt": "CTOs", "fetch_count": "ten"], ["prompt": "CTOs", "fetch_count": .number(1.5)],
                ["prompt": "CTOs", "fetch_count": 5, "listId": 7],
            ]
            for body in bodies {
                let response = try await app.call(.post, "/api/leads/search", json: body)
                #expect(response.status == 400, "\(body)")
                #expect(response["error"]?["code"] == "invalid_request")
            }
            #expect(try await app.call(.post, "/api/leads/search", rawBody: "{\"prompt\":").status == 400)
            #expect(try await app.call(.get, "/api/leads/search")["tasks"] == [])
            let clamped = try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs", "fetch_count": .number(100_000)])
            #expect(clamped["task"]?["fetchCount"] == .number(2500))
            #expect(try await app.call(.get, "/api/leads/search?taskId=nope").status == 404)
            #expect(try await app.call(.get, "/api/leads/search/results").status == 400)
            #expect(try await app.call(.get, "/api/leads/search/results?taskId=nope").status == 404)
            // Another workspace sees neither the task nor the List.
            let otherKey = try await app.otherWorkspaceKey()
            let taskId = try #require(clamped["task"]?["id"]?.stringValue)
            #expect(try await app.call(.get, "/api/leads/search?taskId=\(taskId)", key: otherKey).status == 404)
            #expect(try await app.call(.get, "/api/leads/search/results?taskId=\(taskId)", key: otherKey).status == 404)
            let listId = try #require(clamped["list"]?["id"]?.stringValue)
            let foreign = try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs", "fetch_count": 1, "listId": .string(listId)], key: otherKey)
            #expect(foreign.status == 402, "the other workspace has no credits")
        }
    }

    @Test(arguments: TestBackend.available)
    func aListIdThatIsFreeCreatesTheListAndForeignOrCompanyListsAreRefused(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let made = try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs in Berlin", "fetch_count": 1, "listId": "my-own-id"])
            #expect(made.status == 202)
            #expect(made["list"]?["id"] == "my-own-id")
            #expect(made["list"]?["name"] == "CTOs in Berlin")
            let companies = try await app.call(.post, "/api/lists", json: ["name": "Accounts", "leadType": "company"])
            let companyList = try #require(companies["list"]?["id"]?.stringValue)
            #expect(try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs", "fetch_count": 1, "listId": .string(companyList)]).status == 400)
            let otherKey = try await app.stores.workspaces.createWorkspace(name: "other", account: Account(), credits: 10).1.value
            let foreign = try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs", "fetch_count": 1, "listId": "my-own-id"], key: otherKey)
            #expect(foreign.status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func aRunSavesOnlyWhatTheBalancePaysFor(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 2, workers: 1) { app in
            try await Self.loadProspects(app)
            let created = try await app.call(.post, "/api/leads/search", json: ["prompt": "software engineers", "fetch_count": 10])
            let task = try await Self.waitForTask(app, try #require(created["task"]?["id"]?.stringValue))
            #expect(task["resultCount"] == .number(2))
            #expect(try await app.stores.credits.balance(workspaceId: app.workspaceId) == 0)
            let refused = try await app.call(.post, "/api/leads/search", json: ["prompt": "software engineers", "fetch_count": 10])
            #expect(refused.status == 402)
            #expect(refused["error"]?["code"] == "insufficient_credits")
        }
    }
}

import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

@Suite struct ListsAPITests {
    static func person(_ index: Int, name: String? = nil) -> JSONValue {
        [
            "type": "person", "name": ["full": .string(name ?? "Person \(index)")], "title": "VP of Sales",
            "company": ["name": "Acme", "domain": "acme.com"],
            "socials": [["url": .string("https://www.linkedin.com/in/person-\(index)/")]],
            "contacts": [["value": .string("person\(index)@acme.com")]],
        ]
    }

    @Test(arguments: TestBackend.available)
    func journeyTwoCreatesPreviewsImportsAndPagesAList(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let created = try await app.call(.post, "/api/lists", json: ["name": "Q3 targets"])
            #expect(created.status == 201)
            let listId = try #require(created["list"]?.objectValue?["id"]?.stringValue)
            let leads: JSONValue = .array((0..<3).map { Self.person($0) })
            let preview = try await app.call(.post, "/api/lists/import", json: ["listId": .string(listId), "preview": true, "leads": leads])
            #expect(preview["preview"]?.objectValue?["leadCount"] == .number(3))
            #expect(try await app.call(.get, "/api/lists/\(listId)/leads")["total"] == .number(0), "preview wrote nothing")
            let imported = try await app.call(.post, "/api/lists/import", json: ["listId": .string(listId), "leads": leads])
            #expect(imported.status == 200)
            #expect(imported["createdCount"] == .number(3))
            let page = try await app.call(.get, "/api/lists/\(listId)/leads?limit=2")
            #expect(page["total"] == .number(3))
            #expect(page["hasMore"] == .bool(true))
            let cursor = try #require(page["nextCursor"]?.stringValue)
            let rest = try await app.call(.get, "/api/lists/\(listId)/leads?limit=2&cursor=\(cursor)")
            #expect(rest["hasMore"] == .bool(false))
            #expect(rest["nextCursor"] == .null)
            #expect(rest["leads"].map { if case .array(let items) = $0 { items.count } else { 0 } } == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func reimportingTheSameIdentifiersMergesInsteadOfCopying(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let first = try await app.call(.post, "/api/lists/import", json: ["leads": [Self.person(1), Self.person(1, name: "P. One")]])
            #expect(first["createdCount"] == .number(1))
            #expect(first["mergedCount"] == .number(1))
            var respelled = Self.person(1).objectValue!
            respelled["socials"] = [["url": "http://LinkedIn.com/in/person-1?utm=x"]]
            respelled["contacts"] = []
            respelled["industry"] = "Fintech"
            let second = try await app.call(.post, "/api/lists/import", json: ["leads": [.object(respelled)]])
            #expect(second["createdCount"] == .number(0))
            #expect(second["mergedCount"] == .number(1))
            let all = try await app.call(.get, "/api/leads")
            guard case .array(let leads) = all["leads"] else { Issue.record("no leads"); return }
            #expect(leads.count == 1)
            #expect(leads.first?.objectValue?["industry"] == "Fintech", "empty field filled by the merge")
        }
    }

    /// A row whose email is one Lead's and whose LinkedIn URL is another's would, merged into
    /// either, leave an identifier on a Lead that does not own it.
    @Test(arguments: TestBackend.available)
    func aRowMatchingTwoLeadsIsRefusedNotMerged(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            var byEmail = Self.person(1).objectValue!
            byEmail["socials"] = []
            var byLinkedIn = Self.person(2).objectValue!
            byLinkedIn["contacts"] = []
            let setUp = try await app.call(.post, "/api/lists/import", json: ["leads": [.object(byEmail), .object(byLinkedIn)]])
            #expect(setUp["createdCount"] == .number(2))
            var both = Self.person(2).objectValue!
            both["contacts"] = [["value": "person1@acme.com"]]
            // Row 2 shares the email with row 0 but matches only one Lead: it merges, and is not refused with row 0.
            let imported = try await app.call(.post, "/api/lists/import", json: ["leads": [.object(both), Self.person(3), .object(byEmail)]])
            #expect(imported.status == 200)
            #expect(imported["createdCount"] == .number(1), "the other rows still import")
            #expect(imported["mergedCount"] == .number(1))
            #expect(imported["errors"]?.arrayValue?.count == 1)
            let error = try #require(imported["errors"]?.arrayValue?.first?.objectValue)
            #expect(error["index"] == .number(0))
            #expect(error["code"] == "conflict")
            let created = try await app.call(.post, "/api/leads", json: .object(both))
            #expect(created.status == 409)
            #expect(created["error"]?.objectValue?["code"] == "conflict")
            let owners = try await app.call(.get, "/api/leads?email=person1@acme.com")
            #expect(owners["leads"]?.arrayValue?.count == 1, "the email stays on one Lead")
        }
    }

    /// Imports plan before taking the write lock; the ones whose plan went stale meanwhile plan
    /// again and merge, so counts, memberships and ids agree whichever way each one went.
    @Test(arguments: TestBackend.available)
    func concurrentImportsNeverCreateTwoLeadsForOneIdentifier(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let list = try await app.call(.post, "/api/lists", json: ["name": "Concurrent"])
            let listId = try #require(list["list"]?.objectValue?["id"]?.stringValue)
            let batch: JSONValue = .array((0..<50).map { Self.person($0) })
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await app.call(.post, "/api/lists/import", json: ["listId": .string(listId), "leads": batch]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.allSatisfy { $0.status == 200 })
            #expect(responses.compactMap { $0["createdCount"]?.numberValue }.reduce(0, +) == 50)
            var idSets = Set<Set<String>>()
            for response in responses {
                guard case .array(let leads) = response["leads"] else { Issue.record("no leads"); continue }
                idSets.insert(Set(leads.compactMap { $0.objectValue?["id"]?.stringValue }))
                let lists = leads.map { lead -> [String] in
                    guard case .array(let refs) = lead.objectValue?["lists"] else { return [] }
                    return refs.compactMap { $0.objectValue?["id"]?.stringValue }
                }
                #expect(lists.allSatisfy { $0.count == 2 && $0.last == listId }, "each Lead shows the default List and the target")
                #expect(response["list"]?.objectValue?["leadCount"]?.numberValue.map { $0 >= 50 } == true)
            }
            #expect(idSets.count == 1 && idSets.first?.count == 50, "every import answered with the same 50 Leads")
            #expect(try await app.call(.get, "/api/lists/all/leads?limit=500")["total"] == .number(50))
            let target = try await app.call(.get, "/api/lists?id=\(listId)")
            guard case .array(let found) = target["lists"] else { Issue.record("no list"); return }
            #expect(found.first?.objectValue?["leadCount"] == .number(50))
            #expect(found.first?.objectValue?["personCount"] == .number(50))
        }
    }

    @Test(arguments: TestBackend.available)
    func invalidRowsAreReportedByIndexAndOverLimitBatchesWriteNothing(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let mixed = try await app.call(.post, "/api/lists/import", json: ["leads": [Self.person(1), ["type": "robot", "name": "x"], ["type": "person", "name": 5]]])
            #expect(mixed.status == 200)
            guard case .array(let errors) = mixed["errors"] else { Issue.record("no errors"); return }
            #expect(errors.compactMap { $0.objectValue?["index"] } == [.number(1), .number(2)])
            let tooMany = try await app.call(.post, "/api/lists/import", json: ["leads": .array((0..<501).map { Self.person(1000 + $0) })])
            #expect(tooMany.status == 400)
            #expect(tooMany.errorCode == "invalid_request")
            #expect(try await app.call(.get, "/api/lists/all/leads")["total"] == .number(1))
        }
    }

    @Test(arguments: TestBackend.available)
    func aDomainWithNoHostIsRefusedNamingTheField(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let company = try await app.call(.post, "/api/leads", json: ["type": "company", "name": "Acme", "domain": "not a domain"])
            #expect(company.status == 400)
            #expect(company.errorCode == "invalid_request")
            #expect(company["error"]?["message"]?.stringValue?.hasPrefix("domain:") == true)
            let person = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Jane Doe", "company": ["name": "Acme", "domain": "not a domain"]])
            #expect(person.status == 400)
            #expect(person["error"]?["message"]?.stringValue?.contains("company.domain") == true)
            #expect(try await app.call(.get, "/api/leads")["leads"] == .array([]), "nothing was created")

            // What the normalizer reads (URLs, emails, www.) still passes, reduced to the host.
            let url = try await app.call(.post, "/api/leads", json: ["type": "company", "name": "Acme", "domain": "https://www.Acme.io/about"])
            #expect(url.status == 201)
            #expect(url["lead"]?["domain"] == "acme.io")
            let email = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Jo Roe", "company": ["domain": "jo@beta.example"]])
            #expect(email["lead"]?["company"]?["domain"] == "beta.example")
            let leadId = try #require(url["lead"]?["id"])
            #expect(try await app.call(.patch, "/api/leads", json: ["id": leadId, "domain": "not a domain"]).status == 400)
            #expect(try await app.call(.get, "/api/leads?id=\(leadId.stringValue!)")["leads"]?.arrayValue?.first?["domain"] == "acme.io", "a refused PATCH keeps the domain")

            let imported = try await app.call(
                .post, "/api/lists/import", json: ["leads": [Self.person(1), ["type": "company", "name": "Bad", "domain": "not a domain"]]])
            #expect(imported.status == 200)
            #expect(imported["createdCount"] == .number(1))
            let error = try #require(imported["errors"]?.arrayValue?.first)
            #expect(error["index"] == .number(1))
            #expect(error["message"]?.stringValue?.contains("domain") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func theDefaultListIsProtectedAndMembershipChangesCounts(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let lists = try await app.call(.get, "/api/lists")
            guard case .array(let items) = lists["lists"], let all = items.first?.objectValue else { Issue.record("no lists"); return }
            #expect(all["isDefault"] == .bool(true))
            #expect(try await app.call(.delete, "/api/lists", json: ["id": all["id"]!]).status == 400)
            #expect(try await app.call(.patch, "/api/lists", json: ["id": all["id"]!, "name": "Renamed"]).status == 400)
            let lead = try await app.call(.post, "/api/leads", json: Self.person(7))
            #expect(lead.status == 201)
            let leadId = try #require(lead["lead"]?.objectValue?["id"])
            let list = try await app.call(.post, "/api/lists", json: ["name": "Pilot", "leadIds": [leadId]])
            let listId = try #require(list["list"]?.objectValue?["id"])
            #expect(list["list"]?.objectValue?["personCount"] == .number(1))
            let company = try await app.call(.post, "/api/leads", json: ["type": "company", "name": "Acme", "domain": "https://www.acme.com"])
            let companyId = try #require(company["lead"]?.objectValue?["id"])
            #expect(try await app.call(.post, "/api/lists/\(listId.stringValue!)/leads", json: ["leadIds": [companyId]]).status == 400)
            let removed = try await app.call(.delete, "/api/lists/\(listId.stringValue!)/leads", json: ["leadIds": [leadId]])
            #expect(removed["list"]?.objectValue?["leadCount"] == .number(0))
            #expect(try await app.call(.delete, "/api/lists", json: ["id": listId])["success"] == .bool(true))
            #expect(try await app.call(.get, "/api/leads?id=\(leadId.stringValue!)").status == 200, "the Lead outlives its List")
        }
    }

    @Test(arguments: TestBackend.available)
    func checkDuplicatesCountsCandidatesInOtherLists(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let list = try await app.call(.post, "/api/lists", json: ["name": "Existing"])
            let listId = try #require(list["list"]?.objectValue?["id"])
            let located: JSONValue = ["type": "person", "name": ["full": "Dana  Lee"], "location": ["city": "Berlin"]]
            _ = try await app.call(.post, "/api/lists/import", json: ["listId": listId, "leads": [Self.person(1), Self.person(2), located]])
            let people: JSONValue = [
                ["linkedinUrl": "https://linkedin.com/in/person-1"],
                ["fullName": "person 2", "company": "ACME"],
                ["fullName": "Nobody", "company": "Acme"],
                ["fullName": "dana lee", "location": "BERLIN"],
                ["fullName": "Dana Lee", "location": "Paris"],
                ["fullName": "Dana Lee", "company": "Acme"],
            ]
            #expect(try await app.call(.post, "/api/lists/check-duplicates", json: ["people": people])["duplicateCount"] == .number(3))
            #expect(try await app.call(.post, "/api/lists/check-duplicates", json: ["people": people, "excludeListId": listId])["duplicateCount"] == .number(0))
        }
    }

    @Test(arguments: TestBackend.available)
    func everyPageShowsEachLeadsListsWhateverTheFilter(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            var ids: [JSONValue] = []
            for index in 0..<3 {
                ids.append(try #require(try await app.call(.post, "/api/leads", json: Self.person(index))["lead"]?.objectValue?["id"]))
            }
            let first = try #require(try await app.call(.post, "/api/lists", json: ["name": "First", "leadIds": [ids[0], ids[2]]])["list"]?.objectValue?["id"]?.stringValue)
            let second = try #require(try await app.call(.post, "/api/lists", json: ["name": "Second", "leadIds": [ids[2]]])["list"]?.objectValue?["id"]?.stringValue)
            func listNames(_ response: TestResponse) -> [String: [String]] {
                guard case .array(let leads) = response["leads"] ?? .null else { return [:] }
                var names: [String: [String]] = [:]
                for lead in leads {
                    guard let object = lead.objectValue, let id = object["id"]?.stringValue, case .array(let lists) = object["lists"] ?? .null else { continue }
                    names[id] = lists.compactMap { $0.objectValue?["name"]?.stringValue }
                }
                return names
            }
            let (a, b, c) = (ids[0].stringValue!, ids[1].stringValue!, ids[2].stringValue!)
            let firstPage = listNames(try await app.call(.get, "/api/lists/\(first)/leads"))
            #expect(firstPage == [a: ["All Leads", "First"], c: ["All Leads", "First", "Second"]])
            #expect(listNames(try await app.call(.get, "/api/lists/\(second)/leads?type=person")) == [c: ["All Leads", "First", "Second"]])
            let everyone = listNames(try await app.call(.get, "/api/lists/all/leads"))
            #expect(everyone[b] == ["All Leads"])
            #expect(everyone[c] == ["All Leads", "First", "Second"])
            #expect(listNames(try await app.call(.get, "/api/leads?email=person2@")) == [c: ["All Leads", "First", "Second"]])
            #expect(listNames(try await app.call(.get, "/api/leads?type=person&limit=3"))[a] == ["All Leads", "First"])
            // Past 100 Lists, memberships are looked up Lead by Lead instead of List by List: same answers.
            for index in 0..<100 { _ = try await app.call(.post, "/api/lists", json: ["name": .string("Extra \(index)")]) }
            #expect(listNames(try await app.call(.get, "/api/lists/\(first)/leads")) == firstPage)
            #expect(listNames(try await app.call(.get, "/api/lists/all/leads")) == everyone)
        }
    }
}

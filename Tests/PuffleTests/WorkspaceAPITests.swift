import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

@Suite struct WorkspaceAPITests {
    @Test(arguments: TestBackend.available)
    func contextIsNullUntilSavedThenReplacedWhole(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let empty = try await app.call(.get, "/api/context")
            #expect(empty["context"] == .null)
            #expect(empty["profile"] == .null)
            let document: JSONValue = [
                "context": ["market": ["icpJobTitles": ["Founder"], "targetAudience": "B2B SaaS"]],
                "profile": ["companyName": "Acme", "website": "https://acme.com"],
            ]
            #expect(try await app.call(.put, "/api/context", json: document).status == 200)
            #expect(try await app.call(.get, "/api/context").json == document)
            let wrong = try await app.call(.put, "/api/context", json: ["context": ["market": ["icpJobTitles": "Founder"]]])
            #expect(wrong.status == 400)
            #expect(try await app.call(.get, "/api/context").json == document, "a refused PUT changes nothing")
        }
    }

    @Test(arguments: TestBackend.available)
    func accountSettingsAndCredits(backend: TestBackend) async throws {
        try await withTestApp(backend, credits: 900) { app in
            let account = try await app.call(.get, "/api/account")
            #expect(account["canManageAuth"] == .bool(false))
            #expect(account["account"]?.objectValue?["email"] == "owner@example.com")
            let renamed = try await app.call(.patch, "/api/account", json: ["firstName": "Sarah", "lastName": "Chen"])
            #expect(renamed["account"]?.objectValue?["fullName"] == "Sarah Chen")
            #expect(try await app.call(.patch, "/api/account", json: ["password": "longenough"]).status == 403)
            #expect(try await app.call(.patch, "/api/account", json: ["email": "a@b.co", "password": "longenough"]).status == 400)

            #expect(try await app.call(.get, "/api/settings")["timezone"]?.objectValue?["isDefault"] == .bool(true))
            let set = try await app.call(.put, "/api/settings", json: ["timezone": "Europe/Berlin"])
            #expect(set["timezone"]?.objectValue?["timezone"] == "Europe/Berlin")
            #expect(try await app.call(.put, "/api/settings", json: ["timezone": "Mars/Olympus"]).status == 400)

            let config = try await app.call(.get, "/api/credits/config")
            #expect(config["costs"]?.objectValue?["EMAIL_LOOKUP"] == .integer(2))
            let preview = try await app.call(.post, "/api/credits/preview", json: ["action": "DEEP_RESEARCH", "count": 10])
            #expect(preview["totalCredits"] == .integer(400))
            #expect(preview["balance"] == .integer(900))
            #expect(preview["sufficient"] == .bool(true))
            #expect(try await app.call(.post, "/api/credits/preview", json: ["action": "NOPE", "count": 1]).status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func creditPreviewDollarsAreExactToTheCent(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            // 3 × 0.05 and 7 × 0.05 are the products that come out as 0.15000000000000002 and 0.35000000000000003 in floats.
            for (count, dollars) in [(3, 0.15), (7, 0.35), (1, 0.05), (20, 1.0)] {
                let preview = try await app.call(.post, "/api/credits/preview", json: ["action": "FIND_PERSON", "count": .integer(Int64(count))])
                #expect(preview["totalDollars"] == .number(dollars), "\(count) credits")
            }
            #expect(CreditPrices.dollars(forCredits: 3) == 0.15)
        }
    }

    @Test(arguments: TestBackend.available)
    func leadsAreCreatedUpdatedFilteredAndDeleted(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let input: JSONValue = ["type": "person", "name": ["first": "Jane", "last": "Doe"], "title": "VP of Sales", "contacts": [["value": "Jane@Acme.com"]]]
            let created = try await app.call(.post, "/api/leads", json: input)
            #expect(created.status == 201)
            let id = try #require(created["lead"]?.objectValue?["id"])
            let again = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Jane Doe", "contacts": [["value": "jane@acme.com "]]])
            #expect(again.status == 200)
            #expect(again["lead"]?.objectValue?["id"] == id)
            let updated = try await app.call(.patch, "/api/leads", json: ["id": id, "attributes": ["seniority": "vp"], "industry": "Fintech"])
            #expect(updated["lead"]?.objectValue?["attributes"] == ["seniority": "vp"])
            #expect(try await app.call(.patch, "/api/leads", json: ["id": id, "type": "company"]).status == 400)
            let filtered = try await app.call(.get, "/api/leads?q=fintech&type=person")
            #expect(filtered["leads"].map { if case .array(let items) = $0 { items.count } else { -1 } } == 1)
            let none = try await app.call(.get, "/api/leads?title=engineer")
            #expect(none["leads"] == .array([]))
            let dashboard = try await app.call(.get, "/api/dashboard/leads?segment=people")
            #expect(dashboard["total"] == .integer(1))
            #expect(try await app.call(.delete, "/api/leads", json: ["id": id])["success"] == .bool(true))
            #expect(try await app.call(.delete, "/api/leads", json: ["id": id]).status == 404)
        }
    }

    /// Two Leads without a shared identifier but with the same name and company are one person on
    /// the dashboard: one row, the Lists of both, and a total counted after folding.
    @Test(arguments: TestBackend.available)
    func dashboardFoldsPeopleWithTheSameNameAndCompany(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let list = try await app.call(.post, "/api/lists", json: ["name": "Dup target"])
            let listId = try #require(list["list"]?.objectValue?["id"]?.stringValue)
            let person: JSONValue = ["type": "person", "name": ["full": "Dup Person"], "company": ["name": "DupCo", "domain": "dupco.com"]]
            #expect(try await app.call(.post, "/api/leads", json: person).status == 201)
            #expect(try await app.call(.post, "/api/lists/import", json: ["listId": .string(listId), "leads": [person]])["createdCount"] == .integer(1))
            let other: JSONValue = ["type": "person", "name": ["full": "Other Person"], "company": ["name": "DupCo"]]
            #expect(try await app.call(.post, "/api/leads", json: other).status == 201)
            #expect(try await app.call(.get, "/api/leads?company=dupco")["leads"]?.arrayValue?.count == 3, "three Leads")

            let people = try await app.call(.get, "/api/dashboard/leads?segment=people&search=dup%20person")
            #expect(people["total"] == .integer(1))
            let row = try #require(people["rows"]?.arrayValue?.first?.objectValue)
            #expect(people["rows"]?.arrayValue?.count == 1)
            let listIds = row["lists"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? []
            #expect(listIds.contains(listId), "the folded row carries the other Lead's List")
            #expect(try await app.call(.get, "/api/dashboard/leads?segment=people")["total"] == .integer(2))

            let company: JSONValue = ["type": "company", "name": "DupCo", "domain": "dupco.com"]
            #expect(try await app.call(.post, "/api/leads", json: company).status == 201)
            let companies = try await app.call(.get, "/api/dashboard/leads?segment=companies")
            #expect(companies["total"] == .integer(1))
            #expect(companies["rows"]?.arrayValue?.first?.objectValue?["employeesInLists"] == .number(2), "Dup Person once, Other Person once")
        }
    }
}

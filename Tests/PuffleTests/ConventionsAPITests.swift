import HTTPTypes
import PuffleConfig
import PuffleCore
import PuffleHTTP
import PuffleTestSupport
import Testing

@Suite struct ConventionsAPITests {
    @Test(arguments: TestBackend.available)
    func missingMalformedUnknownAndRevokedKeysGetTheSame401(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let unknown = "pk_live_" + String(repeating: "ab", count: 32)
            for key in ["", "nonsense", unknown] {
                let response = try await app.call(.get, "/api/account", key: key)
                #expect(response.status == 401)
                #expect(response.errorCode == "unauthorized")
            }
            let spare = try await app.stores.keys.createKey(workspaceId: app.workspaceId, besideActive: true)
            #expect(try await app.call(.get, "/api/account", key: spare.value).status == 200)
            _ = try await app.stores.keys.revokeKeys(workspaceId: app.workspaceId, prefix: spare.prefix)
            #expect(try await app.call(.get, "/api/account", key: spare.value).status == 401)
            #expect(try await app.call(.get, "/healthz", key: "").status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func theBearerSchemeMatchesInAnyCase(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
                let response = try await app.call(.get, "/api/account", headers: [.authorization: "\(scheme) \(app.apiKey)"])
                #expect(response.status == 200, "scheme \(scheme)")
            }
            for header in ["Basic \(app.apiKey)", "bearer", "bearer ", "bearer\(app.apiKey)", "bearer \(app.apiKey.uppercased())"] {
                let response = try await app.call(.get, "/api/account", headers: [.authorization: header])
                #expect(response.status == 401, "header \(header)")
                #expect(response.errorCode == "unauthorized")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherWorkspacesIdsAnswer404(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let list = try await app.call(.post, "/api/lists", json: ["name": "Mine"])
            let listId = try #require(list["list"]?.objectValue?["id"]?.stringValue)
            let lead = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Jane Doe"])
            let leadId = try #require(lead["lead"]?.objectValue?["id"]?.stringValue)
            let other = try await app.otherWorkspaceKey()
            #expect(try await app.call(.get, "/api/lists/\(listId)/leads", key: other).status == 404)
            #expect(try await app.call(.get, "/api/lists?id=\(listId)", key: other).status == 404)
            #expect(try await app.call(.get, "/api/leads?id=\(leadId)", key: other).status == 404)
            #expect(try await app.call(.patch, "/api/leads", json: ["id": .string(leadId), "title": "x"], key: other).status == 404)
            #expect(try await app.call(.delete, "/api/leads", json: ["id": .string(leadId)], key: other).status == 404)
            #expect(try await app.call(.delete, "/api/lists", json: ["id": .string(listId)], key: other).status == 404)
            #expect(try await app.call(.post, "/api/lists", json: ["leadIds": [.string(leadId)]], key: other).status == 404)
            #expect(try await app.call(.get, "/api/leads?id=\(leadId)").status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func badInputGetsAClearErrorNamingTheField(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let malformed = try await app.call(.post, "/api/lists", rawBody: "{not json")
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "invalid_request")
            let wrongType = try await app.call(.post, "/api/lists", json: ["name": 5])
            #expect(wrongType.status == 400)
            #expect(wrongType["error"]?.objectValue?["message"]?.stringValue?.contains("name") == true)
            let missing = try await app.call(.post, "/api/leads", json: ["name": "Jane"])
            #expect(missing.status == 400)
            #expect(missing["error"]?.objectValue?["message"]?.stringValue?.contains("type") == true)
            #expect(try await app.call(.get, "/api/leads?limit=0").status == 400)
            #expect(try await app.call(.get, "/api/leads?cursor=tampered").status == 400)
            #expect(try await app.call(.get, "/api/nothing-here").errorCode == "not_found")
            let wrongMethod = try await app.call(.put, "/api/lists")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers[.allow] != nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func anInvalidEnumValueListsTheAllowedOnes(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let expected: JSONValue = "leadType: must be one of person, company, mixed, got \"robot\""
            let created = try await app.call(.post, "/api/lists", json: ["name": "Bots", "leadType": "robot"])
            #expect(created.status == 400)
            #expect(created.errorCode == "invalid_request")
            #expect(created["error"]?["message"] == expected)
            let list = try await app.call(.post, "/api/lists", json: ["name": "People", "leadType": "person"])
            let listId = try #require(list["list"]?["id"])
            let updated = try await app.call(.patch, "/api/lists", json: ["id": listId, "leadType": "robot"])
            #expect(updated.status == 400)
            #expect(updated["error"]?["message"] == expected)
        }
    }

    @Test func bodiesOverTheLimitGet413WithTheEnvelope() async throws {
        let config = AppConfig(maxBodyBytes: 1024, creditPrices: try CreditPrices())
        try await withTestApp(.sqlite, config: config) { app in
            let huge = try await app.call(.post, "/api/lists", json: ["name": .string(String(repeating: "x", count: 4096))])
            #expect(huge.status == 413)
            #expect(huge.errorCode == "payload_too_large")
        }
    }

    @Test func correlationIdsAreEchoedOrGenerated() async throws {
        try await withTestApp(.sqlite) { app in
            let echoed = try await app.call(.get, "/api/account", headers: [HTTPField.Name("x-correlation-id")!: "trace-123"])
            #expect(echoed.headers[HTTPField.Name("x-correlation-id")!] == "trace-123")
            let generated = try await app.call(.get, "/api/nope", headers: [HTTPField.Name("x-correlation-id")!: "bad value with spaces"])
            #expect(generated.headers[HTTPField.Name("x-correlation-id")!].map { $0 != "bad value with spaces" && !$0.isEmpty } == true)
        }
    }

    @Test func oneKeysFloodIsRateLimitedWithoutSlowingAnother() async throws {
        let config = AppConfig(rateLimitPerSecond: 0.01, rateLimitBurst: 2, creditPrices: try CreditPrices())
        try await withTestApp(.sqlite, config: config) { app in
            #expect(try await app.call(.get, "/api/account").status == 200)
            #expect(try await app.call(.get, "/api/account").status == 200)
            let limited = try await app.call(.get, "/api/account")
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate_limited")
            #expect(limited.headers[HTTPField.Name("Retry-After")!] != nil)
            let other = try await app.otherWorkspaceKey()
            #expect(try await app.call(.get, "/api/account", key: other).status == 200)
        }
    }

    @Test func theOpenAPIDocumentListsEveryDeclaredRoute() async throws {
        try await withTestApp(.sqlite) { app in
            let document = try await app.call(.get, "/api/openapi.json", key: "")
            #expect(document["openapi"] == "3.1.0")
            let paths = try #require(document["paths"]?.objectValue)
            #expect(paths["/api/lists/{id}/leads"]?.objectValue?.keys.sorted() == ["delete", "get", "post"])
            #expect(paths["/api/lists/import"]?.objectValue?["post"]?.objectValue?["x-cli"] == "puffle list import")
        }
    }
}

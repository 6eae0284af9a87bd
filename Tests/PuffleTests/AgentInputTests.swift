import HTTPTypes
import PuffleCore
import PuffleTestSupport
import Testing

/// Input as agents send it (Python `requests`, `URLSearchParams`): decoded the way they mean it,
/// or refused in the envelope with the field's name. Issue 15, items 1, 7 and 11 to 15.
@Suite struct AgentInputTests {
    @Test(arguments: TestBackend.available)
    func aPlusInAQueryIsASpaceAndPathIdsArePercentDecoded(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            _ = try await app.call(.post, "/api/leads", json: ["type": "person", "name": ["full": "Zelda Quux"], "title": "VP Sales", "company": "Acme Corp"])
            for query in ["name=Zelda+Quux", "name=Zelda%20Quux", "q=zelda+quux", "company=Acme+Corp"] {
                let found = try await app.call(.get, "/api/leads?\(query)")
                #expect(found["leads"]?.arrayValue?.count == 1, "\(query)")
            }
            let dashboard = try await app.call(.get, "/api/dashboard/leads?search=Zelda+Quux")
            #expect(dashboard["total"] == .integer(1))

            // A List whose id holds a space and a non-ASCII letter, as a Lead Search may create one.
            let search = try await app.call(.post, "/api/leads/search", json: ["prompt": "founders in Austin", "fetch_count": 1, "listId": "my list ü"])
            #expect(search.status == 202)
            #expect(try await app.call(.get, "/api/lists/my%20list%20%C3%BC/leads").status == 200)
            #expect(try await app.call(.get, "/api/lists?id=my+list+%C3%BC")["lists"]?.arrayValue?.first?["id"] == "my list ü")
            #expect(try await app.call(.get, "/api/leads?name=%ZZ").errorCode == "invalid_request")
        }
    }

    @Test(arguments: TestBackend.available)
    func integersBeyondTwoToTheFiftyThreeComeBackExactly(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let body = #"{"type":"person","name":{"full":"Big Number"},"raw":{"providerId":1234567890123456789},"attributes":{"n":-9007199254740993,"f":1.5}}"#
            let created = try await app.call(.post, "/api/leads", rawBody: body)
            #expect(created.status == 201)
            let id = try #require(created["lead"]?["id"]?.stringValue)
            let read = try await app.call(.get, "/api/leads?id=\(id)")
            let lead = try #require(read["leads"]?.arrayValue?.first)
            #expect(lead["raw"]?["providerId"] == .integer(1_234_567_890_123_456_789))
            #expect(lead["attributes"]?["n"] == .integer(-9_007_199_254_740_993))
            #expect(lead["attributes"]?["f"] == .number(1.5))
        }
    }

    @Test(arguments: TestBackend.available)
    func aCountThatIsNotAnIntegerInRangeIsNamed(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            for count in ["1.5", "1e30", "0", "2000000", "\"3\""] {
                let answer = try await app.call(.post, "/api/credits/preview", rawBody: #"{"action":"FIND_PERSON","count":\#(count)}"#)
                #expect(answer.status == 400, "count \(count)")
                #expect(answer["error"]?["message"]?.stringValue?.hasPrefix("count:") == true, "count \(count): \(answer.json)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func overlongValuesAreRefusedInTheEnvelope(backend: TestBackend) async throws {
        // A query too long for the HTTP decoder is refused before routing, and the server closes the
        // connection: one request on a live server of its own.
        try await withTestApp(backend, live: true) { app in
            let answer = try await app.call(.get, "/api/leads?q=\(String(repeating: "a", count: 100_000))")
            #expect(answer.status == 400)
            #expect(answer.errorCode == "invalid_request", "an error before routing still has the envelope")
        }
        try await withTestApp(backend) { app in
            let tooLong = try await app.call(.get, "/api/leads?q=\(String(repeating: "b", count: 1_001))")
            #expect(tooLong.status == 400)
            #expect(tooLong["error"]?["message"]?.stringValue?.hasPrefix("q:") == true)
            let longName = try await app.call(.post, "/api/lists", json: ["name": .string(String(repeating: "n", count: 301))])
            #expect(longName["error"]?["message"]?.stringValue?.hasPrefix("name:") == true)
            let longTitle = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Long Title", "title": .string(String(repeating: "t", count: 1_001))])
            #expect(longTitle.status == 400)
            let longKey = try await app.call(.post, "/api/leads", json: ["type": "person", "name": "Long Key", "attributes": [String(repeating: "k", count: 201): 1]])
            #expect(longKey.status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func emptyIdsOffsetTimezonesControlCharactersAndBadUTF8AreRefused(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let emptyId = try await app.call(.post, "/api/lists", json: ["leadIds": [""]])
            #expect(emptyId.status == 400)
            #expect(emptyId["error"]?["message"]?.stringValue?.hasPrefix("leadIds[0]") == true)
            for offset in ["GMT+5", "EST", "EST5EDT", "CET"] {
                #expect(try await app.call(.put, "/api/settings", json: ["timezone": .string(offset)]).status == 400, "\(offset)")
            }
            #expect(try await app.call(.put, "/api/settings", json: ["timezone": "UTC"]).status == 200)
            let nul = try await app.call(.post, "/api/leads", rawBody: #"{"type":"person","name":"Nul Title","title":"VP\u0000Sales"}"#)
            #expect(nul.status == 400)
            #expect(nul["error"]?["message"]?.stringValue?.contains("control character") == true)
            let newline = try await app.call(.post, "/api/leads", rawBody: #"{"type":"person","name":"Line Break","title":"VP\nSales"}"#)
            #expect(newline.status == 201, "tab and line breaks stay allowed")
            let badUTF8 = try await app.call(.post, "/api/leads", bytes: Array(#"{"type":"person","name":"Caf"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
            #expect(badUTF8.status == 400)
            #expect(badUTF8["error"]?["message"]?.stringValue?.contains("UTF-8") == true)
            #expect(try await app.call(.get, "/api/leads?name=Caf%C3").status == 400)
        }
    }
}

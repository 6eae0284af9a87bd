import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PuffleCore
import Synchronization

/// A local stand-in for the paid APIs, speaking their documented shapes: Apollo's people search,
/// People Data Labs' person search and an OpenAI-compatible chat endpoint. Tests script its
/// answers (`plan`) and read what it was sent (`requests`).
public final class FakeProviders: Sendable {
    /// Status codes to answer with before answering normally, consumed one per request.
    public let plan = Mutex<[Int]>([])
    /// Every JSON body received, by path.
    public let requests = Mutex<[(path: String, body: JSONValue)]>([])
    /// What the chat endpoint answers as the model's message.
    public let chatContent = Mutex<String>(#"{"seniority_level":["c_suite"],"contact_location":["Germany"]}"#)
    /// People the search endpoints have, in order.
    public let people: [JSONValue]

    public static let apolloKey = "apollo-test-key"
    public static let pdlKey = "pdl-test-key"
    public static let unipileKey = "unipile-test-key"

    public init(peopleCount: Int = 7) {
        people = (0..<peopleCount).map { index in
            [
                "id": .string("person-\(index)"), "first_name": .string("Ada\(index)"), "last_name": "Lovelace",
                "title": "VP of Sales", "email": .string("ada\(index)@solaris.example"), "city": "Berlin", "country": "Germany",
                "linkedin_url": .string("https://www.linkedin.com/in/ada-\(index)"),
                "organization": ["name": "Solaris", "primary_domain": "solaris.example", "industry": "fintech"],
            ]
        }
    }

    /// Runs the fake on a free loopback port for the length of `body`.
    public func run(_ body: @Sendable (_ baseURL: String) async throws -> Void) async throws {
        let router = Router()
        router.post("/api/v1/mixed_people/search") { request, context in
            try await self.answer(request, context: context, key: Self.apolloKey) { json in
                let page = json["page"]?.intValue ?? 1
                let perPage = json["per_page"]?.intValue ?? 10
                let slice = Array(self.people.dropFirst((page - 1) * perPage).prefix(perPage))
                let pages = (self.people.count + perPage - 1) / perPage
                return ["people": .array(slice), "pagination": ["page": .integer(Int64(page)), "per_page": .integer(Int64(perPage)), "total_pages": .integer(Int64(pages))]]
            }
        }
        router.post("/v5/person/search") { request, context in
            try await self.answer(request, context: context, key: Self.pdlKey) { json in
                let start = json["scroll_token"]?.stringValue.flatMap { Int($0) } ?? 0
                let size = json["size"]?.intValue ?? 10
                let rows = self.people.dropFirst(start).prefix(size).map { person -> JSONValue in
                    [
                        "id": person["id"] ?? .null, "full_name": .string("\(person["first_name"]?.stringValue ?? "") Lovelace"),
                        "job_title": "vp of sales", "job_title_levels": ["vp"], "job_company_name": "solaris", "job_company_website": "solaris.example",
                        "location_country": "germany", "work_email": person["email"] ?? .null, "linkedin_url": .string("linkedin.com/in/pdl-\(person["id"]?.stringValue ?? "")"),
                    ]
                }
                let next = start + rows.count
                return ["status": 200, "data": .array(Array(rows)), "total": .integer(Int64(self.people.count)),
                        "scroll_token": next < self.people.count ? .string(String(next)) : .null]
            }
        }
        router.post("/v1/chat/completions") { request, context in
            try await self.answer(request, context: context, key: nil) { _ in
                ["choices": [["message": ["role": "assistant", "content": .string(self.chatContent.withLock { $0 })]]]]
            }
        }
        router.get("/site/{domain}") { _, context in
            let domain = context.parameters.get("domain") ?? ""
            let html = """
                <html><head><title lang="en">\(domain) &amp; Co</title><meta name="description" content="We make   things for \(domain).">
                <script src="https://js.stripe.com/v3"></script></head><body><a href="https://www.linkedin.com/company/\(domain)">in</a>
                <a href='/about'>About</a><script id="__NEXT_DATA__">{}</script></body></html>
                """
            return Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        router.get("/score") { request, _ in
            Self.json(["data": [["score": 42, "email": .string(request.uri.queryParameters["email"].map(String.init) ?? "")]]], status: .ok)
        }
        router.post("/api/v1/people/match") { request, context in
            try await self.answer(request, context: context, key: Self.apolloKey) { json in
                json["email"] == "ada@acme.example" ? ["person": self.people[0]] : ["person": .null]
            }
        }
        router.post("/v5/person/enrich") { request, context in
            try await self.answer(request, context: context, key: Self.pdlKey) { json in
                ["status": 200, "data": [
                    "full_name": .string(json["name"]?.stringValue ?? ""), "job_title": "head of growth", "work_email": "x@pdl.example",
                    "mobile_phone": "+4915112345678",
                ]]
            }
        }
        // Unipile's LinkedIn posts of a user, for the `linkedin_posts` Enrichment.
        router.get("/api/v1/users/{identifier}/posts") { request, context in
            guard request.headers[.init("X-API-KEY")!] == Self.unipileKey else { return Self.json(["error": "invalid key"], status: .unauthorized) }
            let identifier = context.parameters.get("identifier") ?? ""
            guard identifier == "ada-0" else { return Self.json(["error": "not found"], status: .notFound) }
            return Self.json(["items": [
                ["text": "Payments are infrastructure.", "parsed_datetime": "2026-11-30T09:00:00Z", "share_url": "https://www.linkedin.com/feed/update/1"],
                ["text": "We are hiring in Berlin.", "parsed_datetime": "2026-11-28T09:00:00Z", "share_url": "https://www.linkedin.com/feed/update/2"],
            ]], status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    private func answer(
        _ request: Request, context: BasicRequestContext, key: String?, _ make: (JSONValue) -> JSONValue
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let json = (try? JSONParser.parse(String(buffer: buffer))) ?? .null
        requests.withLock { $0.append((request.uri.path, json)) }
        if let key, request.headers[.init("X-Api-Key")!] != key {
            return Self.json(["error": ["message": "invalid api key"]], status: .unauthorized)
        }
        let planned = plan.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let planned, planned != 200 {
            var response = Self.json(["error": "planned failure"], status: HTTPResponse.Status(code: planned))
            if planned == 429 { response.headers[.retryAfter] = "1" }
            return response
        }
        return Self.json(make(json), status: .ok)
    }

    private static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: JSONWriter.string(value))))
    }
}

import Foundation
import PuffleCore

/// `mobile_phone`: a person's mobile number from People Data Labs' person enrich (`mobile_phone`,
/// else the first of `phone_numbers`) or Apollo's people match (`phone_numbers`), whichever key is
/// set, PDL first. Without either it is listed as unavailable: a number is never made up.
public struct MobilePhoneEnricher: Enricher {
    let pdl: ProviderHTTP?
    let apollo: ProviderHTTP?

    public init(pdl: (baseURL: String, apiKey: String)?, apollo: (baseURL: String, apiKey: String)?) {
        self.pdl = pdl.map { ProviderHTTP(baseURL: $0.baseURL, headers: [("X-Api-Key", $0.apiKey)]) }
        self.apollo = apollo.map { ProviderHTTP(baseURL: $0.baseURL, headers: [("X-Api-Key", $0.apiKey)]) }
    }

    public static let definition = EnrichmentDefinition(
        slug: "mobile_phone", name: "Mobile phone", description: "The person's mobile number, from People Data Labs or Apollo.", subject: .person,
        outputSchema: ["type": "object", "properties": ["phone": ["type": "string"], "provider": ["type": "string"]]],
        defaultAttributeKey: "mobile_phone", creditAction: "PHONE_LOOKUP", concurrency: 4, ratePerSecond: 5)

    public var definition: EnrichmentDefinition { Self.definition }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let fields = HTTPRequestEnricher.fields(of: subject.body)
        if let pdl {
            var query: JSONObject = ["name": .string(fields["name"] ?? "")]
            if let email = fields["email"], !email.isEmpty { query["email"] = .string(email) }
            if let linkedin = fields["linkedin"], !linkedin.isEmpty { query["profile"] = .string(linkedin) }
            if let domain = fields["domain"], !domain.isEmpty { query["company"] = .string(domain) }
            let data = try await PersonMatch.call { try await pdl.post("/v5/person/enrich", json: .object(query)) }["data"]
            let phone = data?["mobile_phone"]?.stringValue ?? data?["phone_numbers"]?.arrayValue?.first?.stringValue
            if let phone { return .value(["phone": .string(phone), "provider": "pdl"]) }
        }
        if let apollo {
            var query: JSONObject = ["first_name": .string(fields["first"] ?? ""), "last_name": .string(fields["last"] ?? ""), "reveal_phone_number": true]
            if let email = fields["email"], !email.isEmpty { query["email"] = .string(email) }
            if let linkedin = fields["linkedin"], !linkedin.isEmpty { query["linkedin_url"] = .string(linkedin) }
            if let domain = fields["domain"], !domain.isEmpty { query["domain"] = .string(domain) }
            let person = try await PersonMatch.call { try await apollo.post("/api/v1/people/match", json: .object(query)) }["person"]
            if let number = person?["phone_numbers"]?.arrayValue?.first, let phone = number["sanitized_number"]?.stringValue ?? number["raw_number"]?.stringValue {
                return .value(["phone": .string(phone), "provider": "apollo"])
            }
        }
        return .nothing("no provider has a number for this person")
    }
}

/// `linkedin_posts`: a person's recent LinkedIn posts through a Unipile-shaped LinkedIn API
/// (`GET {base}/api/v1/users/{identifier}/posts?account_id=`), with `PUFFLE_UNIPILE_BASE_URL`,
/// `PUFFLE_UNIPILE_API_KEY` and `PUFFLE_UNIPILE_ACCOUNT_ID` set; listed as unavailable otherwise.
public struct LinkedInPostsEnricher: Enricher {
    let http: ProviderHTTP
    let accountId: String

    public init(baseURL: String, apiKey: String, accountId: String) {
        http = ProviderHTTP(baseURL: baseURL, headers: [("X-API-KEY", apiKey)])
        self.accountId = accountId
    }

    public static let definition = EnrichmentDefinition(
        slug: "linkedin_posts", name: "LinkedIn posts", description: "The person's recent LinkedIn posts: text, date and link.", subject: .person,
        inputSchema: ["type": "object", "properties": ["limit": ["type": "integer", "minimum": 1, "maximum": 50, "default": 10]]],
        outputSchema: ["type": "object", "properties": ["count": ["type": "integer"], "posts": ["type": "array"]]],
        defaultAttributeKey: "linkedin_posts", creditAction: "LINKEDIN_POSTS", concurrency: 2, ratePerSecond: 1)

    public var definition: EnrichmentDefinition { Self.definition }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let url = subject.body.socials.compactMap({ $0["url"]?.stringValue }).first(where: { LeadIdentity.normalizedLinkedInURL($0) != nil }),
            let identifier = LeadIdentity.normalizedLinkedInURL(url)?.split(separator: "/").last
        else { return .nothing("the person has no LinkedIn URL") }
        let limit = min(max(input["limit"]?.intValue ?? 10, 1), 50)
        let path = "/api/v1/users/\(identifier)/posts?account_id=\(accountId)&limit=\(limit)"
        let answer: (status: Int, body: String)
        do {
            answer = try await ProviderHTTP.fetch(http.baseURL + path, headers: http.headers)
        } catch let error as LeadSearchProviderError {
            throw error.enrichmentFailure
        }
        if answer.status == 404 { return .nothing("LinkedIn has no profile \(identifier)") }
        guard (200..<300).contains(answer.status), let json = try? JSONParser.parse(answer.body) else {
            throw EnrichmentFailure.failed("the LinkedIn provider answered \(answer.status)")
        }
        let posts: [JSONValue] = (json["items"]?.arrayValue ?? []).prefix(limit).map { post in
            ["text": post["text"] ?? .null, "date": post["parsed_datetime"] ?? post["date"] ?? .null, "url": post["share_url"] ?? .null]
        }
        return .value(["count": .integer(Int64(posts.count)), "posts": .array(posts)])
    }
}

/// An Enrichment this server lists but cannot run until a provider is configured. The planner
/// refuses it with `ENRICHMENT_UNAVAILABLE` before anything is charged, so `enrich` never runs.
public struct UnavailableEnricher: Enricher {
    public let definition: EnrichmentDefinition

    public init(_ definition: EnrichmentDefinition, reason: String) {
        var definition = definition
        definition.unavailableReason = reason
        self.definition = definition
    }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        throw EnrichmentFailure.failed(definition.unavailableReason ?? "not available")
    }
}

import PuffleCore

/// `apollo_people_match`: Apollo's people match (`POST /api/v1/people/match`) by email, LinkedIn
/// URL or name at domain. Offered when `PUFFLE_APOLLO_API_KEY` is set.
public struct ApolloPeopleMatchEnricher: Enricher {
    let http: ProviderHTTP

    public init(baseURL: String, apiKey: String) {
        http = ProviderHTTP(baseURL: baseURL, headers: [("X-Api-Key", apiKey)])
    }

    public let definition = EnrichmentDefinition(
        slug: "apollo_people_match", name: "Apollo person match", description: "Looks the person up in Apollo and keeps title, email, LinkedIn and company.",
        subject: .person, outputSchema: ["type": "object"], defaultAttributeKey: "apollo", creditAction: "PERSON_ENRICH", concurrency: 4,
        ratePerSecond: 5)

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let fields = HTTPRequestEnricher.fields(of: subject.body)
        var query: JSONObject = ["first_name": .string(fields["first"] ?? ""), "last_name": .string(fields["last"] ?? "")]
        if let email = fields["email"], !email.isEmpty { query["email"] = .string(email) }
        if let linkedin = fields["linkedin"], !linkedin.isEmpty { query["linkedin_url"] = .string(linkedin) }
        if let domain = fields["domain"], !domain.isEmpty { query["domain"] = .string(domain) }
        let answer = try await PersonMatch.call { try await http.post("/api/v1/people/match", json: .object(query)) }
        guard let person = answer["person"], person != .null else { return .nothing("Apollo has no match") }
        return .value(ApolloPeopleSearch.lead(from: person))
    }
}

/// `pdl_person_enrich`: People Data Labs' person enrich, sent as a JSON body to its endpoint.
/// Offered when `PUFFLE_PDL_API_KEY` is set.
public struct PDLPersonEnricher: Enricher {
    let http: ProviderHTTP

    public init(baseURL: String, apiKey: String) {
        http = ProviderHTTP(baseURL: baseURL, headers: [("X-Api-Key", apiKey)])
    }

    public let definition = EnrichmentDefinition(
        slug: "pdl_person_enrich", name: "People Data Labs person enrich", description: "Looks the person up in People Data Labs and keeps title, email, LinkedIn and company.",
        subject: .person, outputSchema: ["type": "object"], defaultAttributeKey: "pdl", creditAction: "PERSON_ENRICH", concurrency: 4,
        ratePerSecond: 10)

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let fields = HTTPRequestEnricher.fields(of: subject.body)
        var query: JSONObject = ["name": .string(fields["name"] ?? "")]
        if let email = fields["email"], !email.isEmpty { query["email"] = .string(email) }
        if let linkedin = fields["linkedin"], !linkedin.isEmpty { query["profile"] = .string(linkedin) }
        if let domain = fields["domain"], !domain.isEmpty { query["company"] = .string(domain) }
        let answer = try await PersonMatch.call { try await http.post("/v5/person/enrich", json: .object(query)) }
        guard let person = answer["data"], person != .null else { return .nothing("People Data Labs has no match") }
        return .value(PDLPersonSearch.lead(from: person))
    }
}

/// Provider errors as Enrichment errors: a refusal (404 "no match" aside) fails the item, the rest are retried.
enum PersonMatch {
    static func call(_ body: () async throws -> JSONValue) async throws -> JSONValue {
        do {
            return try await body()
        } catch LeadSearchProviderError.rejected(status: 404, _) {
            return .null
        } catch let error as LeadSearchProviderError {
            throw error.enrichmentFailure
        }
    }
}

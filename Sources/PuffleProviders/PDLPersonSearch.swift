import PuffleCore

/// A People Data Labs-style person search: `POST {base}/v5/person/search` with an `X-Api-Key`
/// header and an Elasticsearch query; results under `data`, more behind `scroll_token`.
public struct PDLPersonSearch: LeadSearchProvider {
    public let name = "pdl"
    let http: ProviderHTTP

    /// - Parameter baseURL: `https://api.peopledatalabs.com`, or a compatible server.
    public init(baseURL: String, apiKey: String) {
        http = ProviderHTTP(baseURL: baseURL, headers: [("X-Api-Key", apiKey)])
    }

    public func search(_ query: LeadSearchQuery) async throws -> LeadSearchPage {
        var body: JSONObject = ["query": Self.query(for: query.filters), "size": .integer(Int64(min(max(query.limit, 1), 100)))]
        if let cursor = query.cursor { body["scroll_token"] = .string(cursor) }
        let answer = try await http.post("/v5/person/search", json: .object(body))
        let people = (answer["data"]?.arrayValue ?? []).map { row in ProviderPerson(id: row.text("id"), raw: row, lead: Self.lead(from: row)) }
        let token = answer.text("scroll_token")
        return LeadSearchPage(people: people, nextCursor: token ?? query.cursor, hasMore: token != nil && !people.isEmpty)
    }

    /// PDL's seniority levels for ours.
    static let levels: [String: String] = [
        "founder": "owner", "owner": "owner", "c_suite": "cxo", "partner": "partner", "vp": "vp", "head": "director",
        "director": "director", "senior": "senior", "manager": "manager", "entry": "entry",
    ]

    /// A bool query: each non-empty filter is one `terms` clause that must match.
    static func query(for filters: LeadSearchFilters) -> JSONValue {
        var must: [JSONValue] = []
        func terms(_ field: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            must.append(["terms": .object([field: .array(values.map { .string($0.lowercased()) })])])
        }
        terms("job_title_levels", Array(Set(filters.seniorities.compactMap { levels[$0] })).sorted())
        terms("job_title_role", filters.departments)
        terms("location_country", filters.locations)
        terms("job_company_industry", filters.industries)
        terms("job_company_size", filters.sizes.map { $0 == "10001+" ? "10001+" : $0 })
        terms("job_company_name", filters.companies)
        if filters.seniorities.isEmpty, filters.departments.isEmpty, !filters.jobTitles.isEmpty {
            must.append(["match": ["job_title": .string(filters.jobTitles.joined(separator: " "))]])
        }
        return ["bool": ["must": .array(must)]]
    }

    static func lead(from row: JSONValue) -> JSONValue {
        var lead = LeadInputBuilder()
        lead.name(full: row.text("full_name"), first: row.text("first_name"), last: row.text("last_name"))
        lead.set("title", row.text("job_title"))
        lead.company(name: row.text("job_company_name"), domain: row.text("job_company_website"))
        lead.set("industry", row.text("job_company_industry"))
        lead.set("size", row.text("job_company_size"))
        lead.location(city: row.text("location_locality"), state: row.text("location_region"), country: row.text("location_country"))
        lead.linkedIn(row.text("linkedin_url").map { $0.hasPrefix("http") ? $0 : "https://" + $0 })
        lead.email(row.text("work_email"))
        return lead.json
    }
}

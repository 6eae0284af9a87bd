import Foundation
import PuffleCore

/// An Apollo-style people search: `POST {base}/api/v1/mixed_people/search` with an `X-Api-Key`
/// header, page-numbered results under `people`, and `pagination.total_pages`.
public struct ApolloPeopleSearch: LeadSearchProvider {
    public let name = "apollo"
    let http: ProviderHTTP

    /// - Parameter baseURL: `https://api.apollo.io`, or a compatible server.
    public init(baseURL: String, apiKey: String) {
        http = ProviderHTTP(baseURL: baseURL, headers: [("X-Api-Key", apiKey), ("Cache-Control", "no-cache")])
    }

    public func search(_ query: LeadSearchQuery) async throws -> LeadSearchPage {
        let page = query.cursor.flatMap { Int($0) }.map { $0 + 1 } ?? 1
        let answer = try await http.post("/api/v1/mixed_people/search", json: .object(Self.body(for: query, page: page)))
        let people = (answer["people"]?.arrayValue ?? []).map { row in ProviderPerson(id: row.text("id"), raw: row, lead: Self.lead(from: row)) }
        let totalPages = answer["pagination"]?["total_pages"]?.intValue ?? page
        return LeadSearchPage(people: Array(people.prefix(query.limit)), nextCursor: String(page), hasMore: page < totalPages && !people.isEmpty)
    }

    /// Apollo's documented filter names for our filters.
    static func body(for query: LeadSearchQuery, page: Int) -> JSONObject {
        let filters = query.filters
        var body: JSONObject = ["page": .number(Double(page)), "per_page": .number(Double(min(max(query.limit, 1), 100)))]
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        if !filters.jobTitles.isEmpty { body["person_titles"] = strings(filters.jobTitles) }
        if !filters.seniorities.isEmpty { body["person_seniorities"] = strings(filters.seniorities) }
        if !filters.departments.isEmpty { body["person_department_or_subdepartments"] = strings(filters.departments) }
        if !filters.locations.isEmpty { body["person_locations"] = strings(filters.locations) }
        if !filters.sizes.isEmpty {
            // Apollo writes ranges as "51,200"; "10001+" becomes "10001,".
            body["organization_num_employees_ranges"] = strings(filters.sizes.map { $0.replacingOccurrences(of: "-", with: ",").replacingOccurrences(of: "+", with: ",") })
        }
        let keywords = filters.industries + filters.keywords
        if !keywords.isEmpty { body["q_organization_keyword_tags"] = strings(keywords) }
        if !filters.companies.isEmpty { body["q_organization_name"] = .string(filters.companies.joined(separator: " ")) }
        return body
    }

    static func lead(from row: JSONValue) -> JSONValue {
        var lead = LeadInputBuilder()
        lead.name(full: row.text("name"), first: row.text("first_name"), last: row.text("last_name"))
        lead.set("title", row.text("title"))
        let organization = row["organization"] ?? .null
        lead.company(name: organization.text("name"), domain: organization.text("primary_domain"))
        lead.set("industry", organization.text("industry"))
        lead.location(city: row.text("city"), state: row.text("state"), country: row.text("country"))
        lead.linkedIn(row.text("linkedin_url"))
        lead.email(row.text("email"))
        return lead.json
    }
}

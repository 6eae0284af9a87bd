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

    /// Pages are always 100 people; the cursor is "page:used", so a page taken in part is resumed
    /// where it was left instead of skipped or repeated.
    static let pageSize = 100

    public func search(_ query: LeadSearchQuery) async throws -> LeadSearchPage {
        let parts = (query.cursor ?? "").split(separator: ":").compactMap { Int($0) }
        var (page, used) = parts.count == 2 ? (parts[0], parts[1]) : (1, 0)
        if used >= Self.pageSize { (page, used) = (page + 1, 0) }
        let answer = try await http.post("/api/v1/mixed_people/search", json: .object(Self.body(for: query, page: page)))
        let rows = answer["people"]?.arrayValue ?? []
        let taken = Array(rows.dropFirst(used).prefix(query.limit))
        let people = taken.map { row in ProviderPerson(id: row.text("id"), raw: row, lead: Self.lead(from: row)) }
        let totalPages = answer["pagination"]?["total_pages"]?.intValue ?? page
        let usedNow = used + taken.count
        let more = usedNow < rows.count || (page < totalPages && rows.count == Self.pageSize)
        return LeadSearchPage(people: people, nextCursor: "\(page):\(usedNow)", hasMore: more && !people.isEmpty)
    }

    /// Apollo's documented filter names for our filters.
    static func body(for query: LeadSearchQuery, page: Int) -> JSONObject {
        let filters = query.filters
        var body: JSONObject = ["page": .integer(Int64(page)), "per_page": .integer(Int64(pageSize))]
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

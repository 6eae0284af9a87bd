/// `GET /api/dashboard/leads`: one row per distinct person or company, shaped here from what the
/// store read. The store folds Leads into groups and pages them; the rows and the employee counts
/// are plain code over its results.
public struct DashboardPage: Sendable {
    /// The Lead shown for each group of the page, with the Lists of the whole group.
    public var leads: [Lead]
    /// Groups matching the query, before paging.
    public var total: Int
    /// People rows: the company Lead of each company domain that has one.
    public var companyLeadIds: [String: String]
    /// Company rows: the people who may work there (by the company's domain, or its name).
    public var people: [DashboardPerson]

    public init(leads: [Lead], total: Int, companyLeadIds: [String: String] = [:], people: [DashboardPerson] = []) {
        self.leads = leads
        self.total = total
        self.companyLeadIds = companyLeadIds
        self.people = people
    }
}

/// A person Lead as the company rows count it: its company's domain and name (lowercased, as
/// stored for search) and the key that folds duplicate people into one.
public struct DashboardPerson: Sendable, Equatable {
    public var domain: String
    public var company: String
    public var dedupKey: String

    public init(domain: String, company: String, dedupKey: String) {
        self.domain = domain
        self.company = company
        self.dedupKey = dedupKey
    }
}

public enum DashboardRows {
    /// The page's rows: legacy snake_case people, or companies with `employeesInLists`.
    public static func rows(_ page: DashboardPage, segment: DashboardQuery.Segment) -> [JSONObject] {
        switch segment {
        case .people:
            return page.leads.map { personRow($0, companyRowId: $0.body.company?.domain.flatMap { page.companyLeadIds[$0] }) }
        case .companies:
            return page.leads.map { companyRow($0, employees: employees(of: $0, among: page.people)) }
        }
    }

    /// Distinct people of a company: those on its domain (when it has one) or with its name,
    /// folded as the people rows are.
    public static func employees(of company: Lead, among people: [DashboardPerson]) -> Int {
        let domain = company.body.domain ?? ""
        let name = company.body.name.full.lowercased()
        return Set(people.filter { (!domain.isEmpty && $0.domain == domain) || $0.company == name }.map(\.dedupKey)).count
    }

    /// The legacy snake_case person row; `company_row_id` is the company Lead of its company's domain, when there is one.
    static func personRow(_ lead: Lead, companyRowId: String?) -> JSONObject {
        let body = lead.body
        let firstList = lead.lists.count > 1 ? lead.lists[1] : lead.lists.first
        return [
            "id": .string(lead.id),
            "list_id": firstList.map { .string($0.id) } ?? .null,
            "linkedin_url": body.socials.first?["url"] ?? .null,
            "profile_data": .object([
                "fullName": .string(body.name.full), "firstName": .string(body.name.first), "lastName": .string(body.name.last),
                "currentCompany": body.company?.name.map(JSONValue.string) ?? .null, "currentRole": body.title.map(JSONValue.string) ?? .null,
            ]),
            "source": .string(LeadSourceKind.of(body).rawValue),
            "added_at": .string(lead.createdAt.iso8601),
            "company_row_id": companyRowId.map(JSONValue.string) ?? .null,
            "company_domain": body.company?.domain.map(JSONValue.string) ?? .null,
            "lists": .array(lead.lists.map { .object(["id": .string($0.id), "name": .string($0.name)]) }),
        ]
    }

    static func companyRow(_ lead: Lead, employees: Int) -> JSONObject {
        [
            "id": .string(lead.id),
            "name": .string(lead.body.name.full),
            "domain": lead.body.domain.map(JSONValue.string) ?? .null,
            "industry": lead.body.industry.map(JSONValue.string) ?? .null,
            "size": lead.body.size.map(JSONValue.string) ?? .null,
            "added_at": .string(lead.createdAt.iso8601),
            "employeesInLists": .integer(Int64(employees)),
            "lists": .array(lead.lists.map { .object(["id": .string($0.id), "name": .string($0.name)]) }),
        ]
    }
}

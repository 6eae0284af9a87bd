import Foundation

extension ProspectFields {
    /// A List's Lead as a prospect: names, company, title as position, the LinkedIn URL of its
    /// socials, and the email of its email contact, else its `work_email` attribute (what the
    /// `work_email` Enrichment writes, on the Lead or on its membership of the List).
    public init(lead body: LeadBody, membershipAttributes: JSONObject?) {
        self.init()
        firstName = body.name.first.isEmpty ? nil : body.name.first
        lastName = body.name.last.isEmpty ? nil : body.name.last
        name = body.name.full.isEmpty ? nil : body.name.full
        company = body.company?.name
        position = body.title
        headline = body.raw["headline"]?.stringValue ?? body.attributes["headline"]?.stringValue
        linkedinURL = body.socials.lazy.compactMap { $0["url"]?.stringValue }
            .first { LeadIdentity.normalizedLinkedInURL($0) != nil && !$0.lowercased().contains("/in/imported-") }
        // An email contact: typed `email`, or untyped with an address for a value.
        let contact = body.contacts.lazy.compactMap { contact -> String? in
            guard let value = contact["value"]?.stringValue else { return nil }
            let type = contact["type"]?.stringValue?.lowercased()
            return type == "email" || (type == nil && EmailAddressRule.normalized(value) != nil) ? value : nil
        }.first
        email = contact ?? Self.workEmail(body.attributes["work_email"]) ?? Self.workEmail(membershipAttributes?["work_email"])
        self = normalized
    }

    /// The address in a `work_email` attribute: the Enrichment's `{"email": ...}` or a plain string.
    static func workEmail(_ value: JSONValue?) -> String? {
        value?.stringValue ?? value?.objectValue?["email"]?.stringValue
    }

    /// The value of a field `where` and `orderBy` name; nil for an unknown field.
    public func value(of field: String) -> String?? {
        switch field.lowercased() {
        case "email": .some(email)
        case "linkedin_url", "linkedin": .some(linkedinURL)
        case "first_name", "firstname": .some(firstName)
        case "last_name", "lastname": .some(lastName)
        case "name", "full_name": .some(name)
        case "company", "company_name": .some(company)
        case "position", "title": .some(position)
        case "headline": .some(headline)
        default: .none
        }
    }
}

/// The `filter` of `import-from-list`: which of a List's Leads to take, in what order, how many.
public struct ListImportFilter: Sendable, Equatable {
    public var leadIds: Set<String>?
    /// Field and value pairs, all of which must match (case-insensitive substring).
    public var conditions: [(field: String, value: String)]
    public var order: [(field: String, descending: Bool)]
    public var limit: Int?

    public init(leadIds: Set<String>? = nil, conditions: [(field: String, value: String)] = [], order: [(field: String, descending: Bool)] = [], limit: Int? = nil) {
        self.leadIds = leadIds
        self.conditions = conditions
        self.order = order
        self.limit = limit
    }

    public static func == (lhs: ListImportFilter, rhs: ListImportFilter) -> Bool {
        lhs.leadIds == rhs.leadIds && lhs.limit == rhs.limit && lhs.conditions.map { "\($0.field)=\($0.value)" } == rhs.conditions.map { "\($0.field)=\($0.value)" }
    }

    /// Reads the request's `filter`. - Throws: `invalidRequest` naming a field no prospect has.
    public init(json: JSONValue?) throws {
        self.init()
        guard let object = json?.objectValue else { return }
        if let ids = object["leadIds"]?.arrayValue { leadIds = Set(ids.compactMap(\.stringValue)) }
        for (index, item) in (object["where"]?.arrayValue ?? []).enumerated() {
            guard let field = item.objectValue?["field"]?.stringValue, ProspectFields().value(of: field) != nil else {
                throw PuffleError.invalidRequest("filter.where[\(index)].field: must be one of email, linkedin_url, first_name, last_name, name, company, position, headline")
            }
            let value = item.objectValue?["value"]
            conditions.append((field, value?.stringValue ?? value.map(JSONWriter.string) ?? ""))
        }
        for (index, item) in (object["orderBy"]?.arrayValue ?? []).enumerated() {
            guard let field = item.objectValue?["field"]?.stringValue, ProspectFields().value(of: field) != nil else {
                throw PuffleError.invalidRequest("filter.orderBy[\(index)].field: must be one of email, linkedin_url, first_name, last_name, name, company, position, headline")
            }
            order.append((field, item.objectValue?["direction"]?.stringValue?.lowercased() == "desc"))
        }
        limit = object["limit"]?.intValue
    }

    /// Whether a Lead with these fields is taken.
    public func admits(leadId: String, _ fields: ProspectFields) -> Bool {
        if let leadIds, !leadIds.contains(leadId) { return false }
        return conditions.allSatisfy { condition in
            guard let value = fields.value(of: condition.field) ?? nil else { return condition.value.isEmpty }
            return value.range(of: condition.value, options: [.caseInsensitive, .diacriticInsensitive]) != nil
        }
    }

    /// The admitted rows in the filter's order (stable), cut at its limit.
    public func arranged<T>(_ rows: [(T, ProspectFields)]) -> [(T, ProspectFields)] {
        var sorted = rows
        if !order.isEmpty {
            sorted = rows.enumerated().sorted { left, right in
                for (field, descending) in order {
                    let a = (left.element.1.value(of: field) ?? nil)?.lowercased() ?? ""
                    let b = (right.element.1.value(of: field) ?? nil)?.lowercased() ?? ""
                    if a != b { return descending ? a > b : a < b }
                }
                return left.offset < right.offset
            }.map(\.element)
        }
        return limit.map { Array(sorted.prefix(max(0, $0))) } ?? sorted
    }
}

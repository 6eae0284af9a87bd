/// A text of a Lead that filters match against, kept lowercased in a column of its own
/// (`s_<rawValue>`). Declared once: the store's columns, the filters and their documentation all
/// come from these cases and ``LeadFilterField``.
public enum LeadSearchField: String, CaseIterable, Sendable {
    case name, title, company, domain, email, industry, location

    /// The column of `leads` that holds it.
    public var column: String { "s_" + rawValue }
}

/// The lowercased text of a Lead that filters match against, one value per ``LeadSearchField``.
public struct LeadSearchFields: Equatable, Sendable {
    /// In ``LeadSearchField/allCases`` order.
    public let values: [String]

    /// Computes every field in one pass, in ``LeadSearchField/allCases`` order (a test holds the
    /// order): this runs for every row of every import.
    public init(type: LeadType, body: LeadBody) {
        let name = body.name.aliases.isEmpty ? body.name.full : ([body.name.full] + body.name.aliases).joined(separator: " ")
        let company = type == .company ? body.name.full : body.company?.name ?? ""
        let email = body.contacts.compactMap { $0["value"]?.stringValue.flatMap(LeadIdentity.normalizedEmail) }.joined(separator: " ")
        let (place, raw) = (body.location.displayText, body.location.raw ?? "")
        let location = place.isEmpty ? raw : raw.isEmpty ? place : place + " " + raw
        values = [
            name.lowercased(), (body.title ?? "").lowercased(), company.lowercased(), (body.domain ?? body.company?.domain ?? "").lowercased(),
            email, (body.industry ?? "").lowercased(), location.lowercased(),
        ]
    }

    public subscript(field: LeadSearchField) -> String {
        values[LeadSearchField.allCases.firstIndex(of: field)!]
    }
}

/// A text filter of `GET /api/leads` and of a `filtered_list` Enrichment scope: a query
/// parameter (or filter key) of this name, matched case-insensitively as a substring.
public enum LeadFilterField: String, CaseIterable, Sendable {
    case q, name, title, role, company, domain, email, industry, location

    /// The search fields it matches: `q` all of them, `role` the title.
    public var searchFields: [LeadSearchField] {
        switch self {
        case .q: LeadSearchField.allCases
        case .role: [.title]
        default: [LeadSearchField(rawValue: rawValue)!]
        }
    }

    /// What it matches, for the OpenAPI document and the CLI's help.
    public var summary: String {
        switch self {
        case .q: "Matches name, title, company, domain, industry, location or email"
        case .role: "Same as title"
        case .company: "Company name contains"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst() + " contains"
        }
    }
}

/// The filters of `GET /api/leads`: a type, and text filters that must all match.
public struct LeadFilter: Equatable, Sendable {
    public var type: LeadType?
    /// Each set filter's text, as sent.
    public var texts: [LeadFilterField: String]

    public init(type: LeadType? = nil, texts: [LeadFilterField: String] = [:]) {
        self.type = type
        self.texts = texts
    }

    /// The text filters that are set and not blank, lowercased, in ``LeadFilterField/allCases`` order.
    public var textFilters: [(field: LeadFilterField, value: String)] {
        LeadFilterField.allCases.compactMap { field in
            guard let value = texts[field]?.trimmed, !value.isEmpty else { return nil }
            return (field, value.lowercased())
        }
    }
}

/// The lowercased text of a Lead that the `GET /api/leads` filters match against, one value per filter.
/// `q` searches all of them.
public struct LeadSearchFields: Equatable, Sendable {
    public var name: String
    public var title: String
    public var company: String
    public var domain: String
    public var email: String
    public var industry: String
    public var location: String

    public init(type: LeadType, body: LeadBody) {
        name = (body.name.aliases.isEmpty ? body.name.full : ([body.name.full] + body.name.aliases).joined(separator: " ")).lowercased()
        title = (body.title ?? "").lowercased()
        company = (type == .company ? body.name.full : body.company?.name ?? "").lowercased()
        domain = (body.domain ?? body.company?.domain ?? "").lowercased()
        email = body.contacts.compactMap { $0["value"]?.stringValue.flatMap(LeadIdentity.normalizedEmail) }.joined(separator: " ")
        industry = (body.industry ?? "").lowercased()
        let (place, raw) = (body.location.displayText, body.location.raw ?? "")
        location = (place.isEmpty ? raw : raw.isEmpty ? place : place + " " + raw).lowercased()
    }
}

/// The filters of `GET /api/leads`, each a case-insensitive substring match.
public struct LeadFilter: Equatable, Sendable {
    public var type: LeadType?
    public var q: String?
    public var name: String?
    public var title: String?
    /// Same as `title`: the contract names both.
    public var role: String?
    public var company: String?
    public var domain: String?
    public var email: String?
    public var industry: String?
    public var location: String?

    public init(
        type: LeadType? = nil, q: String? = nil, name: String? = nil, title: String? = nil, company: String? = nil,
        domain: String? = nil, email: String? = nil, industry: String? = nil, location: String? = nil
    ) {
        self.type = type
        self.q = q
        self.name = name
        self.title = title
        self.role = nil
        self.company = company
        self.domain = domain
        self.email = email
        self.industry = industry
        self.location = location
    }

    /// The text filters that are set, by column, lowercased.
    public var textFilters: [(field: String, value: String)] {
        let pairs: [(String, String?)] = [
            ("q", q), ("name", name), ("title", title), ("title", role), ("company", company), ("domain", domain),
            ("email", email), ("industry", industry), ("location", location),
        ]
        return pairs.compactMap { field, value in
            guard let value = value?.trimmed, !value.isEmpty else { return nil }
            return (field, value.lowercased())
        }
    }
}

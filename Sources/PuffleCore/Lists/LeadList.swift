/// Which Leads a List may hold.
public enum ListLeadType: String, Codable, CaseIterable, CaseDecodable, Sendable {
    case person
    case company
    case mixed

    /// Whether a Lead of this type may join a List of this kind.
    public func accepts(_ type: LeadType) -> Bool {
        switch self {
        case .mixed: true
        case .person: type == .person
        case .company: type == .company
        }
    }
}

/// A named working set of Leads. Membership only: a List never holds copies of Leads.
public struct LeadList: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var description: String?
    public var leadType: ListLeadType
    public var leadCount: Int
    public var personCount: Int
    public var companyCount: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var activeSearchTaskId: String?
    public var searchFilters: JSONObject
    /// True for the protected default `all` List, which holds every Lead of the workspace.
    public var isDefault: Bool

    public init(
        id: String, name: String, description: String?, leadType: ListLeadType, leadCount: Int = 0, personCount: Int = 0,
        companyCount: Int = 0, createdAt: Timestamp, updatedAt: Timestamp, activeSearchTaskId: String? = nil,
        searchFilters: JSONObject = [:], isDefault: Bool = false
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.leadType = leadType
        self.leadCount = leadCount
        self.personCount = personCount
        self.companyCount = companyCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.activeSearchTaskId = activeSearchTaskId
        self.searchFilters = searchFilters
        self.isDefault = isDefault
    }

    /// Writes every key, `null` included, in the documented order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(leadType, forKey: .leadType)
        try container.encode(leadCount, forKey: .leadCount)
        try container.encode(personCount, forKey: .personCount)
        try container.encode(companyCount, forKey: .companyCount)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(activeSearchTaskId, forKey: .activeSearchTaskId)
        try container.encode(searchFilters, forKey: .searchFilters)
        try container.encode(isDefault, forKey: .isDefault)
    }

    /// The alias callers may use for the default List instead of its id.
    public static let defaultListAlias = "all"
    /// The name the default List is created with.
    public static let defaultListName = "All Leads"
}

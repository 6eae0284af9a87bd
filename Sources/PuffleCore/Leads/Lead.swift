/// Whether a Lead is a person or a company. Immutable once the Lead exists.
public enum LeadType: String, Codable, CaseIterable, CaseDecodable, Sendable {
    case person
    case company
}

/// A JSON object with free-form keys (socials, contacts, sources, attributes, raw).
public typealias JSONObject = [String: JSONValue]

/// A Lead's name parts. Output always carries all five keys.
public struct LeadName: Equatable, Sendable {
    public var full: String
    public var short: String
    public var aliases: [String]
    public var first: String
    public var last: String

    public init(full: String = "", short: String = "", aliases: [String] = [], first: String = "", last: String = "") {
        self.full = full
        self.short = short
        self.aliases = aliases
        self.first = first
        self.last = last
    }
}

/// The employer of a person Lead.
public struct LeadCompany: Equatable, Sendable {
    public var name: String?
    public var id: String?
    public var domain: String?

    public init(name: String? = nil, id: String? = nil, domain: String? = nil) {
        self.name = name
        self.id = id
        self.domain = domain
    }
}

/// Where a Lead is. `raw` keeps the unparsed text.
public struct LeadLocation: Equatable, Sendable {
    public var city: String?
    public var state: String?
    public var country: String?
    public var raw: String?

    public init(city: String? = nil, state: String? = nil, country: String? = nil, raw: String? = nil) {
        self.city = city
        self.state = state
        self.country = country
        self.raw = raw
    }

    /// The parts joined for display and search, e.g. "Austin, TX, US".
    public var displayText: String {
        let parts = [city, state, country].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? (raw ?? "") : parts.joined(separator: ", ")
    }
}

/// A reference to a List a Lead belongs to.
public struct ListRef: Equatable, Sendable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// The stored body of a Lead: everything except its id, List memberships and timestamps.
public struct LeadBody: Equatable, Sendable {
    public var name: LeadName
    public var sources: [JSONObject]
    public var location: LeadLocation
    public var socials: [JSONObject]
    public var contacts: [JSONObject]
    public var attributes: JSONObject
    public var raw: JSONObject
    public var title: String?
    public var company: LeadCompany?
    public var domain: String?
    public var industry: String?
    public var size: String?

    public init(
        name: LeadName = LeadName(), sources: [JSONObject] = [], location: LeadLocation = LeadLocation(),
        socials: [JSONObject] = [], contacts: [JSONObject] = [], attributes: JSONObject = [:], raw: JSONObject = [:],
        title: String? = nil, company: LeadCompany? = nil, domain: String? = nil, industry: String? = nil, size: String? = nil
    ) {
        self.name = name
        self.sources = sources
        self.location = location
        self.socials = socials
        self.contacts = contacts
        self.attributes = attributes
        self.raw = raw
        self.title = title
        self.company = company
        self.domain = domain
        self.industry = industry
        self.size = size
    }
}

/// One reusable person or company record of a workspace, as the API returns it.
public struct Lead: Equatable, Sendable {
    public var id: String
    public var type: LeadType
    public var lists: [ListRef]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var body: LeadBody

    public init(id: String, type: LeadType, lists: [ListRef], createdAt: Timestamp, updatedAt: Timestamp, body: LeadBody) {
        self.id = id
        self.type = type
        self.lists = lists
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.body = body
    }
}

/// Where a Lead Search finds people: the local prospect database, or a people-data API.
public protocol LeadSearchProvider: Sendable {
    /// The name saved on each result, such as `local` or `apollo`.
    var name: String { get }
    /// One page of people matching the filters, starting after `cursor`.
    /// - Throws: ``LeadSearchProviderError``.
    func search(_ query: LeadSearchQuery) async throws -> LeadSearchPage
}

/// What a provider is asked.
public struct LeadSearchQuery: Sendable {
    public var filters: LeadSearchFilters
    public var prompt: String
    /// The most people to return.
    public var limit: Int
    /// Where to continue from: a provider's own opaque cursor from an earlier page.
    public var cursor: String?

    public init(filters: LeadSearchFilters, prompt: String, limit: Int, cursor: String?) {
        self.filters = filters
        self.prompt = prompt
        self.limit = limit
        self.cursor = cursor
    }
}

/// One person a provider found.
public struct ProviderPerson: Sendable {
    /// The provider's own id for the person, when it has one: saved as the Lead's source, which
    /// makes it an identity key (the same provider person is always the same Lead).
    public var id: String?
    /// The provider's row as it came.
    public var raw: JSONValue
    /// The same person as a Lead input object (as `POST /api/leads` takes it).
    public var lead: JSONValue

    public init(id: String?, raw: JSONValue, lead: JSONValue) {
        self.id = id
        self.raw = raw
        self.lead = lead
    }
}

/// A page of people and where the next page starts.
public struct LeadSearchPage: Sendable {
    public var people: [ProviderPerson]
    /// The position after this page: the next page, or a later run of the same search, starts there.
    public var nextCursor: String?
    /// False when the provider has nobody more for these filters.
    public var hasMore: Bool

    public init(people: [ProviderPerson], nextCursor: String?, hasMore: Bool) {
        self.people = people
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}

/// How a provider call failed. Only ``rejected(status:message:)`` is final; the others may pass.
public enum LeadSearchProviderError: Error, Sendable, CustomStringConvertible {
    /// The provider asked us to slow down (HTTP 429).
    case rateLimited(retryAfterSeconds: Int?)
    /// The provider failed or could not be reached (5xx, timeout, connection refused).
    case unavailable(String)
    /// The provider refused the request for good (401, 403, 400, 422...).
    case rejected(status: Int, message: String)

    public var description: String {
        switch self {
        case .rateLimited(let seconds): "the provider rate-limited the search" + (seconds.map { " (retry after \($0) s)" } ?? "")
        case .unavailable(let reason): "the provider is unavailable: \(reason)"
        case .rejected(let status, let message): "the provider refused the search (HTTP \(status)): \(message)"
        }
    }
}

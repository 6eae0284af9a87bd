/// Lists and their memberships.
public protocol ListStore: Sendable {
    /// Creates a List and attaches existing Leads to it.
    func createList(workspaceId: String, name: String, description: String?, leadType: ListLeadType, leadIds: [String]) async throws -> LeadList
    /// Every List of the workspace, newest first, the default List included.
    func lists(workspaceId: String) async throws -> [LeadList]
    /// One List by id or by the alias `all`. - Throws: ``PuffleError/notFound(_:)``.
    func list(workspaceId: String, id: String) async throws -> LeadList
    /// Renames, re-describes or re-types a List. The default List cannot be renamed or re-typed.
    func updateList(workspaceId: String, id: String, name: String?, description: String??, leadType: ListLeadType?) async throws -> LeadList
    /// Deletes a user List; its Leads stay. The default List cannot be deleted.
    func deleteList(workspaceId: String, id: String) async throws
    /// Attaches existing Leads (a set-add: repeats are ignored).
    func addLeads(workspaceId: String, listId: String, leadIds: [String]) async throws -> LeadList
    /// Detaches Leads; the Leads themselves stay.
    func removeLeads(workspaceId: String, listId: String, leadIds: [String]) async throws -> LeadList
    /// A page of the List's Leads by ascending id, with the total for the type filter.
    func leads(workspaceId: String, listId: String, type: LeadType?, after: String?, limit: Int) async throws -> (page: Page<LeadRecord>, total: Int)
    /// How many candidates already exist in the workspace's other user Lists.
    func duplicateCount(workspaceId: String, candidates: [DuplicateCandidate], excludeListId: String?) async throws -> Int
    /// The same count for the people a Lead Search found, leaving out the search's own List.
    /// - Throws: `PuffleError.notFound` when `searchId` is not a Lead Search of this workspace.
    func duplicateCount(workspaceId: String, searchId: String, excludeListId: String?) async throws -> Int
    /// The deduplicated flat view behind `GET /api/dashboard/leads`.
    /// The page of groups behind `GET /api/dashboard/leads`, and what its rows need (see ``DashboardRows``).
    func dashboardPage(workspaceId: String, query: DashboardQuery) async throws -> DashboardPage
}

/// One person to check by `POST /api/lists/check-duplicates`.
public struct DuplicateCandidate: Codable, Equatable, Sendable {
    public var linkedinUrl: String?
    public var fullName: String?
    public var company: String?
    public var location: String?

    public init(linkedinUrl: String? = nil, fullName: String? = nil, company: String? = nil, location: String? = nil) {
        self.linkedinUrl = linkedinUrl
        self.fullName = fullName
        self.company = company
        self.location = location
    }

    /// A person Lead as a candidate: its LinkedIn URL, full name, company name and location.
    public init(person body: LeadBody) {
        let linkedin = body.socials.lazy.compactMap { $0["url"]?.stringValue }.first { LeadIdentity.normalizedLinkedInURL($0) != nil }
        let location = body.location.displayText
        self.init(linkedinUrl: linkedin, fullName: body.name.full, company: body.company?.name, location: location.isEmpty ? nil : location)
    }
}

/// Which rows `GET /api/dashboard/leads` shows.
public struct DashboardQuery: Equatable, Sendable {
    public enum Segment: String, Sendable, CaseIterable {
        case people
        case companies
    }

    public var segment: Segment
    public var search: String?
    public var limit: Int
    public var offset: Int

    public init(segment: Segment = .people, search: String? = nil, limit: Int = 50, offset: Int = 0) {
        self.segment = segment
        self.search = search
        self.limit = limit
        self.offset = offset
    }
}

/// Every store the application uses, passed down from where the database is opened.
public struct Stores: Sendable {
    public var workspaces: any WorkspaceStore
    public var keys: any APIKeyStore
    public var credits: any CreditStore
    public var leads: any LeadStore
    public var lists: any ListStore
    public var jobs: any JobStore
    public var searches: any LeadSearchStore
    public var prospects: any ProspectStore & LeadSearchProvider
    public var enrichments: any EnrichmentStore
    public var onboarding: any OnboardingStore
    public var senders: any SenderStore
    public var campaigns: any CampaignStore
    public var unibox: any UniboxStore
    /// The clock the stores read; controllers and job handlers take the time from it too.
    public var clock: any WallClock

    public init(
        workspaces: any WorkspaceStore, keys: any APIKeyStore, credits: any CreditStore, leads: any LeadStore, lists: any ListStore,
        jobs: any JobStore, searches: any LeadSearchStore, prospects: any ProspectStore & LeadSearchProvider, enrichments: any EnrichmentStore,
        onboarding: any OnboardingStore, senders: any SenderStore, campaigns: any CampaignStore, unibox: any UniboxStore,
        clock: any WallClock
    ) {
        self.unibox = unibox
        self.senders = senders
        self.campaigns = campaigns
        self.clock = clock
        self.workspaces = workspaces
        self.keys = keys
        self.credits = credits
        self.leads = leads
        self.lists = lists
        self.jobs = jobs
        self.searches = searches
        self.prospects = prospects
        self.enrichments = enrichments
        self.onboarding = onboarding
    }
}

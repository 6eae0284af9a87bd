/// A billable action and how the billing registry describes it.
public struct CreditAction: Sendable, Equatable {
    /// The legacy action name, e.g. `EMAIL_LOOKUP`.
    public var name: String
    /// The registry operation id, e.g. `work_email_lookup`.
    public var operationId: String
    public var label: String
    public var billableUnit: String
    public var unitLabel: String
    public var featureGroup: String
    /// The contract's default price in credits per unit.
    public var defaultCredits: Int

    /// Every action of the contract's cost table, in its order.
    public static let all: [CreditAction] = [
        .init("FIND_PERSON", "find_person", "Find person", "result", "result", "lead_search", 1),
        .init("IMPORT_LEAD", "import_lead", "Import lead", "lead", "lead", "lists", 1),
        .init("EMAIL_LOOKUP", "work_email_lookup", "Work email lookup", "provider_submission", "provider submission", "enrichments", 2),
        .init("PHONE_LOOKUP", "phone_lookup", "Phone lookup", "provider_submission", "provider submission", "enrichments", 8),
        .init("LINKEDIN_PROFILE", "linkedin_profile", "LinkedIn profile", "profile", "profile", "enrichments", 1),
        .init("LINKEDIN_POSTS", "linkedin_posts", "LinkedIn posts", "profile", "profile", "enrichments", 1),
        .init("COMPANY_NEWS", "company_news", "Company news", "company", "company", "enrichments", 4),
        .init("PERSON_NEWS", "person_news", "Person news", "person", "person", "enrichments", 4),
        .init("HIRING_STATUS", "hiring_status", "Hiring status", "company", "company", "enrichments", 1),
        .init("WEBSITE_ENRICHMENT", "website_enrichment", "Website enrichment", "website", "website", "enrichments", 1),
        .init("SITE_CRAWL_ENRICHMENT", "site_crawl_enrichment", "Site crawl enrichment", "website", "website", "enrichments", 4),
        .init("CUSTOM_ENRICHMENT_AI", "custom_enrichment_ai", "Custom AI enrichment", "lead", "lead", "enrichments", 1),
        .init("CUSTOM_ENRICHMENT_WEB", "custom_enrichment_web", "Custom web enrichment", "lead", "lead", "enrichments", 1),
        .init("DEEP_RESEARCH", "deep_research", "Deep research", "report", "report", "research", 40),
        .init("AI_MESSAGE_GENERATION", "ai_message_generation", "AI message generation", "message", "message", "campaigns", 2),
        .init("AGENT_SEARCH", "agent_search", "Agent search", "search", "search", "lead_search", 10),
        .init("SEARCH_CONTINUE", "search_continue", "Search continue", "search", "search", "lead_search", 5),
        // Our additions: Enrichments computed locally are free unless the operator prices them.
        .init("SENIORITY", "seniority", "Seniority from title", "lead", "lead", "enrichments", 0),
        .init("NAME_PARSE", "name_parse", "Name parsing", "lead", "lead", "enrichments", 0),
        .init("EMAIL_VERIFICATION", "email_verification", "Email verification", "lead", "lead", "enrichments", 0),
        .init("HTTP_REQUEST", "http_request", "HTTP request", "request", "request", "enrichments", 0),
        .init("WATERFALL", "waterfall", "Waterfall", "lead", "lead", "enrichments", 0),
        .init("PERSON_ENRICH", "person_enrich", "Person enrich (people-data provider)", "provider_submission", "provider submission", "enrichments", 1),
    ]

    init(_ name: String, _ operationId: String, _ label: String, _ unit: String, _ unitLabel: String, _ group: String, _ credits: Int) {
        self.name = name
        self.operationId = operationId
        self.label = label
        self.billableUnit = unit
        self.unitLabel = unitLabel
        self.featureGroup = group
        self.defaultCredits = credits
    }
}

/// Credits per unit for every action: the contract's table, with an operator's overrides.
public struct CreditPrices: Sendable, Equatable {
    /// Action name to credits per unit.
    public private(set) var costs: [String: Int]

    /// The contract's default prices, replaced where `overrides` names an action.
    /// - Throws: ``PuffleError/invalidRequest(_:)`` for an unknown action or a negative price.
    public init(overrides: [String: Int] = [:]) throws {
        var costs = Dictionary(uniqueKeysWithValues: CreditAction.all.map { ($0.name, $0.defaultCredits) })
        for (action, credits) in overrides {
            guard costs[action] != nil else { throw PuffleError.invalidRequest("Unknown credit action \(action)") }
            guard credits >= 0 else { throw PuffleError.invalidRequest("Credit price of \(action) must not be negative") }
            costs[action] = credits
        }
        self.costs = costs
    }

    /// Credits per unit of an action, nil for an unknown action.
    public func cost(of action: String) -> Int? { costs[action] }

    /// Face value of one credit in whole cents: money is counted in cents and divided once, so a
    /// total carries no binary float noise (3 credits are 0.15, not 0.15000000000000002).
    public static let centsPerCredit = 5

    /// Dollar face value of one credit.
    public static let dollarsPerCredit = Double(centsPerCredit) / 100

    /// The dollar face value of `credits`, exact to the cent.
    public static func dollars(forCredits credits: Int) -> Double {
        let (cents, overflow) = credits.multipliedReportingOverflow(by: centsPerCredit)
        // Past Int's range no Double holds the cents exactly anyway; the float product is as good.
        guard !overflow else { return Double(credits) * dollarsPerCredit }
        return Double(cents) / 100
    }
}

/// One catalog entry: what an Enrichment reads, writes and costs.
public struct EnrichmentDefinition: Sendable {
    /// The stable id agents pass as `enrichmentId`, e.g. `seniority`.
    public var slug: String
    public var name: String
    public var description: String
    /// The kind of Lead it enriches.
    public var subject: LeadType
    public var version: Int
    /// A JSON Schema of the `input` object.
    public var inputSchema: JSONValue
    /// A JSON Schema of one item's `result`.
    public var outputSchema: JSONValue
    /// The Lead attribute written unless `output.attributeKey` says otherwise.
    public var defaultAttributeKey: String
    /// The credit action charged per Lead (see `GET /api/credits/config`).
    public var creditAction: String
    /// How many items may call out at once in one process, across runs (network Enrichments are
    /// polite; local ones aren't limited).
    public var concurrency: Int
    /// Calls a second to the provider at most, when it publishes a limit.
    public var ratePerSecond: Double?
    /// Why the Enrichment cannot run on this server (a provider key is not set); nil when it can.
    /// The catalog still lists it, `enabled: false`, and a run of it is refused.
    public var unavailableReason: String?

    public init(
        slug: String, name: String, description: String, subject: LeadType, version: Int = 1, inputSchema: JSONValue = ["type": "object"],
        outputSchema: JSONValue, defaultAttributeKey: String, creditAction: String, concurrency: Int = 1000, ratePerSecond: Double? = nil
    ) {
        self.slug = slug
        self.name = name
        self.description = description
        self.subject = subject
        self.version = version
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.defaultAttributeKey = defaultAttributeKey
        self.creditAction = creditAction
        self.concurrency = concurrency
        self.ratePerSecond = ratePerSecond
    }
}

/// The Lead an item enriches.
public struct EnrichmentSubject: Sendable {
    public var leadId: String
    public var type: LeadType
    public var body: LeadBody

    public init(leadId: String, type: LeadType, body: LeadBody) {
        self.leadId = leadId
        self.type = type
        self.body = body
    }
}

/// What one item found.
public enum EnrichmentValue: Sendable, Equatable {
    /// A value to write under the attribute key.
    case value(JSONValue)
    /// Nothing to write, and why (the item completes with no result).
    case nothing(String)
}

/// Why an enricher could not finish an item.
public enum EnrichmentFailure: Error, Sendable, CustomStringConvertible {
    /// Worth another attempt later (a provider's 429 or 5xx, a timeout).
    case retryable(String)
    /// Another attempt would fail the same way; the item fails and its credits are refunded.
    case failed(String)

    public var description: String {
        switch self {
        case .retryable(let message), .failed(let message): message
        }
    }
}

/// Does the work of one Enrichment for one Lead at a time.
public protocol Enricher: Sendable {
    var definition: EnrichmentDefinition { get }
    /// Checks a run's `input` before anything is charged.
    /// - Returns: The problems, as "field: reason"; empty when the input is fine.
    func problems(in input: JSONObject) -> [String]
    /// Enriches one Lead. - Throws: ``EnrichmentFailure``.
    func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue
}

extension Enricher {
    public func problems(in input: JSONObject) -> [String] { [] }
}

/// Every Enrichment this server offers, by slug.
public struct EnrichmentCatalog: Sendable {
    public let enrichers: [any Enricher]

    public init(_ enrichers: [any Enricher]) {
        self.enrichers = enrichers
    }

    public func enricher(_ slug: String) -> (any Enricher)? {
        enrichers.first { $0.definition.slug == slug }
    }
}

extension EnrichmentCatalog {
    /// A catalog of these Enrichments plus a `waterfall` over them.
    public static func withWaterfall(_ enrichers: [any Enricher]) -> EnrichmentCatalog {
        let steps = EnrichmentCatalog(enrichers)
        return EnrichmentCatalog(enrichers + [WaterfallEnricher(steps: { steps })])
    }

    /// The Enrichments that need nothing but this process: seniority, name parsing, email checks
    /// and work email (which need a ``MailDomainChecker`` for DNS and SMTP), and the waterfall.
    public static func local(checker: (any MailDomainChecker)? = nil) -> EnrichmentCatalog {
        withWaterfall(localEnrichers(checker: checker))
    }

    /// The local Enrichments, for catalogs that add network ones to them.
    public static func localEnrichers(checker: (any MailDomainChecker)?) -> [any Enricher] {
        [SeniorityEnricher(), NameParseEnricher(), EmailVerificationEnricher(checker: checker), WorkEmailEnricher(checker: checker)]
    }
}

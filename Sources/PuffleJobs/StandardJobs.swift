import Logging
import PuffleCore

/// The handlers of every background feature, wired to the stores: what `puffle serve`,
/// `puffle worker` and the tests all run.
public enum StandardJobs {
    /// - Parameters:
    ///   - searchProvider: Where Lead Search finds people (the local prospect database unless a
    ///     people-data API is configured).
    ///   - interpreter: A language model that reads prompts, when configured.
    ///   - catalog: The Enrichments `enrichment` jobs run.
    ///   - siteReader: How onboarding reads a company's website.
    public static func handlers(
        stores: Stores, searchProvider: any LeadSearchProvider, interpreter: (any PromptInterpreter)?, catalog: EnrichmentCatalog = .local(),
        siteReader: any SiteReader, prices: CreditPrices, dns: any DNSTextLookup, sending: CampaignSending, inbox: InboxReading? = nil, logger: Logger
    ) -> JobHandlers {
        var inboxHandlers: [any JobHandler] = []
        if let inbox {
            inboxHandlers = [
                MailboxSyncScanHandler(unibox: stores.unibox, jobs: stores.jobs),
                MailboxSyncHandler(unibox: stores.unibox, senders: stores.senders, reader: inbox.reader, clock: stores.clock, logger: logger),
            ]
        }
        return JobHandlers(inboxHandlers + [
            NoOpJobHandler(),
            LeadSearchJobHandler(
                searches: stores.searches, leads: stores.leads, provider: searchProvider, interpreter: interpreter,
                pricePerPerson: prices.cost(of: "FIND_PERSON") ?? 1, clock: stores.clock, logger: logger),
            EnrichmentJobHandler(store: stores.enrichments, catalog: catalog, logger: logger),
            OnboardingJobHandler(sessions: stores.onboarding, workspaces: stores.workspaces, siteReader: siteReader, clock: stores.clock, logger: logger),
            EmailDomainCheckHandler(senders: stores.senders, dns: dns, clock: stores.clock, logger: logger),
            CampaignAIMessageHandler(
                campaigns: stores.campaigns, senders: stores.senders, workspaces: stores.workspaces, credits: stores.credits, model: sending.languageModel,
                price: prices.cost(of: AIMessages.creditAction) ?? 2, clock: stores.clock, logger: logger),
            CampaignDispatchHandler(
                campaigns: stores.campaigns, senders: stores.senders, workspaces: stores.workspaces, mailer: sending.mailer, publicBaseURL: sending.publicBaseURL,
                replyWindow: sending.replyWindow, clock: stores.clock, logger: logger),
        ])
    }

    /// The jobs every worker process schedules periodically.
    public static let periodic: [PeriodicJob] = [
        PeriodicJob(name: "email_domain_checks", kind: "email_domain_checks", period: EmailDomainCheckHandler.period),
        PeriodicJob(name: CampaignDispatch.scheduleName, kind: CampaignDispatch.jobKind, period: CampaignDispatchHandler.period),
        PeriodicJob(name: "mailbox_sync_scan", kind: "mailbox_sync_scan", period: MailboxSyncScanHandler.period),
    ]
}

/// How the Unibox reads senders' mailboxes (IMAP; ``MailboxWatcher`` holds the IDLEs that call a sync early).
public struct InboxReading: Sendable {
    public var reader: any MailboxReader

    public init(reader: any MailboxReader) {
        self.reader = reader
    }
}

/// How campaigns send: the mailer, where links in emails point, and the reply window.
public struct CampaignSending: Sendable {
    public var mailer: any CampaignMailer
    public var publicBaseURL: String
    public var replyWindow: Duration
    /// Writes `ai` nodes' messages, when a model is configured.
    public var languageModel: (any LanguageModel)?

    public init(mailer: any CampaignMailer, publicBaseURL: String, replyWindow: Duration, languageModel: (any LanguageModel)? = nil) {
        self.mailer = mailer
        self.publicBaseURL = publicBaseURL
        self.replyWindow = replyWindow
        self.languageModel = languageModel
    }
}

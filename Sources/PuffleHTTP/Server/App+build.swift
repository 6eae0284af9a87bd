import ServiceLifecycle
import Hummingbird
import Logging
import PuffleConfig
import PuffleCore

/// Builds the application: router, middleware and controllers over the given stores.
/// - Parameters:
///   - config: Host, port, limits and prices.
///   - stores: Where data lives (SQL in production and tests).
///   - services: Long-running services to run beside the server (database clients, workers).
///   - mail: The SMTP login check, DNS and DKIM keys the sender routes use.
public func buildApplication(
    config: AppConfig, stores: Stores, mail: MailServices, catalog: EnrichmentCatalog = .local(), languageModel: (any LanguageModel)? = nil,
    logger: Logger = Logger(label: "puffle"), services: [any Service] = []
) -> some ApplicationProtocol {
    let router = buildRouter(config: config, stores: stores, mail: mail, catalog: catalog, languageModel: languageModel)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [ParseErrorEnvelopeHandler()])),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "puffle"),
        logger: logger
    )
    for service in services { app.addServices(service) }
    return app
}

/// The router with every declared endpoint registered. Tests call this directly.
/// - Parameter languageModel: Writes `ai` campaign nodes and `generate-content`, when configured.
public func buildRouter(
    config: AppConfig, stores: Stores, mail: MailServices, catalog: EnrichmentCatalog = .local(), languageModel: (any LanguageModel)? = nil
) -> Router<PuffleRequestContext> {
    let router = Router(context: PuffleRequestContext.self)
    router.add(middleware: CorrelationMiddleware(maxBodyBytes: config.maxBodyBytes))
    router.add(middleware: ErrorMiddleware(clock: stores.clock))
    let authenticator = Authenticator(keys: stores.keys, rateLimiter: RateLimiter(perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst))
    let table = RouteTable(router: router, authenticator: authenticator)
    MetaController().register(on: table)
    WorkspaceController(workspaces: stores.workspaces, credits: stores.credits, prices: config.creditPrices, freePlanCredits: config.freePlanCredits)
        .register(on: table)
    OnboardingController(sessions: stores.onboarding, workspaces: stores.workspaces, clock: stores.clock).register(on: table)
    let cursors = PageCursorKeys(workspaces: stores.workspaces)
    LeadController(leads: stores.leads, lists: stores.lists, cursors: cursors).register(on: table)
    ListController(lists: stores.lists, leads: stores.leads, cursors: cursors).register(on: table)
    LeadSearchController(searches: stores.searches, pricePerPerson: config.creditPrices.cost(of: "FIND_PERSON") ?? 1)
        .register(on: table)
    EnrichmentController(enrichments: stores.enrichments, credits: stores.credits, catalog: catalog, prices: config.creditPrices).register(on: table)
    SettingsController(workspaces: stores.workspaces, senders: stores.senders, clock: stores.clock).register(on: table)
    SenderController(senders: stores.senders, workspaces: stores.workspaces, mail: mail, clock: stores.clock).register(on: table)
    EmailDomainController(senders: stores.senders, mail: mail, clock: stores.clock).register(on: table)
    LinkedInController(senders: stores.senders).register(on: table)
    CampaignController(
        campaigns: stores.campaigns, senders: stores.senders, workspaces: stores.workspaces, lists: stores.lists, jobs: stores.jobs, credits: stores.credits,
        clock: stores.clock, replyWindow: config.replyWindow, languageModel: languageModel,
        messagePrice: config.creditPrices.cost(of: AIMessages.creditAction) ?? 2
    ).register(on: table)
    let linkKeys = MailLinkKeys(workspaces: stores.workspaces)
    ThreadController(
        unibox: stores.unibox, senders: stores.senders, campaigns: stores.campaigns, mail: mail, linkKeys: linkKeys, linkBaseURL: config.linkBaseURL,
        clock: stores.clock
    ).register(on: table)
    MailLinkController(campaigns: stores.campaigns, keys: linkKeys, clock: stores.clock).register(on: router)
    AttachmentLinkController(unibox: stores.unibox, keys: linkKeys, clock: stores.clock).register(on: router)
    table.assertComplete()
    return router
}

import Logging
import PuffleConfig
import PuffleCore
import PuffleJobs
import PuffleMail
import PuffleProviders

/// The worker pool of `puffle serve` and `puffle worker`, with the providers the configuration names.
enum JobRuntime {
    static func pool(workers: Int, stores: Stores, config: AppConfig, logger: Logger) throws -> JobWorkerPool {
        let options = JobWorkerOptions(clock: stores.clock, lease: .seconds(config.jobLeaseSeconds))
        return JobWorkerPool(
            count: workers, store: stores.jobs, handlers: try handlers(stores: stores, config: config, logger: logger), periodic: StandardJobs.periodic,
            options: options, logger: logger)
    }

    /// Every job kind's handler, with the providers the configuration names.
    static func handlers(stores: Stores, config: AppConfig, logger: Logger) throws -> JobHandlers {
        StandardJobs.handlers(
            stores: stores, searchProvider: searchProvider(config.searchProvider, stores: stores),
            interpreter: config.languageModel.map { ChatPromptInterpreter(baseURL: $0.baseURL, apiKey: $0.apiKey, model: $0.model) },
            catalog: catalog(config), siteReader: SiteCrawler(), prices: config.creditPrices, dns: try DNSResolver(setting: config.dnsServer),
            sending: sending(stores: stores, config: config), inbox: InboxReading(reader: IMAPMailboxReader(clock: stores.clock)),
            logger: logger)
    }

    /// The IMAP IDLE watcher that queues a mailbox's sync when its mail arrives (beside the job workers).
    static func mailboxWatcher(stores: Stores, logger: Logger) -> MailboxWatcher {
        MailboxWatcher(
            unibox: stores.unibox, senders: stores.senders, jobs: stores.jobs, reader: IMAPMailboxReader(clock: stores.clock), logger: logger)
    }

    /// Campaign sending over SMTP, with links to this server's public address.
    static func sending(stores: Stores, config: AppConfig) -> CampaignSending {
        CampaignSending(
            mailer: SMTPCampaignMailer(clock: stores.clock, heloName: config.smtpHeloName), publicBaseURL: config.linkBaseURL, replyWindow: config.replyWindow,
            languageModel: languageModel(config))
    }

    /// The configured OpenAI-compatible model, for `ai` campaign nodes.
    static func languageModel(_ config: AppConfig) -> (any LanguageModel)? {
        config.languageModel.map { ChatLanguageModel(baseURL: $0.baseURL, apiKey: $0.apiKey, model: $0.model) }
    }

    /// The SMTP login check, DNS resolver and DKIM key maker of the sender routes, and the Unibox's mailer.
    static func mailServices(_ config: AppConfig, clock: any WallClock) throws -> MailServices {
        MailServices(
            verifier: SMTPMailboxVerifier(stepTimeoutSeconds: Int64(config.smtpTimeoutSeconds), heloName: config.smtpHeloName),
            dns: try DNSResolver(setting: config.dnsServer), dkimKeys: RSADKIMKeyMaker(),
            mailer: SMTPCampaignMailer(clock: clock, heloName: config.smtpHeloName))
    }

    /// The Enrichments the configuration allows.
    static func catalog(_ config: AppConfig) -> EnrichmentCatalog {
        StandardEnrichments.catalog(
            apollo: config.apollo.map { ($0.baseURL, $0.apiKey) }, pdl: config.pdl.map { ($0.baseURL, $0.apiKey) },
            languageModel: config.languageModel.map { ($0.baseURL, $0.apiKey, $0.model) }, checker: SystemMailDomainChecker(),
            web: WebAccess(jobBoards: .init(greenhouse: config.jobBoards.greenhouse, lever: config.jobBoards.lever, ashby: config.jobBoards.ashby)),
            news: config.news.map { ($0.baseURL, $0.apiKey) },
            linkedIn: config.linkedIn.map { ($0.endpoint.baseURL, $0.endpoint.apiKey, $0.accountId) })
    }

    static func searchProvider(_ setting: SearchProviderSetting, stores: Stores) -> any LeadSearchProvider {
        switch setting {
        case .local: stores.prospects
        case .apollo(let baseURL, let apiKey): ApolloPeopleSearch(baseURL: baseURL, apiKey: apiKey)
        case .pdl(let baseURL, let apiKey): PDLPersonSearch(baseURL: baseURL, apiKey: apiKey)
        }
    }
}

import PuffleCore

/// The Enrichment catalog of this server: the local ones always, the network ones that need no
/// key (`website_overview`, `http_request`), and those whose provider is configured.
public enum StandardEnrichments {
    /// - Parameters:
    ///   - apollo, pdl: Base URL and key of a configured people-data API.
    ///   - languageModel: Base URL, key and model of an OpenAI-compatible chat endpoint.
    ///   - checker: DNS and SMTP for the email Enrichments.
    ///   - homePage: The URL of a domain's home page (tests point it at a local server).
    ///   - web: How sites and job boards are reached (tests point them at a local server).
    ///   - news: A NewsAPI-shaped news search, when configured.
    ///   - linkedIn: A Unipile-shaped LinkedIn API and the account it reads through, when configured.
    public static func catalog(
        apollo: (baseURL: String, apiKey: String)? = nil, pdl: (baseURL: String, apiKey: String)? = nil,
        languageModel: (baseURL: String, apiKey: String?, model: String)? = nil, checker: (any MailDomainChecker)? = nil,
        homePage: @escaping @Sendable (String) -> String = { "https://\($0)/" }, web: WebAccess = WebAccess(),
        news: (baseURL: String, apiKey: String)? = nil, linkedIn: (baseURL: String, apiKey: String, accountId: String)? = nil
    ) -> EnrichmentCatalog {
        var enrichers = EnrichmentCatalog.localEnrichers(checker: checker) + [WebsiteOverviewEnricher(homePage: homePage), HTTPRequestEnricher()]
        enrichers += [
            SiteCrawlEnricher(reader: web.reader), HiringStatusEnricher(reader: web.reader, boards: web.jobBoards),
            NewsArticlesEnricher(reader: web.reader, search: news),
        ]
        if apollo != nil || pdl != nil {
            enrichers.append(MobilePhoneEnricher(pdl: pdl, apollo: apollo))
        } else {
            enrichers.append(UnavailableEnricher(MobilePhoneEnricher.definition, reason: "set PUFFLE_PDL_API_KEY or PUFFLE_APOLLO_API_KEY"))
        }
        if let linkedIn {
            enrichers.append(LinkedInPostsEnricher(baseURL: linkedIn.baseURL, apiKey: linkedIn.apiKey, accountId: linkedIn.accountId))
        } else {
            enrichers.append(
                UnavailableEnricher(LinkedInPostsEnricher.definition, reason: "set PUFFLE_UNIPILE_BASE_URL, PUFFLE_UNIPILE_API_KEY and PUFFLE_UNIPILE_ACCOUNT_ID"))
        }
        if let apollo { enrichers.append(ApolloPeopleMatchEnricher(baseURL: apollo.baseURL, apiKey: apollo.apiKey)) }
        if let pdl { enrichers.append(PDLPersonEnricher(baseURL: pdl.baseURL, apiKey: pdl.apiKey)) }
        if let languageModel { enrichers.append(ChatEnricher(baseURL: languageModel.baseURL, apiKey: languageModel.apiKey, model: languageModel.model)) }
        return .withWaterfall(enrichers)
    }
}

/// How the web Enrichments reach websites and public job boards.
public struct WebAccess: Sendable {
    public var reader: any SiteReader
    public var jobBoards: HiringStatusEnricher.JobBoards

    public init(reader: any SiteReader = SiteCrawler(), jobBoards: HiringStatusEnricher.JobBoards = HiringStatusEnricher.JobBoards()) {
        self.reader = reader
        self.jobBoards = jobBoards
    }
}

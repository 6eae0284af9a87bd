import PuffleCore

/// The Enrichment catalog of this server: the local ones always, the network ones that need no
/// key (`website_overview`, `http_request`), and those whose provider is configured.
public enum StandardEnrichments {
    /// - Parameters:
    ///   - apollo, pdl: Base URL and key of a configured people-data API.
    ///   - languageModel: Base URL, key and model of an OpenAI-compatible chat endpoint.
    ///   - checker: DNS and SMTP for the email Enrichments.
    ///   - homePage: The URL of a domain's home page (tests point it at a local server).
    public static func catalog(
        apollo: (baseURL: String, apiKey: String)? = nil, pdl: (baseURL: String, apiKey: String)? = nil,
        languageModel: (baseURL: String, apiKey: String?, model: String)? = nil, checker: (any MailDomainChecker)? = nil,
        homePage: @escaping @Sendable (String) -> String = { "https://\($0)/" }
    ) -> EnrichmentCatalog {
        var enrichers = EnrichmentCatalog.localEnrichers(checker: checker) + [WebsiteOverviewEnricher(homePage: homePage), HTTPRequestEnricher()]
        if let apollo { enrichers.append(ApolloPeopleMatchEnricher(baseURL: apollo.baseURL, apiKey: apollo.apiKey)) }
        if let pdl { enrichers.append(PDLPersonEnricher(baseURL: pdl.baseURL, apiKey: pdl.apiKey)) }
        if let languageModel { enrichers.append(ChatEnricher(baseURL: languageModel.baseURL, apiKey: languageModel.apiKey, model: languageModel.model)) }
        return .withWaterfall(enrichers)
    }
}

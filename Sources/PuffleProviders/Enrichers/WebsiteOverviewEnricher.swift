import Foundation
import PuffleCore

/// `website_overview`: fetches a company's home page and reads its title, description, social
/// links and hints of the technology it runs on.
public struct WebsiteOverviewEnricher: Enricher {
    /// The URL of a domain's home page; tests point it at a local server.
    let homePage: @Sendable (String) -> String

    public init(homePage: @escaping @Sendable (String) -> String = { "https://\($0)/" }) {
        self.homePage = homePage
    }

    public let definition = EnrichmentDefinition(
        slug: "website_overview", name: "Website overview", description: "Fetches a company's home page: title, description, social links, technology hints.",
        subject: .company,
        outputSchema: ["type": "object", "properties": [
            "url": ["type": "string"], "title": ["type": ["string", "null"]], "description": ["type": ["string", "null"]],
            "socials": ["type": "array", "items": ["type": "string"]], "technologies": ["type": "array", "items": ["type": "string"]],
        ]],
        defaultAttributeKey: "website_overview", creditAction: "WEBSITE_ENRICHMENT", concurrency: 8)

    /// Substrings of a page that give its technology away.
    static let technologyHints: [(needle: String, name: String)] = [
        ("wp-content", "WordPress"), ("cdn.shopify.com", "Shopify"), ("__NEXT_DATA__", "Next.js"), ("data-reactroot", "React"),
        ("googletagmanager.com", "Google Tag Manager"), ("google-analytics.com", "Google Analytics"), ("js.hs-scripts.com", "HubSpot"),
        ("widget.intercom.io", "Intercom"), ("cdn.segment.com", "Segment"), ("js.stripe.com", "Stripe"), ("static.wixstatic.com", "Wix"),
        ("squarespace.com", "Squarespace"), ("webflow.com", "Webflow"), ("cdn.jsdelivr.net/npm/bootstrap", "Bootstrap"),
    ]

    static let socialHosts = ["linkedin.com/", "twitter.com/", "x.com/", "facebook.com/", "instagram.com/", "github.com/", "youtube.com/"]

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let domain = subject.body.domain ?? subject.body.company?.domain else { return .nothing("the company has no domain") }
        let url = homePage(domain)
        let (status, html) = try await ProviderHTTP.fetch(url)
        guard (200..<300).contains(status) else { throw EnrichmentFailure.failed("\(url) answered \(status)") }
        return .value(Self.overview(of: html, url: url))
    }

    /// What a page says about its company.
    static func overview(of html: String, url: String) -> JSONValue {
        let title = HTMLScan.text(in: html, between: "<title", and: "</title>").map { HTMLScan.afterTagEnd($0) }
        let description = HTMLScan.metaContent(in: html, names: ["description", "og:description"])
        let links = HTMLScan.attributeValues(in: html, attribute: "href")
        let socials = Array(Set(links.filter { link in socialHosts.contains { link.lowercased().contains($0) } })).sorted()
        let technologies = technologyHints.filter { html.contains($0.needle) }.map(\.name)
        return [
            "url": .string(url), "title": title.map { .string(HTMLScan.decoded($0)) } ?? .null,
            "description": description.map { .string(HTMLScan.decoded($0)) } ?? .null,
            "socials": .array(socials.map(JSONValue.string)), "technologies": .array(Array(Set(technologies)).sorted().map(JSONValue.string)),
        ]
    }
}

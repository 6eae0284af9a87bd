import Foundation
import PuffleCore

/// `news_articles`: recent articles about a company, from the RSS or Atom feeds its website links
/// to (or serves at the usual paths), and from a news-search API in the NewsAPI shape
/// (`GET {base}/v2/everything?q=`) when `PUFFLE_NEWS_BASE_URL` and `PUFFLE_NEWS_API_KEY` are set.
public struct NewsArticlesEnricher: Enricher {
    let reader: any SiteReader
    let search: (baseURL: String, apiKey: String)?

    public init(reader: any SiteReader, search: (baseURL: String, apiKey: String)?) {
        self.reader = reader
        self.search = search
    }

    public let definition = EnrichmentDefinition(
        slug: "news_articles", name: "News articles",
        description: "Recent articles: the company's own RSS/Atom feeds, and a news-search API when one is configured.",
        subject: .company,
        inputSchema: ["type": "object", "properties": [
            "limit": ["type": "integer", "minimum": 1, "maximum": 50, "default": 10],
            "website": ["type": "string", "description": "A URL to read instead of https://<domain>/"],
        ]],
        outputSchema: ["type": "object", "properties": ["count": ["type": "integer"], "articles": ["type": "array"], "feeds": ["type": "array"]]],
        defaultAttributeKey: "news_articles", creditAction: "COMPANY_NEWS", concurrency: 4)

    static let feedPaths = ["/feed", "/rss.xml", "/feed.xml", "/blog/feed", "/atom.xml"]

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let domain = subject.body.domain ?? subject.body.company?.domain else { return .nothing("the company has no domain") }
        let limit = min(max(input["limit"]?.intValue ?? 10, 1), 50)
        let site = input["website"]?.stringValue ?? domain
        let home = try await SiteReading.read(reader, site, budget: 1, prefer: []).first
        var articles: [JSONValue] = []
        var feeds: [String] = []
        if let home {
            let linked = FeedParser.feedLinks(in: home.html).compactMap { URL(string: $0, relativeTo: URL(string: home.url))?.absoluteString }
            let origin = JobPostings.origin(of: home.url)
            for url in linked.isEmpty ? Self.feedPaths.map({ origin + $0 }) : linked {
                guard let answer = try? await ProviderHTTP.fetch(url), (200..<300).contains(answer.status) else { continue }
                let found = FeedParser.articles(in: answer.body)
                guard !found.isEmpty else { continue }
                feeds.append(url)
                articles += found.map { article in
                    var json = article.json
                    if case .object(var object) = json { object["source"] = .string(url); json = .object(object) }
                    return json
                }
                if !linked.isEmpty || articles.count >= limit { break }
            }
        }
        if let search {
            articles += try await searched(search, query: subject.body.name.full.isEmpty ? domain : subject.body.name.full)
        }
        let kept = Array(articles.prefix(limit))
        return .value(["count": .integer(Int64(kept.count)), "articles": .array(kept), "feeds": .array(feeds.map(JSONValue.string))])
    }

    private func searched(_ search: (baseURL: String, apiKey: String), query: String) async throws -> [JSONValue] {
        let q = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? query
        let answer: (status: Int, body: String)
        do {
            answer = try await ProviderHTTP.fetch("\(search.baseURL)/v2/everything?q=\(q)&sortBy=publishedAt", headers: [("X-Api-Key", search.apiKey)])
        } catch let error as LeadSearchProviderError {
            throw error.enrichmentFailure
        }
        guard (200..<300).contains(answer.status), let json = try? JSONParser.parse(answer.body) else {
            throw EnrichmentFailure.failed("the news search answered \(answer.status)")
        }
        return (json["articles"]?.arrayValue ?? []).compactMap { article in
            guard let title = article["title"]?.stringValue else { return nil }
            return [
                "title": .string(title), "url": article["url"] ?? .null, "publishedAt": article["publishedAt"] ?? .null,
                "source": article["source"]?["name"] ?? .null,
            ]
        }
    }
}

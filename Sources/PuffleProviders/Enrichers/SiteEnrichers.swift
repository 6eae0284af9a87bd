import Foundation
import PuffleCore

/// `site_crawl`: pages of the company's site within a page budget, robots.txt honoured: each
/// page's title, description, headings and the start of its text.
public struct SiteCrawlEnricher: Enricher {
    let reader: any SiteReader

    public init(reader: any SiteReader) {
        self.reader = reader
    }

    public let definition = EnrichmentDefinition(
        slug: "site_crawl", name: "Site crawl", description: "Reads pages of the company's website (robots.txt honoured): titles, descriptions, headings, text.",
        subject: .company,
        inputSchema: ["type": "object", "properties": [
            "pageBudget": ["type": "integer", "minimum": 1, "maximum": 50, "default": 10],
            "website": ["type": "string", "description": "A URL to read instead of https://<domain>/"],
        ]],
        outputSchema: ["type": "object", "properties": ["pageCount": ["type": "integer"], "pages": ["type": "array"]]],
        defaultAttributeKey: "site_crawl", creditAction: "SITE_CRAWL_ENRICHMENT", concurrency: 4)

    public func problems(in input: JSONObject) -> [String] {
        guard let budget = input["pageBudget"] else { return [] }
        guard let pages = budget.intValue, (1...50).contains(pages) else { return ["pageBudget: must be an integer from 1 to 50"] }
        return []
    }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let site = input["website"]?.stringValue ?? subject.body.domain ?? subject.body.company?.domain else { return .nothing("the company has no domain") }
        let pages = try await SiteReading.read(reader, site, budget: input["pageBudget"]?.intValue ?? 10, prefer: ["about", "product", "pricing", "customers"])
        return .value(["pageCount": .integer(Int64(pages.count)), "pages": .array(pages.map(Self.summary))])
    }

    static func summary(_ page: WebPage) -> JSONValue {
        let title = HTMLScan.text(in: page.html, between: "<title", and: "</title>").map { HTMLScan.decoded(HTMLScan.afterTagEnd($0)) }
        let text = HTMLScan.decoded(HTMLScan.strippingTags(page.html))
        return [
            "url": .string(page.url), "title": title.map(JSONValue.string) ?? .null,
            "description": HTMLScan.metaContent(in: page.html, names: ["description", "og:description"]).map { .string(HTMLScan.decoded($0)) } ?? .null,
            "headings": .array(HTMLScan.elements(in: page.html, named: ["h1", "h2"]).prefix(10).map(JSONValue.string)),
            "text": .string(String(text.prefix(2_000))),
        ]
    }
}

/// `hiring_status`: open roles from the company's careers page and the public job boards of
/// Greenhouse, Lever and Ashby (their documented API shapes, base URLs configurable). A board
/// that answers 404 has no such board; that is not an error.
public struct HiringStatusEnricher: Enricher {
    let reader: any SiteReader
    let boards: JobBoards

    /// Where the public job-board APIs are (`PUFFLE_GREENHOUSE_BASE_URL`, `PUFFLE_LEVER_BASE_URL`, `PUFFLE_ASHBY_BASE_URL`).
    public struct JobBoards: Sendable {
        public var greenhouse: String
        public var lever: String
        public var ashby: String

        public init(
            greenhouse: String = "https://boards-api.greenhouse.io", lever: String = "https://api.lever.co", ashby: String = "https://api.ashbyhq.com"
        ) {
            self.greenhouse = greenhouse
            self.lever = lever
            self.ashby = ashby
        }
    }

    public init(reader: any SiteReader, boards: JobBoards = JobBoards()) {
        self.reader = reader
        self.boards = boards
    }

    public let definition = EnrichmentDefinition(
        slug: "hiring_status", name: "Hiring status",
        description: "Open roles from the company's careers page and its Greenhouse, Lever and Ashby boards (board name: input, else the domain's first label).",
        subject: .company,
        inputSchema: ["type": "object", "properties": [
            "board": ["type": "string", "description": "The job-board name, e.g. acme"],
            "website": ["type": "string", "description": "A URL to read instead of https://<domain>/"],
        ]],
        outputSchema: ["type": "object", "properties": [
            "hiring": ["type": "boolean"], "openRoles": ["type": "integer"], "jobs": ["type": "array"], "checked": ["type": "array"],
        ]],
        defaultAttributeKey: "hiring_status", creditAction: "HIRING_STATUS", concurrency: 4)

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let domain = subject.body.domain ?? subject.body.company?.domain else { return .nothing("the company has no domain") }
        let site = input["website"]?.stringValue ?? domain
        let board = input["board"]?.stringValue ?? String(domain.split(separator: ".").first ?? "")
        var jobs: [JobPosting] = []
        var checked: [String] = []
        if let pages = try? await reader.read(website: site, pageBudget: 3, prefer: ["careers", "jobs"]),
            let careers = pages.dropFirst().first(where: { page in ["careers", "jobs"].contains { page.url.lowercased().contains($0) } }) {
            checked.append(careers.url)
            jobs += JobPostings.fromCareersPage(html: careers.html, pageURL: careers.url)
        }
        let name = board.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? board
        let sources: [(String, (JSONValue) -> [JobPosting])] = [
            ("\(boards.greenhouse)/v1/boards/\(name)/jobs", JobPostings.fromGreenhouse),
            ("\(boards.lever)/v0/postings/\(name)?mode=json", JobPostings.fromLever),
            ("\(boards.ashby)/posting-api/job-board/\(name)", JobPostings.fromAshby),
        ]
        for (url, read) in sources {
            let answer: (status: Int, body: String)
            do {
                answer = try await ProviderHTTP.fetch(url, headers: [("Accept", "application/json")])
            } catch let error as LeadSearchProviderError {
                throw error.enrichmentFailure
            }
            checked.append(url)
            guard (200..<300).contains(answer.status), let json = try? JSONParser.parse(answer.body) else { continue }
            jobs += read(json)
        }
        return .value([
            "hiring": .bool(!jobs.isEmpty), "openRoles": .integer(Int64(jobs.count)), "jobs": .array(jobs.map(\.json)),
            "checked": .array(checked.map(JSONValue.string)),
        ])
    }
}

/// Site reads as Enrichment outcomes: a site that cannot be read fails the item, or is retried.
enum SiteReading {
    static func read(_ reader: any SiteReader, _ site: String, budget: Int, prefer: [String]) async throws -> [WebPage] {
        do {
            return try await reader.read(website: site, pageBudget: budget, prefer: prefer)
        } catch let error as SiteReadError {
            throw error.isFinal ? EnrichmentFailure.failed(error.description) : EnrichmentFailure.retryable(error.description)
        }
    }
}

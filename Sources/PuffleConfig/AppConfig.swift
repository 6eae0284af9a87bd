import PuffleCore

/// Everything the server is configured with, read once at start (flags, then environment, then
/// defaults) and passed down. Nothing else reads the environment.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    /// Largest request body accepted; larger ones get 413 `payload_too_large`.
    public var maxBodyBytes: Int
    /// Per-key token bucket: sustained requests a second, and the burst a quiet key may spend at once.
    public var rateLimitPerSecond: Double
    public var rateLimitBurst: Double
    public var creditPrices: CreditPrices
    /// In-process job workers `puffle serve` runs (`PUFFLE_WORKERS`, default 2; 0 runs none).
    public var workers: Int = 2
    /// How long a job's lease lasts without a heartbeat (`PUFFLE_JOB_LEASE_SECONDS`, default 30):
    /// the longest a dead worker's job waits before another worker takes it over.
    public var jobLeaseSeconds: Int = 30
    /// Where Lead Search finds people (`PUFFLE_SEARCH_PROVIDER`).
    public var searchProvider: SearchProviderSetting = .local
    /// An OpenAI-compatible chat endpoint that reads prompts (`PUFFLE_LLM_BASE_URL`), if any.
    public var languageModel: LanguageModelSetting?
    /// People-data APIs with a key configured, for Enrichments (`PUFFLE_APOLLO_API_KEY`, `PUFFLE_PDL_API_KEY`).
    public var apollo: ProviderEndpoint?
    public var pdl: ProviderEndpoint?
    /// Public job-board APIs `hiring_status` reads (`PUFFLE_GREENHOUSE_BASE_URL`, `PUFFLE_LEVER_BASE_URL`, `PUFFLE_ASHBY_BASE_URL`).
    public var jobBoards = (greenhouse: "https://boards-api.greenhouse.io", lever: "https://api.lever.co", ashby: "https://api.ashbyhq.com")
    /// A NewsAPI-shaped search `news_articles` asks (`PUFFLE_NEWS_BASE_URL` with `PUFFLE_NEWS_API_KEY`), if any.
    public var news: ProviderEndpoint?
    /// A Unipile-shaped LinkedIn API for `linkedin_posts` (`PUFFLE_UNIPILE_BASE_URL`, `PUFFLE_UNIPILE_API_KEY`, `PUFFLE_UNIPILE_ACCOUNT_ID`), if any.
    public var linkedIn: (endpoint: ProviderEndpoint, accountId: String)?
    /// Credits `POST /api/credits/provision` grants a workspace that never had any (`PUFFLE_FREE_PLAN_CREDITS`, default 1000; 0 grants none).
    public var freePlanCredits: Int = 1000
    /// The name server sending domains are checked against (`PUFFLE_DNS_SERVER`, `host` or `host:port`); /etc/resolv.conf's when nil.
    public var dnsServer: String?
    /// The name SMTP's EHLO gives (`PUFFLE_SMTP_HELO_NAME`); the sender's domain when nil.
    public var smtpHeloName: String?
    /// How long each step of a mailbox login check may wait (`PUFFLE_SMTP_TIMEOUT_SECONDS`, default 15).
    public var smtpTimeoutSeconds: Int = 15
    /// The server's address as the recipients of campaign emails reach it, for unsubscribe and
    /// open-tracking links (`PUFFLE_PUBLIC_BASE_URL`, e.g. https://puffle.example.com); this
    /// server's own host and port when unset.
    public var publicBaseURL: String?
    /// How long a prospect waits after a campaign's last step for a reply before it is `timed_out`
    /// (`PUFFLE_REPLY_WINDOW_HOURS`, default 0: it is `completed` when the sequence ends).
    public var replyWindowHours: Int = 0

    /// ``publicBaseURL``, or this server's own address.
    public var linkBaseURL: String { publicBaseURL ?? "http://\(host):\(port)" }
    /// ``replyWindowHours`` as a duration.
    public var replyWindow: Duration { .seconds(replyWindowHours * 3600) }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 10 * 1024 * 1024,
        rateLimitPerSecond: Double = 50, rateLimitBurst: Double = 200, creditPrices: CreditPrices
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.rateLimitPerSecond = rateLimitPerSecond
        self.rateLimitBurst = rateLimitBurst
        self.creditPrices = creditPrices
    }

    /// The configuration from environment variables, with every bad value listed in one error.
    ///
    /// `PUFFLE_HOST`, `PUFFLE_PORT`, `PUFFLE_MAX_BODY_BYTES`, `PUFFLE_RATE_LIMIT_PER_SECOND`,
    /// `PUFFLE_RATE_LIMIT_BURST`, `PUFFLE_CREDIT_COSTS` (JSON object of action to credits), `PUFFLE_WORKERS`, `PUFFLE_JOB_LEASE_SECONDS`,
    /// the search provider and language model settings (see ``SearchProviderSetting``).
    public static func fromEnvironment(_ environment: [String: String]) throws -> AppConfig {
        var problems: [String] = []
        func number(_ name: String, _ fallback: Double) -> Double {
            guard let text = environment[name] else { return fallback }
            guard let value = Double(text), value > 0 else {
                problems.append("\(name) must be a positive number, got \(text)")
                return fallback
            }
            return value
        }
        let host = environment["PUFFLE_HOST"] ?? "127.0.0.1"
        let port = Int(number("PUFFLE_PORT", 8080))
        let maxBody = Int(number("PUFFLE_MAX_BODY_BYTES", 10 * 1024 * 1024))
        let perSecond = number("PUFFLE_RATE_LIMIT_PER_SECOND", 50)
        let burst = number("PUFFLE_RATE_LIMIT_BURST", 200)
        var prices = try CreditPrices()
        if let text = environment["PUFFLE_CREDIT_COSTS"] {
            do {
                guard let object = try JSONParser.parse(text).objectValue else { throw PuffleError.invalidRequest("not an object") }
                var overrides: [String: Int] = [:]
                for (action, value) in object {
                    guard let credits = value.intValue else { throw PuffleError.invalidRequest("\(action) is not a whole number") }
                    overrides[action] = credits
                }
                prices = try CreditPrices(overrides: overrides)
            } catch {
                problems.append("PUFFLE_CREDIT_COSTS must be a JSON object of known action names to credits: \(error)")
            }
        }
        var workers = 2
        if let text = environment["PUFFLE_WORKERS"] {
            if let count = Int(text), count >= 0 { workers = count } else { problems.append("PUFFLE_WORKERS must be a whole number >= 0, got \(text)") }
        }
        var jobLease = 30
        if let text = environment["PUFFLE_JOB_LEASE_SECONDS"] {
            if let seconds = Int(text), seconds >= 1 { jobLease = seconds } else { problems.append("PUFFLE_JOB_LEASE_SECONDS must be a whole number >= 1, got \(text)") }
        }
        let searchProvider = SearchProviderSetting.from(environment, problems: &problems)
        var freePlan = 1000
        if let text = environment["PUFFLE_FREE_PLAN_CREDITS"] {
            if let credits = Int(text), credits >= 0 { freePlan = credits } else { problems.append("PUFFLE_FREE_PLAN_CREDITS must be a whole number >= 0, got \(text)") }
        }
        var languageModel: LanguageModelSetting?
        if let base = environment["PUFFLE_LLM_BASE_URL"] {
            languageModel = LanguageModelSetting(
                baseURL: base, apiKey: environment["PUFFLE_LLM_API_KEY"], model: environment["PUFFLE_LLM_MODEL"] ?? "gpt-4o-mini")
        }
        var smtpTimeout = 15
        if let text = environment["PUFFLE_SMTP_TIMEOUT_SECONDS"] {
            if let seconds = Int(text), seconds >= 1 { smtpTimeout = seconds } else { problems.append("PUFFLE_SMTP_TIMEOUT_SECONDS must be a whole number >= 1, got \(text)") }
        }
        var replyWindow = 0
        if let text = environment["PUFFLE_REPLY_WINDOW_HOURS"] {
            if let hours = Int(text), (0...24 * 90).contains(hours) { replyWindow = hours } else { problems.append("PUFFLE_REPLY_WINDOW_HOURS must be a whole number from 0 to 2160, got \(text)") }
        }
        if let base = environment["PUFFLE_PUBLIC_BASE_URL"], !(base.hasPrefix("http://") || base.hasPrefix("https://")) {
            problems.append("PUFFLE_PUBLIC_BASE_URL must start with http:// or https://, got \(base)")
        }
        guard problems.isEmpty else { throw PuffleError.invalidRequest(problems.joined(separator: "; ")) }
        var config = AppConfig(host: host, port: port, maxBodyBytes: maxBody, rateLimitPerSecond: perSecond, rateLimitBurst: burst, creditPrices: prices)
        config.workers = workers
        config.jobLeaseSeconds = jobLease
        config.freePlanCredits = freePlan
        config.searchProvider = searchProvider
        config.apollo = environment["PUFFLE_APOLLO_API_KEY"].map {
            ProviderEndpoint(baseURL: environment["PUFFLE_APOLLO_BASE_URL"] ?? "https://api.apollo.io", apiKey: $0)
        }
        config.pdl = environment["PUFFLE_PDL_API_KEY"].map {
            ProviderEndpoint(baseURL: environment["PUFFLE_PDL_BASE_URL"] ?? "https://api.peopledatalabs.com", apiKey: $0)
        }
        config.languageModel = languageModel
        config.dnsServer = environment["PUFFLE_DNS_SERVER"]
        config.smtpHeloName = environment["PUFFLE_SMTP_HELO_NAME"]
        config.smtpTimeoutSeconds = smtpTimeout
        config.publicBaseURL = environment["PUFFLE_PUBLIC_BASE_URL"]
        config.replyWindowHours = replyWindow
        config.jobBoards = (
            environment["PUFFLE_GREENHOUSE_BASE_URL"] ?? config.jobBoards.greenhouse, environment["PUFFLE_LEVER_BASE_URL"] ?? config.jobBoards.lever,
            environment["PUFFLE_ASHBY_BASE_URL"] ?? config.jobBoards.ashby
        )
        if let base = environment["PUFFLE_NEWS_BASE_URL"], let key = environment["PUFFLE_NEWS_API_KEY"] { config.news = ProviderEndpoint(baseURL: base, apiKey: key) }
        if let base = environment["PUFFLE_UNIPILE_BASE_URL"], let key = environment["PUFFLE_UNIPILE_API_KEY"], let account = environment["PUFFLE_UNIPILE_ACCOUNT_ID"] {
            config.linkedIn = (ProviderEndpoint(baseURL: base, apiKey: key), account)
        }
        return config
    }
}

/// Which people-data source Lead Search uses.
///
/// `PUFFLE_SEARCH_PROVIDER=local` (default: the prospect database), `apollo` (with
/// `PUFFLE_APOLLO_API_KEY`, and `PUFFLE_APOLLO_BASE_URL` defaulting to https://api.apollo.io) or
/// `pdl` (with `PUFFLE_PDL_API_KEY`, and `PUFFLE_PDL_BASE_URL` defaulting to https://api.peopledatalabs.com).
public enum SearchProviderSetting: Sendable, Equatable {
    case local
    case apollo(baseURL: String, apiKey: String)
    case pdl(baseURL: String, apiKey: String)

    static func from(_ environment: [String: String], problems: inout [String]) -> SearchProviderSetting {
        switch environment["PUFFLE_SEARCH_PROVIDER"] ?? "local" {
        case "local":
            return .local
        case "apollo":
            guard let key = environment["PUFFLE_APOLLO_API_KEY"] else {
                problems.append("PUFFLE_SEARCH_PROVIDER=apollo needs PUFFLE_APOLLO_API_KEY")
                return .local
            }
            return .apollo(baseURL: environment["PUFFLE_APOLLO_BASE_URL"] ?? "https://api.apollo.io", apiKey: key)
        case "pdl":
            guard let key = environment["PUFFLE_PDL_API_KEY"] else {
                problems.append("PUFFLE_SEARCH_PROVIDER=pdl needs PUFFLE_PDL_API_KEY")
                return .local
            }
            return .pdl(baseURL: environment["PUFFLE_PDL_BASE_URL"] ?? "https://api.peopledatalabs.com", apiKey: key)
        case let other:
            problems.append("PUFFLE_SEARCH_PROVIDER must be local, apollo or pdl, got \(other)")
            return .local
        }
    }
}

/// An OpenAI-compatible chat endpoint: `PUFFLE_LLM_BASE_URL` (e.g. https://api.openai.com/v1),
/// `PUFFLE_LLM_API_KEY`, `PUFFLE_LLM_MODEL` (default gpt-4o-mini).
public struct LanguageModelSetting: Sendable, Equatable {
    public var baseURL: String
    public var apiKey: String?
    public var model: String
}

/// A paid API's base URL and key.
public struct ProviderEndpoint: Sendable, Equatable {
    public var baseURL: String
    public var apiKey: String
}

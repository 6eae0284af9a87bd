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
    /// `PUFFLE_RATE_LIMIT_BURST`, `PUFFLE_CREDIT_COSTS` (JSON object of action to credits), `PUFFLE_WORKERS`.
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
                prices = try CreditPrices(overrides: try JSONDecoding.decode([String: Int].self, from: text))
            } catch {
                problems.append("PUFFLE_CREDIT_COSTS must be a JSON object of known action names to credits: \(error)")
            }
        }
        var workers = 2
        if let text = environment["PUFFLE_WORKERS"] {
            if let count = Int(text), count >= 0 { workers = count } else { problems.append("PUFFLE_WORKERS must be a whole number >= 0, got \(text)") }
        }
        guard problems.isEmpty else { throw PuffleError.invalidRequest(problems.joined(separator: "; ")) }
        var config = AppConfig(host: host, port: port, maxBodyBytes: maxBody, rateLimitPerSecond: perSecond, rateLimitBurst: burst, creditPrices: prices)
        config.workers = workers
        return config
    }
}

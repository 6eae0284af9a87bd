/// `seniority`: seniority and department from a person's title, by the same rules that read Lead
/// Search prompts. Free.
public struct SeniorityEnricher: Enricher {
    let parser = PromptParser()

    public init() {}

    public let definition = EnrichmentDefinition(
        slug: "seniority", name: "Seniority and department", description: "Reads a person's job title into a seniority level and departments.",
        subject: .person,
        outputSchema: ["type": "object", "properties": ["seniority": ["type": ["string", "null"]], "departments": ["type": "array", "items": ["type": "string"]]]],
        defaultAttributeKey: "seniority", creditAction: "SENIORITY")

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let title = subject.body.title, !title.isEmpty else { return .nothing("the Lead has no title") }
        let read = parser.parse(title)
        guard !read.seniorities.isEmpty || !read.departments.isEmpty else { return .nothing("no seniority or department in \"\(title)\"") }
        return .value([
            "seniority": read.seniorities.first.map(JSONValue.string) ?? .null,
            "departments": .array(read.departments.map(JSONValue.string)),
        ])
    }
}

/// `name_parse`: a person's name split into first, last and a normalized full name. Free.
public struct NameParseEnricher: Enricher {
    public init() {}

    public let definition = EnrichmentDefinition(
        slug: "name_parse", name: "Name parsing", description: "Splits and normalizes a person's name: honorifics and suffixes removed, capitalization fixed.",
        subject: .person,
        outputSchema: ["type": "object", "properties": ["first": ["type": "string"], "last": ["type": "string"], "full": ["type": "string"]]],
        defaultAttributeKey: "name_parsed", creditAction: "NAME_PARSE")

    static let honorifics: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mx"]
    static let suffixes: Set<String> = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq"]
    static let particles: Set<String> = ["van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "bin", "al"]

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let full = subject.body.name.full
        var words = full.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        while let first = words.first, Self.honorifics.contains(Self.bare(first)) { words.removeFirst() }
        while let last = words.last, words.count > 1, Self.suffixes.contains(Self.bare(last)) { words.removeLast() }
        guard let first = words.first else { return .nothing("the Lead has no name") }
        let rest = words.dropFirst()
        let last = rest.enumerated().map { offset, word in
            offset < rest.count - 1 && Self.particles.contains(word.lowercased()) ? word.lowercased() : Self.capitalized(word)
        }.joined(separator: " ")
        let firstName = Self.capitalized(first)
        return .value(["first": .string(firstName), "last": .string(last), "full": .string(last.isEmpty ? firstName : firstName + " " + last)])
    }

    static func bare(_ word: String) -> String {
        String(word.lowercased().filter { $0.isLetter })
    }

    /// "o'BRIEN" -> "O'Brien", "jean-luc" -> "Jean-Luc"; a mixed-case word ("McDonald") is kept.
    static func capitalized(_ word: String) -> String {
        guard word == word.lowercased() || word == word.uppercased() else { return word }
        var out = ""
        var startOfPart = true
        for character in word.lowercased() {
            out += startOfPart ? character.uppercased() : String(character)
            startOfPart = character == "-" || character == "'"
        }
        return out
    }
}

/// `email_verification`: is a person's email worth sending to? Checks syntax, the disposable
/// domain list, and (through ``MailDomainChecker``) that the domain receives mail and whether a
/// mailbox probe accepts it. Free locally.
public struct EmailVerificationEnricher: Enricher {
    let checker: (any MailDomainChecker)?

    public init(checker: (any MailDomainChecker)?) {
        self.checker = checker
    }

    public let definition = EnrichmentDefinition(
        slug: "email_verification", name: "Email verification",
        description: "Checks a person's email: syntax, disposable domains, mail servers (MX) and, where the server allows, an SMTP RCPT probe.",
        subject: .person,
        outputSchema: ["type": "object", "properties": [
            "email": ["type": "string"], "status": ["enum": ["valid", "invalid", "risky", "unknown"]], "reason": ["type": "string"],
            "disposable": ["type": "boolean"], "mx": ["type": "array", "items": ["type": "string"]],
        ]],
        defaultAttributeKey: "email_verification", creditAction: "EMAIL_VERIFICATION", concurrency: 8)

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let address = input["email"]?.stringValue ?? subject.body.contacts.compactMap { $0["value"]?.stringValue }.first { $0.contains("@") }
        guard let address else { return .nothing("the Lead has no email") }
        return .value(try await Self.verify(address, checker: checker))
    }

    /// The verdict on one address.
    public static func verify(_ address: String, checker: (any MailDomainChecker)?) async throws -> JSONValue {
        func verdict(_ status: String, _ reason: String, disposable: Bool = false, mx: [String] = []) -> JSONValue {
            ["email": .string(address), "status": .string(status), "reason": .string(reason), "disposable": .bool(disposable), "mx": .array(mx.map(JSONValue.string))]
        }
        guard let email = LeadIdentity.normalizedEmail(address), let domain = email.split(separator: "@").last.map(String.init) else {
            return verdict("invalid", "not a valid email address")
        }
        if DisposableDomains.contains(domain) { return verdict("risky", "a disposable email domain", disposable: true) }
        guard let checker else { return verdict("unknown", "syntax is valid; mail servers were not checked") }
        let servers = try await checker.mailServers(for: domain)
        guard !servers.isEmpty else { return verdict("invalid", "the domain has no mail servers") }
        switch try await checker.probe(email, servers: servers) {
        case .accepted: return verdict("valid", "the mail server accepts this mailbox", mx: servers)
        case .rejected: return verdict("invalid", "the mail server rejects this mailbox", mx: servers)
        case .catchAll: return verdict("risky", "the mail server accepts any mailbox (catch-all)", mx: servers)
        case .inconclusive: return verdict("unknown", "the mail server would not say", mx: servers)
        }
    }
}

/// What a mail server said about a mailbox.
public enum MailboxProbe: Sendable {
    case accepted, rejected, catchAll, inconclusive
}

/// DNS and SMTP, behind a seam so tests can answer for them.
public protocol MailDomainChecker: Sendable {
    /// The domain's MX hosts, best first; empty when it receives no mail.
    func mailServers(for domain: String) async throws -> [String]
    /// Asks a server whether it would take mail for the address (RCPT TO), and whether it takes anything.
    func probe(_ address: String, servers: [String]) async throws -> MailboxProbe
}

/// `waterfall`: tries several Enrichments in order and keeps the first value any of them finds.
public struct WaterfallEnricher: Enricher {
    let steps: @Sendable () -> EnrichmentCatalog

    /// - Parameter steps: The catalog the step slugs are looked up in (given lazily: it contains this).
    public init(steps: @escaping @Sendable () -> EnrichmentCatalog) {
        self.steps = steps
    }

    public let definition = EnrichmentDefinition(
        slug: "waterfall", name: "Waterfall", description: "Runs input.steps (Enrichment slugs) in order until one finds a value; each step's input comes from input.inputs[slug].",
        subject: .person,
        inputSchema: ["type": "object", "required": ["steps"], "properties": [
            "steps": ["type": "array", "items": ["type": "string"], "minItems": 1], "inputs": ["type": "object"],
        ]],
        outputSchema: ["type": "object", "properties": ["value": [:], "source": ["type": "string"]]],
        defaultAttributeKey: "waterfall", creditAction: "WATERFALL")

    public func problems(in input: JSONObject) -> [String] {
        guard let steps = input["steps"]?.arrayValue, !steps.isEmpty else { return ["input.steps: must list at least one Enrichment slug"] }
        let catalog = self.steps()
        let inputs = input["inputs"]?.objectValue ?? [:]
        return steps.flatMap { step -> [String] in
            guard let slug = step.stringValue, slug != "waterfall" else { return ["input.steps: each step must be another Enrichment's slug"] }
            guard let enricher = catalog.enricher(slug) else { return ["input.steps: unknown Enrichment \(slug)"] }
            if let reason = enricher.definition.unavailableReason { return ["input.steps: \(slug) is not available on this server: \(reason)"] }
            // Each step's input is held to its own Enrichment's rules, as when it runs alone.
            return enricher.problems(in: inputs[slug]?.objectValue ?? [:]).map { "input.inputs.\(slug).\($0)" }
        }
    }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let catalog = steps()
        var tried: [String] = []
        for slug in (input["steps"]?.arrayValue ?? []).compactMap(\.stringValue) {
            guard let enricher = catalog.enricher(slug), enricher.definition.subject == subject.type else { continue }
            tried.append(slug)
            if case .value(let value) = try await enricher.enrich(subject, input: input["inputs"]?[slug]?.objectValue ?? [:]) {
                return .value(["value": value, "source": .string(slug)])
            }
        }
        return .nothing("no step found a value (tried \(tried.joined(separator: ", ")))")
    }
}

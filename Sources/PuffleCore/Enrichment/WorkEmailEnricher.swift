/// `work_email`: finds a person's work address at their company's domain by trying the common
/// patterns (first.last@, first@, flast@...) against the domain's mail server (DNS MX, then an SMTP
/// RCPT probe that sends nothing). A catch-all server can't tell, so its answer is the most common
/// pattern marked `catch_all`. Costs EMAIL_LOOKUP.
public struct WorkEmailEnricher: Enricher {
    let checker: (any MailDomainChecker)?

    public init(checker: (any MailDomainChecker)?) {
        self.checker = checker
    }

    public let definition = EnrichmentDefinition(
        slug: "work_email", name: "Work email", description: "Finds a person's work email from their name and company domain, checked against the domain's mail server.",
        subject: .person,
        outputSchema: ["type": "object", "properties": [
            "email": ["type": "string"], "status": ["enum": ["valid", "catch_all"]], "pattern": ["type": "string"], "mx": ["type": "string"],
        ]],
        defaultAttributeKey: "work_email", creditAction: "EMAIL_LOOKUP", concurrency: 4)

    /// Patterns in the order they are most common.
    static let patterns: [(name: String, make: @Sendable (String, String) -> String)] = [
        ("first.last", { "\($0).\($1)" }), ("first", { f, _ in f }), ("flast", { "\($0.prefix(1))\($1)" }), ("firstlast", { "\($0)\($1)" }),
        ("f.last", { "\($0.prefix(1)).\($1)" }), ("first_last", { "\($0)_\($1)" }), ("last", { _, l in l }), ("firstl", { "\($0)\($1.prefix(1))" }),
    ]

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        guard let domain = subject.body.company?.domain ?? subject.body.domain else { return .nothing("the Lead has no company domain") }
        guard case .value(let parsed) = try await NameParseEnricher().enrich(subject, input: [:]),
            let first = parsed["first"]?.stringValue.map(Self.localPart), let last = parsed["last"]?.stringValue.map(Self.localPart),
            !first.isEmpty, !last.isEmpty
        else { return .nothing("the Lead needs a first and a last name") }
        guard let checker else { return .nothing("this server has no mail checker configured") }
        let servers = try await checker.mailServers(for: domain)
        guard let server = servers.first else { return .nothing("\(domain) receives no mail") }
        for pattern in Self.patterns {
            let candidate = pattern.make(first, last) + "@" + domain
            switch try await checker.probe(candidate, servers: servers) {
            case .accepted:
                return .value(["email": .string(candidate), "status": "valid", "pattern": .string(pattern.name), "mx": .string(server)])
            case .catchAll:
                let best = Self.patterns[0].make(first, last) + "@" + domain
                return .value(["email": .string(best), "status": "catch_all", "pattern": .string(Self.patterns[0].name), "mx": .string(server)])
            case .rejected:
                continue
            case .inconclusive:
                throw EnrichmentFailure.retryable("\(server) would not say whether \(candidate) exists")
            }
        }
        return .nothing("\(server) rejected every pattern")
    }

    /// A name as an address's local part: lowercased ASCII letters and digits.
    static func localPart(_ name: String) -> String {
        let folded = name.lowercased().unicodeScalars.compactMap { scalar -> Character? in
            switch scalar {
            case "a"..."z", "0"..."9": Character(scalar)
            case "à", "á", "â", "ä", "å", "ã": "a"
            case "è", "é", "ê", "ë": "e"
            case "ì", "í", "î", "ï": "i"
            case "ò", "ó", "ô", "ö", "ø", "õ": "o"
            case "ù", "ú", "û", "ü": "u"
            case "ç": "c"
            case "ñ": "n"
            case "ß": "s"
            default: nil
            }
        }
        return String(folded)
    }
}

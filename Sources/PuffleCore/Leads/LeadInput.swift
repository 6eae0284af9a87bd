/// A Lead as a caller sends it to `POST /api/leads` or in `POST /api/lists/import`'s `leads[]`.
///
/// Decoding never fails on a bad field: it records a problem naming the field instead, so an
/// import can keep the valid rows of a batch and report the others by index and reason.
public struct LeadInput: Sendable {
    public var type: LeadType?
    public var body = LeadBody()
    /// Lists to attach the Lead to, from the `listIds` field.
    public var listIds: [String] = []
    /// Every field that failed validation, as "field: reason".
    public var problems: [String] = []

    public init(type: LeadType?, body: LeadBody = LeadBody(), listIds: [String] = []) {
        self.type = type
        self.body = body
        self.listIds = listIds
        if type == nil { problems.append("type: is required and must be \"person\" or \"company\"") }
    }

    /// True when the input can become a Lead.
    public var isValid: Bool { problems.isEmpty }
}

extension LeadInput {
    enum Key: String {
        case type, name, title, company, location, socials, contacts, domain, industry, size
        case attributes, sources, listIds, raw
    }

    /// Reads one Lead input object, recording a problem for each field that is invalid.
    public init(json: JSONValue) {
        guard let object = json.objectValue else {
            problems.append("lead: must be a JSON object")
            return
        }
        var reader = FieldReader(object: object)
        switch reader.string(.type) {
        case .some(let raw):
            if let type = LeadType(rawValue: raw) {
                self.type = type
            } else {
                reader.problems.append("type: must be \"person\" or \"company\", got \"\(raw)\"")
            }
        case .none:
            if !reader.problems.contains(where: { $0.hasPrefix("type:") }) {
                reader.problems.append("type: is required and must be \"person\" or \"company\"")
            }
        }
        body.name = reader.name().completed(for: type ?? .person)
        body.title = reader.string(.title)
        body.company = reader.company()
        body.location = reader.location()
        body.socials = reader.objects(.socials, requiring: "url")
        body.contacts = reader.objects(.contacts, requiring: "value")
        reader.problems += Self.contactProblems(body.contacts)
        body.sources = reader.objects(.sources, requiring: "id")
        let domain = reader.string(.domain)
        body.domain = reader.domain(domain, field: Key.domain.rawValue)
        body.industry = reader.string(.industry)
        body.size = reader.string(.size)
        body.attributes = reader.object(.attributes)
        body.raw = reader.object(.raw)
        listIds = reader.strings(.listIds)
        if body.name.full.isEmpty {
            reader.problems.append("name: needs a non-empty \"full\", or \"first\"/\"last\"")
        }
        if case .company = type, body.domain == nil, let companyDomain = body.company?.domain {
            body.domain = companyDomain
        }
        problems = reader.problems
    }
}

extension LeadInput {
    /// A contact typed `email` must hold an email address: `not-an-email` would be stored, never
    /// match its Lead by identity, and later be sent mail.
    public static func contactProblems(_ contacts: [JSONObject]) -> [String] {
        contacts.enumerated().compactMap { index, contact in
            guard contact["type"]?.stringValue?.lowercased() == "email", let value = contact["value"]?.stringValue,
                LeadIdentity.normalizedEmail(value) == nil
            else { return nil }
            return "contacts[\(index)].value: \"\(value)\" is not an email address"
        }
    }
}

/// Reads optional fields of one JSON object and records a problem for each one of the wrong type.
struct FieldReader {
    let object: JSONObject
    var problems: [String] = []

    init(object: JSONObject) {
        self.object = object
    }

    private func value(_ key: LeadInput.Key) -> JSONValue? {
        guard let value = object[key.rawValue], value != .null else { return nil }
        return value
    }

    mutating func string(_ key: LeadInput.Key) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            problems.append("\(key.rawValue): must be a string")
            return nil
        }
        return checkedLength(text.trimmed, key.rawValue, limit: TextLimits.text)
    }

    /// The text, or nil with a problem when it is longer than `limit`; blank text is nil.
    mutating func checkedLength(_ text: String, _ field: String, limit: Int) -> String? {
        guard !text.isEmpty else { return nil }
        guard TextLimits.fits(text, limit) else {
            problems.append("\(field): at most \(limit) characters, got \(text.count)")
            return nil
        }
        return text
    }

    mutating func strings(_ key: LeadInput.Key) -> [String] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value, let strings = items.stringsIfAll, strings.allSatisfy({ !$0.isEmpty }) else {
            problems.append("\(key.rawValue): must be an array of non-empty strings")
            return []
        }
        return strings
    }

    mutating func object(_ key: LeadInput.Key) -> JSONObject {
        guard let value = value(key) else { return [:] }
        guard case .object(let object) = value else {
            problems.append("\(key.rawValue): must be an object")
            return [:]
        }
        if let long = object.keys.first(where: { !TextLimits.fits($0, TextLimits.attributeKey) }) {
            problems.append("\(key.rawValue): keys are at most \(TextLimits.attributeKey) characters, got one of \(long.count)")
        }
        return object
    }

    mutating func objects(_ key: LeadInput.Key, requiring field: String) -> [JSONObject] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else {
            problems.append("\(key.rawValue): must be an array of objects")
            return []
        }
        var objects: [JSONObject] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item, let text = object[field]?.stringValue, !text.trimmed.isEmpty else {
                problems.append("\(key.rawValue)[\(index)].\(field): is required and must be a non-empty string")
                continue
            }
            objects.append(object)
        }
        return objects
    }

    mutating func name() -> LeadName {
        guard let value = value(.name) else { return LeadName() }
        switch value {
        case .string(let full):
            return LeadName(full: full.trimmed)
        case .object(let object):
            var parts: [String: String] = [:]
            for part in ["full", "short", "first", "last"] {
                guard let item = object[part], item != .null else { continue }
                guard let text = item.stringValue else {
                    problems.append("name.\(part): must be a string")
                    continue
                }
                parts[part] = checkedLength(text.trimmed, "name.\(part)", limit: TextLimits.name) ?? ""
            }
            var aliases: [String] = []
            if let item = object["aliases"], item != .null {
                if case .array(let items) = item, let strings = items.stringsIfAll {
                    aliases = strings
                } else {
                    problems.append("name.aliases: must be an array of strings")
                }
            }
            return LeadName(full: parts["full"] ?? "", short: parts["short"] ?? "", aliases: aliases, first: parts["first"] ?? "", last: parts["last"] ?? "")
        default:
            problems.append("name: must be an object like {\"full\": \"Jane Doe\"} or a string")
            return LeadName()
        }
    }

    mutating func company() -> LeadCompany? {
        guard let value = value(.company) else { return nil }
        if case .string(let name) = value { return LeadCompany(name: name.trimmed) }
        guard case .object(let object) = value else {
            problems.append("company: must be an object with name, id, domain")
            return nil
        }
        let fields = strings(of: object, ["name", "id", "domain"], prefix: "company")
        let company = LeadCompany(name: fields["name"], id: fields["id"], domain: domain(fields["domain"], field: "company.domain"))
        return company == LeadCompany() ? nil : company
    }

    /// A domain, URL or email reduced to its bare host (`https://www.Acme.com/x` is `acme.com`).
    /// Text with no host in it is a problem rather than nothing: dropping it would store the
    /// Lead without the domain its identity and search depend on, and answer as if all was well.
    mutating func domain(_ text: String?, field: String) -> String? {
        guard let text else { return nil }
        guard let domain = LeadIdentity.normalizedDomain(text) else {
            problems.append("\(field): must be a domain like acme.com, got \"\(text)\"")
            return nil
        }
        return domain
    }

    mutating func location() -> LeadLocation {
        guard let value = value(.location) else { return LeadLocation() }
        if case .string(let raw) = value { return LeadLocation(raw: raw.trimmed) }
        guard case .object(let object) = value else {
            problems.append("location: must be an object with city, state, country, raw")
            return LeadLocation()
        }
        let fields = strings(of: object, ["city", "state", "country", "raw"], prefix: "location")
        return LeadLocation(city: fields["city"], state: fields["state"], country: fields["country"], raw: fields["raw"])
    }

    private mutating func strings(of object: JSONObject, _ keys: [String], prefix: String) -> [String: String] {
        var result: [String: String] = [:]
        for key in keys {
            guard let item = object[key], item != .null else { continue }
            guard let text = item.stringValue else {
                problems.append("\(prefix).\(key): must be a string")
                continue
            }
            if let text = checkedLength(text.trimmed, "\(prefix).\(key)", limit: TextLimits.text) { result[key] = text }
        }
        return result
    }
}

extension [JSONValue] {
    /// The strings, when every element is a string.
    var stringsIfAll: [String]? {
        var strings: [String] = []
        strings.reserveCapacity(count)
        for item in self {
            guard let text = item.stringValue else { return nil }
            strings.append(text)
        }
        return strings
    }
}

extension String {
    /// The string without leading and trailing white space.
    public var trimmed: String {
        // Most values have nothing to trim: check the two ends' bytes before walking Characters.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        if isEmpty { return self }
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return view.count == count ? self : String(view)
    }
}

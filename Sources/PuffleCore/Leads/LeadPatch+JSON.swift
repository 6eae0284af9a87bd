extension LeadPatch {
    /// Reads a `PATCH /api/leads` body (without `id`): only the keys present become changes.
    /// - Throws: ``PuffleError/invalidRequest(_:)`` naming the first field of the wrong type.
    public init(json body: JSONObject) throws {
        self.init()
        if let value = body["name"] {
            switch value {
            case .string(let full): name = LeadName(full: full.trimmed)
            case .object(let parts):
                name = LeadName(
                    full: try Self.text(parts["full"], "name.full") ?? "", short: try Self.text(parts["short"], "name.short") ?? "",
                    aliases: try Self.strings(parts["aliases"], "name.aliases"),
                    first: try Self.text(parts["first"], "name.first") ?? "", last: try Self.text(parts["last"], "name.last") ?? "")
            default: throw PuffleError.invalidRequest("name: must be an object")
            }
        }
        if let value = body["title"] { title = .some(try Self.text(value, "title")) }
        if let value = body["domain"] { domain = .some(try Self.domain(value, "domain")) }
        if let value = body["industry"] { industry = .some(try Self.text(value, "industry")) }
        if let value = body["size"] { size = .some(try Self.text(value, "size")) }
        if let value = body["company"] {
            if value == .null {
                company = .some(nil)
            } else {
                let parts = try Self.object(value, "company")
                company = .some(LeadCompany(
                    name: try Self.text(parts["name"], "company.name"), id: try Self.text(parts["id"], "company.id"),
                    domain: try Self.domain(parts["domain"], "company.domain")))
            }
        }
        if let value = body["location"] {
            let parts = try Self.object(value, "location")
            location = LeadLocation(
                city: try Self.text(parts["city"], "location.city"), state: try Self.text(parts["state"], "location.state"),
                country: try Self.text(parts["country"], "location.country"), raw: try Self.text(parts["raw"], "location.raw"))
        }
        if let value = body["socials"] { socials = try Self.objects(value, "socials", requiring: "url") }
        if let value = body["contacts"] { contacts = try Self.objects(value, "contacts", requiring: "value") }
        if let value = body["attributes"] { attributes = try Self.object(value, "attributes") }
        if let value = body["raw"] { raw = try Self.object(value, "raw") }
        if body["type"] != nil { throw PuffleError.invalidRequest("type: cannot change; a Lead stays a person or a company") }
    }

    private static func text(_ value: JSONValue?, _ field: String) throws -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else { throw PuffleError.invalidRequest("\(field): must be a string or null") }
        return text.trimmed.isEmpty ? nil : text.trimmed
    }

    /// A domain, URL or email reduced to its host; nil for `null` or blank, which clear it.
    /// - Throws: ``PuffleError/invalidRequest(_:)`` for text with no host, rather than clearing the domain.
    private static func domain(_ value: JSONValue?, _ field: String) throws -> String? {
        guard let given = try Self.text(value, field) else { return nil }
        guard let domain = LeadIdentity.normalizedDomain(given) else {
            throw PuffleError.invalidRequest("\(field): must be a domain like acme.com, got \"\(given)\"")
        }
        return domain
    }

    private static func strings(_ value: JSONValue?, _ field: String) throws -> [String] {
        guard let value, value != .null else { return [] }
        guard case .array(let items) = value, let strings = items.stringsIfAll else {
            throw PuffleError.invalidRequest("\(field): must be an array of strings")
        }
        return strings
    }

    private static func object(_ value: JSONValue, _ field: String) throws -> JSONObject {
        if value == .null { return [:] }
        guard let object = value.objectValue else { throw PuffleError.invalidRequest("\(field): must be an object") }
        return object
    }

    private static func objects(_ value: JSONValue, _ field: String, requiring key: String) throws -> [JSONObject] {
        guard case .array(let items) = value else { throw PuffleError.invalidRequest("\(field): must be an array of objects") }
        return try items.enumerated().map { index, item in
            guard let object = item.objectValue, let text = object[key]?.stringValue, !text.trimmed.isEmpty else {
                throw PuffleError.invalidRequest("\(field)[\(index)].\(key): is required and must be a non-empty string")
            }
            return object
        }
    }
}

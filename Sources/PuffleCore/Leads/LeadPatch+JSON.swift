extension LeadPatch {
    /// The body keys `PATCH /api/leads` changes (besides `id`, which names the Lead).
    public static let fields: Set<String> = [
        "name", "title", "company", "location", "socials", "contacts", "domain", "industry", "size", "attributes", "raw",
    ]

    /// Keys a Lead shows but no request sets; an agent that sends a Lead back as it read it is not refused for them.
    public static let readOnlyFields: Set<String> = ["lists", "createdAt", "updatedAt"]

    /// Reads a `PATCH /api/leads` body (without `id`): only the keys present become changes.
    /// - Throws: ``PuffleError/invalidRequest(_:)`` naming the first field of the wrong type, or a
    ///   field PATCH does not change (`type`, `listIds`, `sources`, any unknown key).
    public init(json body: JSONObject) throws {
        self.init()
        if body["type"] != nil { throw PuffleError.invalidRequest("type: cannot change; a Lead stays a person or a company") }
        let unsupported = body.keys.filter { !Self.fields.contains($0) && !Self.readOnlyFields.contains($0) }.sorted()
        if !unsupported.isEmpty {
            throw PuffleError.invalidRequest(
                "\(unsupported.joined(separator: ", ")): not changed by PATCH /api/leads (it changes \(Self.fields.sorted().joined(separator: ", ")); Lists have their own routes)")
        }
        if let value = body["name"] { try readName(value) }
        if let value = body["title"] { title = .some(try Self.text(value, "title")) }
        if let value = body["domain"] { domain = .some(try Self.domain(value, "domain")) }
        if let value = body["industry"] { industry = .some(try Self.text(value, "industry")) }
        if let value = body["size"] { size = .some(try Self.text(value, "size")) }
        if let value = body["company"] {
            if value == .null {
                company = .some(nil)
            } else {
                var parts = try Self.parts(value, "company", keys: ["name", "id"])
                if let domain = try Self.object(value, "company")["domain"] { parts.values["domain"] = .some(try Self.domain(domain, "company.domain")) }
                company = .some(parts)
            }
        }
        if let value = body["location"] {
            // `null` clears every part, as it removes the company.
            let keys = ["city", "state", "country", "raw"]
            location = value == .null ? Parts(clearing: keys) : try Self.parts(value, "location", keys: keys)
        }
        if let value = body["socials"] { socials = try Self.objects(value, "socials", requiring: "url") }
        if let value = body["contacts"] {
            let objects = try Self.objects(value, "contacts", requiring: "value")
            if let problem = LeadInput.contactProblems(objects).first { throw PuffleError.invalidRequest(problem) }
            contacts = objects
        }
        if let value = body["attributes"] { attributes = try Self.object(value, "attributes") }
        if let value = body["raw"] { raw = try Self.object(value, "raw") }
    }

    private mutating func readName(_ value: JSONValue) throws {
        switch value {
        case .string:
            guard let full = try Self.text(value, "name.full") else { throw PuffleError.invalidRequest("name: must not be empty") }
            wholeName = full
        case .object(let object):
            let parts = try Self.parts(value, "name", keys: ["full", "short", "first", "last"])
            if let full = parts.values["full"], full == nil {
                throw PuffleError.invalidRequest("name.full: cannot be cleared; send a non-empty string")
            }
            nameParts = parts
            if let items = object["aliases"] { aliases = try Self.strings(items, "name.aliases") }
            let unknown = object.keys.filter { !["full", "short", "first", "last", "aliases"].contains($0) }.sorted()
            if let key = unknown.first { throw PuffleError.invalidRequest("name.\(key): not a name part (full, short, first, last, aliases)") }
        default:
            throw PuffleError.invalidRequest("name: must be an object or a string")
        }
    }

    /// The parts of an object that are sent; `null` or blank clears a part.
    private static func parts(_ value: JSONValue, _ field: String, keys: [String]) throws -> Parts {
        let object = try object(value, field)
        var parts = Parts()
        for key in keys {
            guard let item = object[key] else { continue }
            parts.values[key] = .some(try text(item, "\(field).\(key)"))
        }
        return parts
    }

    private static func text(_ value: JSONValue?, _ field: String) throws -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else { throw PuffleError.invalidRequest("\(field): must be a string or null") }
        let limit = field.hasPrefix("name.") ? TextLimits.name : TextLimits.text
        guard TextLimits.fits(text, limit) else { throw PuffleError.invalidRequest("\(field): at most \(limit) characters, got \(text.count)") }
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

    private static func strings(_ value: JSONValue, _ field: String) throws -> [String] {
        if value == .null { return [] }
        guard case .array(let items) = value, let strings = items.stringsIfAll else {
            throw PuffleError.invalidRequest("\(field): must be an array of strings")
        }
        return strings
    }

    private static func object(_ value: JSONValue, _ field: String) throws -> JSONObject {
        if value == .null { return [:] }
        guard let object = value.objectValue else { throw PuffleError.invalidRequest("\(field): must be an object") }
        if let long = object.keys.first(where: { !TextLimits.fits($0, TextLimits.attributeKey) }) {
            throw PuffleError.invalidRequest("\(field): keys are at most \(TextLimits.attributeKey) characters, got one of \(long.count)")
        }
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

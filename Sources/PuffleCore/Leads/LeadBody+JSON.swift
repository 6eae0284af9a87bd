extension LeadBody {
    /// The body as the API writes it, keys in the documented order:
    /// `{"name":…,"sources":…,"location":…,"socials":…,"contacts":…,"attributes":…,"raw":…,"title":…,"company":…,"domain":…,"industry":…,"size":…}`.
    /// Stored as is, so a page of Leads is written without decoding a single body.
    public var jsonText: String {
        var writer = JSONWriter(capacity: 512)
        writer.writeASCII("{\"name\":{\"full\":")
        writer.write(string: name.full)
        writer.writeASCII(",\"short\":")
        writer.write(string: name.short)
        writer.writeASCII(",\"aliases\":")
        writer.write(.array(name.aliases.map(JSONValue.string)))
        writer.writeASCII(",\"first\":")
        writer.write(string: name.first)
        writer.writeASCII(",\"last\":")
        writer.write(string: name.last)
        writer.writeASCII("},\"sources\":")
        writer.write(objects: sources)
        writer.writeASCII(",\"location\":{\"city\":")
        writer.write(optional: location.city)
        writer.writeASCII(",\"state\":")
        writer.write(optional: location.state)
        writer.writeASCII(",\"country\":")
        writer.write(optional: location.country)
        writer.writeASCII(",\"raw\":")
        writer.write(optional: location.raw)
        writer.writeASCII("},\"socials\":")
        writer.write(objects: socials)
        writer.writeASCII(",\"contacts\":")
        writer.write(objects: contacts)
        writer.writeASCII(",\"attributes\":")
        writer.write(object: attributes)
        writer.writeASCII(",\"raw\":")
        writer.write(object: raw)
        writer.writeASCII(",\"title\":")
        writer.write(optional: title)
        writer.writeASCII(",\"company\":{\"name\":")
        writer.write(optional: company?.name)
        writer.writeASCII(",\"id\":")
        writer.write(optional: company?.id)
        writer.writeASCII(",\"domain\":")
        writer.write(optional: company?.domain)
        writer.writeASCII("},\"domain\":")
        writer.write(optional: domain)
        writer.writeASCII(",\"industry\":")
        writer.write(optional: industry)
        writer.writeASCII(",\"size\":")
        writer.write(optional: size)
        writer.writeASCII("}")
        return writer.text
    }

    /// Reads a body written by ``jsonText``.
    public init(storedJSON: String) throws {
        guard let object = try JSONParser.parse(storedJSON).objectValue else {
            throw JSONParser.SyntaxError(offset: 0, reason: "a stored Lead body must be an object")
        }
        func text(_ value: JSONValue?) -> String? { value?.stringValue }
        func objects(_ value: JSONValue?) -> [JSONObject] {
            guard case .array(let items) = value ?? .null else { return [] }
            return items.compactMap(\.objectValue)
        }
        let name = object["name"]?.objectValue ?? [:]
        let location = object["location"]?.objectValue ?? [:]
        let company = object["company"]?.objectValue ?? [:]
        let aliases: [String] = if case .array(let items) = name["aliases"] ?? .null { items.compactMap(\.stringValue) } else { [] }
        self.init(
            name: LeadName(full: text(name["full"]) ?? "", short: text(name["short"]) ?? "", aliases: aliases, first: text(name["first"]) ?? "", last: text(name["last"]) ?? ""),
            sources: objects(object["sources"]),
            location: LeadLocation(city: text(location["city"]), state: text(location["state"]), country: text(location["country"]), raw: text(location["raw"])),
            socials: objects(object["socials"]),
            contacts: objects(object["contacts"]),
            attributes: object["attributes"]?.objectValue ?? [:],
            raw: object["raw"]?.objectValue ?? [:],
            title: text(object["title"]),
            company: company.isEmpty || company.values.allSatisfy({ $0 == .null })
                ? nil : LeadCompany(name: text(company["name"]), id: text(company["id"]), domain: text(company["domain"])),
            domain: text(object["domain"]),
            industry: text(object["industry"]),
            size: text(object["size"])
        )
    }
}

/// A Lead as stored: its body kept as the JSON text the API returns.
public struct LeadRecord: Equatable, Sendable {
    public var id: String
    public var type: LeadType
    public var lists: [ListRef]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// ``LeadBody/jsonText`` of the body.
    public var bodyJSON: String
    /// The attributes of the Lead's membership of the List a page was read from, as JSON text
    /// (what membership-scoped Enrichments write); nil outside a List's page.
    public var membershipAttributesJSON: String?

    public init(id: String, type: LeadType, lists: [ListRef], createdAt: Timestamp, updatedAt: Timestamp, bodyJSON: String) {
        self.id = id
        self.type = type
        self.lists = lists
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.bodyJSON = bodyJSON
    }

    /// The Lead object of the API: id, type, lists and timestamps, then the body's keys.
    public func write(into writer: inout JSONWriter) {
        writer.writeASCII("{\"id\":")
        writer.write(string: id)
        writer.writeASCII(",\"type\":")
        writer.write(string: type.rawValue)
        writer.writeASCII(",\"lists\":[")
        for (offset, list) in lists.enumerated() {
            writer.writeASCII(offset == 0 ? "{\"id\":" : ",{\"id\":")
            writer.write(string: list.id)
            writer.writeASCII(",\"name\":")
            writer.write(string: list.name)
            writer.writeASCII("}")
        }
        writer.writeASCII("],\"createdAt\":\"")
        writer.writeISO8601(createdAt)
        writer.writeASCII("\",\"updatedAt\":\"")
        writer.writeISO8601(updatedAt)
        writer.writeASCII("\",")
        if let membershipAttributesJSON {
            writer.writeASCII("\"membership\":{\"attributes\":")
            writer.writeRaw(membershipAttributesJSON)
            writer.writeASCII("},")
        }
        writer.writeRaw(bodyJSON, droppingFirst: 1)
    }

    /// The Lead with its body decoded.
    public func decoded() throws -> Lead {
        Lead(id: id, type: type, lists: lists, createdAt: createdAt, updatedAt: updatedAt, body: try LeadBody(storedJSON: bodyJSON))
    }
}

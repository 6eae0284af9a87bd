/// A partial update of a Lead (`PATCH /api/leads`): only what is sent changes, at every depth.
///
/// `name`, `company` and `location` change part by part: `{"name":{"first":"Pat"}}` changes the
/// first name and keeps the rest. A part sent as `null` (or `""`) is cleared; `name.full` cannot be
/// cleared. `attributes` and `raw` follow JSON Merge Patch (RFC 7396): objects merge key by key at
/// every depth and a key sent as `null` is removed. `socials` and `contacts` are replaced whole.
/// `type` cannot change.
public struct LeadPatch: Sendable {
    /// A change of some parts; nil leaves a part as it is, `.some(nil)` clears it.
    public struct Parts: Sendable {
        public var values: [String: String?] = [:]

        public init() {}

        /// A change that clears each of these parts.
        init(clearing keys: [String]) {
            for key in keys { values[key] = .some(nil) }
        }

        func applied(to current: String?, _ key: String) -> String? {
            guard let change = values[key] else { return current }
            return change
        }
    }

    /// The whole name replaced (the string form, `"name": "Jane Doe"`).
    public var wholeName: String?
    public var nameParts: Parts?
    public var aliases: [String]?
    public var title: String??
    /// `.some(nil)` removes the company; parts change it part by part.
    public var company: Parts??
    public var location: Parts?
    public var socials: [JSONObject]?
    public var contacts: [JSONObject]?
    public var domain: String??
    public var industry: String??
    public var size: String??
    public var attributes: JSONObject?
    public var raw: JSONObject?

    public init() {}

    /// The body after this patch.
    public func applied(to body: LeadBody, type: LeadType) -> LeadBody {
        var result = body
        result.name = appliedName(to: body.name, type: type)
        if let title { result.title = title }
        if let company {
            result.company = company.map { parts in
                let current = body.company ?? LeadCompany()
                return LeadCompany(
                    name: parts.applied(to: current.name, "name"), id: parts.applied(to: current.id, "id"),
                    domain: parts.applied(to: current.domain, "domain"))
            }
            if result.company == LeadCompany() { result.company = nil }
        }
        if let location {
            let current = body.location
            result.location = LeadLocation(
                city: location.applied(to: current.city, "city"), state: location.applied(to: current.state, "state"),
                country: location.applied(to: current.country, "country"), raw: location.applied(to: current.raw, "raw"))
        }
        if let socials { result.socials = socials }
        if let contacts { result.contacts = contacts }
        if let domain { result.domain = domain }
        if let industry { result.industry = industry }
        if let size { result.size = size }
        if let attributes { result.attributes = Self.mergePatch(body.attributes, attributes) }
        if let raw { result.raw = Self.mergePatch(body.raw, raw) }
        return result
    }

    private func appliedName(to current: LeadName, type: LeadType) -> LeadName {
        if let wholeName { return LeadName(full: wholeName, aliases: aliases ?? current.aliases).completed(for: type) }
        var name = current
        if let parts = nameParts {
            name.full = parts.applied(to: name.full, "full") ?? name.full
            name.short = parts.applied(to: name.short, "short") ?? ""
            name.first = parts.applied(to: name.first, "first") ?? ""
            name.last = parts.applied(to: name.last, "last") ?? ""
        }
        if let aliases { name.aliases = aliases }
        return name.completed(for: type)
    }

    /// JSON Merge Patch of one object by another (RFC 7396).
    static func mergePatch(_ base: JSONObject, _ changes: JSONObject) -> JSONObject {
        var result = base
        for (key, value) in changes {
            switch value {
            case .null: result[key] = nil
            case .object(let inner): result[key] = .object(mergePatch(base[key]?.objectValue ?? [:], inner))
            default: result[key] = value
            }
        }
        return result
    }
}

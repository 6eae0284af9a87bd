/// A partial update of a Lead (`PATCH /api/leads`): only the fields present change.
///
/// A field sent as `null` is cleared. `attributes` and `raw` merge key by key, and a key sent as
/// `null` is removed. `type` cannot change.
public struct LeadPatch: Sendable {
    public var name: LeadName?
    public var title: String??
    public var company: LeadCompany??
    public var location: LeadLocation?
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
        if let name { result.name = name.completed(for: type) }
        if let title { result.title = title }
        if let company { result.company = company }
        if let location { result.location = location }
        if let socials { result.socials = socials }
        if let contacts { result.contacts = contacts }
        if let domain { result.domain = domain }
        if let industry { result.industry = industry }
        if let size { result.size = size }
        if let attributes { result.attributes = Self.merged(body.attributes, attributes) }
        if let raw { result.raw = Self.merged(body.raw, raw) }
        return result
    }

    private static func merged(_ base: JSONObject, _ changes: JSONObject) -> JSONObject {
        var result = base
        for (key, value) in changes {
            result[key] = value == .null ? nil : value
        }
        return result
    }
}

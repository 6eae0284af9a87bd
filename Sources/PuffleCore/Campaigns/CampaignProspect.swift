import Foundation

/// Where a prospect stands in its campaign.
public enum ProspectStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for launch, or for its first step.
    case pending
    case sent
    case connectionSent = "connection_sent"
    case connected
    case messageSent = "message_sent"
    case replied
    case bounced
    case completed
    case timedOut = "timed_out"
    case cancelled

    /// Statuses no step follows.
    public var isTerminal: Bool {
        switch self {
        case .replied, .bounced, .completed, .timedOut, .cancelled: true
        case .pending, .sent, .connectionSent, .connected, .messageSent: false
        }
    }

    public static let terminal = allCases.filter(\.isTerminal)
}

/// A person on a campaign's roster: a copy of who they are when added, and where they are in the sequence.
public struct CampaignProspect: Sendable, Equatable {
    public var id: String
    public var campaignId: String
    public var workspaceId: String
    public var status: ProspectStatus
    public var fields: ProspectFields
    /// `api`, `csv` or `list`.
    public var source: String
    /// Where it came from: the List id, the CSV upload id.
    public var sourceRef: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var bouncedAt: Timestamp?
    public var repliedAt: Timestamp?
    /// The node it last reached (sent, or waits after); nil before its first step and once finished.
    public var currentNodeId: String?
    /// Position of the next node to run; nil when nothing is scheduled.
    public var nextPosition: Int?
    /// When that next node is due.
    public var dueAt: Timestamp?
    /// The sender that writes to it: its first step picks one, follow-ups keep it.
    public var senderId: String?
    /// A message to it may or may not have gone (the connection died after the final dot); it is never resent.
    public var deliveryUnknown: Bool

    public init(
        id: String, campaignId: String, workspaceId: String, status: ProspectStatus, fields: ProspectFields, source: String, sourceRef: String?,
        createdAt: Timestamp, updatedAt: Timestamp, bouncedAt: Timestamp? = nil, repliedAt: Timestamp? = nil, currentNodeId: String? = nil,
        nextPosition: Int? = nil, dueAt: Timestamp? = nil, senderId: String? = nil, deliveryUnknown: Bool = false
    ) {
        self.id = id
        self.campaignId = campaignId
        self.workspaceId = workspaceId
        self.status = status
        self.fields = fields
        self.source = source
        self.sourceRef = sourceRef
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.bouncedAt = bouncedAt
        self.repliedAt = repliedAt
        self.currentNodeId = currentNodeId
        self.nextPosition = nextPosition
        self.dueAt = dueAt
        self.senderId = senderId
        self.deliveryUnknown = deliveryUnknown
    }
}

/// Who a prospect is: what templates read.
public struct ProspectFields: Sendable, Equatable {
    public var email: String?
    public var linkedinURL: String?
    public var firstName: String?
    public var lastName: String?
    public var name: String?
    public var company: String?
    public var position: String?
    public var headline: String?
    public var customFields: [String: String]

    public init(
        email: String? = nil, linkedinURL: String? = nil, firstName: String? = nil, lastName: String? = nil, name: String? = nil, company: String? = nil,
        position: String? = nil, headline: String? = nil, customFields: [String: String] = [:]
    ) {
        self.email = email
        self.linkedinURL = linkedinURL
        self.firstName = firstName
        self.lastName = lastName
        self.name = name
        self.company = company
        self.position = position
        self.headline = headline
        self.customFields = customFields
    }

    /// The keys a request may set, in the contract's order.
    public static let keys = ["email", "linkedin_url", "first_name", "last_name", "name", "company", "position", "headline"]

    /// Sets a field by its JSON key; unknown keys are ignored. - Throws: for a value that is not a string.
    public mutating func set(_ key: String, _ value: JSONValue, path: String) throws {
        guard value == .null || value.stringValue != nil else { throw PuffleError.invalidRequest("\(path).\(key): must be a string") }
        let text = value.stringValue.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        switch key {
        case "email": email = text
        case "linkedin_url": linkedinURL = text
        case "first_name": firstName = text
        case "last_name": lastName = text
        case "name": name = text
        case "company": company = text
        case "position": position = text
        case "headline": headline = text
        default: break
        }
    }

    /// Reads a roster entry: the known keys, and `custom_fields` as strings (numbers and booleans written out).
    public init(json: JSONObject, path: String) throws {
        self.init()
        for key in Self.keys { if let value = json[key] { try set(key, value, path: path) } }
        if let custom = json["custom_fields"], custom != .null {
            guard let object = custom.objectValue else { throw PuffleError.invalidRequest("\(path).custom_fields: must be an object") }
            for (key, value) in object {
                let text: String? = switch value {
                case .string(let string): string
                case .integer(let int): String(int)
                case .number(let double): String(double)
                case .bool(let bool): String(bool)
                default: nil
                }
                if let text { customFields[Self.customKey(key)] = text }
            }
        }
    }

    /// Email lowercased; a LinkedIn URL without its query and trailing slash; a missing full name
    /// made of first and last.
    public var normalized: ProspectFields {
        var copy = self
        copy.email = email?.lowercased()
        if let url = linkedinURL {
            var trimmed = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
            trimmed = trimmed.split(separator: "#", maxSplits: 1).first.map(String.init) ?? trimmed
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            copy.linkedinURL = trimmed
        }
        if copy.name == nil {
            let full = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
            copy.name = full.isEmpty ? nil : full
        }
        return copy
    }

    /// A custom field's key as templates use it: lowercased, spaces as `_`, other punctuation dropped.
    public static func customKey(_ raw: String) -> String {
        String(raw.lowercased().replacingOccurrences(of: " ", with: "_").filter { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    /// The address a campaign of `type` reaches the prospect at, if it is usable.
    public func identity(for type: CampaignType) -> String? {
        switch type {
        case .email:
            return email.flatMap(EmailAddressRule.normalized)
        case .linkedin:
            guard let linkedinURL, linkedinURL.lowercased().contains("linkedin.com/") else { return nil }
            return linkedinURL
        }
    }

    /// The values templates read, by variable name.
    public func templateValues(senderFirstName: String?) -> [String: String] {
        var values: [String: String] = [:]
        let pairs: [(String, String?)] = [
            ("first_name", firstName), ("last_name", lastName), ("name", name), ("email", email), ("company", company), ("position", position),
            ("headline", headline), ("linkedin_url", linkedinURL), ("sender_first", senderFirstName),
        ]
        for (key, value) in pairs { if let value { values[key] = value } }
        for (key, value) in customFields { values["custom_fields." + key] = value }
        return values
    }
}

import Foundation

/// A step of a campaign's sequence.
public enum NodeType: String, Sendable, Codable, CaseIterable {
    case connectionRequest = "connection_request"
    case message
    case email
    case delay
    case ai
    case end

    /// Whether a node of this type sends something.
    public var isSendable: Bool { self == .connectionRequest || self == .message || self == .email || self == .ai }

    /// Whether a campaign of `type` may hold it: LinkedIn steps in LinkedIn campaigns, `email` in email ones.
    public func belongs(to type: CampaignType) -> Bool {
        switch self {
        case .delay, .ai, .end: true
        case .email: type == .email
        case .connectionRequest, .message: type == .linkedin
        }
    }
}

/// One node of a sequence: its type, place and content.
///
/// Content fields are kept as the user wrote them; only those that apply to the type are shown
/// (`subject` for email, `delay_*` for delay, `include_message` for connection requests...).
public struct SequenceNode: Sendable, Equatable {
    public var id: String
    public var campaignId: String
    public var position: Int
    public var type: NodeType
    public var subject: String?
    public var body: String?
    public var bodyHTML: String?
    public var signature: String?
    public var fromName: String?
    public var replyTo: String?
    public var cc: String?
    public var bcc: String?
    public var attachments: [JSONValue]
    public var includeMessage: Bool
    public var isReply: Bool
    public var delayDays: Int
    public var delayHours: Int
    public var delayMinutes: Int
    public var aiNode: JSONValue?

    public init(id: String, campaignId: String, position: Int, type: NodeType) {
        self.id = id
        self.campaignId = campaignId
        self.position = position
        self.type = type
        subject = type == .email ? "" : nil
        body = type == .email || type == .message || type == .connectionRequest ? "" : nil
        attachments = []
        includeMessage = false
        isReply = false
        delayDays = 0
        delayHours = 0
        delayMinutes = 0
    }

    /// The wait of a delay node, or nil when outside 1 minute to 30 days.
    public var delay: Duration? {
        SequenceDelay.duration(days: delayDays, hours: delayHours, minutes: delayMinutes)
    }

    /// Whether a sendable node has what it needs to send: subject and body for email (a reply may
    /// leave the subject empty: it takes "Re:" and the thread's), a body for a LinkedIn message. Connection requests may go without a note; `ai` nodes are written later.
    public var hasContent: Bool {
        func filled(_ text: String?) -> Bool { !(text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        switch type {
        case .email: return (isReply || filled(subject)) && filled(body)
        case .message: return filled(body)
        case .connectionRequest: return !includeMessage || filled(body)
        case .ai, .delay, .end: return true
        }
    }

    /// The keys a request may set on a node, and how each is read. Unknown keys are ignored, as the
    /// contract says for fields that do not apply.
    /// - Throws: `PuffleError.invalidRequest` naming the field of a wrong type.
    public mutating func apply(_ fields: JSONObject, path: String) throws {
        func text(_ key: String) throws -> String?? {
            guard let value = fields[key] else { return .none }
            if value == .null { return .some(nil) }
            guard let string = value.stringValue else { throw PuffleError.invalidRequest("\(path).\(key): must be a string") }
            return .some(string)
        }
        func number(_ key: String) throws -> Int? {
            guard let value = fields[key], value != .null else { return nil }
            guard let int = value.intValue, int >= 0 else { throw PuffleError.invalidRequest("\(path).\(key): must be a whole number, 0 or more") }
            return int
        }
        func flag(_ key: String) throws -> Bool? {
            guard let value = fields[key], value != .null else { return nil }
            guard let bool = value.boolValue else { throw PuffleError.invalidRequest("\(path).\(key): must be true or false") }
            return bool
        }
        if let value = try text("subject") { subject = value }
        if let value = try text("body") { body = value }
        if let value = try text("body_html") { bodyHTML = value }
        if let value = try text("signature") { signature = value }
        if let value = try text("from_name") { fromName = value }
        if let value = try text("reply_to") { replyTo = value }
        if let value = try text("cc") { cc = value }
        if let value = try text("bcc") { bcc = value }
        if let value = try flag("include_message") { includeMessage = value }
        if let value = try flag("is_reply") { isReply = value }
        if let value = try number("delay_days") { delayDays = value }
        if let value = try number("delay_hours") { delayHours = value }
        if let value = try number("delay_minutes") { delayMinutes = value }
        if let value = fields["attachments"] {
            guard value == .null || value.arrayValue != nil else { throw PuffleError.invalidRequest("\(path).attachments: must be an array") }
            attachments = value.arrayValue ?? []
        }
        if type == .ai, let value = fields["ai_node"] {
            guard value == .null || value.objectValue != nil else { throw PuffleError.invalidRequest("\(path).ai_node: must be an object") }
            aiNode = value == .null ? nil : value
        }
    }

    /// The content as stored: every field, whatever the type, so nothing a user wrote is lost.
    public var content: JSONObject {
        var object: JSONObject = [
            "attachments": .array(attachments), "include_message": .bool(includeMessage), "is_reply": .bool(isReply),
            "delay_days": .integer(Int64(delayDays)), "delay_hours": .integer(Int64(delayHours)), "delay_minutes": .integer(Int64(delayMinutes)),
        ]
        let texts: [(String, String?)] = [
            ("subject", subject), ("body", body), ("body_html", bodyHTML), ("signature", signature), ("from_name", fromName), ("reply_to", replyTo),
            ("cc", cc), ("bcc", bcc),
        ]
        for (key, value) in texts { object[key] = value.map(JSONValue.string) ?? .null }
        object["ai_node"] = aiNode ?? .null
        return object
    }

    /// A node read back from its stored content.
    public init(id: String, campaignId: String, position: Int, type: NodeType, content: JSONObject) {
        self.init(id: id, campaignId: campaignId, position: position, type: type)
        try? apply(content, path: "node")
        aiNode = content["ai_node"].flatMap { $0 == .null ? nil : $0 }
    }

    /// The node as the API shows it: the fields that apply to its type.
    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "campaign_id": .string(campaignId), "position": .integer(Int64(position)), "type": .string(type.rawValue),
        ]
        func put(_ key: String, _ value: String?) { object[key] = value.map(JSONValue.string) ?? .null }
        switch type {
        case .email:
            put("subject", subject)
            put("body", body)
            put("body_html", bodyHTML)
            put("signature", signature)
            put("from_name", fromName)
            put("reply_to", replyTo)
            put("cc", cc)
            put("bcc", bcc)
            object["attachments"] = .array(attachments)
            object["is_reply"] = .bool(isReply)
        case .connectionRequest:
            put("body", body)
            object["include_message"] = .bool(includeMessage)
        case .message:
            put("body", body)
            object["attachments"] = .array(attachments)
        case .delay:
            object["delay_days"] = .integer(Int64(delayDays))
            object["delay_hours"] = .integer(Int64(delayHours))
            object["delay_minutes"] = .integer(Int64(delayMinutes))
        case .ai:
            object["ai_node"] = aiNode ?? .null
        case .end:
            break
        }
        return .object(object)
    }
}

/// Reading and checking whole sequences.
public enum CampaignSequence {
    /// The nodes a new campaign starts with: one step and the end.
    public static func seed(campaignId: String, type: CampaignType, makeId: () -> String) -> [SequenceNode] {
        [
            SequenceNode(id: makeId(), campaignId: campaignId, position: 0, type: type == .email ? .email : .connectionRequest),
            SequenceNode(id: makeId(), campaignId: campaignId, position: 1, type: .end),
        ]
    }

    /// A full replacement from `sequence_nodes`: positions follow the array order; an id of a node
    /// the campaign has keeps it, any other id is replaced by a new one.
    /// - Throws: `PuffleError.invalidRequest` for a type of the other channel or a delay out of range,
    ///   before anything is written.
    public static func replacement(
        _ items: [JSONValue], campaign: Campaign, existingIds: Set<String>, makeId: () -> String
    ) throws -> [SequenceNode] {
        var seen: Set<String> = []
        return try items.enumerated().map { index, item in
            let path = "sequence_nodes[\(index)]"
            guard let fields = item.objectValue else { throw PuffleError.invalidRequest("\(path): must be an object") }
            guard let raw = fields["type"]?.stringValue, let type = NodeType(rawValue: raw) else {
                throw PuffleError.invalidRequest("\(path).type: must be one of \(NodeType.caseList)")
            }
            guard type.belongs(to: campaign.type) else {
                throw PuffleError.invalidRequest("\(path).type: \(raw) nodes do not belong in a \(campaign.type.rawValue) campaign")
            }
            var id = fields["id"]?.stringValue ?? ""
            if !existingIds.contains(id) || !seen.insert(id).inserted { id = makeId() }
            var node = SequenceNode(id: id, campaignId: campaign.id, position: index, type: type)
            try node.apply(fields, path: path)
            try checkDelay(node, path: path)
            return node
        }
    }

    /// - Throws: `PuffleError.invalidRequest` when a delay node waits less than a minute or more than 30 days.
    public static func checkDelay(_ node: SequenceNode, path: String) throws {
        guard node.type == .delay, node.delay == nil else { return }
        throw PuffleError.invalidRequest(
            "\(path): a delay must total between 1 minute and 30 days (delay_days \(node.delayDays), delay_hours \(node.delayHours), delay_minutes \(node.delayMinutes))")
    }

    /// The nodes renumbered 0, 1, 2... in their order.
    public static func packed(_ nodes: [SequenceNode]) -> [SequenceNode] {
        nodes.enumerated().map { index, node in
            var node = node
            node.position = index
            return node
        }
    }
}

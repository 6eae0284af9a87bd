import Foundation

/// A language model answering with one JSON object: the port campaign writing uses. PuffleProviders
/// implements it over an OpenAI-compatible chat endpoint (`PUFFLE_LLM_BASE_URL`).
public protocol LanguageModel: Sendable {
    /// The model's answer to a system and a user message, parsed as a JSON object.
    /// - Throws: when the endpoint fails or the answer is not a JSON object.
    func object(system: String, user: String) async throws -> JSONObject
}

/// What `ai` nodes and `generate-content` ask a model, and how its answers are read: the rules
/// stay here, the model only writes.
public enum AIMessages {
    /// The credit action one generated message is charged as.
    public static let creditAction = "AI_MESSAGE_GENERATION"
    /// The job that writes an `ai` node's messages in the background.
    public static let jobKind = "campaign_ai_messages"

    /// What that job is given.
    public struct JobPayload: Sendable, Equatable {
        public var campaignId: String
        public var workspaceId: String
        public var nodeId: String
        /// Only these prospects (a regeneration: their drafts are written again); every pending one otherwise.
        public var prospectIds: [String]?

        public init(campaignId: String, workspaceId: String, nodeId: String, prospectIds: [String]?) {
            self.campaignId = campaignId
            self.workspaceId = workspaceId
            self.nodeId = nodeId
            self.prospectIds = prospectIds
        }

        public var json: String {
            var object: JSONObject = ["campaignId": .string(campaignId), "workspaceId": .string(workspaceId), "nodeId": .string(nodeId)]
            if let prospectIds { object["prospectIds"] = .array(prospectIds.map(JSONValue.string)) }
            return JSONWriter.string(.object(object))
        }

        /// - Throws: `PuffleError.invalidRequest` for a payload of another shape.
        public init(json: String) throws {
            guard let object = (try? JSONParser.parse(json))?.objectValue, let campaignId = object["campaignId"]?.stringValue,
                let workspaceId = object["workspaceId"]?.stringValue, let nodeId = object["nodeId"]?.stringValue
            else { throw PuffleError.invalidRequest("not a campaign_ai_messages payload: \(json)") }
            self.init(campaignId: campaignId, workspaceId: workspaceId, nodeId: nodeId, prospectIds: object["prospectIds"]?.arrayValue?.compactMap(\.stringValue))
        }
    }

    static let writerInstructions = """
        You write one personalized outreach email for a B2B prospect. Answer with a JSON object {"subject": string, "body": string} and nothing else. \
        Plain text, under 120 words, no placeholders, no signature (one is added). Use only facts given; never invent numbers or claims.
        """

    /// The system and user messages for one prospect's message at an `ai` node.
    public static func prompt(node: SequenceNode, prospect: ProspectFields, senderName: String?, context: String?) -> (system: String, user: String) {
        var lines: [String] = []
        let ai = node.aiNode?.objectValue ?? [:]
        if let purpose = ai["purpose"]?.stringValue { lines.append("Purpose of this step: \(purpose)") }
        if let skeleton = node.body, !skeleton.isEmpty {
            lines.append("Follow this outline (spans between && are for you to write):\n\(skeleton)")
        }
        let facts: [(String, String?)] = [
            ("Name", prospect.name), ("Title", prospect.position), ("Company", prospect.company), ("Headline", prospect.headline), ("LinkedIn", prospect.linkedinURL),
        ]
        lines.append("Prospect:\n" + facts.compactMap { label, value in value.map { "- \(label): \($0)" } }.joined(separator: "\n"))
        for (key, value) in prospect.customFields.sorted(by: { $0.key < $1.key }) { lines.append("- \(key): \(value)") }
        if let senderName { lines.append("Written by: \(senderName)") }
        if let context, !context.isEmpty { lines.append("About our company:\n\(context)") }
        return (writerInstructions, lines.joined(separator: "\n\n"))
    }

    /// The subject and body of an answer. - Throws: `PuffleError.refused` (502) when the body is missing.
    public static func message(from answer: JSONObject) throws -> (subject: String?, body: String) {
        guard let body = answer["body"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !body.isEmpty else {
            throw PuffleError.refused(code: "ai_model_failed", kind: .upstreamFailed, message: "The language model's answer had no body")
        }
        let subject = answer["subject"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
        return (subject?.isEmpty == false ? subject : nil, body)
    }

    static let contentInstructions = """
        You help write one step of a B2B email sequence as a reusable skeleton. Answer with a JSON object {"assistant_message": string, \
        "skeleton": {"subject": string, "body": string, "blocks": [{"name": string, "strategy": string, "personalization": {"fields": [string], \
        "approach": string, "fallback": string}}], "exampleSubject": string, "exampleBody": string}} and nothing else. Mark spans to write per \
        prospect with &&...&&, and use %first_name%, %company%, %position% for known fields.
        """

    /// The messages for `generate-content`: the user's turn with sample prospects and the sequence so far.
    public static func contentPrompt(message: String, node: SequenceNode, samples: [JSONValue], sequence: JSONValue?) -> (system: String, user: String) {
        var user = "Request: \(message)\n\nCurrent step:\n\(JSONWriter.string(node.json))"
        if !samples.isEmpty { user += "\n\nSample prospects:\n\(JSONWriter.string(.array(Array(samples.prefix(5)))))" }
        if let sequence { user += "\n\nSequence so far:\n\(JSONWriter.string(sequence))" }
        return (contentInstructions, user)
    }
}

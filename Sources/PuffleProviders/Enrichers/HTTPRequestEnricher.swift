import Foundation
import NIOCore
import NIOHTTP1
import PuffleCore

/// `http_request`: calls a URL of the caller's with the Lead's fields filled into it, and keeps
/// the value at `responsePath` of the JSON answer.
public struct HTTPRequestEnricher: Enricher {
    public init() {}

    public let definition = EnrichmentDefinition(
        slug: "http_request", name: "HTTP request",
        description: """
            Calls input.url (GET, or POST with input.body) with {{name}}, {{first}}, {{last}}, {{email}}, {{domain}}, {{title}}, \
            {{company}} and {{linkedin}} filled from the Lead, and keeps the value at input.responsePath (dot path, e.g. data.0.score).
            """,
        subject: .person,
        inputSchema: ["type": "object", "required": ["url"], "properties": [
            "url": ["type": "string"], "method": ["enum": ["GET", "POST"]], "headers": ["type": "object"], "body": ["type": "string"],
            "responsePath": ["type": "string"],
        ]],
        outputSchema: [:], defaultAttributeKey: "http_request", creditAction: "HTTP_REQUEST", concurrency: 8)

    public func problems(in input: JSONObject) -> [String] {
        var problems: [String] = []
        if let url = input["url"]?.stringValue, url.hasPrefix("http://") || url.hasPrefix("https://") {} else {
            problems.append("input.url: must be an http(s) URL")
        }
        if let method = input["method"], method != "GET", method != "POST" { problems.append("input.method: must be GET or POST") }
        if let headers = input["headers"], headers.objectValue?.values.allSatisfy({ $0.stringValue != nil }) != true {
            problems.append("input.headers: must be an object of strings")
        }
        return problems
    }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let fields = Self.fields(of: subject.body)
        let url = Self.fill(input["url"]?.stringValue ?? "", with: fields, encode: true)
        let method: HTTPMethod = input["method"] == "POST" ? .POST : .GET
        var headers = (input["headers"]?.objectValue ?? [:]).compactMap { key, value in value.stringValue.map { (key, $0) } }
        let body = input["body"]?.stringValue.map { Self.fill($0, with: fields, encode: false) }
        if body != nil, !headers.contains(where: { $0.0.lowercased() == "content-type" }) { headers.append(("Content-Type", "application/json")) }
        let (status, text) = try await ProviderHTTP.fetch(url, method: method, headers: headers, body: body)
        guard (200..<300).contains(status) else { throw EnrichmentFailure.failed("\(url) answered \(status)") }
        let answer = (try? JSONParser.parse(text)) ?? .string(text)
        guard let path = input["responsePath"]?.stringValue, !path.isEmpty else { return .value(answer) }
        guard let value = Self.value(at: path, in: answer), value != .null else { return .nothing("nothing at \(path)") }
        return .value(value)
    }

    static func fields(of body: LeadBody) -> [String: String] {
        [
            "name": body.name.full, "first": body.name.first, "last": body.name.last, "title": body.title ?? "",
            "email": body.contacts.compactMap { $0["value"]?.stringValue }.first { $0.contains("@") } ?? "",
            "domain": body.domain ?? body.company?.domain ?? "", "company": body.company?.name ?? "",
            "linkedin": body.socials.compactMap { $0["url"]?.stringValue }.first { $0.contains("linkedin.com") } ?? "",
        ]
    }

    /// Replaces `{{field}}`; in a URL the values are percent-encoded.
    static func fill(_ template: String, with fields: [String: String], encode: Bool) -> String {
        var out = template
        for (name, value) in fields {
            let text = encode ? (value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))) ?? value) : value
            out = out.replacingOccurrences(of: "{{\(name)}}", with: text)
        }
        return out
    }

    /// The value at a dot path; numbers index arrays.
    static func value(at path: String, in json: JSONValue) -> JSONValue? {
        var current: JSONValue? = json
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current?.arrayValue {
                current = index < array.count ? array[index] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }
}

/// `ai`: asks an OpenAI-compatible chat model `input.prompt` about each Lead (its fields filled in
/// as for `http_request`) and keeps the answer. Offered when `PUFFLE_LLM_BASE_URL` is set.
public struct ChatEnricher: Enricher {
    let chat: ChatModel

    public init(baseURL: String, apiKey: String?, model: String) {
        chat = ChatModel(baseURL: baseURL, apiKey: apiKey, model: model, timeout: .seconds(60))
    }

    public let definition = EnrichmentDefinition(
        slug: "ai", name: "AI research", description: "Asks a language model input.prompt about each person ({{name}}, {{title}}, {{company}}... are filled in).",
        subject: .person,
        inputSchema: ["type": "object", "required": ["prompt"], "properties": ["prompt": ["type": "string"]]],
        outputSchema: ["type": "string"], defaultAttributeKey: "ai", creditAction: "CUSTOM_ENRICHMENT_AI", concurrency: 4)

    public func problems(in input: JSONObject) -> [String] {
        (input["prompt"]?.stringValue).map { $0.isEmpty ? ["input.prompt: must not be empty"] : [] } ?? ["input.prompt: is required"]
    }

    public func enrich(_ subject: EnrichmentSubject, input: JSONObject) async throws -> EnrichmentValue {
        let prompt = HTTPRequestEnricher.fill(input["prompt"]?.stringValue ?? "", with: HTTPRequestEnricher.fields(of: subject.body), encode: false)
        let reply: String?
        do {
            reply = try await chat.reply(system: nil, user: prompt, jsonObject: false)
        } catch let error as LeadSearchProviderError {
            throw error.enrichmentFailure
        }
        guard let content = reply else {
            throw EnrichmentFailure.failed("the model answered without a message")
        }
        return .value(.string(content.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}

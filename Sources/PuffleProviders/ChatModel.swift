import NIOCore
import PuffleCore

/// An OpenAI-compatible chat endpoint (`POST {base}/chat/completions`), shared by the prompt reader
/// of Lead Search and the `ai` Enrichment.
struct ChatModel: Sendable {
    let http: ProviderHTTP
    let model: String

    /// - Parameter baseURL: Up to and including the version, e.g. `https://api.openai.com/v1`.
    init(baseURL: String, apiKey: String?, model: String, timeout: TimeAmount) {
        http = ProviderHTTP(baseURL: baseURL, headers: apiKey.map { [("Authorization", "Bearer \($0)")] } ?? [], timeout: timeout)
        self.model = model
    }

    /// The first choice's message, at temperature 0; nil when the answer has none.
    /// - Parameters:
    ///   - system: Instructions sent before the user's message, if any.
    ///   - jsonObject: Ask for a JSON object (`response_format`).
    /// - Throws: ``LeadSearchProviderError`` as ``ProviderHTTP/post(_:json:)`` sorts it.
    func reply(system: String?, user: String, jsonObject: Bool) async throws -> String? {
        var messages: [JSONValue] = []
        if let system { messages.append(["role": "system", "content": .string(system)]) }
        messages.append(["role": "user", "content": .string(user)])
        var body: JSONObject = ["model": .string(model), "temperature": 0, "messages": .array(messages)]
        if jsonObject { body["response_format"] = ["type": "json_object"] }
        let answer = try await http.post("/chat/completions", json: .object(body))
        return answer["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue
    }
}

extension LeadSearchProviderError {
    /// The same failure for an Enrichment item: a refusal fails it, the rest are worth a retry.
    var enrichmentFailure: EnrichmentFailure {
        if case .rejected = self { return .failed(description) }
        return .retryable(description)
    }
}

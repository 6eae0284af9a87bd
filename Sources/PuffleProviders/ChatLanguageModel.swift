import NIOCore
import PuffleCore

/// ``LanguageModel`` over an OpenAI-compatible chat endpoint, asking for a JSON object.
public struct ChatLanguageModel: LanguageModel {
    let chat: ChatModel

    /// - Parameter baseURL: Up to and including the version, e.g. `https://api.openai.com/v1`.
    public init(baseURL: String, apiKey: String?, model: String) {
        chat = ChatModel(baseURL: baseURL, apiKey: apiKey, model: model, timeout: .seconds(60))
    }

    public func object(system: String, user: String) async throws -> JSONObject {
        let text: String?
        do {
            text = try await chat.reply(system: system, user: user, jsonObject: true)
        } catch {
            throw PuffleError.refused(code: "ai_model_failed", kind: .upstreamFailed, message: "The language model failed: \(error)")
        }
        guard let text, let object = (try? JSONParser.parse(text))?.objectValue else {
            throw PuffleError.refused(code: "ai_model_failed", kind: .upstreamFailed, message: "The language model did not answer with a JSON object")
        }
        return object
    }
}

import NIOCore
import PuffleCore

/// Reads prompts with an OpenAI-compatible chat endpoint (`POST {base}/chat/completions`),
/// asking for the legacy filter object as JSON. Used by the Lead Search job when
/// `PUFFLE_LLM_BASE_URL` is set; any failure falls back to the rule parser.
public struct ChatPromptInterpreter: PromptInterpreter {
    let chat: ChatModel

    /// - Parameter baseURL: Up to and including the version, e.g. `https://api.openai.com/v1`.
    public init(baseURL: String, apiKey: String?, model: String) {
        chat = ChatModel(baseURL: baseURL, apiKey: apiKey, model: model, timeout: .seconds(20))
    }

    static let instructions = """
        You turn a description of people to find into search filters. Answer with one JSON object and nothing else, with \
        any of these keys, each an array of strings: contact_job_title, seniority_level (founder, owner, c_suite, partner, vp, \
        head, director, senior, manager, entry), functional_level (sales, marketing, engineering, product_management, finance, \
        hr, operations, ...), company_industry (lowercase), contact_location (countries as full English names, or cities), size \
        (headcount bands 1-10, 11-20, 21-50, 51-100, 101-200, 201-500, 501-1000, 1001-2000, 2001-5000, 5001-10000, 10001+), \
        company_keywords, company_name. Leave out what the description doesn't say.
        """

    public func filters(for prompt: String) async throws -> LeadSearchFilters {
        guard let content = try await chat.reply(system: Self.instructions, user: prompt, jsonObject: true),
            let object = try? JSONParser.parse(content).objectValue
        else { throw LeadSearchProviderError.unavailable("the chat endpoint answered without a JSON object") }
        return LeadSearchFilters(json: object)
    }
}

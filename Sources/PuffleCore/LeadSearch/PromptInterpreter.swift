/// Reads a prompt into search filters. The offline ``PromptParser`` always can; a language model
/// (see `PUFFLE_LLM_BASE_URL`) may read it better, and the rule parser stands in when it fails.
public protocol PromptInterpreter: Sendable {
    func filters(for prompt: String) async throws -> LeadSearchFilters
}

extension PromptParser: PromptInterpreter {
    public func filters(for prompt: String) async throws -> LeadSearchFilters {
        parse(prompt)
    }
}

import Foundation

/// Where a Lead Search task is, as seed 002's async pattern names it.
public enum LeadSearchStatus: String, Sendable, CaseIterable {
    case pending
    case running
    case done
    case failed
}

/// One Lead Search run: a prompt, the filters read from it, and the List it fills.
public struct LeadSearchTask: Sendable, Equatable {
    public var id: String
    public var workspaceId: String
    public var listId: String
    public var prompt: String
    public var title: String
    public var filters: JSONObject
    /// People to find in this run, after clamping to ``LeadSearchTask/maxFetchCount``.
    public var fetchCount: Int
    public var status: LeadSearchStatus
    public var resultCount: Int
    /// Credits this run has taken so far, page by page as it saves people (see ``LeadSearchCharge``).
    public var reservedCredits: Int = 0
    /// Why the run stopped short of `fetchCount`, when it did (the balance ran out).
    public var note: String?
    /// A stable machine code when failed, such as `provider_unavailable`.
    public var errorCode: String?
    public var errorMessage: String?
    public var correlationId: String?
    /// Where the provider's results start (a continued search picks up after the previous run).
    public var startCursor: String?
    /// Where the next run of the same prompt into the same List starts.
    public var nextCursor: String?
    public var createdAt: Timestamp
    public var completedAt: Timestamp?

    /// The most people one run saves; larger requests are clamped, as the contract says.
    public static let maxFetchCount = 2500

    public init(
        id: String, workspaceId: String, listId: String, prompt: String, title: String, filters: JSONObject, fetchCount: Int,
        status: LeadSearchStatus, resultCount: Int = 0, errorCode: String? = nil, errorMessage: String? = nil, correlationId: String?,
        startCursor: String? = nil, nextCursor: String? = nil, createdAt: Timestamp, completedAt: Timestamp? = nil
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.listId = listId
        self.prompt = prompt
        self.title = title
        self.filters = filters
        self.fetchCount = fetchCount
        self.status = status
        self.resultCount = resultCount
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.correlationId = correlationId
        self.startCursor = startCursor
        self.nextCursor = nextCursor
        self.createdAt = createdAt
        self.completedAt = completedAt
    }

    /// A short title from the prompt: its first line, at most 80 characters.
    public static func title(for prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? prompt
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 80 ? String(trimmed.prefix(79)) + "…" : trimmed
    }
}

/// What `POST /api/leads/search` asks for.
public struct NewLeadSearch: Sendable {
    public var workspaceId: String
    public var prompt: String
    public var filters: JSONObject
    public var fetchCount: Int
    /// Fill this List; created with this id when the workspace has no List with it.
    public var listId: String?
    /// The name of a new List; defaults to the task's title.
    public var listName: String?
    public var correlationId: String?
    /// Credits one saved person costs; the task reserves enough for as many as the balance allows.
    public var pricePerPerson: Int = 0

    public init(workspaceId: String, prompt: String, filters: JSONObject, fetchCount: Int, listId: String?, listName: String?, correlationId: String?) {
        self.workspaceId = workspaceId
        self.prompt = prompt
        self.filters = filters
        self.fetchCount = fetchCount
        self.listId = listId
        self.listName = listName
        self.correlationId = correlationId
    }
}

/// One raw provider row saved by a run, with the Lead it became.
public struct LeadSearchResult: Sendable, Equatable {
    public var id: String
    public var taskId: String
    public var leadId: String?
    public var provider: String
    /// The provider's row exactly as it came, as JSON text.
    public var rawJSON: String
    public var createdAt: Timestamp

    public init(id: String, taskId: String, leadId: String?, provider: String, rawJSON: String, createdAt: Timestamp) {
        self.id = id
        self.taskId = taskId
        self.leadId = leadId
        self.provider = provider
        self.rawJSON = rawJSON
        self.createdAt = createdAt
    }
}

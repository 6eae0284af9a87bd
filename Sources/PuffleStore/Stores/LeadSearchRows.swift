import PuffleCore
import SQLKit

/// How Lead Search tasks and results are laid out, written in one place.
enum LeadSearchRows {
    static let taskColumns = """
        id, workspace_id, list_id, prompt, title, filters, fetch_count, status, result_count, error_code, error_message, correlation_id, \
        start_cursor, next_cursor, created_at, completed_at, reserved_credits, note
        """

    static let resultColumns = "id, task_id, lead_id, provider, raw, created_at"

    static func task(from row: any SQLRow) throws -> LeadSearchTask {
        let filters = (try? JSONParser.parse(try row.decode(column: "filters", as: String.self)).objectValue) ?? [:]
        var task = LeadSearchTask(
            id: try row.decode(column: "id", as: String.self),
            workspaceId: try row.decode(column: "workspace_id", as: String.self),
            listId: try row.decode(column: "list_id", as: String.self),
            prompt: try row.decode(column: "prompt", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            filters: filters,
            fetchCount: try row.decode(column: "fetch_count", as: Int.self),
            status: LeadSearchStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            resultCount: try row.decode(column: "result_count", as: Int.self),
            errorCode: try row.decode(column: "error_code", as: String?.self),
            errorMessage: try row.decode(column: "error_message", as: String?.self),
            correlationId: try row.decode(column: "correlation_id", as: String?.self),
            startCursor: try row.decode(column: "start_cursor", as: String?.self),
            nextCursor: try row.decode(column: "next_cursor", as: String?.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            completedAt: try row.decode(column: "completed_at", as: Int64?.self).map(Timestamp.init(milliseconds:))
        )
        task.reservedCredits = try row.decode(column: "reserved_credits", as: Int.self)
        task.note = try row.decode(column: "note", as: String?.self)
        return task
    }

    static func result(from row: any SQLRow) throws -> LeadSearchResult {
        LeadSearchResult(
            id: try row.decode(column: "id", as: String.self),
            taskId: try row.decode(column: "task_id", as: String.self),
            leadId: try row.decode(column: "lead_id", as: String?.self),
            provider: try row.decode(column: "provider", as: String.self),
            rawJSON: try row.decode(column: "raw", as: String.self),
            createdAt: Timestamp(milliseconds: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}

import Foundation
import Hummingbird
import PuffleAPI
import PuffleCore

/// `/api/leads/search`: start Lead Search tasks, poll them, page their raw results.
struct LeadSearchController: Sendable {
    let searches: any LeadSearchStore
    /// Credits one saved person costs (`FIND_PERSON`).
    let pricePerPerson: Int
    let parser = PromptParser()

    func register(on table: RouteTable) {
        table.on("createLeadSearch", create)
        table.on("listLeadSearches", list)
        table.on("listLeadSearchResults", results)
    }

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try CreateRequest(json: try await request.parseJSON(context: context))
        var search = NewLeadSearch(
            workspaceId: caller.workspaceId, prompt: input.prompt, filters: parser.parse(input.prompt).json,
            fetchCount: min(input.fetchCount, LeadSearchTask.maxFetchCount), listId: input.listId, listName: input.listName,
            correlationId: context.correlationId)
        search.pricePerPerson = pricePerPerson
        let (task, list) = try await searches.createTask(search)
        return Reply(CreatedBody(task: TaskBody(task), list: ListRefBody(id: list.id, name: list.name), correlationId: context.correlationId), status: .accepted)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let tasks = try await searches.tasks(workspaceId: caller.workspaceId, id: context.query.string("taskId"), limit: 20)
        return Reply(TasksBody(tasks: tasks.map(TaskBody.init)))
    }

    @Sendable func results(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        guard let taskId = context.query.string("taskId") else { throw PuffleError.invalidRequest("taskId: is required") }
        let offset = try context.query.int("offset", default: 0, range: 0...Int(Int32.max))
        let limit = try context.query.int("limit", default: 100, range: 1...500)
        let (rows, total) = try await searches.results(workspaceId: caller.workspaceId, taskId: taskId, offset: offset, limit: limit)
        var writer = JSONWriter(capacity: 1024 * rows.count + 128)
        writer.writeASCII("{\"results\":[")
        for (index, row) in rows.enumerated() {
            if index > 0 { writer.writeASCII(",") }
            writer.writeASCII("{\"id\":")
            writer.write(string: row.id)
            writer.writeASCII(",\"taskId\":")
            writer.write(string: row.taskId)
            writer.writeASCII(",\"leadId\":")
            writer.write(optional: row.leadId)
            writer.writeASCII(",\"provider\":")
            writer.write(string: row.provider)
            writer.writeASCII(",\"raw\":")
            writer.writeRaw(row.rawJSON)
            writer.writeASCII(",\"createdAt\":")
            writer.write(string: row.createdAt.iso8601)
            writer.writeASCII("}")
        }
        writer.writeASCII("],\"total\":")
        writer.write(number: Double(total))
        writer.writeASCII(offset + rows.count < total ? ",\"hasMore\":true" : ",\"hasMore\":false")
        writer.writeASCII(",\"offset\":")
        writer.write(number: Double(offset))
        writer.writeASCII(",\"limit\":")
        writer.write(number: Double(limit))
        writer.writeASCII("}")
        return Reply(rendered: writer)
    }
}

extension LeadSearchController {
    /// The body of `POST /api/leads/search`, checked field by field so a wrong type names the field.
    struct CreateRequest {
        var prompt: String
        var fetchCount: Int
        var listId: String?
        var listName: String?

        init(json: JSONValue) throws {
            guard let object = json.objectValue else { throw PuffleError.invalidRequest("body: must be a JSON object") }
            guard let prompt = object["prompt"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !prompt.isEmpty else {
                throw PuffleError.invalidRequest("prompt: is required and must be a non-empty string")
            }
            guard prompt.count <= 2000 else { throw PuffleError.invalidRequest("prompt: must be at most 2000 characters") }
            guard let fetchCount = object["fetch_count"]?.intValue, fetchCount >= 1 else {
                throw PuffleError.invalidRequest("fetch_count: is required and must be an integer of at least 1")
            }
            self.prompt = prompt
            self.fetchCount = fetchCount
            listId = try Self.optionalText(object, "listId", limit: TextLimits.id)
            listName = try Self.optionalText(object, "listName", limit: TextLimits.name)
        }

        private static func optionalText(_ object: JSONObject, _ field: String, limit: Int) throws -> String? {
            switch object[field] {
            case nil, .null: return nil
            case .string(let text) where !TextLimits.fits(text, limit):
                throw PuffleError.invalidRequest("\(field): at most \(limit) characters, got \(text.count)")
            case .string(let text) where !text.trimmingCharacters(in: .whitespaces).isEmpty: return text.trimmingCharacters(in: .whitespaces)
            default: throw PuffleError.invalidRequest("\(field): must be a non-empty string")
            }
        }
    }

    struct CreatedBody: Encodable, Sendable {
        var task: TaskBody
        var list: ListRefBody
        var correlationId: String
    }

    struct ListRefBody: Encodable, Sendable {
        var id: String
        var name: String
    }

    struct TasksBody: Encodable, Sendable {
        var tasks: [TaskBody]
    }

    /// A task as the API shows it.
    struct TaskBody: Encodable, Sendable {
        var id: String
        var type = "lead_search"
        var status: String
        var statusUrl: String
        var resultListId: String
        var prompt: String
        var title: String
        var filters: JSONObject
        var fetchCount: Int
        var resultCount: Int
        var errorCode: String?
        var errorMessage: String?
        var note: String?
        var correlationId: String?
        var createdAt: Timestamp
        var completedAt: Timestamp?

        init(_ task: LeadSearchTask) {
            id = task.id
            status = task.status.rawValue
            statusUrl = "/api/leads/search?taskId=\(task.id)"
            resultListId = task.listId
            prompt = task.prompt
            title = task.title
            filters = task.filters
            fetchCount = task.fetchCount
            resultCount = task.resultCount
            errorCode = task.errorCode
            errorMessage = task.errorMessage
            note = task.note
            correlationId = task.correlationId
            createdAt = task.createdAt
            completedAt = task.completedAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(type, forKey: .type)
            try container.encode(status, forKey: .status)
            try container.encode(statusUrl, forKey: .statusUrl)
            try container.encode(resultListId, forKey: .resultListId)
            try container.encode(prompt, forKey: .prompt)
            try container.encode(title, forKey: .title)
            try container.encode(filters, forKey: .filters)
            try container.encode(fetchCount, forKey: .fetchCount)
            try container.encode(resultCount, forKey: .resultCount)
            // Nullable fields are always present, as the schema requires.
            try container.encode(errorCode, forKey: .errorCode)
            try container.encode(errorMessage, forKey: .errorMessage)
            try container.encode(note, forKey: .note)
            try container.encode(correlationId, forKey: .correlationId)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(completedAt, forKey: .completedAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, type, status, statusUrl, resultListId, prompt, title, filters, fetchCount, resultCount, errorCode, errorMessage
            case note, correlationId, createdAt, completedAt
        }
    }
}

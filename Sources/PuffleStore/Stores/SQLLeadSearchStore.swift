import PuffleCore
import SQLKit

/// Lead Search tasks and results in `lead_search_tasks` and `lead_search_results`.
public struct SQLLeadSearchStore: LeadSearchStore {
    let database: PuffleDatabase

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func createTask(_ search: NewLeadSearch) async throws -> (task: LeadSearchTask, list: LeadList) {
        let engine = database.engine
        return try await database.transaction { db in
            let now = database.clock.now()
            // Nothing is held now: the run pays page by page as it saves people (``LeadSearchCharge``),
            // so parallel searches share the balance. A balance that can't pay for one person is 402.
            let balance = try await SQLCreditStore.balance(workspaceId: search.workspaceId, db: db)
            let price = search.pricePerPerson
            if price > balance { throw PuffleError.insufficientCredits(required: price, balance: balance) }
            let title = LeadSearchTask.title(for: search.prompt)
            let list = try await resultList(for: search, title: title, now: now, db: db)
            let task = LeadSearchTask(
                id: SortableID.make(), workspaceId: search.workspaceId, listId: list.id, prompt: search.prompt, title: title,
                filters: search.filters, fetchCount: search.fetchCount, status: .pending, correlationId: search.correlationId, createdAt: now)
            let filters = JSONWriter.string(.object(task.filters))
            try await db.raw("""
                INSERT INTO lead_search_tasks (id, workspace_id, list_id, prompt, prompt_key, title, filters, fetch_count, status, correlation_id, created_at,
                    reserved_credits)
                VALUES (\(bind: task.id), \(bind: task.workspaceId), \(bind: list.id), \(bind: task.prompt), \(bind: Self.promptKey(task.prompt)),
                    \(bind: title), \(bind: filters), \(bind: task.fetchCount), 'pending', \(bind: task.correlationId), \(bind: now.milliseconds),
                    0)
                """).run()
            try await db.raw("""
                UPDATE lists SET active_search_task_id = \(bind: task.id), search_filters = \(bind: filters), updated_at = \(bind: now.milliseconds)
                WHERE id = \(bind: list.id)
                """).run()
            let payload = JSONWriter.string(["taskId": .string(task.id)])
            try await JobRows.insert(
                [NewJob(kind: "lead_search", workspaceId: search.workspaceId, payload: payload, correlationId: search.correlationId)],
                now: now, engine: engine, db: db)
            return (task, try await ListRows.find(workspaceId: search.workspaceId, id: list.id, db: db))
        }
    }

    /// The List a search fills: the workspace's List `listId`, a new List with that id, or a new
    /// List named `listName` (else the task's title).
    private func resultList(for search: NewLeadSearch, title: String, now: Timestamp, db: any SQLDatabase) async throws -> LeadList {
        if let listId = search.listId {
            if let list = try? await ListRows.find(workspaceId: search.workspaceId, id: listId, db: db) {
                guard list.leadType.accepts(.person) else {
                    throw PuffleError.invalidRequest("listId: List \(listId) holds \(list.leadType.rawValue) Leads; a search finds people")
                }
                return list
            }
            // The id is free to take only if no workspace uses it: another workspace's List stays invisible.
            if try await db.raw("SELECT id FROM lists WHERE id = \(bind: listId)").first() != nil {
                throw PuffleError.notFound("List \(listId) not found")
            }
        }
        let id = search.listId ?? SortableID.make()
        try await db.raw("""
            INSERT INTO lists (id, workspace_id, name, lead_type, created_at, updated_at)
            VALUES (\(bind: id), \(bind: search.workspaceId), \(bind: search.listName ?? title), 'person', \(bind: now.milliseconds), \(bind: now.milliseconds))
            """).run()
        return try await ListRows.find(workspaceId: search.workspaceId, id: id, db: db)
    }

    public func tasks(workspaceId: String, id: String?, limit: Int) async throws -> [LeadSearchTask] {
        try await database.read { db in
            if let id {
                guard let row = try await db.raw("""
                    SELECT \(unsafeRaw: LeadSearchRows.taskColumns) FROM lead_search_tasks WHERE workspace_id = \(bind: workspaceId) AND id = \(bind: id)
                    """).first()
                else { throw PuffleError.notFound("Lead search task \(id) not found") }
                return [try LeadSearchRows.task(from: row)]
            }
            return try await db.raw("""
                SELECT \(unsafeRaw: LeadSearchRows.taskColumns) FROM lead_search_tasks WHERE workspace_id = \(bind: workspaceId)
                ORDER BY id DESC LIMIT \(bind: limit)
                """).all().map(LeadSearchRows.task(from:))
        }
    }

    public func task(id: String) async throws -> LeadSearchTask {
        try await database.read { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: LeadSearchRows.taskColumns) FROM lead_search_tasks WHERE id = \(bind: id)").first() else {
                throw PuffleError.notFound("Lead search task \(id) not found")
            }
            return try LeadSearchRows.task(from: row)
        }
    }

    public func markRunning(taskId: String, startCursor: String?) async throws {
        try await database.write { db in
            try await db.raw("""
                UPDATE lead_search_tasks SET status = 'running', start_cursor = \(bind: startCursor)
                WHERE id = \(bind: taskId) AND status IN ('pending', 'running')
                """).run()
        }
    }

    public func updateFilters(taskId: String, filters: JSONObject) async throws {
        let text = JSONWriter.string(.object(filters))
        try await database.transaction { db in
            try await db.raw("UPDATE lead_search_tasks SET filters = \(bind: text) WHERE id = \(bind: taskId)").run()
            try await db.raw("UPDATE lists SET search_filters = \(bind: text) WHERE active_search_task_id = \(bind: taskId)").run()
        }
    }

    public func replaceResults(taskId: String, results: [LeadSearchResult]) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.raw("DELETE FROM lead_search_results WHERE task_id = \(bind: taskId)").run()
            for chunk in results.enumerated().map({ $0 }).chunked(into: 1000) {
                var rows = BulkRows([
                    ("id", .text), ("task_id", .text), ("position", .integer), ("lead_id", .text), ("provider", .text), ("raw", .text),
                    ("created_at", .integer),
                ])
                for (position, result) in chunk {
                    rows.startRow()
                    rows.add(result.id)
                    rows.add(taskId)
                    rows.add(Int64(position))
                    rows.add(result.leadId)
                    rows.add(result.provider)
                    rows.add(result.rawJSON)
                    rows.add(result.createdAt.milliseconds)
                }
                try await db.raw(rows.insert(into: "lead_search_results", engine: engine)).run()
            }
        }
    }

    public func payForPeople(taskId: String, total: Int, price: Int) async throws -> Int {
        let engine = database.engine
        return try await database.transaction { db in
            guard let row = try await db.raw("SELECT workspace_id FROM lead_search_tasks WHERE id = \(bind: taskId)").first() else {
                throw PuffleError.notFound("Lead search task \(taskId) not found")
            }
            let workspaceId = try row.decode(column: "workspace_id", as: String.self)
            // Under the workspace's lock, so concurrent searches and Enrichments can't spend the same credits twice.
            try await LeadWriter(db: db, engine: engine, workspaceId: workspaceId, now: database.clock.now()).lockWorkspace()
            // A task that ended meanwhile (cancelled, or finished by another worker) settled its credits: it pays for no one.
            guard let current = try await db.raw("""
                SELECT reserved_credits FROM lead_search_tasks WHERE id = \(bind: taskId) AND status IN ('pending', 'running')
                """).first()
            else { return 0 }
            let held = try current.decode(column: "reserved_credits", as: Int.self)
            let balance = try await SQLCreditStore.balance(workspaceId: workspaceId, db: db)
            let charge = LeadSearchCharge.plan(total: total, heldCredits: held, balance: balance, price: price)
            if charge.credits != 0 {
                let reason = charge.credits > 0 ? "lead_search:\(taskId)" : "lead_search_refund:\(taskId)"
                try await SQLCreditStore.insertEntry(workspaceId: workspaceId, amount: -charge.credits, reason: reason, now: database.clock.now(), db: db)
                try await db.raw("UPDATE lead_search_tasks SET reserved_credits = reserved_credits + \(bind: charge.credits) WHERE id = \(bind: taskId)").run()
            }
            return charge.payablePeople
        }
    }

    public func complete(taskId: String, resultCount: Int, nextCursor: String?, credits: Int, note: String?) async throws {
        try await database.transaction { db in
            let now = database.clock.now().milliseconds
            // Conditional, so a task finished (or cancelled) meanwhile is neither reopened nor charged again.
            guard let row = try await db.raw("""
                UPDATE lead_search_tasks SET status = 'done', result_count = \(bind: resultCount), next_cursor = \(bind: nextCursor),
                    error_code = NULL, error_message = NULL, note = \(bind: note), completed_at = \(bind: now)
                WHERE id = \(bind: taskId) AND status IN ('pending', 'running')
                RETURNING workspace_id, reserved_credits
                """).first() else { return }
            let workspaceId = try row.decode(column: "workspace_id", as: String.self)
            let reserved = try row.decode(column: "reserved_credits", as: Int.self)
            // What the run took pays for the people saved; anything beyond (people paid for but not
            // saved, or a reservation of a task created before runs paid per page) goes back.
            if reserved > credits {
                try await SQLCreditStore.insertEntry(workspaceId: workspaceId, amount: reserved - credits, reason: "lead_search_refund:\(taskId)", now: database.clock.now(), db: db)
                // What it holds now is what it paid for its people, so nothing is given back twice.
                try await db.raw("UPDATE lead_search_tasks SET reserved_credits = \(bind: credits) WHERE id = \(bind: taskId)").run()
            }
            try await freeList(taskId: taskId, now: now, db: db)
        }
    }

    public func fail(taskId: String, code: String, message: String) async throws {
        try await database.transaction { db in
            let now = database.clock.now().milliseconds
            guard let row = try await db.raw("""
                UPDATE lead_search_tasks SET status = 'failed', error_code = \(bind: code), error_message = \(bind: message), completed_at = \(bind: now)
                WHERE id = \(bind: taskId) AND status IN ('pending', 'running')
                RETURNING workspace_id, reserved_credits
                """).first() else { return }
            let reserved = try row.decode(column: "reserved_credits", as: Int.self)
            if reserved > 0 {
                let workspaceId = try row.decode(column: "workspace_id", as: String.self)
                try await SQLCreditStore.insertEntry(workspaceId: workspaceId, amount: reserved, reason: "lead_search_refund:\(taskId)", now: database.clock.now(), db: db)
                try await db.raw("UPDATE lead_search_tasks SET reserved_credits = 0 WHERE id = \(bind: taskId)").run()
            }
            try await freeList(taskId: taskId, now: now, db: db)
        }
    }

    private func freeList(taskId: String, now: Int64, db: any SQLDatabase) async throws {
        try await db.raw("UPDATE lists SET active_search_task_id = NULL, updated_at = \(bind: now) WHERE active_search_task_id = \(bind: taskId)").run()
    }

    public func results(workspaceId: String, taskId: String, offset: Int, limit: Int) async throws -> (results: [LeadSearchResult], total: Int) {
        try await database.read { db in
            guard try await db.raw("SELECT id FROM lead_search_tasks WHERE workspace_id = \(bind: workspaceId) AND id = \(bind: taskId)").first() != nil else {
                throw PuffleError.notFound("Lead search task \(taskId) not found")
            }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM lead_search_results WHERE task_id = \(bind: taskId)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: LeadSearchRows.resultColumns) FROM lead_search_results WHERE task_id = \(bind: taskId)
                ORDER BY position LIMIT \(bind: limit) OFFSET \(bind: offset)
                """).all()
            return (try rows.map(LeadSearchRows.result(from:)), total)
        }
    }

    public func continuationCursor(workspaceId: String, listId: String, prompt: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("""
                SELECT next_cursor FROM lead_search_tasks
                WHERE workspace_id = \(bind: workspaceId) AND list_id = \(bind: listId) AND prompt_key = \(bind: Self.promptKey(prompt)) AND status = 'done'
                ORDER BY id DESC LIMIT 1
                """).first()?.decode(column: "next_cursor", as: String?.self)
        }
    }

    /// Prompts that differ only in case and spacing continue one another.
    static func promptKey(_ prompt: String) -> String {
        prompt.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

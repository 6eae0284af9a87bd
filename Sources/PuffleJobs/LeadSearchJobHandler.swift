import Logging
import PuffleCore

/// Runs a `lead_search` job: reads people from the provider, makes each a Lead in the task's
/// List (reusing Leads by identity), saves the raw rows, and finishes the task.
///
/// Re-running after a crash is safe: Leads are matched by identity, so a second import merges;
/// results are replaced, not appended; and completing an already done task charges nothing.
public struct LeadSearchJobHandler: JobHandler {
    public let kind = "lead_search"
    let searches: any LeadSearchStore
    let leads: any LeadStore
    let provider: any LeadSearchProvider
    /// A language model that re-reads the prompt when configured; nil for the rule parser alone.
    let interpreter: (any PromptInterpreter)?
    /// Credits one saved person costs (`FIND_PERSON`).
    let pricePerPerson: Int
    let logger: Logger
    let clock: any WallClock

    public init(
        searches: any LeadSearchStore, leads: any LeadStore, provider: any LeadSearchProvider,
        interpreter: (any PromptInterpreter)?, pricePerPerson: Int, clock: any WallClock, logger: Logger
    ) {
        self.clock = clock
        self.searches = searches
        self.leads = leads
        self.provider = provider
        self.interpreter = interpreter
        self.pricePerPerson = pricePerPerson
        self.logger = logger
    }

    public func run(_ job: Job, context: JobContext) async throws {
        guard let taskId = (try? JSONParser.parse(job.payload))?["taskId"]?.stringValue else {
            throw JobFailure.permanent("lead_search job without a taskId")
        }
        let task = try await searches.task(id: taskId)
        guard task.status == .pending || task.status == .running else { return }
        do {
            try await search(task, context: context)
        } catch let error as LeadSearchProviderError {
            let lastAttempt = job.attempts >= job.maxAttempts
            if case .rejected = error {
                try await searches.fail(taskId: taskId, code: "provider_error", message: error.description)
                throw JobFailure.permanent(error.description)
            }
            guard lastAttempt else { throw error }
            try await searches.fail(taskId: taskId, code: "provider_unavailable", message: "\(error.description) (after \(job.attempts) attempts)")
            throw JobFailure.permanent(error.description)
        } catch {
            // Anything else is retried; on the last attempt the task fails rather than wait forever.
            guard job.attempts >= job.maxAttempts, !Task.isCancelled, !(error is CancellationError) else { throw error }
            logger.error("lead search failed on its last attempt", metadata: ["task": "\(taskId)", "error": "\(error)"])
            try await searches.fail(taskId: taskId, code: "internal_error", message: "The search failed; quote the correlationId \(job.correlationId ?? "") when reporting it.")
            throw JobFailure.permanent("\(error)")
        }
    }

    public func jobDied(_ job: Job) async throws {
        guard let taskId = (try? JSONParser.parse(job.payload))?["taskId"]?.stringValue else { return }
        try await searches.fail(
            taskId: taskId, code: "internal_error", message: "The search stopped on every attempt; quote the correlationId \(job.correlationId ?? "") when reporting it.")
    }

    /// The task fails with `cancelled`, and its reservation goes back.
    public func jobCancelled(_ job: Job) async throws {
        guard let taskId = (try? JSONParser.parse(job.payload))?["taskId"]?.stringValue else { return }
        try await searches.fail(taskId: taskId, code: "cancelled", message: "an operator cancelled the search")
    }

    private func search(_ task: LeadSearchTask, context: JobContext) async throws {
        let startCursor: String?
        if let cursor = task.startCursor {
            startCursor = cursor
        } else {
            startCursor = try await searches.continuationCursor(workspaceId: task.workspaceId, listId: task.listId, prompt: task.prompt)
        }
        try await searches.markRunning(taskId: task.id, startCursor: startCursor)
        var filters = LeadSearchFilters(json: task.filters)
        if let interpreter {
            do {
                let read = try await interpreter.filters(for: task.prompt)
                if !read.isEmpty, read != filters {
                    filters = read
                    try await searches.updateFilters(taskId: task.id, filters: read.json)
                }
            } catch {
                logger.warning("the language model could not read the prompt; using the rule parser", metadata: ["error": "\(error)"])
            }
        }
        // Each page is paid for when it is fetched (``LeadSearchCharge``), never the whole fetch_count up
        // front: parallel work shares the balance. A page the balance can pay only part of is asked for
        // at that size, so the cursor stays exact, and the run stops with a note instead of failing.
        var results: [LeadSearchResult] = []
        var cursor = startCursor
        var balanceRanOut = false
        while results.count < task.fetchCount {
            try context.checkCancelled()
            let wanted = min(task.fetchCount - results.count, 500)
            let payable = try await searches.payForPeople(taskId: task.id, total: results.count + wanted, price: pricePerPerson)
            let limit = payable - results.count
            guard limit > 0 else {
                balanceRanOut = true
                break
            }
            let page = try await provider.search(LeadSearchQuery(filters: filters, prompt: task.prompt, limit: limit, cursor: cursor))
            let people = Array(page.people.prefix(limit))
            results += try await save(people, task: task, context: context)
            // Settle the page at once: what was paid for people the provider did not have goes back now,
            // not when the run ends, so a parallel search can spend it meanwhile.
            _ = try await searches.payForPeople(taskId: task.id, total: results.count, price: pricePerPerson)
            cursor = page.nextCursor ?? cursor
            // The balance stopped the run only if the provider had the people it could not pay for.
            balanceRanOut = limit < wanted && people.count == limit && page.hasMore
            if !page.hasMore || page.people.isEmpty || limit < wanted { break }
        }
        let saved = results.filter { $0.leadId != nil }.count
        let note = balanceRanOut ? LeadSearchCharge.stoppedNote(saved: saved, fetchCount: task.fetchCount) : nil
        try await searches.replaceResults(taskId: task.id, results: results)
        try await searches.complete(taskId: task.id, resultCount: saved, nextCursor: cursor, credits: saved * pricePerPerson, note: note)
    }

    /// Imports the people into the task's List, 500 at a time, and pairs each raw row with its Lead.
    private func save(_ people: [ProviderPerson], task: LeadSearchTask, context: JobContext) async throws -> [LeadSearchResult] {
        var results: [LeadSearchResult] = []
        let now = clock.now()
        for start in stride(from: 0, to: people.count, by: 500) {
            try context.checkCancelled()
            let batch = people[start..<min(start + 500, people.count)]
            let inputs = batch.map { person -> LeadInput in
                var input = LeadInput(json: person.lead)
                if let id = person.id { input.body.sources.append(["id": .string(id), "provider": .string(provider.name)]) }
                return input
            }
            let outcome = try await leads.importLeads(workspaceId: task.workspaceId, listId: task.listId, inputs: inputs, preview: false)
            for (offset, person) in batch.enumerated() {
                results.append(LeadSearchResult(
                    id: SortableID.make(), taskId: task.id, leadId: outcome.leadIdByRow[offset], provider: provider.name,
                    rawJSON: JSONWriter.string(person.raw), createdAt: now))
            }
        }
        return results
    }
}

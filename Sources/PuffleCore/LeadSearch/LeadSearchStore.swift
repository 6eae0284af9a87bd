/// Lead Search tasks and their raw results.
public protocol LeadSearchStore: Sendable {
    /// Creates a pending task, makes sure its List exists (binding the List's search filters and
    /// active task), and queues the `lead_search` job, all in one transaction. Nothing is charged yet.
    /// - Throws: `PuffleError.invalidRequest` when `listId` names a List that can't hold people;
    ///   `.insufficientCredits` when the balance can't pay for one person.
    func createTask(_ search: NewLeadSearch) async throws -> (task: LeadSearchTask, list: LeadList)

    /// The workspace's tasks, newest first; with `id`, just that one.
    /// - Throws: `PuffleError.notFound` when `id` is not a task of this workspace.
    func tasks(workspaceId: String, id: String?, limit: Int) async throws -> [LeadSearchTask]

    /// A task of any workspace, for the worker running it.
    func task(id: String) async throws -> LeadSearchTask

    /// Moves a pending task to running, and records the cursor it starts from.
    func markRunning(taskId: String, startCursor: String?) async throws

    /// Replaces the task's filters (a language model read the prompt better) on the task and its List.
    func updateFilters(taskId: String, filters: JSONObject) async throws

    /// Replaces the task's saved results with these (a re-run after a crash writes them once).
    func replaceResults(taskId: String, results: [LeadSearchResult]) async throws

    /// Pays for the task's people up to `total` in all, as far as the balance goes, under the
    /// workspace's lock (``LeadSearchCharge``). - Returns: How many people, in all, are paid for.
    func payForPeople(taskId: String, total: Int, price: Int) async throws -> Int

    /// Marks a task done with its result count and why it stopped short (`note`), gives back what it
    /// took beyond `credits` (what the saved people cost), and frees its List. Does nothing to a task
    /// that already finished, so a re-run never settles twice.
    func complete(taskId: String, resultCount: Int, nextCursor: String?, credits: Int, note: String?) async throws

    /// Marks a task failed with a stable code and a message, gives its reservation back, and frees its List.
    func fail(taskId: String, code: String, message: String) async throws

    /// A page of a task's results in the order they were found, and how many there are.
    func results(workspaceId: String, taskId: String, offset: Int, limit: Int) async throws -> (results: [LeadSearchResult], total: Int)

    /// Where the next run of this prompt into this List starts: the last finished run's cursor.
    func continuationCursor(workspaceId: String, listId: String, prompt: String) async throws -> String?
}

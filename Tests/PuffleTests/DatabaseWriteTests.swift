import PuffleCore
import PuffleStore
import PuffleTestSupport
import Testing

/// Writes through the stores when many arrive at once, and after the database is closed.
@Suite struct DatabaseWriteTests {
    @Test(arguments: TestBackend.available)
    func manyConcurrentWritesAllLandOnce(backend: TestBackend) async throws {
        let (database, cleanup) = try await backend.makeDatabase()
        do {
            let stores = Stores.sql(database)
            let (workspace, _) = try await stores.workspaces.createWorkspace(name: "w", account: Account(), credits: 0)
            // More writers than threads: on SQLite they queue on the one write lock and are handed it in turn.
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        try await stores.lists.createList(workspaceId: workspace.id, name: "list \(index)", description: nil, leadType: .person, leadIds: []).id
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 64)
            let lists = try await stores.lists.lists(workspaceId: workspace.id)
            #expect(Set(lists.filter { !$0.isDefault }.map(\.id)) == ids)
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    /// SQLite's writes continue on the writer's own thread, which closing shuts down: a write that
    /// came later must fail rather than wait for that thread forever.
    @Test(.timeLimit(.minutes(1)))
    func aWriteAfterCloseFailsInsteadOfHanging() async throws {
        let (database, cleanup) = try await TestBackend.sqlite.makeDatabase()
        let stores = Stores.sql(database)
        let (workspace, _) = try await stores.workspaces.createWorkspace(name: "w", account: Account(), credits: 0)
        await cleanup()
        await #expect(throws: (any Error).self) {
            _ = try await stores.lists.createList(workspaceId: workspace.id, name: "late", description: nil, leadType: .person, leadIds: [])
        }
    }
}

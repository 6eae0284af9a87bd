import PuffleCore
import PuffleTestSupport
import Testing

/// An import of only new Leads is planned on a reader before the write lock (the fast path of a
/// bulk import); any other batch is planned under the lock. Both run ``LeadMergePlan``, and these
/// cases go through each path to show they answer and store the same.
@Suite struct ImportPathsTests {
    /// Rows that are all new to the workspace: repeats in the batch, a refused row, both types.
    static let newRows: [JSONValue] = [
        ["type": "person", "name": "Jane Doe", "contacts": [["type": "email", "value": "jane@acme.com"]], "title": "VP Sales"],
        ["type": "person", "name": "Jane D.", "contacts": [["type": "email", "value": "JANE@acme.com"]], "attributes": ["team": "emea"]],
        ["type": "person", "name": "Bob Roe", "socials": [["type": "linkedin", "url": "https://linkedin.com/in/bobroe"]]],
        ["type": "company", "name": "Acme", "domain": "acme.com"],
        ["type": "company", "name": "Acme Inc", "domain": "https://www.acme.com/"],
        ["type": "person"],
    ]

    /// The same rows, each naming the default List in `listIds`, which sends the batch down the
    /// path planned under the lock without changing what it means.
    static func viaLockedPath(_ rows: [JSONValue]) -> [JSONValue] {
        rows.map { row in
            guard case .object(var object) = row else { return row }
            object["listIds"] = ["all"]
            return .object(object)
        }
    }

    struct Summary: Equatable {
        var created, merged, persons, companies: Int
        var errors: [LeadImportRowError]
        /// Which rows became the same Lead, as groups of row indexes.
        var rowGroups: Set<[Int]>
        var bodies: Set<String>
    }

    static func summary(_ outcome: LeadImportOutcome) -> Summary {
        var rowsOfLead: [String: [Int]] = [:]
        for (row, id) in outcome.leadIdByRow { rowsOfLead[id, default: []].append(row) }
        return Summary(
            created: outcome.createdCount, merged: outcome.mergedCount, persons: outcome.personCount, companies: outcome.companyCount,
            errors: outcome.errors, rowGroups: Set(rowsOfLead.values.map { $0.sorted() }), bodies: Set(outcome.leads.map(\.bodyJSON)))
    }

    @Test(arguments: TestBackend.available)
    func bothPathsAnswerAndStoreTheSame(backend: TestBackend) async throws {
        try await withTestApp(backend) { app in
            let other = try await app.stores.workspaces.createWorkspace(name: "locked", account: Account(), credits: 0).0.id
            let store = app.stores.leads
            var summaries: [Summary] = []
            for (workspaceId, rows) in [(app.workspaceId, Self.newRows), (other, Self.viaLockedPath(Self.newRows))] {
                let inputs = rows.map { LeadInput(json: $0) }
                let first = try await store.importLeads(workspaceId: workspaceId, listId: nil, inputs: inputs, preview: false)
                // A second pass over the same rows merges every one into the Leads the first made.
                let again = try await store.importLeads(workspaceId: workspaceId, listId: nil, inputs: inputs, preview: false)
                #expect(again.createdCount == 0)
                #expect(Set(again.leadIdByRow.values) == Set(first.leadIdByRow.values))
                let page = try await store.leads(workspaceId: workspaceId, filter: LeadFilter(), after: nil, limit: 100)
                #expect(Set(page.items.map(\.bodyJSON)) == Set(first.leads.map(\.bodyJSON)))
                summaries.append(Self.summary(first))
            }
            #expect(summaries[0] == summaries[1])
            #expect(summaries[0].created == 3)
            #expect(summaries[0].rowGroups.contains([0, 1]) && summaries[0].rowGroups.contains([3, 4]))
            #expect(summaries[0].errors.map(\.index) == [5])
        }
    }
}

/// Leads: create-or-reuse by identity, partial updates, keyset listing.
public protocol LeadStore: Sendable {
    /// Creates a Lead, or merges into the existing Lead that shares an identifier.
    /// - Returns: The Lead and whether it is new.
    func createLead(workspaceId: String, input: LeadInput) async throws -> (lead: LeadRecord, created: Bool)
    /// One Lead. - Throws: ``PuffleError/notFound(_:)``, also for another workspace's Lead.
    func lead(workspaceId: String, id: String) async throws -> LeadRecord
    /// A page of Leads by ascending id, after the given id.
    func leads(workspaceId: String, filter: LeadFilter, after: String?, limit: Int) async throws -> Page<LeadRecord>
    /// Applies a partial update. - Throws: ``PuffleError/conflict(_:)`` when a new identifier belongs to another Lead.
    func updateLead(workspaceId: String, id: String, patch: LeadPatch) async throws -> LeadRecord
    /// Deletes a Lead everywhere: memberships, identifiers, attributes.
    func deleteLead(workspaceId: String, id: String) async throws
    /// Imports a batch atomically: valid rows become Leads (created or merged) and join the List;
    /// invalid rows are reported. With `preview`, nothing is written.
    func importLeads(workspaceId: String, listId: String?, inputs: [LeadInput], preview: Bool) async throws -> LeadImportOutcome
}

/// The server's own prospect database, which `puffle prospects import` fills and the offline
/// Lead Search provider reads. It belongs to the server, not to a workspace.
public protocol ProspectStore: Sendable {
    /// Adds companies and people. A person already present (same LinkedIn URL, email or name at
    /// company) is kept as it is; a company with a known domain is replaced.
    func importProspects(_ inputs: [LeadInput]) async throws -> ProspectImportCount

    /// How many people and companies the database holds.
    func prospectCounts() async throws -> ProspectImportCount
}

/// Prospects added by an import (or held, for ``ProspectStore/prospectCounts()``).
public struct ProspectImportCount: Sendable, Equatable {
    public var people: Int
    public var companies: Int

    public init(people: Int = 0, companies: Int = 0) {
        self.people = people
        self.companies = companies
    }
}

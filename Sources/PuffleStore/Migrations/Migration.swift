import SQLKit

/// One numbered schema change. Frozen once merged: later changes are new migrations.
protocol Migration: Sendable {
    /// The order in which migrations apply; unique.
    var version: Int { get }
    /// A short description, recorded with the version.
    var name: String { get }
    /// The statements that apply the change, for an engine.
    func prepare(engine: DatabaseEngine) -> [String]
    /// The statements that undo it.
    func revert(engine: DatabaseEngine) -> [String]
    /// Rewrites stored rows whose derived columns a rule in Core computes, after ``prepare(engine:)``
    /// and in the same transaction. Most migrations have none.
    func backfill(_ db: any SQLDatabase) async throws
}

extension Migration {
    func backfill(_ db: any SQLDatabase) async throws {}
}

/// Every migration, in order.
let allMigrations: [any Migration] = [
    CreateWorkspaces(),
    CreateLeadsAndLists(),
    CreateJobs(),
    CreateLeadSearch(),
    AddProspectCompanyTerms(),
    CreateEnrichment(),
    AddLeadSearchReservation(),
    AddMembershipAttributes(),
    CreateServerSecrets(),
    NormalizeDuplicateLocations(),
    AddLeadSearchNote(),
    CreateOnboardingSessions(),
    AddJobUniqueKeysAndSchedules(),
    CreateSenders(),
    CreateCampaigns(),
    CreateUnibox(),
]

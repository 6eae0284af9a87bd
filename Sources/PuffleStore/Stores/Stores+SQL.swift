import PuffleCore

extension Stores {
    /// Every store over one SQL database.
    public static func sql(_ database: PuffleDatabase) -> Stores {
        Stores(
            workspaces: SQLWorkspaceStore(database: database),
            keys: SQLAPIKeyStore(database: database),
            credits: SQLCreditStore(database: database),
            leads: SQLLeadStore(database: database),
            lists: SQLListStore(database: database),
            jobs: SQLJobStore(database: database),
            searches: SQLLeadSearchStore(database: database),
            prospects: SQLProspectStore(database: database),
            enrichments: SQLEnrichmentStore(database: database),
            onboarding: SQLOnboardingStore(database: database),
            clock: database.clock
        )
    }
}

import PuffleCore

extension Stores {
    /// Every store over one SQL database.
    /// - Parameter secrets: Seals and opens sender credentials; nil in processes that never touch them.
    public static func sql(_ database: PuffleDatabase, secrets: SecretBox? = nil) -> Stores {
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
            senders: SQLSenderStore(database: database, secrets: secrets),
            campaigns: SQLCampaignStore(database: database),
            unibox: SQLUniboxStore(database: database),
            clock: database.clock
        )
    }
}

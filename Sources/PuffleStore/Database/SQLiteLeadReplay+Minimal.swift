extension SQLiteLeadReplay {
    /// The least any store of Leads has to write for an import, whatever its design:
    /// - each Lead's body as the API returns it, under an integer key;
    /// - its identity keys in one unique index, which is how a later import finds it;
    /// - its membership of the target List.
    ///
    /// Workspaces, Lists and Leads are referred to by integers, and there are no search columns,
    /// no duplicate-check keys and no secondary index. The product needs those, so this layout is
    /// a bound, not a proposal: an import through HTTP into any schema cannot write much faster
    /// than the shell writes these tables (give or take the shell's older SQLite).
    /// Workspace and List are 1 for every row: the bench's source has one of each.
    var minimalSetup: String {
        """
        CREATE TABLE leads (
            id INTEGER PRIMARY KEY, workspace INTEGER NOT NULL, type INTEGER NOT NULL, body TEXT NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE TABLE lead_identities (
            workspace INTEGER NOT NULL, key TEXT NOT NULL, lead INTEGER NOT NULL, PRIMARY KEY (workspace, key)) WITHOUT ROWID;
        CREATE TABLE list_members (
            list INTEGER NOT NULL, lead INTEGER NOT NULL, added_at INTEGER NOT NULL, PRIMARY KEY (list, lead)) WITHOUT ROWID;
        CREATE TEMP TABLE stage_leads AS
            SELECT id AS source_id, type = 'company' AS type, body, created_at, updated_at FROM src.leads ORDER BY rowid;
        CREATE INDEX temp.stage_leads_source ON stage_leads (source_id);
        CREATE TEMP TABLE stage_identities AS
            SELECT s.rowid AS n, i.key FROM src.lead_identities i JOIN stage_leads s ON s.source_id = i.lead_id;
        CREATE INDEX temp.stage_identities_n ON stage_identities (n);
        CREATE TEMP TABLE stage_members AS
            SELECT s.rowid AS n, m.added_at FROM src.list_members m JOIN stage_leads s ON s.source_id = m.lead_id;
        CREATE INDEX temp.stage_members_n ON stage_members (n);

        """
    }

    /// One transaction on one line, so the shell's timer times it whole.
    func minimalTransaction(first: Int, last: Int) -> String {
        "BEGIN IMMEDIATE;"
            + " INSERT INTO leads SELECT rowid, 1, type, body, created_at, updated_at FROM stage_leads WHERE rowid > \(first) AND rowid <= \(last);"
            + " INSERT INTO lead_identities SELECT 1, key, n FROM stage_identities WHERE n > \(first) AND n <= \(last);"
            + " INSERT INTO list_members SELECT 1, n, added_at FROM stage_members WHERE n > \(first) AND n <= \(last);"
            + " COMMIT;"
    }

    /// Rows of the source with no row carrying the same values in the copy. The copy has integer
    /// keys where the source has text ids, so each Lead is recognized by its body (the bench's are
    /// all different) and keys and memberships by the body of their Lead.
    var minimalDifferences: String {
        """
        SELECT 'differences',
            (SELECT count(*) FROM (
                SELECT body, type = 'company', created_at, updated_at FROM src.leads
                EXCEPT SELECT body, type, created_at, updated_at FROM leads))
            + (SELECT count(*) FROM (
                SELECT i.key, l.body FROM src.lead_identities i JOIN src.leads l ON l.id = i.lead_id
                EXCEPT SELECT i.key, l.body FROM lead_identities i JOIN leads l ON l.id = i.lead))
            + (SELECT count(*) FROM (
                SELECT l.body, m.added_at FROM src.list_members m JOIN src.leads l ON l.id = m.lead_id
                EXCEPT SELECT l.body, m.added_at FROM list_members m JOIN leads l ON l.id = m.lead));

        """
    }
}

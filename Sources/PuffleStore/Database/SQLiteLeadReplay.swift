/// Scripts for the `sqlite3` shell that replay an import's writes with nothing but SQL, for
/// `puffle bench import`.
///
/// The bench compares the server's import rate with `sqlite3 .import` into a plain table. This
/// replay answers how much of that gap is the schema itself: the same Leads, identity keys and
/// List memberships are inserted into a copy of the Lead tables (indexes included, read from the
/// source database, so it follows every migration), 500 Leads to a transaction as the server
/// commits them. No HTTP, JSON, Swift or planning is involved, so its rate bounds what any import
/// through this schema could reach.
public struct SQLiteLeadReplay: Sendable {
    /// The database an import filled, only read.
    public var source: String
    /// Where the rows are staged in insert order; its copying is not timed.
    public var stage: String
    /// The database the replay writes into; it must not exist yet.
    public var target: String
    /// A scratch file the shell writes the copied schema to.
    public var schemaFile: String

    /// The tables whose rows an import writes.
    static let tables = ["leads", "lead_identities", "list_members"]

    /// - Parameters: Paths as described on the properties.
    public init(source: String, stage: String, target: String, schemaFile: String) {
        self.source = source
        self.stage = stage
        self.target = target
        self.schemaFile = schemaFile
    }

    /// Creates the Lead tables and their indexes in `target` as they are in `source`, and stages
    /// the source's rows in `stage` with each Lead's position (its rowid: the bench never deletes).
    /// Run with `sqlite3 <target>`.
    public var prepareScript: String {
        let tableNames = Self.tables.map { "'\($0)'" }.joined(separator: ", ")
        return """
            PRAGMA journal_mode=WAL;
            ATTACH \(Self.quoted(source)) AS src;
            ATTACH \(Self.quoted(stage)) AS stage;
            .output \(Self.quoted(schemaFile))
            SELECT sql || ';' FROM src.sqlite_master WHERE tbl_name IN (\(tableNames)) AND sql IS NOT NULL ORDER BY type = 'index', name;
            .output stdout
            .read \(Self.quoted(schemaFile))
            CREATE TABLE stage.leads AS SELECT * FROM src.leads ORDER BY rowid;
            CREATE TABLE stage.identities AS
                SELECT l.rowid AS n, i.workspace_id, i.key, i.lead_id FROM src.lead_identities i JOIN src.leads l ON l.id = i.lead_id;
            CREATE INDEX stage.identities_n ON identities (n);
            CREATE TABLE stage.members AS
                SELECT l.rowid AS n, m.list_id, m.lead_id, m.lead_type, m.added_at, m.attributes FROM src.list_members m JOIN src.leads l ON l.id = m.lead_id;
            CREATE INDEX stage.members_n ON members (n);

            """
    }

    /// Inserts the staged rows into `target`, `batchSize` Leads to a transaction, with the
    /// writer's settings. Run with `sqlite3 <target>` after ``prepareScript``; time the whole run.
    /// - Parameter leadCount: How many Leads were staged.
    public func replayScript(leadCount: Int, batchSize: Int = 500) -> String {
        var script = """
            PRAGMA synchronous=NORMAL;
            PRAGMA cache_size=-131072;
            ATTACH \(Self.quoted(stage)) AS stage;

            """
        for first in stride(from: 0, to: leadCount, by: batchSize) {
            let last = min(first + batchSize, leadCount)
            script += "BEGIN IMMEDIATE;"
            script += " INSERT INTO leads SELECT * FROM stage.leads WHERE rowid > \(first) AND rowid <= \(last);"
            script += " INSERT INTO lead_identities (workspace_id, key, lead_id)"
            script += " SELECT workspace_id, key, lead_id FROM stage.identities WHERE n > \(first) AND n <= \(last);"
            script += " INSERT INTO list_members (list_id, lead_id, lead_type, added_at, attributes)"
            script += " SELECT list_id, lead_id, lead_type, added_at, attributes FROM stage.members WHERE n > \(first) AND n <= \(last);"
            script += " COMMIT;\n"
        }
        return script
    }

    /// A path as an SQL string literal, which the shell's dot-commands accept too.
    static func quoted(_ path: String) -> String {
        "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}

/// A script for the `sqlite3` shell that replays an import's writes with nothing but SQL, for
/// `puffle bench import`.
///
/// The bench compares the server's import rate with `sqlite3 .import` into a plain table. This
/// replay tells how much of that gap the tables themselves set: the same Leads, identity keys and
/// List memberships are inserted, 500 Leads to a transaction as the server commits them, with the
/// writer's settings. By default (``Layout/copy``) they go into a copy of the Lead tables (indexes
/// included, read from the source database, so it follows every migration); with
/// ``Layout/minimal``, into the least tables any store of Leads needs (``minimalSetup``). Only the
/// transactions are timed. As on the server, the log is copied back into the database file apart
/// from them: a passive checkpoint every few transactions, timed separately and left out. The rows
/// are read from in-memory staging tables, as the server binds them from memory. No HTTP, JSON,
/// Swift or planning is involved, so the rate bounds what an import through this schema (or, with
/// the least tables, through any schema) can reach on the machine, with the caveat that the shell
/// is the system's SQLite (Debian's is 3.40) while the server bundles a newer one.
///
/// The source is the bench's: one workspace, and each Lead in one List.
public struct SQLiteLeadReplay: Sendable {
    /// The database an import filled; only read.
    public let source: String
    /// How many Leads the source holds.
    public let leadCount: Int
    /// Leads a transaction.
    public let batchSize: Int
    /// Transactions between two checkpoints. The server's checkpointer runs at most every 100 ms,
    /// which is every two or three of its transactions; the shell's are faster, and four of them
    /// keep the log at a similar few megabytes.
    public let transactionsPerCheckpoint = 4

    /// The tables whose rows an import writes.
    static let tables = ["leads", "lead_identities", "list_members"]

    /// Which tables the rows are written into.
    public enum Layout: Sendable {
        /// A copy of the source's Lead tables, indexes included: what the server writes.
        case copy
        /// The least any store of Leads must write (see ``minimalSetup``): a bound on the rate of
        /// every schema.
        case minimal
    }

    public let layout: Layout

    /// - Parameters:
    ///   - source: The database an import filled; only read.
    ///   - leadCount: How many Leads it holds.
    ///   - batchSize: Leads a transaction, as the import sent them.
    ///   - layout: The tables to write into.
    public init(source: String, leadCount: Int, batchSize: Int = 500, layout: Layout = .copy) {
        self.source = source
        self.layout = layout
        self.leadCount = leadCount
        self.batchSize = batchSize
    }

    /// The whole run, for `sqlite3 -bail <new database>`. The shell's `.timer` output then goes to
    /// ``Outcome/init(shellOutput:)``. Paths in dot-commands are quoted with `'` and may not hold one.
    public var script: String {
        var script = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA cache_size=-131072;
            PRAGMA wal_autocheckpoint=0;
            PRAGMA temp_store=MEMORY;
            ATTACH '\(source)' AS src;
            .headers off
            .mode list

            """
        let (setup, transaction, differences) =
            switch layout {
            case .copy: (copySetup, copyTransaction, copyDifferences)
            case .minimal: (minimalSetup, minimalTransaction, minimalDifferences)
            }
        script += setup + ".timer on\n"
        for (index, first) in stride(from: 0, to: leadCount, by: batchSize).enumerated() {
            if index > 0, index.isMultiple(of: transactionsPerCheckpoint) { script += "PRAGMA wal_checkpoint(PASSIVE);\n" }
            script += transaction(first, min(first + batchSize, leadCount)) + "\n"
        }
        script += """
            .timer off
            SELECT 'version', sqlite_version();
            SELECT 'rows', (SELECT count(*) FROM leads), (SELECT count(*) FROM lead_identities), (SELECT count(*) FROM list_members),
                (SELECT count(*) FROM src.leads), (SELECT count(*) FROM src.lead_identities), (SELECT count(*) FROM src.list_members);

            """
        return script + differences
    }

    /// Copies the Lead tables' definitions from the source and stages its rows, numbered in the
    /// order the import wrote the Leads.
    private var copySetup: String {
        let tableNames = Self.tables.map { "'\($0)'" }.joined(separator: ", ")
        return """
            .once '\(source)-replay-schema.sql'
            SELECT sql || ';' FROM src.sqlite_master
                WHERE tbl_name IN (\(tableNames)) AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type = 'index', name;
            .read '\(source)-replay-schema.sql'
            CREATE TEMP TABLE stage_leads AS SELECT * FROM src.leads ORDER BY rowid;
            CREATE TEMP TABLE stage_identities AS
                SELECT l.rowid AS n, i.workspace_id, i.key, i.lead_id FROM stage_leads l JOIN src.lead_identities i ON i.lead_id = l.id;
            CREATE INDEX temp.stage_identities_n ON stage_identities (n);
            CREATE TEMP TABLE stage_members AS
                SELECT l.rowid AS n, m.list_id, m.lead_id, m.lead_type, m.added_at, m.attributes
                FROM stage_leads l JOIN src.list_members m ON m.lead_id = l.id;
            CREATE INDEX temp.stage_members_n ON stage_members (n);

            """
    }

    /// One transaction on one line, so the shell's timer times it whole.
    private func copyTransaction(first: Int, last: Int) -> String {
        "BEGIN IMMEDIATE;"
            + " INSERT INTO leads SELECT * FROM stage_leads WHERE rowid > \(first) AND rowid <= \(last);"
            + " INSERT INTO lead_identities (workspace_id, key, lead_id)"
            + " SELECT workspace_id, key, lead_id FROM stage_identities WHERE n > \(first) AND n <= \(last);"
            + " INSERT INTO list_members (list_id, lead_id, lead_type, added_at, attributes)"
            + " SELECT list_id, lead_id, lead_type, added_at, attributes FROM stage_members WHERE n > \(first) AND n <= \(last);"
            + " COMMIT;"
    }

    /// Rows of the source with no identical row in the copy.
    private var copyDifferences: String {
        """
        SELECT 'differences',
            (SELECT count(*) FROM (SELECT * FROM src.leads EXCEPT SELECT * FROM leads))
            + (SELECT count(*) FROM (SELECT * FROM src.lead_identities EXCEPT SELECT * FROM lead_identities))
            + (SELECT count(*) FROM (SELECT * FROM src.list_members EXCEPT SELECT * FROM list_members));

        """
    }

    /// What a run did, read from the shell's output.
    public struct Outcome: Sendable, Equatable {
        /// Seconds inside the transactions: the writer's time.
        public var transactionSeconds: Double
        /// Seconds in the checkpoints between them, which the server spends on another thread,
        /// mostly waiting for the file to be synced.
        public var checkpointSeconds: Double
        /// CPU seconds (user and system) of those checkpoints.
        public var checkpointCPUSeconds: Double
        /// The shell's SQLite version.
        public var sqliteVersion: String
        /// Leads, identity keys and memberships written by the replay.
        public var replayed: [Int]
        /// The same counts in the source.
        public var source: [Int]
        /// Rows of the source with no identical row in the copy (with ``Layout/minimal``, no row
        /// carrying the same values for the same Lead body).
        public var differences: Int

        /// Whether the copy holds exactly the source's rows.
        public var isFaithful: Bool { replayed == source && differences == 0 }

        /// - Parameter shellOutput: The shell's standard output for ``SQLiteLeadReplay/script``:
        ///   a `Run Time: real R user U sys S` line for each transaction and each checkpoint (after
        ///   the checkpoint's `busy|log|checkpointed` row), then the version and the checks.
        /// - Returns: nil when the output is not what the script prints.
        public init?(shellOutput: String) {
            var (transactionSeconds, checkpointSeconds, checkpointCPUSeconds) = (0.0, 0.0, 0.0)
            var afterCheckpoint = false
            var sqliteVersion: String?
            var replayed: [Int]?
            var source: [Int]?
            var differences: Int?
            for line in shellOutput.split(separator: "\n") {
                let values = line.split(separator: "|").dropFirst()
                if line.hasPrefix("Run Time:") {
                    let fields = line.split(separator: " ").compactMap { Double($0) }
                    guard fields.count == 3 else { return nil }
                    if afterCheckpoint {
                        checkpointSeconds += fields[0]
                        checkpointCPUSeconds += fields[1] + fields[2]
                    } else {
                        transactionSeconds += fields[0]
                    }
                    afterCheckpoint = false
                } else if line.hasPrefix("version|") {
                    sqliteVersion = values.first.map(String.init)
                } else if line.hasPrefix("rows|") {
                    let counts = values.compactMap { Int($0) }
                    guard counts.count == 6 else { return nil }
                    (replayed, source) = (Array(counts.prefix(3)), Array(counts.suffix(3)))
                } else if line.hasPrefix("differences|") {
                    differences = values.first.flatMap { Int($0) }
                } else {
                    // A checkpoint's result row (busy|log|checkpointed) comes before its timer line.
                    afterCheckpoint = values.count == 2
                }
            }
            guard let sqliteVersion, let replayed, let source, let differences else { return nil }
            self.transactionSeconds = transactionSeconds
            self.checkpointSeconds = checkpointSeconds
            self.checkpointCPUSeconds = checkpointCPUSeconds
            self.sqliteVersion = sqliteVersion
            self.replayed = replayed
            self.source = source
            self.differences = differences
        }
    }
}

import ArgumentParser
import Foundation
import PuffleCore
import PuffleStore

/// The operator commands of `puffle`: they run the server or talk to the database directly
/// (same `PUFFLE_DATABASE_URL`), like `createuser` does for PostgreSQL.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "puffle",
        abstract: "Run and administer a self-hosted Puffle.",
        subcommands: [
            Serve.self, WorkerCommand.self, Migrate.self, WorkspaceCommand.self, KeyCommand.self, CreditsCommand.self, JobsCommand.self,
            ProspectsCommand.self, Bench.self,
        ]
    )

    /// The first words that belong to operator commands rather than to the API client: the names of
    /// the subcommands above, so adding one there is all it takes.
    static var words: Set<String> { Set(configuration.subcommands.map { $0._commandName }) }

    /// One line per operator command and subcommand, from their declarations: `puffle --help`'s first half.
    static var commandList: String {
        configuration.subcommands.flatMap { command -> [String] in
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return [line(["puffle", command._commandName], command.configuration.abstract)] }
            return subcommands.map { line(["puffle", command._commandName, $0._commandName], $0.configuration.abstract) }
        }.joined(separator: "\n")
    }

    private static func line(_ words: [String], _ abstract: String) -> String {
        "  " + words.joined(separator: " ").padding(toLength: 34, withPad: " ", startingAt: 0) + " " + abstract
    }
}

/// Where the database is: `--database-url`, else `PUFFLE_DATABASE_URL`, else `./puffle.db`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite:PATH or postgres://user@host:port/db (default: PUFFLE_DATABASE_URL, else sqlite:./puffle.db)")
    var databaseURL: String?

    func url() throws -> DatabaseURL {
        guard let text = databaseURL ?? ProcessInfo.processInfo.environment["PUFFLE_DATABASE_URL"] else { return .defaultSQLite }
        return try DatabaseURL(parsing: text)
    }

    /// Opens the database, runs `body`, and closes it however `body` ends. Says on stderr which
    /// database it opened; only `creating` commands (serve, migrate, workspace create) may start a
    /// new SQLite file, so a command run from another folder does not quietly make an empty one.
    func withDatabase<T: Sendable>(creating: Bool = false, _ body: (PuffleDatabase) async throws -> T) async throws -> T {
        let url = try url()
        if url.isMissingSQLiteFile, !creating {
            throw PuffleError.notFound(
                "no database at \(url.displayText). Run this where `puffle serve` keeps its puffle.db, or pass --database-url (PUFFLE_DATABASE_URL)")
        }
        FileHandle.standardError.write(Data("puffle: database \(url.displayText)\n".utf8))
        let database = try await PuffleDatabase.open(url, clock: SystemClock())
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

/// Prints one JSON value on stdout, compact and with sorted keys.
func printJSON(_ value: JSONValue) {
    printEncoded(value)
}

/// Prints an Encodable value as one line of JSON with sorted keys.
func printEncoded(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (serve also applies them on start).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withDatabase(creating: true) { _ in }
        FileHandle.standardError.write(Data("migrations are up to date\n".utf8))
    }
}

import ArgumentParser
import Foundation
import Logging

/// The `puffle` entry point: operator words go to ``OperatorCommand``, everything else to the
/// API client, whose commands come from the endpoint declarations.
public enum PuffleMain {
    public static func run(_ arguments: [String]) async -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        // Logs go to stderr so stdout carries only results (`workspace create` prints one JSON object).
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        if arguments.isEmpty || arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
            print(overview)
            return 0
        }
        if OperatorCommand.words.contains(arguments[0]) {
            do {
                var command = try OperatorCommand.parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                OperatorCommand.exit(withError: error)
            }
        }
        guard let (endpoint, rest) = ClientCommand.match(arguments) else {
            FileHandle.standardError.write(Data("puffle: unknown command \(arguments.prefix { !$0.hasPrefix("-") }.joined(separator: " ")); see puffle --help\n".utf8))
            return 2
        }
        return await ClientCommand(environment: environment).run(endpoint: endpoint, arguments: rest)
    }

    static var overview: String {
        """
        puffle: self-hosted Puffle

        Operator commands (talk to PUFFLE_DATABASE_URL directly):
          puffle serve [--host H] [--port P] [--workers N]
                                               run the API and N job workers (SQLite ./puffle.db by default)
          puffle worker [--workers N]          run job workers only (PostgreSQL)
          puffle migrate                       apply database migrations
          puffle workspace create --name N [--credits C] [--email E]
          puffle workspace list
          puffle key create --workspace ID     puffle key revoke --workspace ID [--prefix P]
          puffle credits grant --workspace ID --amount N
          puffle prospects import FILE         load the prospect database Lead Search reads (.jsonl or .csv)
          puffle prospects count
          puffle jobs list [--status S] [--kind K]    puffle jobs show|retry|cancel --id ID
          puffle bench import|jobs|search      benchmarks (see README)

        API commands (PUFFLE_API_KEY, PUFFLE_API_BASE_URL; --format json|pretty|raw; <command> --help):
        \(ClientHelp.commandList)
        """
    }
}

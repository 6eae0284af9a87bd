import ArgumentParser
import Foundation
import Logging
import PuffleCore

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
        let ordered = globalFlagsAfterCommand(arguments)
        if let first = ordered.first, OperatorCommand.words.contains(first) {
            return await runOperator(ordered)
        }
        guard let (endpoint, rest) = ClientCommand.match(ordered) else {
            FileHandle.standardError.write(Data("puffle: unknown command \(ordered.prefix { !$0.hasPrefix("-") }.joined(separator: " ")); see puffle --help\n".utf8))
            return 2
        }
        return await ClientCommand(environment: environment).run(endpoint: endpoint, arguments: rest)
    }

    /// Runs an operator command.
    /// - Returns: 0, or 1 after printing a ``PuffleError``'s message to stderr. Usage errors and
    ///   `--help` exit through ArgumentParser, which prints them its own way.
    static func runOperator(_ arguments: [String]) async -> Int32 {
        do {
            var command = try OperatorCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as PuffleError {
            // ArgumentParser would print `Error: notFound("…")`: the enum's debug text.
            error.report()
            return 1
        } catch {
            OperatorCommand.exit(withError: error)
        }
    }

    /// The arguments with the client's global flags moved from before the command words to after
    /// them (`puffle --format raw account` is `puffle account --format raw`): the contract calls
    /// `--format` global, and each command's flag parser is what reads it.
    static func globalFlagsAfterCommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--format" {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--format=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return Array(rest) + leading
    }

    static var overview: String {
        """
        puffle: self-hosted Puffle

        Operator commands (talk to PUFFLE_DATABASE_URL directly; <command> --help for flags):
        \(OperatorCommand.commandList)

        API commands (PUFFLE_API_KEY, PUFFLE_API_BASE_URL; --format json|pretty|raw before or after the command; <command> --help):
        \(ClientHelp.commandList)
        """
    }
}

import Foundation
import PuffleAPI

/// Help text made from the endpoint declarations, so it cannot disagree with the API.
enum ClientHelp {
    /// `puffle <command> --help`.
    static func text(for flags: CommandFlags) -> String {
        let endpoint = flags.endpoint
        let words = "puffle " + (endpoint.command ?? []).joined(separator: " ")
        // `list import` takes its rows from --leads or from --file.
        let fileReplaces = endpoint.commandExtras.fileReplaces
        let takesFile = fileReplaces != nil
        let hasFileAlternative = { (flag: CommandFlags.Flag) in flag.field == fileReplaces }
        let required = flags.flags.filter(\.required).map { flag in
            hasFileAlternative(flag) ? "--\(flag.name) <\(flag.name)> | --file <file>" : "--\(flag.name) <\(flag.name)>"
        }
        var lines = [
            endpoint.summary,
            "",
            "  \(endpoint.method.rawValue) \(endpoint.path)",
            "",
            "Usage:",
            "  " + ([words] + required).joined(separator: " "),
        ]
        if !endpoint.description.isEmpty { lines += ["", endpoint.description] }
        lines += ["", "Flags:"]
        for flag in flags.flags {
            let value = CommandFlags.isBoolean(flag.schema) ? "" : " <\(flag.name)>"
            let requirement = !flag.required ? "" : hasFileAlternative(flag) ? " (required unless --file)" : " (required)"
            lines.append("  --\(flag.name)\(value)\(requirement)\n      \(flag.help)")
        }
        if takesFile {
            lines.append("  --file <leads.csv|leads.jsonl>\n      Stream a file in batches of \(API.maxImportBatch) instead of --leads; progress on stderr")
            lines += CSVLead.fileHelp.map { "      " + $0 }
        }
        if endpoint.commandExtras.waits {
            lines.append("  --wait\n      Poll the task (1 s, doubling to 8 s) until done or failed, with progress on stderr; exit 1 if it failed")
        }
        lines.append("  --format json|pretty|raw\n      json (default) prints formatted JSON for programs; pretty a view for people (aligned fields, tables, counts on one line); raw prints the body as received")
        lines += ["", "Environment: PUFFLE_API_KEY (required), PUFFLE_API_BASE_URL (default http://127.0.0.1:8080)"]
        return lines.joined(separator: "\n")
    }

    /// The client half of `puffle --help`.
    static var commandList: String {
        API.all.compactMap { endpoint in
            endpoint.command.map { "  puffle \($0.joined(separator: " "))".padding(toLength: 36, withPad: " ", startingAt: 0) + endpoint.summary }
        }.joined(separator: "\n")
    }
}

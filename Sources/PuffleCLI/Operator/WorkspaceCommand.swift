import ArgumentParser
import PuffleCore
import PuffleStore

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Create and list workspaces.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace; prints {\"workspaceId\", \"apiKey\"} once.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Workspace name") var name: String
        @Option(help: "Opening credit balance") var credits: Int = 1000
        @Option(help: "Account email shown by GET /api/account") var email: String?

        func run() async throws {
            let (workspace, key) = try await database.withDatabase(creating: true) { database in
                try await Stores.sql(database).workspaces.createWorkspace(name: name, account: Account(email: email), credits: credits)
            }
            printJSON(["workspaceId": .string(workspace.id), "apiKey": .string(key.value)])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List workspaces as JSON lines.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows = try await database.withDatabase { database in
                let stores = Stores.sql(database)
                var rows: [JSONValue] = []
                for workspace in try await stores.workspaces.workspaces() {
                    let balance = try await stores.credits.balance(workspaceId: workspace.id)
                    rows.append([
                        "workspaceId": .string(workspace.id), "name": .string(workspace.name),
                        "createdAt": .string(workspace.createdAt.iso8601), "credits": .integer(Int64(balance)),
                    ])
                }
                return rows
            }
            rows.forEach(printJSON)
        }
    }
}

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: "Create and revoke API keys.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; prints it once. A workspace has one active key: revoke it first, or pass --rotate.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Workspace id") var workspace: String
        @Flag(help: "Keep the active key working beside the new one (a rollover without downtime); revoke the old one by prefix afterwards")
        var rotate = false

        func run() async throws {
            let key = try await database.withDatabase { try await Stores.sql($0).keys.createKey(workspaceId: workspace, besideActive: rotate) }
            printJSON(["workspaceId": .string(workspace), "apiKey": .string(key.value), "prefix": .string(key.prefix)])
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by prefix, or every active key of the workspace.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Workspace id") var workspace: String
        @Option(help: "The key's prefix (pk_live_ + 16 hex); omit to revoke all") var prefix: String?

        func run() async throws {
            let count = try await database.withDatabase { try await Stores.sql($0).keys.revokeKeys(workspaceId: workspace, prefix: prefix) }
            printJSON(["workspaceId": .string(workspace), "revoked": .integer(Int64(count))])
        }
    }
}

struct CreditsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credits", abstract: "Grant credits.", subcommands: [Grant.self])

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add credits to a workspace (negative to remove); prints the balance.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Workspace id") var workspace: String
        @Option(help: "Credits to add") var amount: Int
        @Option(help: "Ledger note") var reason: String = "operator grant"

        func run() async throws {
            let balance = try await database.withDatabase {
                try await Stores.sql($0).credits.grant(workspaceId: workspace, amount: amount, reason: reason)
            }
            printJSON(["workspaceId": .string(workspace), "balance": .integer(Int64(balance))])
        }
    }
}

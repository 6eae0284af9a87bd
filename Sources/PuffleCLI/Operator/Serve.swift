import ArgumentParser
import Foundation
import Hummingbird
import PuffleCore
import PuffleHTTP
import PuffleStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the API. On an empty database, creates a workspace and prints its API key once.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on (default PUFFLE_HOST, else 127.0.0.1)") var host: String?
    @Option(help: "Port (default PUFFLE_PORT, else 8080)") var port: Int?

    func run() async throws {
        var config = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
        if let host { config.host = host }
        if let port { config.port = port }
        let opened = try await PuffleDatabase.open(try database.url())
        let stores = Stores.sql(opened)
        if try await stores.workspaces.workspaces().isEmpty {
            let (workspace, key) = try await stores.workspaces.createWorkspace(name: "Default workspace", account: Account(), credits: 1000)
            let base = "http://\(config.host):\(config.port)"
            FileHandle.standardOutput.write(Data("""
                Created workspace \(workspace.id). Its API key, shown only this once:

                    \(key.value)

                Try it:  curl -H "Authorization: Bearer \(key.value)" \(base)/api/account


                """.utf8))
        }
        let app = buildApplication(config: config, stores: stores)
        do {
            try await app.runService()
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
    }
}

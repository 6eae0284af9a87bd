import Foundation
import PuffleAPI
import PuffleClient
import PuffleCore

/// Runs `puffle <words> [--flags]` against the API: the words pick an endpoint of ``API/all``,
/// the flags fill its path, query and body. Reads `PUFFLE_API_KEY` and `PUFFLE_API_BASE_URL`.
struct ClientCommand {
    enum Format: String {
        case json
        case pretty
        case raw
    }

    let environment: [String: String]

    /// The endpoint whose command is the longest prefix of the words, and the rest of the arguments.
    static func match(_ arguments: [String]) -> (Endpoint, [String])? {
        let words = Array(arguments.prefix { !$0.hasPrefix("-") })
        let candidates = API.all.compactMap { endpoint -> (Endpoint, Int)? in
            guard let command = endpoint.command, command.count <= words.count, Array(words.prefix(command.count)) == command else { return nil }
            return (endpoint, command.count)
        }
        guard let longest = candidates.map(\.1).max(), longest == words.count else { return nil }
        // Words two endpoints share (`puffle campaign`, `puffle campaign --id`) are told apart by
        // the path's flags: the one whose path parameters are all given, else the one with none.
        let tied = candidates.filter { $0.1 == longest }.map(\.0)
        let given = Set(arguments.dropFirst(longest).filter { $0.hasPrefix("--") }.map { String($0.dropFirst(2).prefix { $0 != "=" }) })
        let best = tied.first { endpoint in
            let names = endpoint.pathParameterNames.map(CommandFlags.kebab)
            return !names.isEmpty && names.allSatisfy(given.contains)
        } ?? tied.first { $0.pathParameterNames.isEmpty } ?? tied[0]
        return (best, Array(arguments.dropFirst(longest)))
    }

    /// Runs the command. - Returns: The process exit code.
    func run(endpoint: Endpoint, arguments: [String]) async -> Int32 {
        let flags = CommandFlags(endpoint: endpoint)
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ClientHelp.text(for: flags))
            return 0
        }
        do {
            let parsed = try ParsedArguments(arguments: arguments, flags: flags)
            _ = try client()
            if endpoint.commandExtras.fileReplaces != nil, let file = parsed.file {
                return try await ListImportFile(client: try client(), format: parsed.format).run(file: file, values: parsed.values)
            }
            let response = try await send(endpoint: endpoint, flags: flags, values: parsed.values)
            if parsed.wait, response.status == 202 {
                return try await LeadSearchWait(client: try client(), format: parsed.format).run(created: response)
            }
            return Self.output(response, format: parsed.format)
        } catch let error as PuffleError {
            error.report()
            return 2
        } catch let error as PuffleHTTPClient.TransportError {
            // The request never got an answer: most often no server is listening there.
            FileHandle.standardError.write(Data("""
                puffle: could not reach the API at \(baseURL) (\(error)).
                Is the server running? Start it with `puffle serve`, or point PUFFLE_API_BASE_URL at it.

                """.utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("puffle: request failed: \(error)\n".utf8))
            return 1
        }
    }

    var baseURL: String { environment["PUFFLE_API_BASE_URL"] ?? "http://127.0.0.1:8080" }

    func client() throws -> PuffleHTTPClient {
        guard let url = URL(string: baseURL), url.scheme != nil else { throw PuffleError.invalidRequest("PUFFLE_API_BASE_URL is not a URL: \(baseURL)") }
        guard let key = environment["PUFFLE_API_KEY"], !key.isEmpty else {
            throw PuffleError.invalidRequest(
                "PUFFLE_API_KEY is not set. Export the key `puffle serve` printed on its first start, or make one: puffle key create --workspace <id>")
        }
        return PuffleHTTPClient(baseURL: url, apiKey: key)
    }

    private func send(endpoint: Endpoint, flags: CommandFlags, values: [String: JSONValue]) async throws -> PuffleHTTPClient.Response {
        var path = endpoint.path
        var query: [URLQueryItem] = []
        var body: JSONObject = [:]
        var headers: [String: String] = [:]
        for flag in flags.flags {
            guard let value = values[flag.name] else {
                if flag.required { throw PuffleError.invalidRequest("missing --\(flag.name) (\(flag.help)); see --help") }
                continue
            }
            switch flag.location {
            case .path: path = path.replacingOccurrences(of: "{\(flag.field)}", with: value.stringValue ?? "")
            case .query: query.append(URLQueryItem(name: flag.field, value: value.stringValue ?? Self.compact(value)))
            case .header: headers[flag.field] = value.stringValue ?? Self.compact(value)
            case .body: body[flag.field] = value
            }
        }
        let data = endpoint.body == nil ? nil : try JSONEncoder().encode(JSONValue.object(body))
        return try await client().send(method: endpoint.method.rawValue, path: path, query: query, headers: headers, body: data)
    }

    /// The text of a successful body in a format.
    static func render(_ value: JSONValue, format: Format) -> String {
        switch format {
        case .json: prettyJSON(value)
        case .pretty: HumanView.render(value)
        case .raw: compact(value)
        }
    }

    /// Prints the body to stdout, or an error to stderr. - Returns: 0 on success, 1 on an error status.
    static func output(_ response: PuffleHTTPClient.Response, format: Format) -> Int32 {
        let text: String
        if format == .raw {
            text = String(decoding: response.body, as: UTF8.self)
        } else if let value = try? JSONDecoder().decode(JSONValue.self, from: response.body) {
            text = format == .pretty && response.status < 400 ? HumanView.render(value) : prettyJSON(value)
        } else {
            text = String(decoding: response.body, as: UTF8.self)
        }
        if response.status >= 400 {
            let correlation = response.headers["x-correlation-id"].map { " (correlation id \($0))" } ?? ""
            FileHandle.standardError.write(Data("puffle: HTTP \(response.status)\(correlation)\n\(text)\n".utf8))
            return 1
        }
        print(text)
        return 0
    }

    static func prettyJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? ""
    }

    static func compact(_ value: JSONValue) -> String {
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? ""
    }
}

/// The flag values of one invocation.
struct ParsedArguments {
    var values: [String: JSONValue] = [:]
    var format: ClientCommand.Format = .json
    /// `--file` of `puffle list import`.
    var file: String?
    /// `--wait` of `puffle lead search create`.
    var wait = false

    init(arguments: [String], flags: CommandFlags) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw PuffleError.invalidRequest("unexpected argument \(argument); flags look like --name value") }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            let next = index + 1 < arguments.count && !arguments[index + 1].hasPrefix("--") ? arguments[index + 1] : nil
            if name == "wait" {
                guard flags.endpoint.commandExtras.waits else { throw PuffleError.invalidRequest("--wait is only for commands that start a task (puffle lead search create)") }
                wait = true
                index += 1
                continue
            }
            if name == "format" || name == "file" {
                guard let value = inline ?? next else { throw PuffleError.invalidRequest("--\(name) needs a value") }
                if name == "format" {
                    guard let format = ClientCommand.Format(rawValue: value) else { throw PuffleError.invalidRequest("--format is json, pretty or raw") }
                    self.format = format
                } else {
                    guard flags.endpoint.commandExtras.fileReplaces != nil else { throw PuffleError.invalidRequest("--file is only for commands that import rows (puffle list import)") }
                    file = value
                }
                index += inline == nil ? 2 : 1
                continue
            }
            guard let flag = flags.flags.first(where: { $0.name == name }) else {
                throw PuffleError.invalidRequest("unknown flag --\(name); see --help")
            }
            if CommandFlags.isBoolean(flag.schema) {
                if let text = inline ?? (next.flatMap { Bool($0) != nil ? $0 : nil }) {
                    values[name] = try CommandFlags.value(of: text, schema: flag.schema, flag: name)
                    index += inline == nil ? 2 : 1
                } else {
                    values[name] = .bool(true)
                    index += 1
                }
                continue
            }
            guard let text = inline ?? next else { throw PuffleError.invalidRequest("--\(name) needs a value") }
            values[name] = try CommandFlags.value(of: text, schema: flag.schema, flag: name)
            index += inline == nil ? 2 : 1
        }
    }
}

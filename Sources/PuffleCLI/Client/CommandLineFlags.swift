import Foundation
import PuffleAPI
import PuffleCore

/// The flags of one client command, derived from its endpoint: every path parameter, query
/// parameter and top-level body property becomes `--kebab-case`.
struct CommandFlags {
    enum Location {
        case path
        case query
        case header
        case body
    }

    struct Flag {
        var name: String
        var field: String
        var location: Location
        var schema: Schema
        var required: Bool
        var help: String
    }

    let endpoint: Endpoint
    let flags: [Flag]

    init(endpoint: Endpoint) {
        self.endpoint = endpoint
        var flags = endpoint.parameters.map { parameter in
            Flag(
                name: Self.kebab(parameter.name), field: parameter.name, location: parameter.location == .path ? .path : parameter.location == .header ? .header : .query,
                schema: parameter.schema, required: parameter.required, help: parameter.description)
        }
        var bodySchema = endpoint.body
        if case .ref(let name) = bodySchema { bodySchema = Components.all[name] }
        for property in bodySchema?.properties ?? [] where !flags.contains(where: { $0.field == property.name }) {
            flags.append(Flag(
                name: Self.kebab(property.name), field: property.name, location: .body, schema: property.schema,
                required: property.required, help: property.description ?? Self.describe(property.schema)))
        }
        self.flags = flags
    }

    /// `leadIds` and `lead_ids` both become `lead-ids`.
    static func kebab(_ name: String) -> String {
        var result = ""
        for character in name {
            if character == "_" {
                result.append("-")
            } else if character.isUppercase {
                // `Idempotency-Key` is `idempotency-key`, `listId` is `list-id`.
                result += (result.isEmpty || result.hasSuffix("-") ? "" : "-") + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func describe(_ schema: Schema) -> String {
        switch schema {
        case .string(_, let values, _, _, _): values.map { "one of " + $0.joined(separator: "|") } ?? "text"
        case .integer: "integer"
        case .boolean: "flag (presence means true)"
        case .array: "JSON array"
        case .object, .ref, .any: "JSON object"
        case .nullable(let inner): describe(inner)
        case .oneOf: "JSON value"
        case .number: "number"
        }
    }

    /// Whether a flag takes no value.
    static func isBoolean(_ schema: Schema) -> Bool {
        switch schema {
        case .boolean: true
        case .nullable(let inner): isBoolean(inner)
        default: false
        }
    }

    /// The JSON value of one flag's text, by its schema: numbers parsed, JSON flags decoded.
    static func value(of text: String, schema: Schema, flag: String) throws -> JSONValue {
        switch schema {
        case .nullable(let inner):
            return text == "null" ? .null : try value(of: text, schema: inner, flag: flag)
        case .integer:
            guard let number = Int(text) else { throw PuffleError.invalidRequest("--\(flag) needs an integer, got \(text)") }
            return .integer(Int64(number))
        case .number:
            guard let number = Double(text) else { throw PuffleError.invalidRequest("--\(flag) needs a number, got \(text)") }
            return .number(number)
        case .boolean:
            guard let flagValue = Bool(text) else { throw PuffleError.invalidRequest("--\(flag) takes true or false, got \(text)") }
            return .bool(flagValue)
        case .string:
            return .string(text)
        case .array(let items, _, _, _):
            if case .string = items, !text.trimmed.hasPrefix("[") {
                // A comma-separated list is accepted for arrays of strings: --lead-ids a,b,c
                return .array(text.split(separator: ",").map { .string(String($0).trimmed) })
            }
            let parsed = try json(text, flag: flag)
            guard case .array = parsed else { throw PuffleError.invalidRequest("--\(flag) needs a JSON array, e.g. '[...]'") }
            return parsed
        case .object, .ref, .any, .oneOf:
            let start = text.trimmed.first
            // A bare word where an object is expected (e.g. --name "Jane Doe") is sent as a string;
            // the server says whether it accepts that. Text that starts like JSON must be JSON.
            guard start == "{" || start == "[" else { return (try? JSONParser.parse(text)) ?? .string(text) }
            return try json(text, flag: flag)
        }
    }

    /// Parses a flag's JSON, saying where it is broken: `--leads: invalid JSON at line 1, column 18 (byte 17): expected ','`.
    static func json(_ text: String, flag: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch let error as JSONParser.SyntaxError {
            let before = Array(text.utf8.prefix(error.offset))
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            throw PuffleError.invalidRequest("--\(flag): invalid JSON at line \(line), column \(column) (byte \(error.offset)): \(error.reason)")
        }
    }
}

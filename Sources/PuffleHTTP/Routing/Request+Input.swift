import Foundation
import Hummingbird
import PuffleAPI
import PuffleCore

extension Request {
    /// Decodes the JSON body, answering 413 past the limit and 400 naming the field on bad JSON.
    ///
    /// The body is first parsed strictly (UTF-8, no control characters) and checked against the
    /// route's declared schema, so a wrong type or an out-of-range number is refused with the
    /// field's name, from the same declaration the OpenAPI document shows.
    func decodeJSON<T: Decodable>(as type: T.Type, context: PuffleRequestContext, emptyAs empty: String? = nil) async throws -> T {
        let buffer = try await collectJSON(context: context, required: empty == nil)
        if buffer.readableBytes == 0, let empty { return try JSONDecoding.decode(type, from: empty) }
        let value = try Self.parse(buffer)
        if let problems = context.bodySchema?.bodyProblems(of: value) { throw PuffleError.invalidRequest(problems) }
        return try JSONDecoding.decode(type, from: Data(buffer.readableBytesView))
    }

    /// Parses the JSON body with ``JSONParser`` (the fast path for large bodies such as imports).
    func parseJSON(context: PuffleRequestContext) async throws -> JSONValue {
        try Self.parse(try await collectJSON(context: context, required: true))
    }

    private static func parse(_ buffer: ByteBuffer) throws -> JSONValue {
        do {
            return try JSONParser.parse(buffer.readableBytesView, refusingControlCharacters: true)
        } catch let error as JSONParser.SyntaxError {
            throw PuffleError.invalidRequest("Body is not valid JSON: \(error.description)")
        }
    }

    private func collectJSON(context: PuffleRequestContext, required: Bool) async throws -> ByteBuffer {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw PuffleError.payloadTooLarge(limit: context.maxUploadSize)
        }
        if required, buffer.readableBytes == 0 { throw PuffleError.invalidRequest("A JSON body is required") }
        return buffer
    }
}

/// Reads and validates query parameters, decoded as a form (`+` is a space, `%XX` an escape).
struct QueryReader: Sendable {
    /// The longest value a query parameter may carry; search text beyond it is refused, not truncated.
    static let maxValueLength = TextLimits.queryValue

    private(set) var values: [String: String] = [:]
    /// The names in the order they were sent.
    private(set) var names: [String] = []

    init() {}

    /// Decodes a raw (still percent-encoded) query string.
    /// - Throws: `invalid_request` for a bad escape or a value longer than ``maxValueLength``.
    init(rawQuery: Substring) throws {
        let pairs: [(name: String, value: String)]
        do {
            pairs = try FormURLEncoding.pairs(rawQuery)
        } catch {
            throw PuffleError.invalidRequest("The query string has a malformed %-escape or is not UTF-8")
        }
        for (name, value) in pairs {
            guard TextLimits.fits(value, Self.maxValueLength) else {
                throw PuffleError.invalidRequest("\(name): at most \(Self.maxValueLength) characters, got \(value.count)")
            }
            if values[name] == nil { names.append(name) }
            values[name] = values[name] ?? value
        }
    }

    /// A non-empty string, or nil.
    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer within bounds, or the default. - Throws: `invalid_request` naming the parameter.
    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw PuffleError.invalidRequest("\(name): must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    /// A comma list of an enum's raw values (`view=sent,bounced`); nil when absent or empty.
    /// - Throws: `invalid_request` naming a value not allowed.
    func enumList<E: RawRepresentable & CaseIterable>(_ name: String, as type: E.Type) throws -> [E]? where E.RawValue == String {
        guard let text = string(name) else { return nil }
        return try text.split(separator: ",").map { piece in
            let raw = piece.trimmingCharacters(in: .whitespaces)
            guard let value = E(rawValue: raw) else { throw PuffleError.invalidRequest("\(name): each value must be one of \(E.caseList), got \"\(raw)\"") }
            return value
        }
    }

    /// `true` or `false`, or nil when absent. - Throws: `invalid_request` for any other value.
    func bool(_ name: String) throws -> Bool? {
        guard let text = values[name] else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw PuffleError.invalidRequest("\(name): must be true or false, got \"\(text)\"")
        }
    }

    /// One of an enum's raw values, or nil. - Throws: `invalid_request` listing the allowed values.
    func enumValue<E: RawRepresentable & CaseIterable>(_ name: String, as type: E.Type) throws -> E? where E.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let value = E(rawValue: text) else {
            throw PuffleError.invalidRequest("\(name): must be one of \(E.caseList), got \"\(text)\"")
        }
        return value
    }
}

import Foundation
import Hummingbird
import PuffleCore

extension Request {
    /// Decodes the JSON body, answering 413 past the limit and 400 naming the field on bad JSON.
    func decodeJSON<T: Decodable>(as type: T.Type, context: PuffleRequestContext, emptyAs empty: String? = nil) async throws -> T {
        let buffer = try await collectJSON(context: context, required: empty == nil)
        if buffer.readableBytes == 0, let empty { return try JSONDecoding.decode(type, from: empty) }
        return try JSONDecoding.decode(type, from: Data(buffer.readableBytesView))
    }

    /// Parses the JSON body with ``JSONParser`` (the fast path for large bodies such as imports).
    func parseJSON(context: PuffleRequestContext) async throws -> JSONValue {
        let buffer = try await collectJSON(context: context, required: true)
        do {
            return try JSONParser.parse(buffer.readableBytesView)
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

    /// The query parameters, read with errors that name the parameter.
    var query: QueryReader { QueryReader(parameters: uri.queryParameters) }
}

/// Reads and validates query parameters.
struct QueryReader {
    let parameters: Parameters

    /// A non-empty string, or nil.
    func string(_ name: String) -> String? {
        guard let value = parameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// An integer within bounds, or the default. - Throws: `invalid_request` naming the parameter.
    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = parameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw PuffleError.invalidRequest("\(name): must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    /// One of an enum's raw values, or nil. - Throws: `invalid_request` listing the allowed values.
    func enumValue<E: RawRepresentable & CaseIterable>(_ name: String, as type: E.Type) throws -> E? where E.RawValue == String {
        guard let text = parameters.get(name) else { return nil }
        guard let value = E(rawValue: text) else {
            throw PuffleError.invalidRequest("\(name): must be one of \(E.caseList), got \"\(text)\"")
        }
        return value
    }
}

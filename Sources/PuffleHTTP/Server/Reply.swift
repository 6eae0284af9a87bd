import Foundation
import HTTPTypes
import Hummingbird
import PuffleCore

/// A JSON response body with its status, rendered when the response is written.
public struct Reply: Sendable {
    public var status: HTTPResponse.Status
    private let render: @Sendable () throws -> [UInt8]

    /// A body written by Foundation's `JSONEncoder`: for small DTOs.
    public init(_ body: some Encodable & Sendable, status: HTTPResponse.Status = .ok) {
        self.status = status
        self.render = { Array(try JSONEncoder().encode(body)) }
    }

    /// A ``JSONValue`` body, written by ``JSONWriter``.
    public init(_ value: JSONValue, status: HTTPResponse.Status = .ok) {
        self.status = status
        self.render = {
            var writer = JSONWriter()
            writer.write(value)
            return writer.bytes
        }
    }

    /// A body already written, e.g. Leads spliced from their stored JSON.
    public init(rendered writer: JSONWriter, status: HTTPResponse.Status = .ok) {
        self.status = status
        let bytes = writer.bytes
        self.render = { bytes }
    }

    /// The response.
    func response() throws -> Response {
        JSONResponse.make(bytes: try render(), status: status)
    }
}

/// Writes JSON responses, errors included, the same way everywhere.
enum JSONResponse {
    static func make(bytes: [UInt8], status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The `{"error":{"code","message"}}` envelope, with any extra top-level keys.
    static func error(status: HTTPResponse.Status, code: String, message: String, extra: JSONObject = [:], headers: HTTPFields = [:]) -> Response {
        var envelope = extra
        envelope["error"] = ["code": .string(code), "message": .string(message)]
        var writer = JSONWriter()
        writer.write(.object(envelope))
        return make(bytes: writer.bytes, status: status, headers: headers)
    }
}

/// `{"success": true}`.
public struct SuccessBody: Codable, Sendable {
    public var success = true
}

extension JSONWriter {
    /// Writes Lead records as a JSON array.
    mutating func write(records: [LeadRecord]) {
        writeASCII("[")
        for index in records.indices {
            if index > 0 { writeASCII(",") }
            records[index].write(into: &self)
        }
        writeASCII("]")
    }
}

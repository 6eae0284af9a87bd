import HTTPTypes
import Foundation
import Hummingbird
import PuffleCore

/// A JSON response body with its status.
public struct Reply<Body: Encodable & Sendable>: Sendable {
    public var status: HTTPResponse.Status
    public var body: Body

    public init(_ body: Body, status: HTTPResponse.Status = .ok) {
        self.status = status
        self.body = body
    }

    /// The response, encoded once.
    func response() throws -> Response {
        try JSONResponse.make(body, status: status)
    }
}

/// Encodes JSON responses, errors included, the same way everywhere.
enum JSONResponse {
    static func make(_ body: some Encodable, status: HTTPResponse.Status, headers: HTTPFields = [:]) throws -> Response {
        let data = try JSONEncoder().encode(body)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The `{"error":{"code","message"}}` envelope.
    static func error(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) -> Response {
        let envelope: JSONValue = ["error": ["code": .string(code), "message": .string(message)]]
        return (try? make(envelope, status: status, headers: headers))
            ?? Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"internal_error","message":"Internal error"}}"#)))
    }
}

/// `{"success": true}`.
public struct SuccessBody: Codable, Sendable {
    public var success = true
}

import PuffleCore

/// An OpenAPI link from an endpoint's success response to another operation that takes the id it
/// answered with: what an agent (or schemathesis' stateful phase) does next with a new resource.
public struct EndpointLink: Sendable {
    /// Where the id goes in the next request.
    public enum Target: Sendable {
        case path, query, body
    }

    public var name: String
    public var operationId: String
    /// A JSON pointer into the response body, e.g. `/list/id`.
    public var idPointer: String
    public var target: Target
    /// The parameter or body field that takes it.
    public var field: String

    public init(_ name: String, to operationId: String, id idPointer: String, in target: Target, as field: String = "id") {
        self.name = name
        self.operationId = operationId
        self.idPointer = idPointer
        self.target = target
        self.field = field
    }

    /// The link object of the OpenAPI document.
    var json: JSONValue {
        let expression = JSONValue.string("$response.body#" + idPointer)
        switch target {
        case .path: return ["operationId": .string(operationId), "parameters": .object(["path.\(field)": expression])]
        case .query: return ["operationId": .string(operationId), "parameters": .object(["query.\(field)": expression])]
        case .body: return ["operationId": .string(operationId), "requestBody": .object([field: expression])]
        }
    }
}

extension Endpoint {
    /// The same endpoint, its success response linking to these operations.
    public func linking(_ links: EndpointLink...) -> Endpoint {
        var copy = self
        copy.links += links
        return copy
    }
}

import Foundation
import PuffleCore

/// Decodes request JSON and turns decoder failures into `invalid_request` errors that name the field.
enum JSONDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decode(type, from: Data(text.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw PuffleError.invalidRequest(describe(error))
        } catch let error as PuffleError {
            throw error
        } catch {
            throw PuffleError.invalidRequest("Body is not valid JSON")
        }
    }

    /// "leads[3].type: expected a string" style messages.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type)), got null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): is required"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "Body is not valid JSON" }
            // Swift's RawRepresentable text ("Cannot initialize X from invalid String value y") names
            // an internal type; enums that adopt ``CaseDecodable`` say which values are allowed instead.
            if context.debugDescription.hasPrefix("Cannot initialize ") { return "\(path(context.codingPath)): is not one of the allowed values" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "Body is invalid"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        default: String(describing: type).contains("Dictionary") ? "an object" : "a value of type \(type)"
        }
    }
}

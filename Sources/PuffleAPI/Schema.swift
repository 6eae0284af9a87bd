import PuffleCore

/// A JSON Schema (the subset OpenAPI 3.1 documents here need), used both to write the OpenAPI
/// document and to check real responses against it in tests.
public indirect enum Schema: Sendable {
    case string(format: String? = nil, enumValues: [String]? = nil, description: String? = nil, minLength: Int? = nil, maxLength: Int? = nil)
    case integer(minimum: Int? = nil, maximum: Int? = nil, description: String? = nil)
    case number
    case boolean(description: String? = nil)
    case array(Schema, minItems: Int? = nil, maxItems: Int? = nil, description: String? = nil)
    case object([Property], additionalProperties: Bool = true, description: String? = nil)
    /// A named schema under `components/schemas`.
    case ref(String)
    case nullable(Schema)
    /// Exactly one of several schemas.
    case oneOf([Schema])
    /// Any JSON value.
    case any(description: String? = nil)

    /// A free-form JSON object.
    public static let freeObject = Schema.object([], additionalProperties: true)
    /// A plain string.
    public static let text = Schema.string()
    /// A non-empty id.
    public static let id = Schema.string(minLength: 1, maxLength: TextLimits.id)
    /// A name: a List's, a Lead's.
    public static let name = Schema.string(maxLength: TextLimits.name)

    /// One property of an object schema.
    public struct Property: Sendable {
        public var name: String
        public var schema: Schema
        public var required: Bool
        public var description: String?

        public init(_ name: String, _ schema: Schema, required: Bool = false, description: String? = nil) {
            self.name = name
            self.schema = schema
            self.required = required
            self.description = description
        }
    }

    /// The properties of an object schema, or none.
    public var properties: [Property] {
        if case .object(let properties, _, _) = self { return properties }
        return []
    }

    /// The schema as a JSON Schema document.
    public var json: JSONValue {
        switch self {
        case .string(let format, let values, let description, let minLength, let maxLength):
            var object: JSONObject = ["type": "string"]
            if let format { object["format"] = .string(format) }
            if let minLength { object["minLength"] = .integer(Int64(minLength)) }
            if let maxLength { object["maxLength"] = .integer(Int64(maxLength)) }
            if let values { object["enum"] = .array(values.map(JSONValue.string)) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .integer(let minimum, let maximum, let description):
            var object: JSONObject = ["type": "integer"]
            if let minimum { object["minimum"] = .integer(Int64(minimum)) }
            if let maximum { object["maximum"] = .integer(Int64(maximum)) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .number:
            return ["type": "number"]
        case .boolean(let description):
            var object: JSONObject = ["type": "boolean"]
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .array(let items, let minItems, let maxItems, let description):
            var object: JSONObject = ["type": "array", "items": items.json]
            if let minItems { object["minItems"] = .integer(Int64(minItems)) }
            if let maxItems { object["maxItems"] = .integer(Int64(maxItems)) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .object(let properties, let additional, let description):
            var object: JSONObject = ["type": "object", "additionalProperties": .bool(additional)]
            object["properties"] = .object(Dictionary(uniqueKeysWithValues: properties.map { property in
                var schema = property.schema.json
                if let description = property.description, case .object(var fields) = schema, fields["$ref"] == nil {
                    fields["description"] = .string(description)
                    schema = .object(fields)
                }
                return (property.name, schema)
            }))
            let required = properties.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { object["required"] = .array(required) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .ref(let name):
            return ["$ref": .string("#/components/schemas/\(name)")]
        case .nullable(let schema):
            return ["oneOf": [schema.json, ["type": "null"]]]
        case .oneOf(let schemas):
            return ["oneOf": .array(schemas.map(\.json))]
        case .any(let description):
            return description.map { ["description": .string($0)] } ?? [:]
        }
    }
}


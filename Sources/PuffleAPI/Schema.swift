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
    /// A name that, when sent, may not be blank.
    public static let nonBlankName = Schema.string(minLength: 1, maxLength: TextLimits.name)

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

    /// The names of the components this schema refers to, directly or through them.
    public func referencedComponents(in components: [String: Schema], into found: inout Set<String>) {
        switch self {
        case .ref(let name):
            guard found.insert(name).inserted else { return }
            components[name]?.referencedComponents(in: components, into: &found)
        case .array(let items, _, _, _), .nullable(let items):
            items.referencedComponents(in: components, into: &found)
        case .object(let properties, _, _):
            for property in properties { property.schema.referencedComponents(in: components, into: &found) }
        case .oneOf(let schemas):
            for schema in schemas { schema.referencedComponents(in: components, into: &found) }
        case .string, .integer, .number, .boolean, .any:
            return
        }
    }

    /// The properties of an object schema, or none.
    public var properties: [Property] {
        if case .object(let properties, _, _) = self { return properties }
        return []
    }

    /// What a JSON body's strings may hold: the server's parser refuses control characters other
    /// than tab and line breaks in every string of a body, keys included.
    public static let textPattern = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]*$"
    /// ``textPattern`` with at least one character that is not white space: the server trims what
    /// must not be empty (ids, names, prompts), so blank is empty.
    public static let nonBlankTextPattern = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]*[^\\s\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F][^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]*$"

    /// The component that describes any JSON value a body may carry (`.any`, a free object's
    /// values): recursive, with ``textPattern`` on every string and key.
    public static let anyValueComponent = "JSONValue"

    /// ``anyValueComponent``'s document.
    public static var anyValueJSON: JSONValue {
        let ref: JSONValue = ["$ref": .string("#/components/schemas/\(anyValueComponent)")]
        return [
            "type": ["null", "boolean", "number", "string", "array", "object"], "pattern": .string(textPattern),
            "items": ref, "additionalProperties": ref, "propertyNames": ["pattern": .string(textPattern)],
        ]
    }

    /// The schema as a JSON Schema document.
    /// - Parameter inJSON: Whether the value is (part of) a JSON request body, where the parser's
    ///   ``textPattern`` applies. Query parameters are not, and neither are responses, which may
    ///   echo what a path or query carried.
    public func json(inJSON: Bool) -> JSONValue {
        switch self {
        case .string(let format, let values, let description, let minLength, let maxLength):
            var object: JSONObject = ["type": "string"]
            if let format { object["format"] = .string(format) }
            if let minLength { object["minLength"] = .integer(Int64(minLength)) }
            if let maxLength { object["maxLength"] = .integer(Int64(maxLength)) }
            if let values { object["enum"] = .array(values.map(JSONValue.string)) }
            if inJSON, values == nil, format != "binary" { object["pattern"] = .string((minLength ?? 0) > 0 ? Self.nonBlankTextPattern : Self.textPattern) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .integer(let minimum, let maximum, let description):
            // Without bounds of its own, an integer is still a 64-bit one: the server takes no other.
            var object: JSONObject = ["type": "integer"]
            object["minimum"] = .integer(minimum.map(Int64.init) ?? Int64.min)
            object["maximum"] = .integer(maximum.map(Int64.init) ?? Int64.max)
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .number:
            return ["type": "number"]
        case .boolean(let description):
            var object: JSONObject = ["type": "boolean"]
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .array(let items, let minItems, let maxItems, let description):
            var object: JSONObject = ["type": "array", "items": items.json(inJSON: inJSON)]
            if let minItems { object["minItems"] = .integer(Int64(minItems)) }
            if let maxItems { object["maxItems"] = .integer(Int64(maxItems)) }
            if let description { object["description"] = .string(description) }
            return .object(object)
        case .object(let properties, let additional, let description):
            var object: JSONObject = ["type": "object", "additionalProperties": .bool(additional)]
            if additional, inJSON {
                object["additionalProperties"] = ["$ref": .string("#/components/schemas/\(Self.anyValueComponent)")]
                object["propertyNames"] = ["pattern": .string(Self.textPattern)]
            }
            object["properties"] = .object(Dictionary(uniqueKeysWithValues: properties.map { property in
                var schema = property.schema.json(inJSON: inJSON)
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
            return ["oneOf": [schema.json(inJSON: inJSON), ["type": "null"]]]
        case .oneOf(let schemas):
            return ["oneOf": .array(schemas.map { $0.json(inJSON: inJSON) })]
        case .any(let description):
            var object: JSONObject = inJSON ? ["$ref": .string("#/components/schemas/\(Self.anyValueComponent)")] : [:]
            if let description { object["description"] = .string(description) }
            return .object(object)
        }
    }
}


import PuffleCore

extension Schema {
    /// Checks a JSON value against this schema.
    /// - Returns: One message per mismatch, naming its path; empty when the value conforms.
    public func violations(of value: JSONValue, at path: String = "$", components: [String: Schema] = Components.all) -> [String] {
        switch (self, value) {
        case (.any, _):
            return []
        case (.ref(let name), _):
            guard let schema = components[name] else { return ["\(path): unknown schema \(name)"] }
            return schema.violations(of: value, at: path, components: components)
        case (.nullable, .null):
            return []
        case (.nullable(let inner), _):
            return inner.violations(of: value, at: path, components: components)
        case (.oneOf(let schemas), _):
            let matching = schemas.filter { $0.violations(of: value, at: path, components: components).isEmpty }
            return matching.count == 1 ? [] : ["\(path): matches \(matching.count) of the oneOf schemas, not exactly one"]
        case (_, .null) where !isNullable:
            return ["\(path): must not be null"]
        case (.string(_, let values, _, let minLength, let maxLength), .string(let text)):
            if let values, !values.contains(text) { return ["\(path): must be one of \(values.joined(separator: ", ")), got \"\(text)\""] }
            if let minLength, text.count < minLength { return ["\(path): must be at least \(minLength) character\(minLength == 1 ? "" : "s") long"] }
            if let maxLength, !TextLimits.fits(text, maxLength) { return ["\(path): at most \(maxLength) characters, got \(text.count)"] }
            return []
        case (.integer(let minimum, let maximum, _), .integer(let number)):
            if let minimum, number < Int64(minimum) { return ["\(path): must be at least \(minimum), got \(number)"] }
            if let maximum, number > Int64(maximum) { return ["\(path): must be at most \(maximum), got \(number)"] }
            return []
        case (.integer(let minimum, let maximum, _), .number(let number)):
            // `5.0` is an integer to JSON Schema (and Python clients send it); a fraction, or a whole
            // number past 64 bits, is not one this API takes.
            if let whole = Int64(exactly: number) { return self.violations(of: .integer(whole), at: path, components: components) }
            let range = [minimum.map { "from \($0)" }, maximum.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
            return ["\(path): must be an integer\(range.isEmpty ? "" : " " + range), got \(number)"]
        case (.number, .number), (.number, .integer), (.boolean, .bool):
            return []
        case (.array(let items, let minItems, let maxItems, _), .array(let elements)):
            var problems: [String] = []
            if let minItems, elements.count < minItems { problems.append("\(path): fewer than \(minItems) items") }
            if let maxItems, elements.count > maxItems { problems.append("\(path): more than \(maxItems) items") }
            for (index, element) in elements.enumerated() {
                problems += items.violations(of: element, at: "\(path)[\(index)]", components: components)
            }
            return problems
        case (.object(let properties, let additional, _), .object(let object)):
            var problems: [String] = []
            for property in properties {
                // null for an optional field means absent, as the API says of every body.
                if let item = object[property.name], item != .null || property.required {
                    problems += property.schema.violations(of: item, at: "\(path).\(property.name)", components: components)
                } else if property.required {
                    problems.append("\(path).\(property.name): is required")
                }
            }
            if !additional {
                let known = Set(properties.map(\.name))
                for key in object.keys where !known.contains(key) { problems.append("\(path).\(key): is not in the schema") }
            }
            return problems
        default:
            return ["\(path): must be \(kindDescription), got \(value.kindDescription)"]
        }
    }
}

extension Schema {
    /// True for `.nullable` and `.any`, which accept `null`.
    var isNullable: Bool {
        switch self {
        case .nullable, .any: true
        default: false
        }
    }

    /// What a value of this schema is, for messages: "an integer", "an array".
    var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .object: "an object"
        case .ref(let name): "a \(name) object"
        case .nullable(let inner): inner.kindDescription + " or null"
        case .oneOf: "one of the documented shapes"
        case .any: "any value"
        }
    }

    /// The first few violations of a request body, as one message that names each field
    /// (`count: must be an integer from 1 to 1000000, got 1.5`).
    public func bodyProblems(of value: JSONValue) -> String? {
        let problems = violations(of: value, at: "body").map { $0.hasPrefix("body.") ? String($0.dropFirst(5)) : $0 }
        guard !problems.isEmpty else { return nil }
        return problems.prefix(5).joined(separator: "; ")
    }
}

extension JSONValue {
    /// What kind of value this is, for messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

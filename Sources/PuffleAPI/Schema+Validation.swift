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
        case (.string(_, let values, _), .string(let text)):
            if let values, !values.contains(text) { return ["\(path): \"\(text)\" is not one of \(values)"] }
            return []
        case (.integer(let minimum, let maximum, _), .number(let number)):
            guard number.rounded() == number else { return ["\(path): \(number) is not an integer"] }
            if let minimum, number < Double(minimum) { return ["\(path): \(number) is below \(minimum)"] }
            if let maximum, number > Double(maximum) { return ["\(path): \(number) is above \(maximum)"] }
            return []
        case (.number, .number), (.boolean, .bool):
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
                if let item = object[property.name] {
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
            return ["\(path): \(value) does not match \(json)"]
        }
    }
}

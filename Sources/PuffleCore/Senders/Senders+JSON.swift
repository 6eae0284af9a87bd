/// The JSON forms of sender settings and domain records: what the API shows and the store keeps.
extension MailServerSettings {
    /// `{"host","port","security","username","ca_file"}`: never the password.
    public var json: JSONValue {
        [
            "host": .string(host), "port": .integer(Int64(port)), "security": .string(security.rawValue),
            "username": username.map(JSONValue.string) ?? .null, "ca_file": caFile.map(JSONValue.string) ?? .null,
        ]
    }

    /// Reads the form ``json`` writes, plus `password` when a request carries one; nil when a
    /// required key is missing or of another type.
    public init?(json: JSONValue) {
        guard let object = json.objectValue, let host = object["host"]?.stringValue, let port = object["port"]?.intValue,
            let security = object["security"]?.stringValue.flatMap(MailSecurity.init(rawValue:))
        else { return nil }
        self.init(
            host: host.lowercased(), port: port, security: security, username: object["username"]?.stringValue, password: object["password"]?.stringValue,
            caFile: object["ca_file"]?.stringValue)
    }
}

extension DomainRecord {
    /// `{"type","name","value","purpose","required","status"}`.
    public var json: JSONValue {
        [
            "type": .string(type), "name": .string(name), "value": .string(value), "purpose": .string(purpose.rawValue),
            "required": .bool(required), "status": .string(check.rawValue),
        ]
    }

    public init?(json: JSONValue) {
        guard let object = json.objectValue, let name = object["name"]?.stringValue, let value = object["value"]?.stringValue,
            let purpose = object["purpose"]?.stringValue.flatMap(Purpose.init(rawValue:))
        else { return nil }
        self.init(
            purpose: purpose, type: object["type"]?.stringValue ?? "TXT", name: name, value: value, required: object["required"]?.boolValue ?? false,
            check: object["status"]?.stringValue.flatMap(Check.init(rawValue:)) ?? .unchecked)
    }
}

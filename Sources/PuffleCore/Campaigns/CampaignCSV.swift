/// CSV prospects for a campaign: which columns hold what (guessed from the headers, or given),
/// and the prospects the rows make. Unmapped columns become custom fields.
public enum CampaignCSV {
    /// The roster fields a column can be mapped to.
    public static let fields = ["email", "first_name", "last_name", "company", "position", "linkedin_url", "headline"]

    /// Header spellings each field is recognized by, compared lowercased with `_`, `-` and `.` as spaces.
    static let patterns: [String: [String]] = [
        "email": ["email", "e mail", "email address", "work email", "business email", "mail"],
        "first_name": ["first name", "firstname", "first", "given name", "forename"],
        "last_name": ["last name", "lastname", "last", "surname", "family name"],
        "company": ["company", "company name", "organization", "organisation", "account", "account name", "employer"],
        "position": ["title", "job title", "position", "role", "job"],
        "linkedin_url": ["linkedin", "linkedin url", "linkedin profile", "profile url", "linkedin profile url", "person linkedin url"],
        "headline": ["headline", "linkedin headline"],
    ]

    static func normalizedHeader(_ header: String) -> String {
        header.lowercased().map { "_-.".contains($0) ? " " : $0 }.reduce(into: "") { $0.append($1) }
            .split(separator: " ").joined(separator: " ")
    }

    /// Field → the column it was found in, or nil: a column is used once, by the first field that claims it.
    public static func autoMapping(columns: [String]) -> [String: String?] {
        var mapping: [String: String?] = [:]
        var used: Set<String> = []
        for field in fields {
            let column = columns.first { !used.contains($0) && (patterns[field] ?? []).contains(normalizedHeader($0)) }
            if let column { used.insert(column) }
            mapping[field] = .some(column)
        }
        return mapping
    }

    /// The prospects of the rows under a mapping, and how many rows could not be one (no usable
    /// address for the channel: an email that is not one, a URL that is not LinkedIn's).
    public static func prospects(header: [String], rows: [[String]], mapping: [String: String], type: CampaignType) -> (valid: [ProspectFields], invalid: Int) {
        let index = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let mappedColumns = Set(mapping.values)
        var valid: [ProspectFields] = []
        var invalid = 0
        for row in rows {
            func value(_ field: String) -> JSONValue {
                guard let column = mapping[field], let at = index[column], at < row.count, !row[at].isEmpty else { return .null }
                return .string(row[at])
            }
            var fields = ProspectFields()
            for field in Self.fields { try? fields.set(field, value(field), path: "row") }
            for (offset, column) in header.enumerated() where !mappedColumns.contains(column) && offset < row.count && !row[offset].isEmpty {
                let key = ProspectFields.customKey(column)
                if !key.isEmpty { fields.customFields[key] = row[offset] }
            }
            let normalized = fields.normalized
            if normalized.identity(for: type) == nil { invalid += 1 } else { valid.append(normalized) }
        }
        return (valid, invalid)
    }
}

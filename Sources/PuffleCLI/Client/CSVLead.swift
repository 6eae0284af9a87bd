import PuffleCore

/// Turns a CSV row into a Lead input object, by its header's column names.
///
/// Names are matched ignoring case, with spaces and dashes read as `_` (`First Name` is
/// `first_name`). A few names that spreadsheets commonly use stand for the documented ones
/// (``aliases``); unknown columns are skipped.
enum CSVLead {
    /// Alternative column name to the documented one it stands for. Kept to names in common use
    /// (`company` and `position` are the campaign CSV mapping's); when a row fills both, the
    /// documented column wins.
    static let aliases: [String: String] = [
        "name": "full_name",
        "position": "title",
        "company": "company_name",
        "domain": "company_domain",
        "linkedin": "linkedin_url",
        "size": "company_size",
    ]

    /// What `puffle list import --help` says of `--file`: the accepted shapes, one line each.
    static let fileHelp: [String] = [
        "CSV: a header row, then one Lead a row; quoted fields may hold commas, line breaks and \"\" for a quote.",
        "Columns (any order; case ignored, spaces and dashes read as _; other columns skipped):",
        "  type             person (when empty) or company, any case; another value is reported as a row error",
        "  full_name        or name; else first_name and last_name",
        "  first_name, last_name, email, city, state, country, industry",
        "  title            or position",
        "  linkedin_url     or linkedin",
        "  company_name     or company: a person's employer; a company's own name if full_name is empty",
        "  company_domain   or domain: a person's employer's domain, or a company's domain (URL or email also read)",
        "  company_size     or size",
        "JSONL: one Lead input object a line, as in --leads:",
        #"  {"type":"person","name":{"full":"Jane Doe"},"company":{"name":"Acme","domain":"acme.com"},"contacts":[{"value":"jane@acme.com"}]}"#,
        "Row errors go to stderr with the file line their row starts on.",
    ]

    /// The header's names as ``input(columns:fields:)`` reads them: lowercased, `_` for spaces and dashes.
    static func columns(_ header: [String]) -> [String] {
        header.map { name in String(name.trimmed.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }) }
    }

    /// The Lead input of one row; `columns` are names as ``columns(_:)`` gives them.
    static func input(columns: [String], fields: [String]) -> JSONValue {
        var row: [String: String] = [:]
        for (column, field) in zip(columns, fields) where !field.isEmpty {
            if let documented = aliases[column] {
                if row[documented] == nil { row[documented] = field }
            } else {
                row[column] = field
            }
        }
        let type = leadType(row["type"])
        let isCompany = type == "company"
        var lead: JSONObject = ["type": .string(type)]
        var name: JSONObject = [:]
        if let full = row["full_name"] { name["full"] = .string(full) }
        if let first = row["first_name"] { name["first"] = .string(first) }
        if let last = row["last_name"] { name["last"] = .string(last) }
        if isCompany, name["full"] == nil, let company = row["company_name"] { name["full"] = .string(company) }
        lead["name"] = .object(name)
        if let title = row["title"] { lead["title"] = .string(title) }
        if !isCompany, row["company_name"] != nil || row["company_domain"] != nil {
            lead["company"] = ["name": row["company_name"].map(JSONValue.string) ?? .null, "domain": row["company_domain"].map(JSONValue.string) ?? .null]
        }
        if isCompany, let domain = row["company_domain"] { lead["domain"] = .string(domain) }
        if let url = row["linkedin_url"] { lead["socials"] = [["url": .string(url), "type": "linkedin"]] }
        if let email = row["email"] { lead["contacts"] = [["value": .string(email), "type": "email"]] }
        let location = ["city", "state", "country"].reduce(into: JSONObject()) { result, key in
            if let value = row[key] { result[key] = .string(value) }
        }
        if !location.isEmpty { lead["location"] = .object(location) }
        if let industry = row["industry"] { lead["industry"] = .string(industry) }
        if let size = row["company_size"] { lead["size"] = .string(size) }
        return .object(lead)
    }

    /// The `type` to send: `person` when the column is empty or missing, `person` and `company`
    /// in any case lowercased, and anything else as given, so that the server refuses that row
    /// by its index instead of the file silently importing a person.
    static func leadType(_ given: String?) -> String {
        guard let given else { return LeadType.person.rawValue }
        return LeadType(rawValue: given.lowercased())?.rawValue ?? given
    }
}

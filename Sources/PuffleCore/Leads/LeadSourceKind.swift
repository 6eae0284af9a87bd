/// Where a Lead came from, as the dashboard's `source` names it.
public enum LeadSourceKind: String, Sendable, CaseIterable {
    /// Found by a Lead Search: its source names the provider (`{"id", "provider"}`).
    case leadsSearch = "leads_search"
    /// Imported with sources of the caller's own (a CRM id, a file).
    case `import`
    /// Created without any source.
    case manual

    /// The kind of a Lead's first source: a source may name its kind itself (`kind`), a Lead
    /// Search's names its provider, any other came with an import.
    public static func of(_ body: LeadBody) -> LeadSourceKind {
        guard let source = body.sources.first else { return .manual }
        if let kind = source["kind"]?.stringValue.flatMap(LeadSourceKind.init(rawValue:)) { return kind }
        return source["provider"] != nil ? .leadsSearch : .import
    }
}

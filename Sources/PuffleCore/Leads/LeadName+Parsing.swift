extension LeadName {
    /// Fills the parts a caller left out.
    ///
    /// `full` comes from first and last (or `short`); for a person, first and last are split from
    /// `full` on its last space. `short` defaults to a person's first name or a company's full name.
    public func completed(for type: LeadType) -> LeadName {
        var name = self
        if name.full.isEmpty {
            name.full = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        }
        if name.full.isEmpty {
            name.full = short
        }
        if type == .person, name.first.isEmpty, name.last.isEmpty {
            if let space = name.full.lastIndex(of: " ") {
                name.first = String(name.full[..<space]).trimmed
                name.last = String(name.full[name.full.index(after: space)...]).trimmed
            } else {
                name.first = name.full
            }
        }
        if name.short.isEmpty {
            name.short = type == .person && !name.first.isEmpty ? name.first : name.full
        }
        return name
    }
}

extension LeadBody {
    /// Merges a new sighting of the same Lead into this one: empty fields are filled, attribute and
    /// raw keys are added, socials, contacts and sources are united. Existing values are never overwritten.
    public func merging(_ incoming: LeadBody) -> LeadBody {
        var merged = self
        merged.name = name.filling(from: incoming.name)
        merged.title = title ?? incoming.title
        merged.domain = domain ?? incoming.domain
        merged.industry = industry ?? incoming.industry
        merged.size = size ?? incoming.size
        merged.company = Self.filling(company, from: incoming.company)
        merged.location = LeadLocation(
            city: location.city ?? incoming.location.city,
            state: location.state ?? incoming.location.state,
            country: location.country ?? incoming.location.country,
            raw: location.raw ?? incoming.location.raw
        )
        merged.socials = Self.union(socials, incoming.socials) { $0["url"]?.stringValue.map(Self.socialKey) }
        merged.contacts = Self.union(contacts, incoming.contacts) { $0["value"]?.stringValue?.trimmed.lowercased() }
        merged.sources = Self.union(sources, incoming.sources) { source in
            source["id"]?.stringValue.map { ((source["provider"] ?? source["source"])?.stringValue ?? "") + ":" + $0 }
        }
        merged.attributes = attributes.filling(from: incoming.attributes)
        merged.raw = raw.filling(from: incoming.raw)
        return merged
    }

    private static func filling(_ company: LeadCompany?, from other: LeadCompany?) -> LeadCompany? {
        guard let other else { return company }
        guard let company else { return other }
        return LeadCompany(name: company.name ?? other.name, id: company.id ?? other.id, domain: company.domain ?? other.domain)
    }

    private static func socialKey(_ url: String) -> String {
        LeadIdentity.normalizedLinkedInURL(url) ?? url.trimmed.lowercased()
    }

    /// The first list followed by the items of the second whose key is new.
    private static func union(_ first: [JSONObject], _ second: [JSONObject], key: (JSONObject) -> String?) -> [JSONObject] {
        guard !second.isEmpty else { return first }
        var seen = Set(first.compactMap(key))
        var result = first
        for item in second {
            guard let itemKey = key(item) else { continue }
            if seen.insert(itemKey).inserted { result.append(item) }
        }
        return result
    }
}

extension LeadName {
    /// This name with its empty parts filled from another; aliases are united.
    func filling(from other: LeadName) -> LeadName {
        var aliases = self.aliases
        for alias in other.aliases where !aliases.contains(alias) { aliases.append(alias) }
        if !other.full.isEmpty, other.full != full, !full.isEmpty, !aliases.contains(other.full) {
            aliases.append(other.full)
        }
        return LeadName(
            full: full.isEmpty ? other.full : full,
            short: short.isEmpty ? other.short : short,
            aliases: aliases,
            first: first.isEmpty ? other.first : first,
            last: last.isEmpty ? other.last : last
        )
    }
}

extension JSONObject {
    /// This object plus the keys of another that it lacks or holds empty.
    func filling(from other: JSONObject) -> JSONObject {
        var result = self
        for (key, value) in other where result[key]?.isEmpty ?? true {
            result[key] = value
        }
        return result
    }
}

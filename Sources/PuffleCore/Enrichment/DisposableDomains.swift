/// Domains that hand out throwaway mailboxes (from the `disposable-email-domains` list).
public enum DisposableDomains {
    /// The list as a set, built on first use.
    static let set: Set<Substring> = Set(listed.split(whereSeparator: { $0 == " " || $0 == "\n" }))

    /// True when the domain, or a domain it is under, is listed.
    public static func contains(_ domain: String) -> Bool {
        var labels = domain.lowercased().split(separator: ".")
        while labels.count >= 2 {
            if set.contains(Substring(labels.joined(separator: "."))) { return true }
            labels.removeFirst()
        }
        return false
    }
}

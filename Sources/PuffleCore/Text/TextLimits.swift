/// How long text fields may be. A value beyond its limit is refused with 400 naming the field,
/// never truncated: a cut name would silently stop matching what the caller holds.
public enum TextLimits {
    /// Ids sent in bodies and paths.
    public static let id = 200
    /// Names: a Lead's name parts, a List's name.
    public static let name = 300
    /// Other short text: titles, company names, locations, industries, domains.
    public static let text = 1_000
    /// Keys of `attributes` and `raw` objects.
    public static let attributeKey = 200
    /// A query parameter's value.
    public static let queryValue = 1_000

    /// Whether `text` has at most `limit` characters; counts bytes first, as almost all text fits.
    public static func fits(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count <= limit || text.count <= limit
    }
}

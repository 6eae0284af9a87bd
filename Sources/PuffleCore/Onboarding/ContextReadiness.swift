/// Which parts of the workspace context are filled, as `GET /api/onboarding/status` reports them.
///
/// Agents are told not to prospect before onboarding is complete; "complete" here means the
/// fields every later step reads (Lead Search, message generation, signals) are there.
public struct ContextReadiness: Equatable, Sendable {
    /// The fields onboarding must fill, as dotted paths into `{context, profile}`.
    public static let requiredFields = [
        "profile.companyName", "profile.website", "context.company.overview", "context.company.product",
        "context.market.targetAudience", "context.market.icpJobTitles", "context.market.icpIndustries",
    ]

    public var filled: [String]
    public var missing: [String]

    public var isComplete: Bool { missing.isEmpty }

    public init(_ document: WorkspaceContext) {
        let root: JSONValue = ["context": document.context, "profile": document.profile]
        var filled: [String] = []
        var missing: [String] = []
        for path in Self.requiredFields {
            let value = path.split(separator: ".").reduce(Optional(root)) { value, key in value?[String(key)] }
            if let value, !value.isEmpty { filled.append(path) } else { missing.append(path) }
        }
        self.filled = filled
        self.missing = missing
    }
}

/// The limit on `POST /api/context/regenerate`: once a day per workspace.
public enum ContextRegeneration {
    public static let interval: Int64 = 24 * 60 * 60 * 1000

    /// When the next regeneration is allowed after one at `last`; nil when it is allowed at `now`.
    public static func nextAllowed(after last: Timestamp?, now: Timestamp) -> Timestamp? {
        guard let last, now.milliseconds - last.milliseconds < interval else { return nil }
        return Timestamp(milliseconds: last.milliseconds + interval)
    }
}

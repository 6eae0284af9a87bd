import Foundation

/// A tenant: every Lead, List and key belongs to exactly one workspace.
public struct Workspace: Equatable, Sendable {
    public var id: String
    public var name: String
    public var account: Account
    public var timezone: String?
    public var createdAt: Timestamp

    public init(id: String, name: String, account: Account, timezone: String? = nil, createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.account = account
        self.timezone = timezone
        self.createdAt = createdAt
    }
}

/// The person who owns a workspace, as `GET /api/account` shows them.
public struct Account: Codable, Equatable, Sendable {
    public var email: String?
    public var firstName: String?
    public var lastName: String?

    public init(email: String? = nil, firstName: String? = nil, lastName: String? = nil) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
    }

    /// First and last name joined, or nil when neither is known.
    public var fullName: String? {
        let parts = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}

/// The saved company profile and ICP that `GET/PUT /api/context` read and replace.
/// Both halves are nil until someone saves them.
public struct WorkspaceContext: Codable, Equatable, Sendable {
    public var context: JSONValue
    public var profile: JSONValue

    public init(context: JSONValue = .null, profile: JSONValue = .null) {
        self.context = context
        self.profile = profile
    }
}

/// The timezone `GET /api/settings` reports when none was set.
public let defaultTimezone = "America/New_York"

/// Timezone names as the API accepts them: IANA zone names only.
public enum TimeZoneName {
    /// True for a name of the IANA time zone database (`Europe/Berlin`, `UTC`); false for offsets
    /// such as `GMT+5` or abbreviations such as `EST`, which Foundation would also accept but which
    /// ignore daylight saving and mean different things to different readers.
    public static func isIANA(_ name: String) -> Bool {
        // The zone database also keeps old names such as EST and EST5EDT; only Area/Location names
        // (and UTC) are the ones to use.
        name == "UTC" || (name.contains("/") && knownNames.contains(name))
    }

    private static let knownNames = Set(TimeZone.knownTimeZoneIdentifiers)
}

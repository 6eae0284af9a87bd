import Foundation

/// How a connection to a mail server is secured.
public enum MailSecurity: String, Sendable, Codable, CaseIterable {
    /// Plain text: only for loopback and relays on a private network.
    case none
    /// Plain connect, then STARTTLS before anything else (port 587, IMAP 143).
    case starttls
    /// TLS from the first byte (port 465, IMAP 993).
    case tls
}

/// Where and how a mailbox's SMTP (or IMAP) server is reached, as a user gives it.
///
/// The password is write-only: stores seal it at rest and every answer leaves it out
/// (``MailServerSettings/withoutPassword``).
public struct MailServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var security: MailSecurity
    public var username: String?
    public var password: String?
    /// A PEM file of certificates to trust instead of the system's store.
    public var caFile: String?

    public init(host: String, port: Int, security: MailSecurity, username: String? = nil, password: String? = nil, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
    }

    /// The same settings with the password dropped, to show or log.
    public var withoutPassword: MailServerSettings {
        var copy = self
        copy.password = nil
        return copy
    }

    /// The problems of these settings, each naming its field under `prefix` (`smtp.host`); empty when usable.
    /// - Parameter passwordRequired: A mailbox of its own needs a password; a domain relay may accept mail without one.
    public func problems(prefix: String, passwordRequired: Bool) -> [String] {
        var problems: [String] = []
        if !HostName.isValid(host) { problems.append("\(prefix).host: must be a host name or an IPv4 address, got \(host)") }
        if !(1...65535).contains(port) { problems.append("\(prefix).port: must be 1 to 65535, got \(port)") }
        if passwordRequired, (password ?? "").isEmpty { problems.append("\(prefix).password: is required") }
        if password != nil, (username ?? "").isEmpty { problems.append("\(prefix).username: is required with a password") }
        if let caFile, !caFile.hasPrefix("/") { problems.append("\(prefix).ca_file: must be an absolute path") }
        return problems
    }
}

/// The rules for host and domain names (RFC 1123 labels).
public enum HostName {
    /// A DNS name of letters, digits and hyphens in dot-separated labels of 1 to 63 characters
    /// (no leading or trailing hyphen), at most 253 long; or a dotted IPv4 address.
    public static func isValid(_ text: String) -> Bool {
        // A name ending in a numeric label is meant as an address, so it must be a valid one.
        isIPv4(text) || (isDomain(text, minimumLabels: 1) && !(text.split(separator: ".").last?.allSatisfy(\.isNumber) ?? true))
    }

    /// A domain of at least two labels whose last is not numeric (`acme.com`, `mail.acme.co.uk`).
    public static func isDomain(_ text: String) -> Bool {
        isDomain(text, minimumLabels: 2) && !(text.split(separator: ".").last?.allSatisfy(\.isNumber) ?? true)
    }

    static func isDomain(_ text: String, minimumLabels: Int) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= minimumLabels else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in part.count <= 3 && !part.isEmpty && part.allSatisfy(\.isNumber) && Int(part)! <= 255 }
    }
}

/// The rule for a mailbox address: `local@domain`, with a domain ``HostName/isDomain(_:)`` accepts.
public enum EmailAddressRule {
    /// The address lowercased when it is one a mailbox can have; nil otherwise.
    public static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, HostName.isDomain(String(parts[1])) else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+-/=?^_`{|}~")
        guard parts[0].allSatisfy({ allowed.contains($0) }), !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains("..") else { return nil }
        return trimmed
    }
}

import Foundation
/// A mailbox as a header shows it: `"Sarah Chen" <sarah@acme.com>`.
public struct MailAddress: Equatable, Sendable {
    public var name: String?
    public var address: String

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The domain after the `@`, lowercased.
    public var domain: String {
        address.split(separator: "@").last.map { $0.lowercased() } ?? ""
    }

    /// The header form: an encoded word for a name that is not ASCII, a quoted string for one with
    /// specials, the bare address without a name.
    public var headerValue: String {
        let address = MIMEEncoding.messageIDSafe(self.address)
        guard let name = name.map(MIMEEncoding.headerSafe), !name.trimmingCharacters(in: .whitespaces).isEmpty else { return "<\(address)>" }
        if name.utf8.contains(where: { $0 >= 0x80 }) { return MIMEEncoding.encodedWords(name) + " <\(address)>" }
        let specials = "()<>[]:;@\\,.\""
        guard name.contains(where: { specials.contains($0) }) else { return "\(name) <\(address)>" }
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address)>"
    }
}

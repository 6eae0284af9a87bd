import Crypto
import Foundation

/// A workspace API key: `pk_live_` followed by 64 hex characters. Only its SHA-256 is stored.
public struct APIKeySecret: Sendable {
    /// The full key, shown to its owner once.
    public let value: String

    /// A new random key.
    public static func generate() -> APIKeySecret {
        APIKeySecret(value: "pk_live_" + randomHex(byteCount: 32))
    }

    /// `byteCount` bytes from the system's secure random source, as lowercase hex.
    public static func randomHex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
    }

    public init(value: String) {
        self.value = value
    }

    /// `pk_live_` plus 16 hex characters: safe to show and log, and how a key is looked up.
    public var prefix: String { String(value.prefix(Self.prefixLength)) }

    /// The SHA-256 of the whole key, hex encoded.
    public var hash: String { Self.hash(value) }

    /// Whether the text has the shape of a key at all.
    public static func isWellFormed(_ text: String) -> Bool {
        text.hasPrefix("pk_live_") && text.utf8.count == 72 && text.utf8.dropFirst(8).allSatisfy { $0.isHexDigit }
    }

    /// SHA-256 of a key, hex encoded.
    public static func hash(_ key: String) -> String {
        Array(SHA256.hash(data: Data(key.utf8))).hexString
    }

    /// Compares two hashes in time that does not depend on where they differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static let prefixLength = 24
}

/// The stored record of a key: never the key itself.
public struct APIKeyRecord: Equatable, Sendable {
    public var id: String
    public var workspaceId: String
    public var prefix: String
    public var hash: String
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    public init(id: String, workspaceId: String, prefix: String, hash: String, createdAt: Timestamp, revokedAt: Timestamp?) {
        self.id = id
        self.workspaceId = workspaceId
        self.prefix = prefix
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

extension [UInt8] {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (48...57).contains(self) || (97...102).contains(self)
    }
}

import Crypto
import Foundation

/// Seals secrets at rest (mailbox passwords, DKIM private keys) with AES-256-GCM.
///
/// Each ciphertext is bound to the row and the field it belongs to (both are the authenticated
/// data), so a sealed password copied onto another sender's row, or into the DKIM key column, does not open. The text form is
/// `v1:<base64 of nonce, ciphertext and tag>`: no part of the secret shows in a database dump.
public struct SecretBox: Sendable {
    /// Why a sealed value did not open: another key, another row, or altered bytes.
    public struct OpenFailure: Error, Equatable, CustomStringConvertible {
        public var description: String { "a stored secret could not be opened: the secret key differs from the one that sealed it, or the value was altered" }
    }

    /// Why a key was refused.
    public struct InvalidKey: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "the secret key is not usable: \(reason)" }
    }

    let key: SymmetricKey

    /// - Parameter keyText: 64 hex characters or the base64 of 32 bytes (`PUFFLE_SECRET_KEY`, or the key file's text).
    public init(keyText: String) throws {
        let text = keyText.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let bytes = Self.hexBytes(text) {
            key = SymmetricKey(data: bytes)
        } else if let data = Data(base64Encoded: text), data.count == 32 {
            key = SymmetricKey(data: data)
        } else {
            throw InvalidKey(reason: "it must be 32 bytes, written as 64 hex characters or base64")
        }
    }

    /// A new random key, as the 64 hex characters a key file holds.
    public static func generateKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }

    /// Seals `secret` for one field (`sender_accounts.smtp_password`) of the row `rowId`.
    public func seal(_ secret: String, field: String, rowId: String) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Self.context(field, rowId))
        // A nonce of the standard 12 bytes always gives the combined form.
        return "v1:" + (box.combined ?? Data()).base64EncodedString()
    }

    /// Opens a value sealed for this field of `rowId`. - Throws: ``OpenFailure`` for another key, field, row or altered bytes.
    public func open(_ sealed: String, field: String, rowId: String) throws -> String {
        guard sealed.hasPrefix("v1:"), let combined = Data(base64Encoded: String(sealed.dropFirst(3))) else { throw OpenFailure() }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Self.context(field, rowId)), as: UTF8.self)
        } catch {
            throw OpenFailure()
        }
    }

    static func context(_ field: String, _ rowId: String) -> Data {
        Data("puffle/v1/\(field)/\(rowId)".utf8)
    }

    static func hexBytes(_ text: String) -> Data? {
        guard text.allSatisfy(\.isHexDigit) else { return nil }
        var data = Data(capacity: text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}

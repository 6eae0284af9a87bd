import PuffleCore
import Testing

@Suite struct SecretBoxTests {
    @Test func aSecretOpensOnlyWithItsKeyAndItsRow() throws {
        let box = try SecretBox(keyText: SecretBox.generateKeyText())
        let sealed = try box.seal("app-password-123", field: "smtp_password", rowId: "sender-1")
        #expect(!sealed.contains("app-password"))
        #expect(try box.open(sealed, field: "smtp_password", rowId: "sender-1") == "app-password-123")
        #expect(throws: SecretBox.OpenFailure.self, "moved into another field") { try box.open(sealed, field: "dkim_private_key", rowId: "sender-1") }
        #expect(throws: SecretBox.OpenFailure.self, "copied onto another row") { try box.open(sealed, field: "smtp_password", rowId: "sender-2") }
        let other = try SecretBox(keyText: SecretBox.generateKeyText())
        #expect(throws: SecretBox.OpenFailure.self, "another key") { try other.open(sealed, field: "smtp_password", rowId: "sender-1") }
        var altered = Array(sealed)
        altered[altered.count - 3] = altered[altered.count - 3] == "A" ? "B" : "A"
        #expect(throws: SecretBox.OpenFailure.self, "altered bytes") { try box.open(String(altered), field: "smtp_password", rowId: "sender-1") }
        #expect(try box.seal("x", field: "f", rowId: "r") != box.seal("x", field: "f", rowId: "r"), "a fresh nonce each time")
    }

    @Test func keysAreHexOrBase64OfThirtyTwoBytes() {
        #expect(SecretBox.generateKeyText().count == 64)
        #expect((try? SecretBox(keyText: String(repeating: "ab", count: 32))) != nil)
        #expect((try? SecretBox(keyText: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")) != nil)
        #expect(throws: SecretBox.InvalidKey.self) { try SecretBox(keyText: "too-short") }
        #expect(throws: SecretBox.InvalidKey.self, "signs are not hex digits") { try SecretBox(keyText: "+a" + String(repeating: "ab", count: 31)) }
    }
}

import Foundation
import PuffleCore
import Testing

@Suite struct LeadIdentityTests {
    @Test func linkedInURLsThatDifferOnlyInSpellingAreOneIdentity() {
        let spellings = [
            "https://www.linkedin.com/in/Jane-Doe/", "http://linkedin.com/in/jane-doe?trk=abc", "linkedin.com/in/jane-doe#x",
            "https://uk.linkedin.com/in/jane-doe//",
        ]
        #expect(Set(spellings.compactMap(LeadIdentity.normalizedLinkedInURL)) == ["linkedin.com/in/jane-doe"])
        #expect(LeadIdentity.normalizedLinkedInURL("https://twitter.com/jane") == nil)
    }

    @Test func emailsAreTrimmedAndLowercased() {
        #expect(LeadIdentity.normalizedEmail("  Jane@Acme.COM ") == "jane@acme.com")
        #expect(LeadIdentity.normalizedEmail("not an email") == nil)
    }

    @Test func domainsComeFromURLsAndEmails() {
        #expect(LeadIdentity.normalizedDomain("https://www.Acme.com/about?x=1") == "acme.com")
        #expect(LeadIdentity.normalizedDomain("sales@acme.io") == "acme.io")
        #expect(LeadIdentity.normalizedDomain("acme.com:8080") == "acme.com")
        #expect(LeadIdentity.normalizedDomain("localhost") == nil)
        #expect(LeadIdentity.normalizedDomain("  WWW.Example.org.  ") == "example.org")
        #expect(LeadIdentity.normalizedDomain("ftp://files.acme.com:21/pub") == "files.acme.com")
        #expect(LeadIdentity.normalizedDomain("https://.acme.com") == nil)
    }

    @Test func aLeadInputsDomainWithNoHostIsAProblemNotNothing() {
        let company = LeadInput(json: ["type": "company", "name": "Acme", "domain": "not a domain"])
        #expect(company.problems == [#"domain: must be a domain like acme.com, got "not a domain""#])
        let person = LeadInput(json: ["type": "person", "name": "Jane Doe", "company": ["name": "Acme", "domain": "localhost"]])
        #expect(person.problems == [#"company.domain: must be a domain like acme.com, got "localhost""#])
        let readable = LeadInput(json: [
            "type": "company", "name": "Acme", "domain": "https://www.Acme.com/about", "company": ["domain": "sales@acme.io"],
        ])
        #expect(readable.isValid)
        #expect(readable.body.domain == "acme.com")
        #expect(readable.body.company?.domain == "acme.io")
        #expect(LeadInput(json: ["type": "company", "name": "Acme", "domain": "  "]).isValid, "a blank domain is no domain")
    }

    @Test func personAndCompanyKeysNeverCollide() {
        let person = LeadIdentity.keys(type: .person, body: LeadBody(sources: [["id": "42", "provider": "apollo"]]))
        let company = LeadIdentity.keys(type: .company, body: LeadBody(sources: [["id": "42", "provider": "apollo"]]))
        #expect(person == ["person:provider:apollo:42"])
        #expect(Set(person).isDisjoint(with: company))
    }

    @Test func batchRowsSharingAnyKeyGroupTogether() {
        let groups = LeadBatchGrouping.groups(keys: [["a"], ["b"], ["c", "a"], ["b", "d"], []])
        #expect(groups == [[0, 2], [1, 3], [4]])
    }

    @Test func mergingFillsEmptyFieldsAndNeverOverwrites() {
        let existing = LeadBody(name: LeadName(full: "Jane Doe"), attributes: ["seniority": "vp"], title: "VP Sales")
        let incoming = LeadBody(name: LeadName(full: "J. Doe"), attributes: ["seniority": "c_level", "team": "emea"], title: "CEO", industry: "SaaS")
        let merged = existing.merging(incoming)
        #expect(merged.title == "VP Sales")
        #expect(merged.industry == "SaaS")
        #expect(merged.attributes == ["seniority": "vp", "team": "emea"])
        #expect(merged.name.aliases == ["J. Doe"])
    }

    @Test func timestampsFormatAsISO8601WithMilliseconds() {
        #expect(Timestamp(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: 1_776_762_000_123).iso8601 == "2026-04-21T09:00:00.123Z")
        #expect(Timestamp(iso8601: "2026-04-21T09:00:00.123Z")?.milliseconds == 1_776_762_000_123)
    }

    @Test func aWriterWritesEachTimestampsOwnTextWhenItKeepsTheLast() {
        let (first, second) = (Timestamp(milliseconds: 1_776_762_000_123), Timestamp(milliseconds: 86_399_999))
        var writer = JSONWriter()
        for timestamp in [first, first, second, first] {
            writer.writeISO8601(timestamp)
            writer.writeASCII(",")
        }
        #expect(writer.text == "2026-04-21T09:00:00.123Z,2026-04-21T09:00:00.123Z,1970-01-01T23:59:59.999Z,2026-04-21T09:00:00.123Z,")
    }

    @Test func cursorsAreBoundToTheirQueryAndCannotBeAltered() throws {
        let key = PageCursorKey(secret: "test secret")
        let id = "01a20f15-6793-7628-a6b6-0339e1a4fb2b"
        let cursor = PageCursor(afterId: id).encoded(scope: "list/a", key: key)
        #expect(try PageCursor(decoding: cursor, scope: "list/a", key: key).afterId == id)
        #expect(throws: PuffleError.self) { try PageCursor(decoding: cursor, scope: "list/b", key: key) }
        #expect(throws: PuffleError.self) { try PageCursor(decoding: cursor, scope: "list/a", key: PageCursorKey(secret: "another server")) }
        #expect(throws: PuffleError.self) { try PageCursor(decoding: "garbage!", scope: "list/a", key: key) }
        // The same cursor with another well-formed id in it: the signature no longer matches.
        let decoded = String(decoding: Data(base64Encoded: Self.paddedBase64(cursor))!, as: UTF8.self)
        let altered = decoded.replacingOccurrences(of: id, with: "00000000-0000-7000-8000-000000000000")
        let reencoded = Data(altered.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(throws: PuffleError.self) { try PageCursor(decoding: reencoded, scope: "list/a", key: key) }
    }

    @Test func cursorsAreUnpaddedBase64URLAndDecodeWithOrWithoutPadding() throws {
        let key = PageCursorKey(secret: "test secret")
        for suffix in 0..<20 {
            let id = "01a20f15-6793-7628-a6b6-0339e1a4fb\(10 + suffix)"
            let cursor = PageCursor(afterId: id).encoded(scope: "list/a", key: key)
            let padded = Self.paddedBase64(cursor)
            // What Foundation's base64 with `+`, `/` and `=` replaced gives: cursors issued before stay valid.
            let reference = Data(base64Encoded: padded)!.base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(cursor == reference)
            #expect(try PageCursor(decoding: padded, scope: "list/a", key: key).afterId == id)
        }
    }

    @Test func timestampsBefore1970FormatAsISO8601() {
        #expect(Timestamp(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        var writer = JSONWriter()
        writer.writeISO8601(Timestamp(milliseconds: -86_400_000))
        #expect(writer.text == "1969-12-31T00:00:00.000Z")
    }

    private static func paddedBase64(_ text: String) -> String {
        let base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }
}

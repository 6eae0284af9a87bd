/// The keys `POST /api/lists/check-duplicates` matches a person on after the LinkedIn URL.
public struct DuplicateKeys: Sendable {
    public var nameCompany: String?
    public var nameLocation: String?

    public init(type: LeadType, body: LeadBody) {
        guard type == .person else {
            self.init(fullName: nil, company: nil, location: nil)
            return
        }
        self.init(fullName: body.name.full, company: body.company?.name, location: body.location.displayText)
    }

    public init(fullName: String?, company: String?, location: String?) {
        guard let name = fullName.map(Self.fold), !name.isEmpty else { return }
        if let company = company.map(Self.fold), !company.isEmpty { nameCompany = name + "|" + company }
        // Places are compared through one normalization (case, punctuation, US states, countries).
        if let location = location.flatMap(LocationKey.normalized) { nameLocation = name + "|" + location }
    }

    /// Lowercased with runs of white space folded, so spacing and case do not hide a duplicate.
    public static func fold(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        // ASCII, the usual case: one pass over the bytes.
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !folded.isEmpty
                continue
            }
            if pendingSpace { folded.append(0x20) }
            pendingSpace = false
            folded.append((65...90).contains(byte) ? byte + 32 : byte)
        }
        return String(decoding: folded, as: UTF8.self)
    }
}

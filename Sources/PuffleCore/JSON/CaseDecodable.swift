/// A string enum whose decoding failure lists its cases.
///
/// Swift's own failure text, `Cannot initialize ListLeadType from invalid String value robot`,
/// names an internal type and says nothing of what would be accepted; request decoding turns
/// this one into `leadType: must be one of person, company, mixed, got "robot"`.
public protocol CaseDecodable: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension CaseDecodable {
    /// Decodes one of the raw values. - Throws: `DecodingError.dataCorrupted` listing the cases.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of \(Self.caseList), got \"\(raw)\"")
        }
        self = value
    }
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The raw values, comma-separated in declaration order: `person, company, mixed`. What
    /// errors list as the allowed values, in a body (``CaseDecodable``) or a query parameter.
    public static var caseList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

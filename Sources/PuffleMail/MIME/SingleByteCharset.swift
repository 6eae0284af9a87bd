/// A charset of one byte per character whose upper half comes from a table (the ASCII half is ASCII):
/// the ISO-8859 parts, Windows code pages and KOI8 variants, decoded the same on every platform.
struct SingleByteCharset {
    let high: [UInt16]

    /// The charset of that (lowercased) name, if a table has it.
    static func named(_ name: String) -> SingleByteCharset? {
        byName[name]
    }

    private static let byName: [String: SingleByteCharset] = {
        var map: [String: SingleByteCharset] = [:]
        for table in tables {
            for name in table.names { map[name] = SingleByteCharset(high: table.high) }
        }
        return map
    }()

    func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : UInt32(high[Int(byte - 0x80)])
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}

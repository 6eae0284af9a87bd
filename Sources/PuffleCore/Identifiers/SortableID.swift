import Foundation

/// Time-ordered identifiers (UUID version 7), so keyset paging by id follows creation order.
public enum SortableID {
    /// A new UUIDv7 string in lowercase canonical form.
    ///
    /// The machine's clock orders ids (so pages follow creation order even while a test moves its
    /// manual clock); no rule decides anything by an id's time, so this is not a second clock.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(milliseconds: UInt64(SystemClock().now().milliseconds), using: &generator)
    }

    /// A UUIDv7 string for a given millisecond timestamp and random source.
    public static func make(milliseconds: UInt64, using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index))))
        }
        let random = generator.next() as UInt64
        let random2 = generator.next() as UInt64
        for index in 6..<16 {
            let source = index < 14 ? random >> (8 * UInt64(index - 6)) : random2 >> (8 * UInt64(index - 14))
            bytes[index] = UInt8(truncatingIfNeeded: source)
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return uuid.uuidString.lowercased()
    }

    /// Whether a string has the shape of a UUID (any version), so it can be looked up safely.
    public static func isWellFormed(_ value: String) -> Bool {
        UUID(uuidString: value) != nil
    }
}

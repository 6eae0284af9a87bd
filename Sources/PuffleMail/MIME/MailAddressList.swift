import Foundation
import PuffleCore

/// Reads address fields (`From`, `To`, `Cc`, RFC 5322 3.4) leniently: `"Name" <a@b>`, `a@b (Name)`,
/// bare addresses, groups (`team: a@b, c@d;`), encoded-word names. Addresses come back lowercased.
public enum MailAddressList {
    public static func parse(_ value: String) -> [MailAddress] {
        var addresses: [MailAddress] = []
        for piece in split(value) {
            var text = piece.trimmingCharacters(in: .whitespaces)
            // `team: a@b` — a group's name goes; a lone `;` ends the group.
            if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("<"), !text[..<colon].contains("\"") {
                text = String(text[text.index(after: colon)...])
            }
            text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
            guard !text.isEmpty else { continue }
            var name: String?
            var address: String
            if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
                address = String(text[text.index(after: open)..<close])
                name = String(text[..<open])
            } else {
                address = text
                if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
                    name = String(text[text.index(after: open)..<close])
                    address = String(text[..<open])
                }
            }
            address = address.trimmingCharacters(in: .whitespaces).lowercased()
            guard address.contains("@") else { continue }
            let cleaned = name.map { MIMEDecoding.encodedWords(unquoted($0.trimmingCharacters(in: .whitespaces))) }
            addresses.append(MailAddress(address, name: cleaned?.isEmpty == false ? cleaned : nil))
        }
        return addresses
    }

    /// Splits at commas outside quotes, angle brackets and comments.
    static func split(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false, angle = 0, comment = 0, escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if !inQuotes {
                switch character {
                case "<": angle += 1
                case ">": angle = max(0, angle - 1)
                case "(": comment += 1
                case ")": comment = max(0, comment - 1)
                case ",", ";":
                    // A separator only outside an address's brackets and a comment (`a@b (Doe, John)`).
                    if angle == 0 && comment == 0 {
                        pieces.append(current)
                        current = ""
                        continue
                    }
                default: break
                }
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    static func unquoted(_ text: String) -> String {
        guard text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 else { return text }
        return MIMEFieldValue.unquoted(text.dropFirst().dropLast())
    }
}

/// The Date header (RFC 5322 3.3): `Thu, 3 Dec 2026 18:53:00 +0000`, with the obsolete zone names
/// and a missing weekday or seconds allowed.
public enum MailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = ["ut": 0, "gmt": 0, "z": 0, "est": -500, "edt": -400, "cst": -600, "cdt": -500, "mst": -700, "mdt": -600, "pst": -800, "pdt": -700]

    /// Milliseconds since 1970, or nil when the text is not a date.
    public static func parse(_ text: String) -> Int64? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, Int(first) == nil { words.removeFirst() }  // the weekday
        guard words.count >= 4, let day = Int(words[0]), let monthIndex = months.firstIndex(of: String(words[1].prefix(3)).lowercased()),
            var year = Int(words[2])
        else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let time = words[3].split(separator: ":").compactMap { Int($0) }
        // Any number may stand in a header: out of range is not a date (and must not overflow).
        guard time.count >= 2, (1...9999).contains(year), (1...31).contains(day), (0...24).contains(time[0]), (0...60).contains(time[1]),
            time.count < 3 || (0...61).contains(time[2])
        else { return nil }
        var offsetMinutes = 0
        if words.count >= 5 {
            let zone = words[4]
            if let number = Int(zone), zone.count == 5, abs(number) <= 2400 {
                offsetMinutes = (number / 100) * 60 + (number % 100)
            } else if let named = zones[zone.lowercased()] {
                offsetMinutes = (named / 100) * 60
            }
        }
        let days = Timestamp.days(fromCivil: (year, monthIndex + 1, day))
        let seconds = Int64(days) * 86_400 + Int64(time[0] * 3600 + time[1] * 60 + (time.count > 2 ? time[2] : 0)) - Int64(offsetMinutes * 60)
        return seconds * 1000
    }
}

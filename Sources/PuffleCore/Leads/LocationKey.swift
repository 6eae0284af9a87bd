/// One normalized form for a place, so "Austin, Texas", "austin, tx" and "Austin, TX, US" compare equal.
///
/// Both sides of a comparison go through ``normalized(_:)``: a Lead's stored location and a
/// candidate's text. Case and punctuation are dropped, US state names become their codes, country
/// names become ISO 3166 codes, and a US state implies the country `us`, so a trailing "US" or
/// "United States" neither adds nor hides a match. Outside the US the key is city and country.
public enum LocationKey {
    /// The normalized key, e.g. `austin|tx|us` or `berlin||de`; nil when the text holds no place.
    public static func normalized(_ text: String) -> String? {
        var parts = self.parts(text)
        guard !parts.isEmpty else { return nil }
        var country = ""
        // "Columbus, IN" and "San Jose, CA" name US states far more often than India or Canada: a
        // two-letter state code after a city is a state; as the third part it is a country.
        let last = parts[parts.count - 1]
        let cityAndStateCode = parts.count == 2 && last.count == 2 && stateCodes.contains(last)
        if parts.count > 1, !cityAndStateCode, let code = countryCode(last) {
            country = code
            parts.removeLast()
        }
        var state = ""
        if parts.count > 1, country.isEmpty || country == "us", let code = stateCode(parts[parts.count - 1]) {
            state = code
            country = "us"
            parts.removeLast()
        }
        if parts.count == 1, country.isEmpty, let code = countryCode(parts[0]) {
            return "||" + code
        }
        if parts.count == 1, country.isEmpty, let code = stateCode(parts[0]) {
            return "|" + code + "|us"
        }
        // The city is the first part; a region between it and a non-US country ("Munich, Bavaria,
        // Germany") is dropped, as most sources leave it out. A region nothing recognizes ("London,
        // Ontario") stays, so it is not taken for another London.
        let region = !state.isEmpty ? state : (country.isEmpty && parts.count > 1 ? parts[1] : "")
        return parts[0] + "|" + region + "|" + country
    }

    /// The comma-separated parts, each cleaned, empty ones dropped. ASCII text, nearly every
    /// location, is read byte by byte: this runs for every person row an import writes.
    static func parts(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased().split(separator: ",").map(clean).filter { !$0.isEmpty } }
        var parts: [String] = []
        var current: [UInt8] = []
        var pendingSpace = false
        func finish() {
            if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ","): finish()
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace, !current.isEmpty { current.append(UInt8(ascii: " ")) }
                pendingSpace = false
                current.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
            default: pendingSpace = true
            }
        }
        finish()
        return parts
    }

    /// Lowercase letters, digits and single spaces: "St. Louis" and "st louis" agree.
    private static func clean(_ part: Substring) -> String {
        var result = ""
        var pendingSpace = false
        for character in part {
            if character.isLetter || character.isNumber {
                if pendingSpace, !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(character)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// The two-letter code of a US state or DC, from its name or code.
    static func stateCode(_ text: String) -> String? {
        if text.count == 2, stateCodes.contains(text) { return text }
        return stateNames[text]
    }

    /// The ISO 3166 alpha-2 code of a country, from its English name, a common alias or its code.
    static func countryCode(_ text: String) -> String? {
        if let code = countryNames[text] { return code }
        if text.count == 2, countryCodes.contains(text) { return text }
        return nil
    }

    private static let stateNames: [String: String] = [
        "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca", "colorado": "co", "connecticut": "ct",
        "delaware": "de", "district of columbia": "dc", "washington dc": "dc", "washington d c": "dc", "florida": "fl", "georgia": "ga",
        "hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky",
        "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi", "minnesota": "mn",
        "mississippi": "ms", "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv", "new hampshire": "nh",
        "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc", "north dakota": "nd", "ohio": "oh",
        "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa", "rhode island": "ri", "south carolina": "sc", "south dakota": "sd",
        "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa",
        "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy",
    ]
    private static let stateCodes = Set(stateNames.values)

    private static let countryNames: [String: String] = [
        "united states": "us", "united states of america": "us", "usa": "us", "u s": "us", "u s a": "us", "america": "us",
        "canada": "ca", "mexico": "mx", "united kingdom": "gb", "uk": "gb", "great britain": "gb", "britain": "gb", "england": "gb",
        "scotland": "gb", "wales": "gb", "northern ireland": "gb", "ireland": "ie", "germany": "de", "deutschland": "de",
        "france": "fr", "spain": "es", "portugal": "pt", "italy": "it", "netherlands": "nl", "the netherlands": "nl", "holland": "nl",
        "belgium": "be", "luxembourg": "lu", "switzerland": "ch", "austria": "at", "sweden": "se", "norway": "no", "denmark": "dk",
        "finland": "fi", "iceland": "is", "poland": "pl", "czech republic": "cz", "czechia": "cz", "slovakia": "sk", "hungary": "hu",
        "romania": "ro", "bulgaria": "bg", "greece": "gr", "croatia": "hr", "serbia": "rs", "slovenia": "si", "estonia": "ee",
        "latvia": "lv", "lithuania": "lt", "ukraine": "ua", "russia": "ru", "turkey": "tr", "turkiye": "tr", "israel": "il",
        "united arab emirates": "ae", "uae": "ae", "saudi arabia": "sa", "qatar": "qa", "egypt": "eg", "morocco": "ma",
        "nigeria": "ng", "kenya": "ke", "south africa": "za", "ghana": "gh", "india": "in", "pakistan": "pk", "bangladesh": "bd",
        "china": "cn", "japan": "jp", "south korea": "kr", "korea": "kr", "taiwan": "tw", "hong kong": "hk", "singapore": "sg",
        "malaysia": "my", "indonesia": "id", "philippines": "ph", "vietnam": "vn", "thailand": "th", "australia": "au",
        "new zealand": "nz", "brazil": "br", "argentina": "ar", "chile": "cl", "colombia": "co", "peru": "pe",
    ]
    private static let countryCodes = Set(countryNames.values)
}

@testable import PuffleCore
import Testing

/// Locations compare through one normalization: case, punctuation, US states and countries.
@Suite struct LocationKeyTests {
    @Test("the same place written differently gives one key", arguments: [
        ["Austin, Texas", "Austin, TX, US", "austin,tx", "AUSTIN, TX, United States", "Austin, Texas, USA"],
        ["San Jose, CA", "San Jose, California", "San Jose, California, United States"],
        ["Berlin, Germany", "Berlin, DE, Germany", "berlin,  germany"],
        ["St. Louis, MO", "St Louis, Missouri, US"],
        ["Germany", "germany", "DE"],
    ])
    func samePlace(variants: [String]) {
        let keys = Set(variants.map(LocationKey.normalized))
        #expect(keys.count == 1, "\(variants) gave \(keys)")
        #expect(keys.first! != nil)
    }

    @Test func differentPlacesDiffer() {
        #expect(LocationKey.normalized("Austin, Texas") != LocationKey.normalized("Austin, Minnesota"))
        #expect(LocationKey.normalized("Columbus, IN") == LocationKey.normalized("Columbus, Indiana"))
        #expect(LocationKey.normalized("Paris, France") != LocationKey.normalized("Paris, Texas"))
        #expect(LocationKey.normalized(" , ") == nil)
        #expect(LocationKey.normalized("London, Ontario") != LocationKey.normalized("London, Greater London"))
        #expect(LocationKey.normalized("Munich, Bavaria, Germany") == LocationKey.normalized("Munich, Germany"))
    }
}

extension LocationKeyTests {
    @Test func theASCIIPathAndTheUnicodePathAgree() {
        for text in ["St. Louis, MO", "  Austin ,Texas,, US ", "New-York, NY", "Zürich, Switzerland", "São Paulo, Brazil"] {
            let unicode = text.lowercased().split(separator: ",").map { part in
                String(part.map { $0.isLetter || $0.isNumber ? $0 : " " }).split(separator: " ").joined(separator: " ")
            }.filter { !$0.isEmpty }
            #expect(LocationKey.parts(text) == unicode, "\(text)")
        }
    }
}

import Foundation

/// A draft of the workspace context from a company's own website: the rule-based reading the
/// onboarding scrape and `POST /api/context/regenerate` write.
///
/// What the site says about itself becomes the company half (overview, product, differentiators);
/// who it says it is for ("The CRM for sales teams at fintech startups") is read by the Lead Search
/// prompt rules into the ICP: job titles, industries, company sizes and keywords.
public struct ContextDraft: Equatable, Sendable {
    public var companyName: String?
    public var context: JSONObject
    public var profile: JSONObject

    public init(pages: [WebPage], website: String) {
        let home = pages.first?.html ?? ""
        let title = HTMLScan.text(in: home, between: "<title", and: "</title>").map { HTMLScan.decoded(HTMLScan.afterTagEnd($0)) }
        let siteName = HTMLScan.metaContent(in: home, names: ["og:site_name"]).map(HTMLScan.decoded)
        companyName = siteName ?? title.flatMap(Self.nameFromTitle)
        let description = HTMLScan.metaContent(in: home, names: ["description", "og:description"]).map(HTMLScan.decoded)
        let headings = HTMLScan.elements(in: home, named: ["h1", "h2", "h3"])
        let productPage = pages.dropFirst().first { page in ["product", "features", "platform", "solution"].contains { page.url.lowercased().contains($0) } }
        let product = productPage.flatMap { HTMLScan.metaContent(in: $0.html, names: ["description", "og:description"]).map(HTMLScan.decoded) }
            ?? headings.first
        let audience = ([description].compactMap { $0 } + headings).lazy.compactMap(Self.audience).first
        let parser = PromptParser()
        var read = parser.parse(audience ?? ([description ?? ""] + headings).joined(separator: ". "))
        if read.jobTitles.isEmpty, read.departments.isEmpty, let audience {
            // An audience names teams ("sales teams at fintech startups"); read as the heads of them,
            // the prompt rules give the title a seller would target.
            read.jobTitles = parser.parse("heads of " + audience).jobTitles
        }

        var company: JSONObject = [:]
        company["overview"] = (description ?? headings.first).map(JSONValue.string)
        company["product"] = product.map(JSONValue.string)
        let differentiators = headings.dropFirst().prefix(5)
        if !differentiators.isEmpty { company["differentiators"] = .string(differentiators.joined(separator: "; ")) }
        var market: JSONObject = [:]
        market["targetAudience"] = audience.map(JSONValue.string)
        let titles = read.jobTitles.isEmpty ? read.departments.map { "Head of " + Self.titled($0) } : read.jobTitles
        if !titles.isEmpty { market["icpJobTitles"] = .array(titles.map(JSONValue.string)) }
        if !read.industries.isEmpty { market["icpIndustries"] = .array(read.industries.map { .string(Self.titled($0)) }) }
        if !read.sizes.isEmpty { market["icpCompanySizes"] = .array(read.sizes.map(JSONValue.string)) }
        if !read.keywords.isEmpty { market["icpKeywords"] = .array(read.keywords.map(JSONValue.string)) }
        context = [:]
        if !company.isEmpty { context["company"] = .object(company) }
        if !market.isEmpty { context["market"] = .object(market) }
        profile = ["website": .string(website)]
        if let companyName { profile["companyName"] = .string(companyName) }
    }

    /// The saved context with this draft written in. Onboarding fills only empty fields, so what a
    /// user wrote stays; a regeneration (`overwrite`) replaces every field the draft has.
    public func merged(into saved: WorkspaceContext, overwrite: Bool, extraProfile: JSONObject = [:]) -> WorkspaceContext {
        let context = Self.fill(saved.context.objectValue ?? [:], with: self.context, overwrite: overwrite)
        var profile = Self.fill(saved.profile.objectValue ?? [:], with: self.profile, overwrite: overwrite)
        profile = Self.fill(profile, with: extraProfile, overwrite: false)
        return WorkspaceContext(context: .object(context), profile: .object(profile))
    }

    private static func fill(_ saved: JSONObject, with draft: JSONObject, overwrite: Bool) -> JSONObject {
        var result = saved
        for (key, value) in draft {
            if case .object(let inner) = value, case .object(let current)? = saved[key] {
                result[key] = .object(fill(current, with: inner, overwrite: overwrite))
            } else if overwrite || (saved[key]?.isEmpty ?? true) {
                result[key] = value
            }
        }
        return result
    }

    /// "Acme | The CRM for sales teams" names Acme.
    static func nameFromTitle(_ title: String) -> String? {
        let separators = [" | ", " - ", " – ", " — ", ": "]
        let first = separators.reduce(title) { text, separator in text.components(separatedBy: separator)[0] }
        let name = first.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// Who a sentence says the product is for: the words after " for ", up to the sentence's end.
    static func audience(in text: String) -> String? {
        guard let range = text.range(of: " for ", options: .caseInsensitive) else { return nil }
        let rest = text[range.upperBound...].prefix { !".!?".contains($0) }
        let audience = rest.trimmingCharacters(in: .whitespaces)
        return audience.count >= 3 ? audience : nil
    }

    static func titled(_ code: String) -> String {
        code.replacingOccurrences(of: "_", with: " ").split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}

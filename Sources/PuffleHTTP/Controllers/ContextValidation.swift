import PuffleCore

/// Type-checks the known fields of a context document; unknown fields pass through untouched.
enum ContextValidation {
    private enum Kind { case text, texts }

    private static let contextFields: [String: [String: Kind]] = [
        "user": ["professionalBackground": .text],
        "company": ["overview": .text, "product": .text, "problemSolved": .text, "differentiators": .text, "linkedInPresence": .text],
        "content": [
            "linkedInVoice": .text, "recommendedTopics": .texts, "preferredTone": .text, "contentFormats": .texts,
            "topicsToAvoid": .texts, "postingCadence": .text,
        ],
        "market": [
            "targetAudience": .text, "industryContext": .text, "icpJobTitles": .texts, "icpIndustries": .texts,
            "icpCompanySizes": .texts, "icpPainPoints": .texts, "icpKeywords": .texts,
        ],
    ]
    private static let profileFields: [String: Kind] = ["firstName": .text, "lastName": .text, "companyName": .text, "website": .text]

    /// - Throws: ``PuffleError/invalidRequest(_:)`` naming the first field of the wrong type.
    static func validate(_ document: WorkspaceContext) throws {
        if document.context != .null {
            guard let context = document.context.objectValue else { throw PuffleError.invalidRequest("context: must be an object or null") }
            for (section, fields) in contextFields {
                guard let value = context[section], value != .null else { continue }
                guard let object = value.objectValue else { throw PuffleError.invalidRequest("context.\(section): must be an object") }
                try check(object, fields, prefix: "context.\(section)")
            }
            if let extra = context["extra"], extra != .null, extra.objectValue == nil {
                throw PuffleError.invalidRequest("context.extra: must be an object or null")
            }
        }
        if document.profile != .null {
            guard let profile = document.profile.objectValue else { throw PuffleError.invalidRequest("profile: must be an object or null") }
            try check(profile, profileFields, prefix: "profile")
        }
    }

    private static func check(_ object: JSONObject, _ fields: [String: Kind], prefix: String) throws {
        for (name, kind) in fields {
            guard let value = object[name], value != .null else { continue }
            switch kind {
            case .text where value.stringValue == nil:
                throw PuffleError.invalidRequest("\(prefix).\(name): must be a string")
            case .texts:
                guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else {
                    throw PuffleError.invalidRequest("\(prefix).\(name): must be an array of strings")
                }
            default:
                continue
            }
        }
    }
}

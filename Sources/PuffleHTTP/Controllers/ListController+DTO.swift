import PuffleCore

extension ListController {
    struct CreateRequest: Decodable {
        var name: String?
        var description: String?
        var leadType: ListLeadType?
        var leadIds: [String]?
    }

    struct UpdateRequest: Decodable {
        var id: String
        var name: String?
        /// Absent leaves it; `null` clears it.
        var description: String??
        var leadType: ListLeadType?

        enum CodingKeys: String, CodingKey { case id, name, description, leadType }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            leadType = try container.decodeIfPresent(ListLeadType.self, forKey: .leadType)
            if container.contains(.description) {
                description = .some(try container.decodeNil(forKey: .description) ? nil : container.decode(String.self, forKey: .description))
            }
        }
    }

    struct IdRequest: Decodable {
        var id: String
    }

    struct LeadIdsRequest: Decodable {
        var leadIds: [String]
    }

    struct ImportRequest: Decodable {
        var leads: [LeadInput]
        var listId: String?
        var preview: Bool?
    }

    struct CheckDuplicatesRequest: Decodable {
        var people: [DuplicateCandidate]?
        var searchId: String?
        var excludeListId: String?
    }

    struct ListBody: Encodable, Sendable {
        var list: LeadList
    }

    struct ListsBody: Encodable, Sendable {
        var lists: [LeadList]
    }

    struct ListLeadsBody: Encodable, Sendable {
        var leads: [Lead]
        var total: Int
        var hasMore: Bool
        var nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(leads, forKey: .leads)
            try container.encode(total, forKey: .total)
            try container.encode(hasMore, forKey: .hasMore)
            try container.encode(nextCursor, forKey: .nextCursor)
        }

        enum CodingKeys: String, CodingKey { case leads, total, hasMore, nextCursor }
    }

    struct ImportPreviewBody: Encodable, Sendable {
        struct Counts: Encodable, Sendable {
            var leadCount: Int
            var personCount: Int
            var companyCount: Int
            var createdCount: Int
            var mergedCount: Int
        }
        var preview: Counts
        var errors: [LeadImportRowError]
    }

    struct ImportBody: Encodable, Sendable {
        var list: LeadList?
        var leads: [Lead]
        var createdCount: Int
        var mergedCount: Int
        var errors: [LeadImportRowError]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(list, forKey: .list)
            try container.encode(leads, forKey: .leads)
            try container.encode(createdCount, forKey: .createdCount)
            try container.encode(mergedCount, forKey: .mergedCount)
            try container.encode(errors, forKey: .errors)
        }

        enum CodingKeys: String, CodingKey { case list, leads, createdCount, mergedCount, errors }
    }

    struct DuplicateCountBody: Encodable, Sendable {
        var duplicateCount: Int
    }
}

/// Either of two reply bodies, encoded as whichever it holds.
enum EitherBody<First: Encodable & Sendable, Second: Encodable & Sendable>: Encodable, Sendable {
    case first(First)
    case second(Second)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .first(let value): try value.encode(to: encoder)
        case .second(let value): try value.encode(to: encoder)
        }
    }
}

import PuffleAPI
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

    /// `POST /api/lists/import`, read from parsed JSON so each row is validated on its own.
    struct ImportRequest {
        var leads: [LeadInput]
        var listId: String?
        var preview: Bool

        init(json: JSONValue) throws {
            guard let object = json.objectValue else { throw PuffleError.invalidRequest("body: must be a JSON object") }
            guard case .array(let rows) = object["leads"] ?? .null else {
                throw PuffleError.invalidRequest("leads: is required and must be an array of Lead objects")
            }
            guard !rows.isEmpty else { throw PuffleError.invalidRequest("leads: needs at least one Lead") }
            guard rows.count <= API.maxImportBatch else {
                throw PuffleError.invalidRequest("leads: at most \(API.maxImportBatch) Leads a request, got \(rows.count); nothing was imported")
            }
            switch object["listId"] ?? .null {
            case .null: listId = nil
            case .string(let id): listId = id
            default: throw PuffleError.invalidRequest("listId: must be a string")
            }
            switch object["preview"] ?? .null {
            case .null: preview = false
            case .bool(let flag): preview = flag
            default: throw PuffleError.invalidRequest("preview: must be a boolean")
            }
            leads = rows.map(LeadInput.init(json:))
        }
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

    struct DuplicateCountBody: Encodable, Sendable {
        var duplicateCount: Int
    }
}

import PuffleCore
import SQLKit

/// Recomputes each person Lead's name + location duplicate key through ``LocationKey``, so that
/// "Austin, Texas" and "Austin, TX, US" match in `POST /api/lists/check-duplicates`.
struct NormalizeDuplicateLocations: Migration {
    let version = 10
    let name = "normalize the name + location duplicate keys"

    func prepare(engine: DatabaseEngine) -> [String] { [] }

    func revert(engine: DatabaseEngine) -> [String] { [] }

    func backfill(_ db: any SQLDatabase) async throws {
        let rows = try await db.raw("SELECT id, body FROM leads WHERE type = 'person' AND dup_name_location IS NOT NULL").all()
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let body = try LeadBody(storedJSON: try row.decode(column: "body", as: String.self))
            let key = DuplicateKeys(type: .person, body: body).nameLocation
            try await db.raw("UPDATE leads SET dup_name_location = \(bind: key) WHERE id = \(bind: id)").run()
        }
    }
}

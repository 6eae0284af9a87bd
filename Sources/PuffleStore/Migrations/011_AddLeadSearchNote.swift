/// Why a Lead Search stopped short of its `fetch_count` (the balance ran out), shown as the task's `note`.
/// From this version on `reserved_credits` holds what the run has taken so far, page by page.
struct AddLeadSearchNote: Migration {
    let version = 11
    let name = "add lead search note"

    func prepare(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE lead_search_tasks ADD COLUMN note TEXT"]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE lead_search_tasks DROP COLUMN note"]
    }
}

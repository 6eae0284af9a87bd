/// The credits a Lead Search task reserves when it is created: concurrent searches can't spend the
/// same balance twice, and what a run doesn't use goes back when it ends.
struct AddLeadSearchReservation: Migration {
    let version = 7
    let name = "add lead search credit reservation"

    func prepare(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE lead_search_tasks ADD COLUMN reserved_credits BIGINT NOT NULL DEFAULT 0"]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE lead_search_tasks DROP COLUMN reserved_credits"]
    }
}

/// Attributes on a List membership (what a membership-scoped Enrichment writes: the value belongs
/// to the Lead in that List only), and where each run writes.
struct AddMembershipAttributes: Migration {
    let version = 8
    let name = "add list membership attributes and enrichment output target"

    func prepare(engine: DatabaseEngine) -> [String] {
        [
            "ALTER TABLE list_members ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE enrichment_runs ADD COLUMN output_target TEXT NOT NULL DEFAULT 'lead_attribute'",
        ]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE enrichment_runs DROP COLUMN output_target", "ALTER TABLE list_members DROP COLUMN attributes"]
    }
}

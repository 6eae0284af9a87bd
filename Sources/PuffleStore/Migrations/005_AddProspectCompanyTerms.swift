/// A prospect company's search tags, stored once, so importing its people needn't read its body again.
struct AddProspectCompanyTerms: Migration {
    let version = 5
    let name = "add prospect company terms"

    func prepare(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE prospect_companies ADD COLUMN terms TEXT NOT NULL DEFAULT ''"]
    }

    func revert(engine: DatabaseEngine) -> [String] {
        ["ALTER TABLE prospect_companies DROP COLUMN terms"]
    }
}

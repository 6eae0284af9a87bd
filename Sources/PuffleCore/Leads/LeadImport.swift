/// What an import batch did, row by row.
public struct LeadImportOutcome: Sendable {
    /// The target List after the import (nil for a preview or an import without `listId`).
    public var list: LeadList?
    /// The Leads the valid rows became, in row order, one per distinct Lead.
    public var leads: [LeadRecord]
    /// Distinct Leads in the batch, by type.
    public var personCount: Int
    public var companyCount: Int
    /// How many Leads were new, and how many rows merged into Leads that already existed.
    public var createdCount: Int
    public var mergedCount: Int
    /// The rows that were not imported.
    public var errors: [LeadImportRowError]
    /// The Lead each imported row became, by the row's index in the request.
    public var leadIdByRow: [Int: String] = [:]

    public init(
        list: LeadList? = nil, leads: [LeadRecord] = [], personCount: Int = 0, companyCount: Int = 0, createdCount: Int = 0,
        mergedCount: Int = 0, errors: [LeadImportRowError] = []
    ) {
        self.list = list
        self.leads = leads
        self.personCount = personCount
        self.companyCount = companyCount
        self.createdCount = createdCount
        self.mergedCount = mergedCount
        self.errors = errors
    }

    /// Distinct Leads of the batch.
    public var leadCount: Int { personCount + companyCount }
}

/// One row of an import that was not imported, and why.
public struct LeadImportRowError: Codable, Equatable, Sendable {
    /// The row's position in `leads[]`, from 0.
    public var index: Int
    public var code: String
    public var message: String

    public init(index: Int, code: String = "invalid_request", message: String) {
        self.index = index
        self.code = code
        self.message = message
    }
}

/// Groups the rows of one batch that share an identity key, so a batch that repeats a Lead
/// makes one Lead of it. Rows without any key stay alone.
public enum LeadBatchGrouping {
    /// Row groups, each in first-appearance order, ordered by their first row.
    public static func groups(keys: [[String]]) -> [[Int]] {
        var parent = Array(keys.indices)
        func root(_ index: Int) -> Int {
            var node = index
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var owner: [String: Int] = [:]
        for (row, rowKeys) in keys.enumerated() {
            for key in rowKeys {
                if let other = owner[key] {
                    let (a, b) = (root(other), root(row))
                    if a != b { parent[max(a, b)] = min(a, b) }
                } else {
                    owner[key] = row
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for row in keys.indices {
            let groupRoot = root(row)
            if groups[groupRoot] == nil { order.append(groupRoot) }
            groups[groupRoot, default: []].append(row)
        }
        return order.map { groups[$0]! }
    }
}

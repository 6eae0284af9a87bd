/// The rules of Lead identity for one batch: which rows are one Lead, which Lead owns them, what is
/// merged, and which rows are refused because their identifiers belong to different Leads.
///
/// Plain values in, plain values out. The store reads who owns the batch's identity keys
/// (``distinctKeys(of:)``), builds the plan (``init(rows:owners:)``), reads the Leads it merges
/// into (``existingIds``), hands them over (``merge(into:)``), and writes what ``Entry/action`` says.
public struct LeadMergePlan: Sendable {
    /// One distinct Lead of the batch.
    public struct Entry: Sendable {
        /// The request rows that became this Lead.
        public internal(set) var rows: [Int]
        /// The Lead to write: the rows' (and an existing Lead's) merged body.
        public internal(set) var prepared: PreparedLead
        /// The Lead this merges into, when one of its keys is already taken; nil again when
        /// ``LeadMergePlan/merge(into:)`` finds it deleted meanwhile (it is then created anew).
        public internal(set) var existingId: String?
        /// That Lead as stored, once ``merge(into:)`` has read it, and its body.
        public internal(set) var existing: LeadRecord?
        public internal(set) var existingBody: LeadBody?
        /// Every identity key of the rows, to claim for the Lead.
        public internal(set) var keys: [String]

        public var type: LeadType { prepared.type }

        /// What writing this Lead means, once ``LeadMergePlan/merge(into:)`` has run (before it,
        /// an entry that will merge still reads `.create`).
        public var action: Action {
            guard existing != nil else { return .create }
            return prepared.body == existingBody ? .unchanged : .update
        }
    }

    public enum Action: Sendable, Equatable {
        /// A new Lead.
        case create
        /// An existing Lead whose body gained something.
        case update
        /// An existing Lead the rows added nothing to.
        case unchanged
    }

    /// In the order of each Lead's first row.
    public private(set) var entries: [Entry] = []
    /// Rows refused, in row order.
    public private(set) var conflicts: [LeadImportRowError] = []

    /// Every identity key of the rows, once each: what the store looks up owners for.
    public static func distinctKeys(of rows: [PreparedLead]) -> [String] {
        Array(Set(rows.flatMap(\.keys)))
    }

    /// Groups the rows that share a key into one Lead each and decides which existing Lead, if any,
    /// each group merges into.
    /// - Parameter owners: The Lead that owns each identity key already taken.
    public init(rows allRows: [PreparedLead], owners: [String: String]) {
        /// The keys among these that a Lead already owns, with that Lead.
        func owned(_ keys: [String]) -> [(key: String, leadId: String)] {
            keys.compactMap { key in owners[key].map { (key: key, leadId: $0) } }
        }
        // A row whose own identifiers belong to different Leads is refused by itself first, so the
        // rows it shares a key with are not grouped with it and refused too.
        let rows = allRows.filter { row in
            let rowOwners = owned(row.keys)
            guard Set(rowOwners.map(\.leadId)).count > 1 else { return true }
            conflicts.append(Self.conflictError(index: row.index, owners: rowOwners))
            return false
        }
        let keys = rows.map(\.keys)
        var entryOfLead: [String: Int] = [:]
        for group in LeadBatchGrouping.groups(keys: keys) {
            var prepared = rows[group[0]]
            if group.count > 1 {
                let body = group.dropFirst().reduce(prepared.body) { $0.merging(rows[$1].body) }
                prepared = PreparedLead(index: prepared.index, type: prepared.type, body: body)
            }
            let groupKeys = Array(Set(group.flatMap { keys[$0] })).sorted()
            let indexes = group.map { rows[$0].index }
            let groupOwners = owned(groupKeys)
            if Set(groupOwners.map(\.leadId)).count > 1 {
                // Rows that each match one Lead, joined by a new key into a group that matches two:
                // merging into one of them would leave the others' identifiers on it, owned elsewhere.
                conflicts += indexes.map { Self.conflictError(index: $0, owners: groupOwners) }
                continue
            }
            guard let leadId = groupOwners.first?.leadId else {
                entries.append(Entry(rows: indexes, prepared: prepared, existingId: nil, keys: groupKeys))
                continue
            }
            if let index = entryOfLead[leadId] {
                // Two groups with no key in common that match the same Lead become one entry.
                let entry = entries[index]
                entries[index].rows += indexes
                entries[index].prepared = PreparedLead(index: entry.prepared.index, type: entry.type, body: entry.prepared.body.merging(prepared.body))
                entries[index].keys += groupKeys
                continue
            }
            entryOfLead[leadId] = entries.count
            entries.append(Entry(rows: indexes, prepared: prepared, existingId: leadId, keys: groupKeys))
        }
        conflicts.sort { $0.index < $1.index }
    }

    /// The existing Leads the plan merges into; the store reads them for ``merge(into:)``.
    public var existingIds: [String] { entries.compactMap(\.existingId) }

    /// Merges each entry into the Lead it matched: the stored body keeps its values, and the rows
    /// fill what it lacks (``LeadBody/merging(_:)``).
    /// - Parameter existing: The stored Leads by id; one missing (deleted meanwhile) is created anew.
    public mutating func merge(into existing: [String: LeadRecord]) throws {
        for index in entries.indices {
            guard let id = entries[index].existingId else { continue }
            guard let record = existing[id] else {
                entries[index].existingId = nil
                continue
            }
            let entry = entries[index]
            let stored = try LeadBody(storedJSON: record.bodyJSON)
            entries[index].existing = record
            entries[index].existingBody = stored
            entries[index].prepared = PreparedLead(index: entry.prepared.index, type: entry.type, body: stored.merging(entry.prepared.body))
        }
    }

    /// The error of a row whose identifiers belong to different Leads, naming one identifier of each.
    static func conflictError(index: Int, owners: [(key: String, leadId: String)]) -> LeadImportRowError {
        var named: [String: String] = [:]
        for owner in owners where named[owner.leadId] == nil {
            named[owner.leadId] = LeadIdentity.displayName(ofKey: owner.key)
        }
        let list = named.sorted { $0.key < $1.key }.map { "\($0.value) belongs to Lead \($0.key)" }.joined(separator: ", ")
        return LeadImportRowError(index: index, code: "conflict", message: "The identifiers match different Leads (\(list)); update those Leads instead")
    }
}

extension LeadMergePlan {
    /// An update may not take an identifier another Lead owns: no update merges two Leads.
    /// - Parameter owners: The owners of the updated body's keys, as stored.
    /// - Returns: The conflict to answer, or nil when every key is free or the Lead's own.
    public static func updateConflict(leadId: String, keys: [String], owners: [String: String]) -> PuffleError? {
        guard let taken = keys.first(where: { owners[$0].map { $0 != leadId } ?? false }) else { return nil }
        return .conflict("Another Lead already has the identifier \(taken.split(separator: ":", maxSplits: 1).last ?? "")")
    }
}

extension LeadImportOutcome {
    /// Counts a plan's Leads by type, and how many were created and how many rows merged.
    public mutating func count(_ plan: LeadMergePlan) {
        for entry in plan.entries {
            if entry.type == .person { personCount += 1 } else { companyCount += 1 }
        }
        // Every valid row either made a new Lead or merged into one (existing, or earlier in the batch).
        createdCount = plan.entries.filter { $0.existingId == nil }.count
        mergedCount = plan.entries.reduce(0) { $0 + $1.rows.count } - createdCount
    }
}

import PuffleCore

/// One Lead ready to be written: everything derived from its body (identity keys, search text,
/// duplicate keys, stored JSON) computed once, and before the write lock is taken.
struct PreparedRow: Sendable {
    /// The row's position in the request.
    var index: Int
    var type: LeadType
    var body: LeadBody
    var keys: [String]
    var bodyJSON: String
    var search: LeadSearchFields
    var duplicates: DuplicateKeys

    init(index: Int, type: LeadType, body: LeadBody) {
        self.index = index
        self.type = type
        self.body = body
        self.keys = LeadIdentity.keys(type: type, body: body)
        self.bodyJSON = body.jsonText
        self.search = LeadSearchFields(type: type, body: body)
        self.duplicates = DuplicateKeys(type: type, body: body)
    }
}

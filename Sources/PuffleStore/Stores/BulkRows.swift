import PuffleCore
import SQLKit

/// Many rows sent to the database as one bind: a JSON array of arrays that the database unpacks
/// itself (`jsonb_each` on SQLite, `json_array_elements` on PostgreSQL).
///
/// A 500-Lead import used to bind 7,500 values through SQLKit's per-value encoding and make SQLite
/// prepare a new statement the size of the batch each time. One text bind and a short statement
/// that never changes cut the time under the write lock severalfold (see README, Benchmarks).
/// On SQLite, `jsonb_each` hands each row over in SQLite's binary JSON, which `->>` reads as it is;
/// `json_each` turned every row back into text for `->>` to parse again (imports ~10% faster).
struct BulkRows: Sendable {
    /// How a column's value is read back out of the JSON row.
    enum Kind {
        case text
        case integer
    }

    let columns: [(name: String, kind: Kind)]
    private var writer = JSONWriter(capacity: 64 * 1024)
    private var rowOpen = false
    private(set) var count = 0

    init(_ columns: [(name: String, kind: Kind)]) {
        self.columns = columns
        writer.writeASCII("[")
    }

    var isEmpty: Bool { count == 0 }

    /// Starts a row; append its values in column order with ``add(_:)-(String?)``.
    mutating func startRow() {
        closeRow()
        if count > 0 { writer.writeASCII(",") }
        writer.writeASCII("[")
        rowOpen = true
        count += 1
        valueCount = 0
    }

    private var valueCount = 0

    mutating func add(_ text: String?) {
        separate()
        writer.write(optional: text)
    }

    mutating func add(_ number: Int64) {
        separate()
        writer.writeRaw(String(number).utf8)
    }

    private mutating func separate() {
        if valueCount > 0 { writer.writeASCII(",") }
        valueCount += 1
    }

    private mutating func closeRow() {
        if rowOpen { writer.writeASCII("]") }
        rowOpen = false
    }

    /// The JSON array of every row.
    mutating func json() -> String {
        closeRow()
        var finished = writer
        finished.writeASCII("]")
        return finished.text
    }

    /// `(SELECT <columns by name> FROM <the rows>) AS v`, to join against.
    mutating func source(engine: DatabaseEngine) -> SQLQueryString {
        let rows = json()
        switch engine {
        case .sqlite:
            let select = columns.enumerated().map { "value->>\($0.offset) AS \($0.element.name)" }.joined(separator: ", ")
            return "(SELECT \(unsafeRaw: select) FROM jsonb_each(\(bind: rows))) AS v"
        case .postgres:
            let select = columns.enumerated().map { offset, column in
                (column.kind == .integer ? "(r->>\(offset))::bigint" : "r->>\(offset)") + " AS \(column.name)"
            }.joined(separator: ", ")
            return "(SELECT \(unsafeRaw: select) FROM json_array_elements(\(bind: rows)::json) AS r) AS v"
        }
    }

    /// `UPDATE table SET column = v.column, ... FROM <the rows> AS v WHERE table.key = v.key AND <condition>`:
    /// many rows changed in one statement. The first column is the key.
    mutating func update(_ table: String, engine: DatabaseEngine, where condition: String = "true", tail: String = "") -> SQLQueryString {
        let key = columns[0].name
        let sets = columns.dropFirst().map { "\($0.name) = v.\($0.name)" }.joined(separator: ", ")
        return "UPDATE \(unsafeRaw: table) SET \(unsafeRaw: sets) FROM \(source(engine: engine)) WHERE \(unsafeRaw: table).\(unsafeRaw: key) = v.\(unsafeRaw: key) AND \(unsafeRaw: condition) \(unsafeRaw: tail)"
    }

    /// `INSERT INTO table (columns) SELECT ... FROM <the rows>` followed by `tail` (an `ON CONFLICT` clause,
    /// a `RETURNING` list), for this engine.
    mutating func insert(into table: String, engine: DatabaseEngine, tail: String = "") -> SQLQueryString {
        let names = columns.map(\.name).joined(separator: ", ")
        let rows = json()
        switch engine {
        case .sqlite:
            let values = columns.indices.map { "value->>\($0)" }.joined(separator: ", ")
            // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
            return "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names)) SELECT \(unsafeRaw: values) FROM jsonb_each(\(bind: rows)) WHERE true \(unsafeRaw: tail)"
        case .postgres:
            let values = columns.enumerated().map { offset, column in
                column.kind == .integer ? "(r->>\(offset))::bigint" : "r->>\(offset)"
            }.joined(separator: ", ")
            return "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names)) SELECT \(unsafeRaw: values) FROM json_array_elements(\(bind: rows)::json) AS r \(unsafeRaw: tail)"
        }
    }

    /// Runs an insert or update and answers how many rows it changed.
    static func changedRowCount(of statement: SQLQueryString, engine: DatabaseEngine, db: any SQLDatabase) async throws -> Int {
        switch engine {
        case .sqlite:
            // The same connection, inside the caller's transaction: nothing runs in between.
            try await db.raw(statement).run()
            let row = try await db.raw("SELECT changes() AS count").first()
            return Int(try row?.decode(column: "count", as: Int64.self) ?? 0)
        case .postgres:
            var counted = SQLQueryString("WITH changed AS (")
            counted.appendInterpolation(statement)
            counted.appendLiteral(" RETURNING 1) SELECT count(*) AS count FROM changed")
            let row = try await db.raw(counted).first()
            return Int(try row?.decode(column: "count", as: Int64.self) ?? 0)
        }
    }
}

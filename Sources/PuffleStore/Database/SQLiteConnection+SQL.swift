import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit over one SQLite connection, with rows that read text and numbers directly.
///
/// SQLiteKit's rows decode every value through `SQLiteDataDecoder`, which first asks the runtime
/// whether the requested type conforms to a protocol. A page of 500 Leads reads 2,500 values that
/// way, and it was about a tenth of the page's CPU (`puffle bench import`, perf). The common types
/// are read here without that lookup; anything else still goes through SQLiteKit's decoder.
struct SQLiteSQLDatabase: SQLDatabase {
    let connection: SQLiteConnection

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let (sql, binds) = serialize(query)
        do {
            return connection.query(sql, try binds.map(Self.data), logger: logger) { onRow(SQLiteDirectRow(row: $0)) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = serialize(query)
        try await connection.query(sql, try binds.map(Self.data)) { onRow(SQLiteDirectRow(row: $0)) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// A bind as SQLite data: strings and integers directly, other types through SQLiteKit's encoder.
    private static func data(_ bind: any Encodable & Sendable) throws -> SQLiteData {
        switch bind {
        case let text as String: .text(text)
        case let number as Int: .integer(number)
        case let number as Int64: .integer(Int(number))
        case let number as Double: .float(number)
        case let flag as Bool: .integer(flag ? 1 : 0)
        default: try encoder.encode(bind)
        }
    }
}

/// SQLiteKit's converters for the values read and bound other than directly, made once: each
/// holds a Foundation JSON coder.
private let encoder = SQLiteDataEncoder()
private let decoder = SQLiteDataDecoder()

/// One result row; see ``SQLiteSQLDatabase``.
struct SQLiteDirectRow: SQLRow {
    let row: SQLiteRow

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else {
            throw DecodingError.keyNotFound(
                SQLCodingKey(column), .init(codingPath: [], debugDescription: "No column \(column) in the row"))
        }
        // Each branch converts only to the very type asked for, so the bit casts are identities.
        switch data {
        case .text(let text) where D.self == String.self:
            return unsafeBitCast(text, to: D.self)
        case .integer(let number) where D.self == Int64.self:
            return unsafeBitCast(Int64(number), to: D.self)
        case .integer(let number) where D.self == Int.self:
            return unsafeBitCast(number, to: D.self)
        default:
            return try decoder.decode(D.self, from: data)
        }
    }
}

/// A column name as a coding key, for the missing-column error.
private struct SQLCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOPosix

/// Asks a name server for a domain's mail servers (MX) and text records (TXT: SPF, DKIM, DMARC),
/// one UDP query each.
///
/// Written against the sockets API rather than a resolver library: the query and the answer's
/// records are all this needs (RFC 1035 4.1, with name compression; an EDNS0 OPT record asks for
/// answers up to 4 KB, so a 2,048-bit DKIM key's TXT record fits).
public struct DNSResolver: Sendable {
    /// The name server, `nameserver` of /etc/resolv.conf unless given.
    public var server: String
    public var port: UInt16
    public var timeoutSeconds: Int

    public init(server: String? = nil, port: UInt16 = 53, timeoutSeconds: Int = 3) {
        self.server = server ?? Self.systemNameServer() ?? "127.0.0.53"
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// A resolver for `PUFFLE_DNS_SERVER` (`127.0.0.1` or `127.0.0.1:5353`), the system's name server when nil.
    /// - Throws: ``MailCheckError/unreachable(_:)`` for a setting that is not an IPv4 address with an optional port.
    public init(setting: String?) throws {
        guard let setting else {
            self.init()
            return
        }
        let parts = setting.split(separator: ":", omittingEmptySubsequences: false)
        var probe = in_addr()
        guard parts.count <= 2, inet_pton(AF_INET, String(parts[0]), &probe) == 1 else {
            throw MailCheckError.unreachable("PUFFLE_DNS_SERVER must be an IPv4 address with an optional :port, got \(setting)")
        }
        guard let port = parts.count == 2 ? UInt16(parts[1]) : 53, port > 0 else {
            throw MailCheckError.unreachable("PUFFLE_DNS_SERVER has a bad port: \(setting)")
        }
        self.init(server: String(parts[0]), port: port)
    }

    static func systemNameServer() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: \.isWhitespace)
            if parts.count >= 2, parts[0] == "nameserver", !parts[1].contains(":") { return String(parts[1]) }
        }
        return nil
    }

    /// The MX hosts, lowest preference first; empty when the domain has none.
    /// - Throws: ``MailCheckError/unreachable(_:)`` when the name server doesn't answer.
    public func mailServers(for domain: String) async throws -> [String] {
        let (server, port, timeout) = (self.server, self.port, self.timeoutSeconds)
        // The socket calls block (up to the timeout), so they run on NIO's thread pool, never on
        // the few threads Swift concurrency shares with the server.
        return try await NIOThreadPool.singleton.runIfActive {
            let id = UInt16.random(in: 0...UInt16.max)
            let answer = try Self.exchange(Self.query(domain, id: id), server: server, port: port, timeoutSeconds: timeout)
            return try Self.mxRecords(in: answer, id: id).sorted { $0.preference < $1.preference }.map(\.host)
        }
    }

    /// The TXT records at `name`, each one's strings joined; empty when there are none.
    /// - Throws: ``MailCheckError/unreachable(_:)`` when the name server doesn't answer.
    public func textRecords(for name: String) async throws -> [String] {
        let (server, port, timeout) = (self.server, self.port, self.timeoutSeconds)
        return try await NIOThreadPool.singleton.runIfActive {
            let id = UInt16.random(in: 0...UInt16.max)
            let answer = try Self.exchange(Self.query(name, id: id, type: 16), server: server, port: port, timeoutSeconds: timeout)
            return try Self.txtRecords(in: answer, id: id)
        }
    }

    /// A query for one name. - Parameter type: 15 (MX) or 16 (TXT); TXT queries carry an EDNS0 OPT record.
    static func query(_ domain: String, id: UInt16, type: UInt8 = 15) -> [UInt8] {
        let additional: UInt8 = type == 16 ? 1 : 0
        var bytes: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, additional]
        for label in domain.split(separator: ".") {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes += [0, 0, type, 0, 1]  // root, QTYPE, QCLASS IN
        // OPT: root name, type 41, UDP payload 4096, no extended flags, no options.
        if additional == 1 { bytes += [0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, 0, 0] }
        return bytes
    }

    static func exchange(_ query: [UInt8], server: String, port: UInt16, timeoutSeconds: Int) throws -> [UInt8] {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw MailCheckError.unreachable("cannot open a UDP socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, server, &address.sin_addr) == 1 else { throw MailCheckError.unreachable("bad name server address \(server)") }
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sent == query.count else { throw MailCheckError.unreachable("cannot send to \(server)") }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let received = recv(fd, &buffer, buffer.count, 0)
        guard received > 0 else { throw MailCheckError.unreachable("no answer from \(server) in \(timeoutSeconds) s") }
        return Array(buffer.prefix(received))
    }

    static func mxRecords(in message: [UInt8], id: UInt16) throws -> [(preference: Int, host: String)] {
        try answers(in: message, id: id, type: 15).compactMap { data in
            guard data.count >= 2 else { return nil }
            return (Int(message[data.lowerBound]) << 8 | Int(message[data.lowerBound + 1]), try name(message, at: data.lowerBound + 2))
        }
    }

    static func txtRecords(in message: [UInt8], id: UInt16) throws -> [String] {
        try answers(in: message, id: id, type: 16).map { data in
            // <length><bytes>, repeated: a long value is split into strings of up to 255 bytes.
            var text: [UInt8] = []
            var offset = data.lowerBound
            while offset < data.upperBound {
                let length = Int(message[offset])
                let end = min(offset + 1 + length, data.upperBound)
                text += message[(offset + 1)..<end]
                offset = end
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// The data ranges of the answer records of one type.
    static func answers(in message: [UInt8], id: UInt16, type wanted: Int) throws -> [Range<Int>] {
        guard message.count >= 12, UInt16(message[0]) << 8 | UInt16(message[1]) == id else { throw MailCheckError.unreachable("a DNS answer to another question") }
        // A truncated answer (TC) may lack the very record asked for: no answer rather than a wrong one.
        guard message[2] & 0x80 != 0 else { throw MailCheckError.unreachable("not a DNS answer") }
        guard message[2] & 0x02 == 0 else { throw MailCheckError.unreachable("the name server's answer was truncated") }
        let rcode = message[3] & 0x0F
        if rcode == 3 { return [] }  // NXDOMAIN: no such domain, so no mail servers
        guard rcode == 0 else { throw MailCheckError.unreachable("the name server failed (rcode \(rcode))") }
        let questions = Int(message[4]) << 8 | Int(message[5])
        let answers = Int(message[6]) << 8 | Int(message[7])
        var offset = 12
        for _ in 0..<questions { offset = try skipName(message, at: offset) + 4 }
        var records: [Range<Int>] = []
        for _ in 0..<answers {
            offset = try skipName(message, at: offset)
            guard offset + 10 <= message.count else { break }
            let type = Int(message[offset]) << 8 | Int(message[offset + 1])
            let length = Int(message[offset + 8]) << 8 | Int(message[offset + 9])
            let data = offset + 10
            if type == wanted, data + length <= message.count { records.append(data..<(data + length)) }
            offset = data + length
        }
        return records
    }

    static func skipName(_ message: [UInt8], at start: Int) throws -> Int {
        var offset = start
        while offset < message.count {
            let length = Int(message[offset])
            if length == 0 { return offset + 1 }
            if length & 0xC0 == 0xC0 { return offset + 2 }
            offset += length + 1
        }
        throw MailCheckError.unreachable("a malformed DNS answer")
    }

    static func name(_ message: [UInt8], at start: Int) throws -> String {
        var labels: [String] = []
        var offset = start
        var jumps = 0
        while offset < message.count, jumps < 20 {
            let length = Int(message[offset])
            if length == 0 { break }
            if length & 0xC0 == 0xC0 {
                guard offset + 1 < message.count else { break }
                offset = (length & 0x3F) << 8 | Int(message[offset + 1])
                jumps += 1
                continue
            }
            guard offset + 1 + length <= message.count else { break }
            labels.append(String(decoding: message[(offset + 1)..<(offset + 1 + length)], as: UTF8.self))
            offset += length + 1
        }
        return labels.joined(separator: ".")
    }
}

/// Why a mail check could not be made.
public enum MailCheckError: Error, Sendable, CustomStringConvertible {
    case unreachable(String)

    public var description: String {
        switch self {
        case .unreachable(let reason): reason
        }
    }
}

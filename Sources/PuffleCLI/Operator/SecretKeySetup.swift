import Foundation
import PuffleCore
import PuffleStore

/// Where the key that seals sender credentials comes from, and the check that it is the key the
/// database's secrets were sealed with.
///
/// `PUFFLE_SECRET_KEY` (64 hex characters or base64 of 32 bytes), else the file named by
/// `PUFFLE_SECRET_KEY_FILE`. With neither, on SQLite a key file is made beside the database
/// (`<database>.secret-key`, mode 0600) and used from then on; on PostgreSQL, where several
/// processes on several machines share the database, start-up stops and names the setting.
enum SecretKeySetup {
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// The name of the server value that proves the key: a known text sealed with it.
    static let checkName = "secret_key_check"
    static let checkText = "puffle secret key check"

    /// The key for this process. - Throws: ``Refused`` naming what to set.
    static func box(environment: [String: String], database: DatabaseURL) throws -> SecretBox {
        let text: String
        if let key = environment["PUFFLE_SECRET_KEY"] {
            text = key
        } else if let path = environment["PUFFLE_SECRET_KEY_FILE"] {
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Refused(description: "PUFFLE_SECRET_KEY_FILE names \(path), which cannot be read")
            }
            text = contents
        } else if case .sqlite(let path) = database {
            text = try keyFile(beside: path)
        } else {
            throw Refused(
                description: "PostgreSQL needs a secret key to seal sender credentials: set PUFFLE_SECRET_KEY (64 hex characters; `openssl rand -hex 32` makes one) or PUFFLE_SECRET_KEY_FILE, the same in every process")
        }
        do {
            return try SecretBox(keyText: text)
        } catch {
            throw Refused(description: "PUFFLE_SECRET_KEY: \(error)")
        }
    }

    /// The key file beside a SQLite database, made (mode 0600) when missing.
    static func keyFile(beside databasePath: String) throws -> String {
        let path = databasePath + ".secret-key"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), !existing.isEmpty { return existing }
        // Written whole to a temporary file and synced, then linked into place: the key file is
        // never seen empty or half written, after a crash or by a second process starting at once
        // (link fails when the file exists, and that process reads the first one's key).
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Refused(description: "cannot create the secret key file \(path): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let key = SecretBox.generateKeyText() + "\n"
        let written = key.withCString { write(fd, $0, strlen($0)) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == key.utf8.count, synced else { throw Refused(description: "cannot write the secret key file \(path)") }
        guard link(temporary, path) == 0 else {
            if let existing = try? String(contentsOfFile: path, encoding: .utf8), !existing.isEmpty { return existing }
            throw Refused(description: "cannot create the secret key file \(path): \(String(cString: strerror(errno)))")
        }
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        FileHandle.standardError.write(Data("puffle: made a secret key for sender credentials at \(path) (keep it with the database; back it up)\n".utf8))
        return key
    }

    /// Checks that `box` opens the database's secrets (a value it sealed when first used);
    /// stores that value on a database that has none.
    /// - Throws: ``Refused`` when another key sealed them: sending with credentials that do not
    ///   open would fail every message, so the process does not start.
    static func verify(_ box: SecretBox, workspaces: any WorkspaceStore) async throws {
        let sealed = try box.seal(checkText, field: "server_secrets.value", rowId: checkName)
        let stored = try await workspaces.serverValue(named: checkName, insertingIfAbsent: sealed)
        guard (try? box.open(stored, field: "server_secrets.value", rowId: checkName)) == checkText else {
            throw Refused(
                description: "the secret key (PUFFLE_SECRET_KEY, PUFFLE_SECRET_KEY_FILE or the key file beside the database) is not the one this database's sender credentials were sealed with; start with the original key")
        }
    }
}

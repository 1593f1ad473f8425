import Foundation

/// Creates the files that hold a registry's keys: readable and writable by their owner only.
enum SecretFile {
    static func create(_ path: String, contents: Data, naming what: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o600])
        else { throw CommandFailure("cannot create the \(what) \(path)") }
    }
}

import CandorCore
import CandorRegistry
import Crypto
import Foundation

/// The file that holds a registry's data key, kept outside the database: with it, identifiers, names and
/// notes can be read; without it, a copy of the database shows no one.
struct DataKeyFile {
    let path: String

    /// The sealer from the file, creating the file with a new key when there is none and `create` allows.
    func load(create: Bool) throws -> DataSealer {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw CommandFailure("\(path) does not hold a 32-byte data key; restore it from where it is kept")
            }
            return DataSealer(dataKey: SymmetricKey(data: data))
        }
        guard create else {
            throw CommandFailure(
                "there is no data key at \(path); the registry's identifiers, names and notes cannot be read "
                    + "without it. Pass the registry's key file with --data-key")
        }
        let key = DataSealer.newDataKey()
        try SecretFile.create(path, contents: key.withUnsafeBytes { Data($0) }, naming: "data key")
        return DataSealer(dataKey: key)
    }
}

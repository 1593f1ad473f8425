import ArgumentParser
import CandorCore
import CandorPostgres
import CandorRegistry
import CandorSQLite
import Foundation

/// The options every command that reads or writes the registry shares: where it is and which policy applies.
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The registry's SQLite file; created if missing.", valueName: "path"))
    var db = "candor.sqlite"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A policy file (TOML) to apply instead of the shipped demo-city policy.", valueName: "file"))
    var policy: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Use the registry in this PostgreSQL database instead of --db: postgres://user:password@host:5432/database.",
            valueName: "url"))
    var postgres: String?

    @Flag(help: "With --postgres: start even when the server has fsync or synchronous_commit off.")
    var allowUnsafeDurability = false

    @Option(
        help: ArgumentHelp(
            "The attestation signing key (default: beside --db). Servers that share a PostgreSQL registry share it.",
            valueName: "file"))
    var signingKey: String?

    @Option(
        help: ArgumentHelp(
            "The key that signs the access log's checkpoints, apart from the attestation key (default: beside --db).",
            valueName: "file"))
    var logKey: String?

    @Option(
        help: ArgumentHelp(
            "The name of the access log in its checkpoints and verifier key: a schema-less URL such as "
                + "registry.example.gov/access-log, without spaces or '+'.", valueName: "name"))
    var logOrigin = NoteSigner.defaultLogName

    @Option(
        help: ArgumentHelp(
            "The key that seals identifiers, names and notes in the registry (default: beside --db, also with "
                + "--postgres). Keep it apart from backups; servers that share a PostgreSQL registry share it.",
            valueName: "file"))
    var dataKey: String?

    /// The file of the data key of the SQLite registry.
    var dataKeyFile: DataKeyFile { DataKeyFile(path: dataKey ?? db + ".data-key") }

    /// The file of the attestation signing key.
    var signingKeyFile: SigningKeyFile { SigningKeyFile(path: signingKey ?? db + ".signing-key") }

    /// The file of the checkpoint key.
    var logKeyFile: SigningKeyFile { SigningKeyFile(path: logKey ?? db + ".log-key", naming: "log key") }

    /// The checkpoint signer.
    func logSigner() throws -> NoteSigner { try logKeyFile.loadOrCreateNoteSigner(name: logOrigin) }

    /// The policy in force: the file given with `--policy`, else the shipped one.
    func loadPolicy() throws -> Policy {
        let policy = try readPolicy()
        RegistryZone.current = policy.timeZone
        return policy
    }

    private func readPolicy() throws -> Policy {
        guard let path = policy else { return Policy.shipped }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read the policy file \(path): \(error.localizedDescription)")
        }
        do {
            return try Policy.parse(data)
        } catch {
            throw CommandFailure(
                "\(path): \(error.description)\nRun `candor policy lint \(path)` to see every problem.")
        }
    }

    /// Opens (or creates) the registry: the PostgreSQL database given with --postgres, else the SQLite file.
    func openRegistry() async throws -> any ServiceStore {
        if let postgres {
            // Servers of one PostgreSQL registry share its data key, as they share the signing key.
            let created = !FileManager.default.fileExists(atPath: dataKeyFile.path)
            let sealer = try dataKeyFile.load(create: true)
            do {
                return try await PostgresRegistry(
                    url: postgres, sealer: sealer, allowUnsafeDurability: allowUnsafeDurability)
            } catch let error as DataKeyMismatch {
                if created { try? FileManager.default.removeItem(atPath: dataKeyFile.path) }
                throw CommandFailure(error.description)
            } catch let error as PostgresRegistryError {
                throw CommandFailure(error.description)
            } catch {
                throw CommandFailure("cannot open the PostgreSQL registry: \(String(reflecting: error))")
            }
        }
        // A registry file without its key file is refused rather than given a new, useless key.
        let sealer = try dataKeyFile.load(create: !FileManager.default.fileExists(atPath: db))
        do {
            return try SQLiteRegistry(path: db, sealer: sealer)
        } catch let error as DataKeyMismatch {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("cannot open the registry \(db): \(error)")
        }
    }

    /// The registry's use cases over an existing registry, for a command that reads or checks subjects.
    func openExistingService() async throws -> Registry {
        let policy = try loadPolicy()
        let store = try await openExistingRegistry()
        return Registry(
            store: store, policy: policy, signer: try signingKeyFile.loadOrCreate(), logSigner: try logSigner(),
            today: { today() })
    }

    /// The operator at this command line, as the access log names them: the account that runs `candor`.
    static var operatorCaller: Caller {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"]
        return .operator(user: user ?? ProcessInfo.processInfo.userName)
    }

    /// Opens a registry that must already exist, so a mistyped `--db` does not silently create an empty one.
    func openExistingRegistry() async throws -> any ServiceStore {
        guard postgres != nil || FileManager.default.fileExists(atPath: db) else {
            throw CommandFailure(
                "there is no registry at \(db); run `candor demo` to create one, "
                    + "`candor ingest FILE` to load records, or pass --db PATH")
        }
        return try await openRegistry()
    }
}

/// The size and seed of a synthetic city, shared by `demo` and `generate`.
struct CityOptions: ParsableArguments {
    @Option(help: "How many people live in the city.")
    var people = 20_000

    @Option(help: "How many businesses are registered in it.")
    var businesses = 4_000

    @Option(help: "The seed of the city: the same seed gives the same city.")
    var seed: UInt64 = 2026

    @Option(
        help: ArgumentHelp(
            "How many times the usual number of records to generate; 6.2 gives the reference scale of about "
                + "100 million records for 15 million people and 7 million businesses.", valueName: "x"))
    var intensity = 1.0

    func validate() throws {
        guard people >= 0, businesses >= 0, people + businesses > 0 else {
            throw ValidationError(
                "--people and --businesses must not be negative, and the city must have someone in it")
        }
        guard intensity >= 0, intensity <= 100 else { throw ValidationError("--intensity must be from 0 to 100") }
    }
}

/// The subject a command is about, given as its identifier.
struct SubjectArgument: ParsableArguments {
    @Argument(
        help: ArgumentHelp("A resident identity number or Unified Social Credit Code.", valueName: "id"),
        transform: parseSubject)
    var subject: SubjectID
}

/// The date a command answers for.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The date to rate or check on, YYYY-MM-DD (default: today).", valueName: "date"),
        transform: parseDay)
    var asOf: Day?

    var day: Day { asOf ?? today() }
}

/// Reads a `YYYY-MM-DD` argument.
func parseDay(_ text: String) throws -> Day {
    guard let day = Day(iso: text) else {
        throw ValidationError("'\(text)' is not a date; write it as YYYY-MM-DD, for example 2026-11-26")
    }
    return day
}

/// Today's date in the registry's time zone: the zone of the policy loaded (`[policy] time_zone`), or of
/// the shipped policy before one is.
func today() -> Day { Day.today(in: RegistryZone.current) }

/// The time zone of the policy this command loaded.
enum RegistryZone {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var zone = Policy.shipped.timeZone

    static var current: TimeZone {
        get { lock.withLock { zone } }
        set { lock.withLock { zone = newValue } }
    }
}

/// Reads a subject identifier argument.
func parseSubject(_ text: String) throws -> SubjectID {
    do {
        return try SubjectID(text)
    } catch {
        throw ValidationError(error.description)
    }
}

/// A command that cannot go on, with a message that says why and what to do.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `--lang`: the language of a letter (a rating, a check, the policy in words); by default the one the
/// environment's LANG names, else English.
struct LanguageOption: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp(
            "en or zh: the language of the letter (default: from LANG, else en).", valueName: "language"),
        transform: { text in
            guard let language = Language(named: text) else {
                throw ValidationError("--lang must be en or zh, not '\(text)'")
            }
            return language
        })
    var chosen: Language?

    var language: Language {
        chosen ?? ProcessInfo.processInfo.environment["LANG"].flatMap {
            Language(named: $0.prefix { $0 != "_" && $0 != "." })
        }
            ?? .en
    }
}

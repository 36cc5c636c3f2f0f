#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private temporary directory (mode 0700) outside any workspace, used by one backend run and
/// removed with its last reference. Backends get their HOME here (an empty `home` inside), and
/// pytest writes its JUnit report here.
///
/// Every directory serves one run only. Making and removing directories can be slow (on ext4
/// mounted with `discard`, an `rmdir` waits for the device), so both happen off the caller's path
/// when they can: removal is handed to `ScratchHousekeeping`, which also keeps one fresh, never
/// used directory ready for the next run.
final class ScratchDirectory: Sendable {
    /// The absolute path of the directory.
    let path: String
    /// The empty private HOME inside it (`path/home`), when made with one.
    let home: String

    /// A fresh directory under the system's temporary directory, with an empty `home` inside
    /// unless `withHome` is false.
    /// - Throws: `ToolError(.system)` when it cannot be created.
    init(prefix: String = "punie-backend", withHome: Bool = true) throws(ToolError) {
        if withHome, prefix == ScratchHousekeeping.sparePrefix, let spare = ScratchHousekeeping.shared.takeSpare() {
            path = spare
        } else {
            path = try Self.make(prefix: prefix, withHome: withHome)
        }
        home = path + "/home"
        ScratchHousekeeping.shared.register(path)
    }

    deinit { ScratchHousekeeping.shared.remove(path) }

    /// `$TMPDIR` (else /tmp), read once: `ProcessInfo.environment` copies the whole environment.
    static let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"

    /// Creates a new directory (and its empty `home`) and returns its path.
    static func make(prefix: String, withHome: Bool) throws(ToolError) -> String {
        guard let path = TemporaryDirectory.make("\(base)/\(prefix)-XXXXXX") else {
            throw ToolError(.system, "cannot create a temporary directory in \(base): \(systemMessage(errno))")
        }
        if withHome, mkdir(path + "/home", 0o700) != 0 {
            let code = errno
            _ = rmdir(path)
            throw ToolError(.system, "cannot create a private HOME in \(path): \(systemMessage(code))")
        }
        return path
    }

    /// Removes a directory and everything in it now. Most runs leave it as it was made (an empty
    /// `home` at most): two `rmdir` calls. Anything else goes through FileManager, which does not
    /// follow symbolic links.
    static func removeNow(_ path: String) {
        _ = rmdir(path + "/home")
        if rmdir(path) != 0, errno != ENOENT { try? FileManager.default.removeItem(atPath: path) }
    }
}

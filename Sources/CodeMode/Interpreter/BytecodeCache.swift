import CPythonShim
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Caches the compiled bytecode of the embedded Python modules between processes.
///
/// Compiling the harness and model sources takes tens of milliseconds, most of a cold start. The
/// marshalled code objects are kept in `$XDG_CACHE_HOME/punie-exec` (or `~/.cache/punie-exec`),
/// keyed by a hash of the source and the Python version, so a changed source or interpreter never
/// reads a stale entry. Any cache failure falls back to compiling.
enum BytecodeCache {
    /// The code object for `source`: from the cache when present, else compiled (and cached).
    static func code(for source: [UInt8], name: String, filename: String, _ gil: borrowing GIL) throws(PythonException)
        -> PyRef
    {
        let directory = directoryPath().map { "\($0)/punie-exec" }
        let file = directory.map { "\($0)/\(name)-\(fingerprint(source)).marshal" }
        if let file, let bytes = DescriptorIO.readAll(path: file), !bytes.isEmpty {
            let loaded = bytes.withUnsafeBytes { bytes in
                PyMarshal_ReadObjectFromString(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
            }
            if let loaded { return PyRef(stealing: loaded) }
            PyErr_Clear()
        }
        let text = String(decoding: source, as: UTF8.self)
        let code = try PyRef.checked(Py_CompileString(text, filename, Py_file_input), gil)
        if let directory, let file,
            (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil
        {
            store(code, at: file, gil)
        }
        return code
    }

    private static func store(_ code: PyRef, at file: String, _ gil: borrowing GIL) {
        guard let dumped = code.withBorrowed({ cps_marshal_dump($0) }) else {
            PyErr_Clear()
            return
        }
        let bytes = PyRef(stealing: dumped)
        bytes.withBorrowed { pointer in
            var length = 0
            var buffer: UnsafeMutablePointer<CChar>?
            guard PyBytes_AsStringAndSize(pointer, &buffer, &length) == 0, let buffer else {
                PyErr_Clear()
                return
            }
            let data = Data(bytes: buffer, count: length)
            let temporary = "\(file).\(getpid()).tmp"
            if FileManager.default.createFile(atPath: temporary, contents: data) {
                if rename(temporary, file) != 0 { unlink(temporary) }
            }
        }
    }

    /// The base cache directory (`XDG_CACHE_HOME` or `~/.cache`), handed on to worker processes.
    /// Read with getenv, which copies nothing: `ForkedWorker` calls it before it forks.
    static func directoryPath() -> String? {
        let variable = { (name: String) in getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        return variable("XDG_CACHE_HOME") ?? variable("HOME").map { "\($0)/.cache" }
    }

    /// A 64-bit FNV-1a-style hash of the source (eight bytes at a time, each step folding the high
    /// bits back down), its length and the Python version, as hex: a cache key, not a checksum
    /// against tampering (the cache directory is the user's own).
    static func fingerprint(_ source: [UInt8]) -> String {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* prime
            hash ^= hash >> 29
        }
        source.withUnsafeBytes { bytes in
            var offset = 0
            while offset + 8 <= bytes.count {
                mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            while offset < bytes.count {
                mix(UInt64(bytes[offset]))
                offset += 1
            }
        }
        mix(UInt64(source.count))
        mix(UInt64(cps_python_version()))
        return String(hash, radix: 16)
    }
}

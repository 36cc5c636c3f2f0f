import CPythonShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Workspace {
    /// RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH (linux/openat2.h).
    private static let resolveFlags: UInt64 = 0x02 | 0x04 | 0x08

    /// Opens a normalised relative path beneath `root`; returns a descriptor or -1 with errno set.
    ///
    /// Uses `openat2` where the kernel has it; otherwise walks the path one component at a time
    /// with `O_NOFOLLOW`, so that no symlink is followed anywhere on the way.
    static func resolve(root: Int32, _ relative: String, flags: Int32, mode: mode_t) -> Int32 {
        let descriptor = cps_openat2(root, relative, UInt64(UInt32(bitPattern: flags)), UInt64(mode), resolveFlags)
        if descriptor >= 0 || errno != ENOSYS { return descriptor }
        return walk(root: root, relative, flags: flags, mode: mode)
    }

    private static func walk(root: Int32, _ relative: String, flags: Int32, mode: mode_t) -> Int32 {
        let components = relative == "." ? [] : relative.split(separator: "/").map(String.init)
        guard let last = components.last else { return openat(root, ".", flags, mode) }
        var directory = dup(root)
        guard directory >= 0 else { return -1 }
        for component in components.dropLast() {
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let saved = errno
            close(directory)
            guard next >= 0 else {
                errno = saved
                return -1
            }
            directory = next
        }
        let descriptor = openat(directory, last, flags | O_NOFOLLOW, mode)
        let saved = errno
        close(directory)
        errno = saved
        return descriptor
    }
}

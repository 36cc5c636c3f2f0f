extension Workspace {
    /// A git path argument: normalised and confined like every path, and resolved beneath the root
    /// when it exists. A path that no longer exists (a deleted file) is allowed, as git allows it:
    /// git matches it against the index and history, literally (`:(literal)`), inside the repository.
    func normalizeGitPath(_ path: String) throws(ToolError) -> String {
        let normalized = try normalize(path)
        do {
            try requireExisting(path)
        } catch where error.code == .notFound {
            // A deleted file or directory: git reads it from the index and history only.
        }
        return normalized
    }
}

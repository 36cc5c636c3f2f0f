# The Code Mode tools: signatures and docstrings.
#
# This file is the single source of truth for the tool functions a program can call. punie-exec
# reads it to build the sandbox's bindings (argument validation follows these signatures exactly),
# to print the system-prompt stub text (`punie-exec stubs`), and to convert parameters of direct
# tool calls. Bodies are `...`: every tool is implemented in Swift. Result models are in models.py.
# Supported parameter annotations: str, int, float, bool, list[str], and `X | None`.

# Second spellings accepted for the same tool.
ALIASES = {"read_text_file": "read_file", "write_text_file": "write_file"}


# --- files and commands -------------------------------------------------------------------------


def read_file(path: str) -> str:
    """Read a text file in the workspace and return its contents.

    Example:
        text = read_file("src/app.py")
        print(len(text.splitlines()))
    """
    ...


def write_file(path: str, content: str) -> str:
    """Write text to a file in the workspace (atomically) and return a short confirmation.

    Needs write permission. Missing parent directories are created.
    """
    ...


def list_directory(path: str = ".") -> DirectoryListing:
    """List a directory in the workspace.

    Returns DirectoryListing with:
    - entries: DirectoryEntry objects with name, kind ("file", "directory", "symlink", "other"), size
    - entry_count: number of entries

    Example:
        listing = list_directory("src")
        for entry in listing.entries:
            if entry.kind == "file":
                print(entry.name, entry.size)
    """
    ...


def run_command(command: str, args: list[str] | None = None, cwd: str | None = None) -> str:
    """Run an allowed command (no shell) in the workspace and return its combined output."""
    ...


# --- code quality -------------------------------------------------------------------------------


def typecheck(path: str) -> TypeCheckResult:
    """Run the ty type checker on a file or directory and return structured results.

    Returns TypeCheckResult with:
    - success: True if no errors were found
    - error_count, warning_count: numbers of errors and warnings
    - errors: TypeCheckError objects with file, line, column, severity, code, message

    Example:
        result = typecheck("src/")
        for error in result.errors:
            print(f"{error.file}:{error.line} {error.message}")
    """
    ...


def ruff_check(path: str) -> RuffResult:
    """Run the ruff linter on a file or directory and return structured results.

    Returns RuffResult with:
    - success: True if there are no violations
    - violation_count, fixable_count: numbers of violations and of auto-fixable ones
    - violations: RuffViolation objects with file, line, column, code, message, fixable

    Example:
        result = ruff_check("src/")
        print([v.code for v in result.violations if v.fixable])
    """
    ...


def pytest_run(path: str) -> TestResult:
    """Run pytest on a file or directory and return structured results.

    Returns TestResult with:
    - success: True if every test passed
    - passed, failed, errors, skipped: outcome counts; duration: seconds
    - tests: TestCase objects with name, outcome, duration, message

    Example:
        result = pytest_run("tests/")
        for test in result.tests:
            if test.outcome == "failed":
                print(test.name, test.message)
    """
    ...


# --- LSP navigation -----------------------------------------------------------------------------


def goto_definition(file_path: str, line: int, column: int, symbol: str) -> GotoDefinitionResult:
    """Find where the symbol at a position (1-based line and column) is defined.

    Returns GotoDefinitionResult with locations: DefinitionLocation objects with file, line, column,
    end_line, end_column, preview.
    """
    ...


def find_references(file_path: str, line: int, column: int, symbol: str) -> FindReferencesResult:
    """Find every use of the symbol at a position (1-based line and column).

    Returns FindReferencesResult with reference_count and references: ReferenceLocation objects with
    file, line, column, preview.
    """
    ...


def hover(file_path: str, line: int, column: int, symbol: str) -> HoverResult:
    """Get type information and documentation for the symbol at a position (1-based).

    Returns HoverResult with content (the hover text) and language.
    """
    ...


def document_symbols(file_path: str) -> DocumentSymbolsResult:
    """List the symbols of a file as a tree (classes contain their methods).

    Returns DocumentSymbolsResult with symbols: SymbolInfo objects with name, kind, line, end_line,
    children; and symbol_count, which counts nested children too.
    """
    ...


def workspace_symbols(query: str) -> WorkspaceSymbolsResult:
    """Search symbols by name across the whole workspace.

    Returns WorkspaceSymbolsResult with symbols: WorkspaceSymbol objects with name, kind, file, line,
    container_name.
    """
    ...


# --- git ----------------------------------------------------------------------------------------


def git_status(path: str = ".") -> GitStatusResult:
    """Show the working tree status.

    Returns GitStatusResult with clean, file_count and files: GitFileStatus objects with file,
    status ("modified", "added", "deleted", "renamed", "untracked", ...) and staged.

    Example:
        status = git_status()
        staged = [f.file for f in status.files if f.staged]
    """
    ...


def git_diff(path: str = ".", staged: bool = False) -> GitDiffResult:
    """Show changes (staged or unstaged) with line counts and unified hunks.

    Returns GitDiffResult with file_count, additions, deletions and files: DiffFile objects with
    file, additions, deletions, hunks.
    """
    ...


def git_log(path: str = ".", count: int = 10) -> GitLogResult:
    """Show the most recent commits.

    Returns GitLogResult with commit_count and commits: GitCommit objects with hash, message,
    author, date.
    """
    ...


# --- LibCST code tools --------------------------------------------------------------------------


def cst_find_pattern(file_path: str, pattern: str) -> CstFindResult:
    """Find syntax nodes by pattern ("FunctionDef", "ClassDef", "Call", "call:NAME", "import:NAME", ...)."""
    ...


def cst_rename(file_path: str, old_name: str, new_name: str) -> CstRenameResult:
    """Rename a symbol in a file and return the modified source."""
    ...


def cst_add_import(file_path: str, import_stmt: str) -> CstAddImportResult:
    """Add an import statement to a file unless it is already there."""
    ...


# --- domain validators (tdom) -------------------------------------------------------------------


def validate_component(file_path: str) -> DomainValidationResult:
    """Check tdom components: @dataclass, __call__ returning Node, and html()."""
    ...


def check_render_tree(file_path: str) -> DomainValidationResult:
    """Check how tdom components compose into a render tree."""
    ...


def validate_escape_context(file_path: str) -> DomainValidationResult:
    """Check that html() templates use no f-strings."""
    ...


# --- domain validators (svcs) -------------------------------------------------------------------


def validate_service_registration(file_path: str) -> DomainValidationResult:
    """Check svcs services: @injectable, @dataclass and Inject[] fields."""
    ...


def check_dependency_graph(file_path: str) -> DomainValidationResult:
    """Detect dependency-layer violations between services."""
    ...


def validate_injection_site(file_path: str) -> DomainValidationResult:
    """Check that every Inject[] type is imported."""
    ...


# --- domain validators (tdom-svcs) --------------------------------------------------------------


def validate_middleware_chain(file_path: str) -> DomainValidationResult:
    """Check middleware: @middleware and the __call__ signature."""
    ...


def check_di_template_binding(file_path: str) -> DomainValidationResult:
    """Check that html() passes context= for dependency injection."""
    ...


def validate_route_pattern(file_path: str) -> DomainValidationResult:
    """Check route path syntax."""
    ...

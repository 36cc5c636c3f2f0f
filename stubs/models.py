# Result models returned by the typed Code Mode tools.
#
# This file is the single source of truth for the models: names, field order, types and defaults.
# It is executed with `BaseModel` already bound (punie-exec binds its own Pydantic-shaped base class;
# the conformance tests bind real `pydantic.BaseModel`), so it imports nothing but `annotations`.
# Field order matters: repr() and model_dump() follow declaration order.

from __future__ import annotations


# --- code quality -------------------------------------------------------------------------------


class TypeCheckError(BaseModel):
    """One diagnostic reported by the ty type checker."""

    file: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    code: str
    message: str


class TypeCheckResult(BaseModel):
    """Result of typecheck(): ty diagnostics for a file or directory."""

    success: bool
    error_count: int
    warning_count: int
    errors: list[TypeCheckError]
    parse_error: str | None = None


class RuffViolation(BaseModel):
    """One lint violation reported by ruff."""

    file: str
    line: int
    column: int
    code: str
    message: str
    fixable: bool


class RuffResult(BaseModel):
    """Result of ruff_check(): lint violations for a file or directory."""

    success: bool
    violation_count: int
    fixable_count: int
    violations: list[RuffViolation]
    parse_error: str | None = None


class TestCase(BaseModel):
    """The outcome of one test run by pytest."""

    name: str
    outcome: str  # "passed" | "failed" | "error" | "skipped"
    duration: float
    message: str | None = None


class TestResult(BaseModel):
    """Result of pytest_run(): counts and per-test outcomes."""

    success: bool
    passed: int
    failed: int
    errors: int
    skipped: int
    duration: float
    tests: list[TestCase]
    parse_error: str | None = None


# --- LSP navigation -----------------------------------------------------------------------------


class DefinitionLocation(BaseModel):
    """Where a symbol is defined (1-based lines and columns)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    preview: str | None = None


class GotoDefinitionResult(BaseModel):
    """Result of goto_definition()."""

    success: bool
    symbol: str
    locations: list[DefinitionLocation]
    parse_error: str | None = None


class ReferenceLocation(BaseModel):
    """One place where a symbol is used (1-based line and column)."""

    file: str
    line: int
    column: int
    preview: str | None = None


class FindReferencesResult(BaseModel):
    """Result of find_references()."""

    success: bool
    symbol: str
    reference_count: int
    references: list[ReferenceLocation]
    parse_error: str | None = None


class HoverResult(BaseModel):
    """Result of hover(): type information and documentation for a symbol."""

    success: bool
    symbol: str
    content: str | None = None
    language: str | None = None
    parse_error: str | None = None


class SymbolInfo(BaseModel):
    """A symbol in a document, with its nested children (kind is an LSP SymbolKind)."""

    name: str
    kind: int
    line: int
    end_line: int
    children: list[SymbolInfo] = []


class DocumentSymbolsResult(BaseModel):
    """Result of document_symbols(): the symbol tree of one file."""

    success: bool
    file_path: str
    symbols: list[SymbolInfo]
    symbol_count: int = 0
    parse_error: str | None = None


class WorkspaceSymbol(BaseModel):
    """A symbol found anywhere in the workspace."""

    name: str
    kind: int
    file: str
    line: int
    container_name: str | None = None


class WorkspaceSymbolsResult(BaseModel):
    """Result of workspace_symbols()."""

    success: bool
    query: str
    symbols: list[WorkspaceSymbol]
    symbol_count: int = 0
    parse_error: str | None = None


# --- git ----------------------------------------------------------------------------------------


class GitFileStatus(BaseModel):
    """The status of one changed file."""

    file: str
    status: str
    staged: bool


class GitStatusResult(BaseModel):
    """Result of git_status()."""

    success: bool
    clean: bool
    file_count: int
    files: list[GitFileStatus]
    parse_error: str | None = None


class DiffFile(BaseModel):
    """Changes to one file in a diff."""

    file: str
    additions: int
    deletions: int
    hunks: list[str] = []


class GitDiffResult(BaseModel):
    """Result of git_diff()."""

    success: bool
    file_count: int
    additions: int
    deletions: int
    files: list[DiffFile]
    parse_error: str | None = None


class GitCommit(BaseModel):
    """One commit in the history."""

    hash: str
    message: str
    author: str | None = None
    date: str | None = None


class GitLogResult(BaseModel):
    """Result of git_log()."""

    success: bool
    commits: list[GitCommit]
    commit_count: int
    parse_error: str | None = None


# --- files --------------------------------------------------------------------------------------


class DirectoryEntry(BaseModel):
    """One entry of a directory listing (kind: "file" | "directory" | "symlink" | "other")."""

    name: str
    kind: str
    size: int


class DirectoryListing(BaseModel):
    """Result of list_directory(): the entries of one directory, sorted by name."""

    success: bool
    path: str
    entries: list[DirectoryEntry]
    entry_count: int
    parse_error: str | None = None


# --- LibCST code tools --------------------------------------------------------------------------


class CstMatch(BaseModel):
    """One syntax node matching a pattern."""

    line: int
    column: int
    code_snippet: str
    node_type: str


class CstFindResult(BaseModel):
    """Result of cst_find_pattern()."""

    success: bool
    match_count: int
    matches: list[CstMatch]
    parse_error: str | None = None


class CstRenameResult(BaseModel):
    """Result of cst_rename()."""

    success: bool
    rename_count: int
    modified_source: str | None = None
    parse_error: str | None = None


class CstAddImportResult(BaseModel):
    """Result of cst_add_import()."""

    success: bool
    import_added: bool
    modified_source: str | None = None
    parse_error: str | None = None


# --- domain validators --------------------------------------------------------------------------


class ValidationIssue(BaseModel):
    """One problem found by a domain validator."""

    rule: str
    severity: str
    message: str
    line: int | None = None
    suggestion: str | None = None


class DomainValidationResult(BaseModel):
    """Result of a domain validator (tdom, svcs, tdom-svcs)."""

    valid: bool
    domain: str
    issues: list[ValidationIssue]
    parse_error: str | None = None

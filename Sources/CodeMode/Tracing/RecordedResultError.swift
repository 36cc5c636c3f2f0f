/// Why a recorded tool result could not be loaded: bad syntax, a refused expression, or a value that does
/// not validate against its stub model.
///
/// `message` is complete and stable enough for reports: it names the model and field path when known and
/// ends with the position (`at line 1, column 42`).
public struct RecordedResultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public var code: Code
    /// The problem alone, without model, field or position (`unknown field 'stauts'`).
    public var problem: String
    /// The model being validated when the problem was found (nil for syntax errors).
    public var model: String?
    /// The field path inside `model` (`files[1].status`), when the problem concerns one field.
    public var field: String?
    /// Where in the input the problem is; nil for values that did not come from text.
    public var position: SourcePosition?

    public init(
        code: Code, problem: String, model: String? = nil, field: String? = nil, position: SourcePosition? = nil
    ) {
        self.code = code
        self.problem = problem
        self.model = model
        self.field = field
        self.position = position
    }

    /// The full message, such as
    /// `GitStatusResult.files[0].stauts: unknown field 'stauts' on GitFileStatus (did you mean 'status'?)
    /// at line 1, column 60` (one line).
    public var message: String {
        var text = ""
        if let model {
            text = model
            if let field, !field.isEmpty { text += field.hasPrefix("[") ? field : "." + field }
            text += ": "
        }
        text += problem
        if let position { text += " at \(position)" }
        return text
    }

    public var description: String { message }

    /// True when the input parsed but does not fit the schema (unknown model or field, missing field,
    /// wrong type); false for syntax errors and refused expressions.
    public var isValidationFailure: Bool {
        switch code {
        case .unknownModel, .unknownField, .missingField, .duplicateField, .wrongType: true
        default: false
        }
    }

    /// An evolvable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case syntax, disallowedExpression, unknownModel, unknownField, missingField, duplicateField, wrongType
            case notFound
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The text is not a well-formed literal (unterminated string, missing comma, bad escape, …).
        public static let syntax = Code(.syntax)
        /// The text is an expression that would need evaluation: a call that is not a model constructor,
        /// attribute access, a subscript, an operator, a comprehension, an f-string.
        public static let disallowedExpression = Code(.disallowedExpression)
        /// A constructor names a class that is not a declared result model.
        public static let unknownModel = Code(.unknownModel)
        /// An argument names a field the model does not declare.
        public static let unknownField = Code(.unknownField)
        /// A required field (one without a default) is absent.
        public static let missingField = Code(.missingField)
        /// The same field is given twice.
        public static let duplicateField = Code(.duplicateField)
        /// A value does not have the field's declared type (or is a different model than expected).
        public static let wrongType = Code(.wrongType)
        /// The text holds no recorded result in any accepted form.
        public static let notFound = Code(.notFound)

        public var description: String { value.rawValue }
    }
}

/// A position in the text a recorded result was loaded from.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// The UTF-8 byte offset from the start of the text (0-based).
    public var offset: Int
    /// The line (1-based).
    public var line: Int
    /// The column (1-based), counted in Unicode scalars.
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Computes line and column of the byte `offset` in `bytes` (UTF-8).
    init(offset: Int, in bytes: [UInt8]) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(max(offset, 0), bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.init(offset: offset, line: line, column: column)
    }

    public var description: String { "line \(line), column \(column)" }
}

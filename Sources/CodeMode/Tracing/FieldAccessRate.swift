/// The field-access rate over many executions, by the exact trace and both estimates side by side.
///
/// The rate (design.md) is executions that accessed fields ÷ executions that made at least one typed
/// tool call. Each method judges both halves by itself:
/// - exact: a typed call *returned a result at run time* (the trace has a call) and the program read a
///   field of one;
/// - static and heuristic: the *program text* calls a typed tool (the estimate's own `typed_call`), and the
///   estimate finds a field read. A program that fails before its first call still counts for them.
///
/// An execution counts in a numerator only when it also counts in that method's denominator, so a rate
/// never exceeds 1 (the regex can match `node.name` in a program with no typed call at all).
/// Accumulate with `add(_:)`; merge partial tallies from parallel workers with `merge(_:)`.
public struct FieldAccessRate: Sendable, Codable, Equatable {
    /// Every report added.
    public private(set) var executions: Int = 0
    /// The run-time trace's tally.
    public private(set) var exact = FieldAccessTally()
    /// The AST estimate's tally.
    public private(set) var `static` = FieldAccessTally()
    /// The regex estimate's tally.
    public private(set) var heuristic = FieldAccessTally()
    /// Executions on which the methods disagree, overall and pairwise.
    public private(set) var disagreements = FieldAccessDisagreements()

    /// Creates an empty accumulator.
    public init() {}

    /// Adds one execution's report.
    public mutating func add(_ report: FieldAccessReport) {
        let typed = report.madeTypedCall
        let accessed = report.accessedFields
        let exactOutcome = exact.add(typedCall: typed.exact, accessed: accessed.exact)
        let staticOutcome = self.static.add(typedCall: typed.static, accessed: accessed.static)
        let heuristicOutcome = heuristic.add(typedCall: typed.heuristic, accessed: accessed.heuristic)
        executions += 1
        disagreements.add(exact: exactOutcome, static: staticOutcome, heuristic: heuristicOutcome)
    }

    /// Adds every report in `reports`.
    public mutating func add(contentsOf reports: some Sequence<FieldAccessReport>) {
        for report in reports { add(report) }
    }

    /// Adds another accumulator's counts to this one.
    public mutating func merge(_ other: FieldAccessRate) {
        executions += other.executions
        exact.merge(other.exact)
        self.static.merge(other.static)
        heuristic.merge(other.heuristic)
        disagreements.merge(other.disagreements)
    }
}

/// One method's two counts and their ratio.
public struct FieldAccessTally: Sendable, Codable, Equatable {
    /// Executions that made at least one typed tool call (the denominator).
    public private(set) var typedCallExecutions: Int = 0
    /// Of those, executions that read at least one field (the numerator).
    public private(set) var accessedExecutions: Int = 0

    public init() {}

    /// Creates a tally from known counts (for tests and merged reports).
    public init(typedCallExecutions: Int, accessedExecutions: Int) {
        self.typedCallExecutions = typedCallExecutions
        self.accessedExecutions = accessedExecutions
    }

    /// accessed ÷ typed-call executions, or nil when no execution made a typed call.
    public var rate: Double? {
        typedCallExecutions == 0 ? nil : Double(accessedExecutions) / Double(typedCallExecutions)
    }

    /// Counts one execution and returns how it counted.
    mutating func add(typedCall: Bool, accessed: Bool) -> FieldAccessOutcome {
        guard typedCall else { return .noTypedCall }
        typedCallExecutions += 1
        guard accessed else { return .noAccess }
        accessedExecutions += 1
        return .accessed
    }

    mutating func merge(_ other: FieldAccessTally) {
        typedCallExecutions += other.typedCallExecutions
        accessedExecutions += other.accessedExecutions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        typedCallExecutions = try container.decode(Int.self, forKey: .typedCallExecutions)
        accessedExecutions = try container.decode(Int.self, forKey: .accessedExecutions)
    }

    /// Writes both counts and the rate (`null` when undefined); decoding recomputes the rate.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typedCallExecutions, forKey: .typedCallExecutions)
        try container.encode(accessedExecutions, forKey: .accessedExecutions)
        try container.encode(rate, forKey: .rate)
    }

    enum CodingKeys: String, CodingKey {
        case typedCallExecutions = "typed_call_executions"
        case accessedExecutions = "accessed_executions"
        case rate
    }
}

/// How many executions the methods counted differently.
///
/// Two methods disagree on an execution when it lands in a different class for each: not counted (no
/// typed call), counted without access, or counted with access. That is exactly when the execution moves
/// one rate and not the other.
public struct FieldAccessDisagreements: Sendable, Codable, Equatable {
    /// Executions where not all three methods agree.
    public private(set) var any: Int = 0
    /// Executions where the trace and the static estimate differ.
    public private(set) var exactStatic: Int = 0
    /// Executions where the trace and the heuristic estimate differ.
    public private(set) var exactHeuristic: Int = 0
    /// Executions where the two estimates differ.
    public private(set) var staticHeuristic: Int = 0

    public init() {}

    mutating func add(exact: FieldAccessOutcome, static: FieldAccessOutcome, heuristic: FieldAccessOutcome) {
        if exact != `static` { exactStatic += 1 }
        if exact != heuristic { exactHeuristic += 1 }
        if `static` != heuristic { staticHeuristic += 1 }
        if exact != `static` || exact != heuristic { any += 1 }
    }

    mutating func merge(_ other: FieldAccessDisagreements) {
        any += other.any
        exactStatic += other.exactStatic
        exactHeuristic += other.exactHeuristic
        staticHeuristic += other.staticHeuristic
    }

    enum CodingKeys: String, CodingKey {
        case any
        case exactStatic = "exact_static"
        case exactHeuristic = "exact_heuristic"
        case staticHeuristic = "static_heuristic"
    }
}

/// How one method counted one execution.
enum FieldAccessOutcome: Equatable {
    case noTypedCall
    case noAccess
    case accessed
}

import ArgumentParser
import CodeMode
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The punie-exec command line: a thin layer over the CodeMode library.
@main
struct PunieExec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "punie-exec",
        abstract: "Run model-generated Code Mode programs safely, trace their field reads, replay transcripts.",
        subcommands: [Run.self, Parse.self, Replay.self, Stubs.self])

    /// Runs the command, mapping bad input to exit status 2 with a one-line message.
    static func main() async {
        // Before anything starts a thread: a one-shot `run` forks its sandbox worker from this
        // process instead of starting a second one (see ForkedWorker).
        let forked = Run.wantsForkedWorker(CommandLine.arguments) ? ForkedWorker.fork() : nil
        do {
            try await Run.$forkedWorker.withValue(forked) {
                var command = try parseAsRoot()
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
        } catch let failure as InputFailure {
            StandardStream.write("punie-exec: \(failure.message)\n", to: StandardStream.error)
            Self.exit(withError: ExitCode(2))
        } catch {
            exit(withError: error)
        }
    }
}

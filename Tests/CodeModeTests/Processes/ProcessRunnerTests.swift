import Foundation
import Testing

@testable import CodeMode

/// `ProcessRunner`: output, exit status and limits of a real program, including one that closes
/// its output long before it exits (its pipes reach end of file first; the runner must wait for
/// the exit itself, up to the deadline).
@Suite struct ProcessRunnerTests {
    private func shell(_ script: String, timeout: Double = 10) throws -> ProcessOutput {
        try ProcessRunner().run(
            ProcessRequest(
                executable: "/bin/sh", arguments: ["-c", script], workingDirectory: "/", environment: ["PATH": "/usr/bin:/bin"],
                timeout: timeout, outputLimit: 1 << 20))
    }

    @Test func outputAndExitStatus() throws {
        let output = try shell("echo out; echo err >&2; exit 7")
        #expect(output.stdout == Array("out\n".utf8))
        #expect(output.stderr == Array("err\n".utf8))
        #expect(output.exitCode == 7)
        #expect(output.signal == nil && !output.timedOut && !output.outputLimitExceeded)
    }

    @Test func aProgramThatClosesItsOutputIsWaitedForUntilItExits() throws {
        let output = try shell("echo early; exec >&- 2>&-; sleep 0.3; exit 3")
        #expect(output.stdout == Array("early\n".utf8))
        #expect(output.exitCode == 3)
        #expect(!output.timedOut)
        #expect(output.duration >= 0.3)
    }

    @Test func aProgramThatClosesItsOutputAndHangsIsStoppedAtTheDeadline() throws {
        let output = try shell("exec >&- 2>&-; sleep 30", timeout: 0.5)
        #expect(output.timedOut)
        #expect(output.exitCode == nil)
        #expect(output.duration >= 0.5 && output.duration < 5)
    }

    /// Output larger than one read (64 KiB) arrives whole and in order, on both streams.
    @Test func largeOutputArrivesWhole() throws {
        let output = try shell("seq 1 60000; seq 1 30000 >&2")
        let expected = (1...60000).map(String.init).joined(separator: "\n") + "\n"
        #expect(output.stdout == Array(expected.utf8))
        let stderrLength = (1...30000).reduce(0) { total, number in total + String(number).utf8.count + 1 }
        #expect(output.stderr.count == stderrLength)
        #expect(output.exitCode == 0 && !output.outputLimitExceeded)
    }

    @Test func outputBeyondTheLimitStopsTheProgram() throws {
        let output = try ProcessRunner().run(
            ProcessRequest(
                executable: "/bin/sh", arguments: ["-c", "yes"], workingDirectory: "/", environment: ["PATH": "/usr/bin:/bin"],
                timeout: 10, outputLimit: 100_000))
        #expect(output.outputLimitExceeded)
        #expect(output.exitCode == nil)
        let kept = output.stdout.count
        #expect(kept >= 100_000 && kept <= 100_000 + 64 * 1024)
    }

    @Test func aSignalIsReported() throws {
        let output = try shell("kill -TERM $$")
        #expect(output.signal == SIGTERM)
        #expect(output.exitCode == nil)
    }
}

import ArgumentParser
import CodeMode

/// `punie-exec stubs`: prints the system-prompt stub text generated from stubs/.
struct Stubs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the system-prompt stub text (tool signatures and result models) generated from stubs/.")

    func run() throws {
        print(StubText.render(), terminator: "")
    }
}

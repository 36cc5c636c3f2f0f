import Foundation
import Testing

@testable import CodeMode

/// The private HOME of a `BackendEnvironment`: made when a backend first needs it (a process that
/// runs no backend makes no directory), once, shared by the environment's copies, and removed with
/// the last of them.
@Suite struct BackendHomeTests {
    @Test func thePrivateHomeIsMadeOnFirstUseAndRemovedWithTheLastCopy() async throws {
        var path = ""
        do {
            let environment = BackendEnvironment()
            let copy = environment
            #expect(!environment.ownedHome.isMade)
            path = copy.home
            #expect(environment.ownedHome.isMade)
            #expect(environment.home == path)
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
            #expect(path.contains("/punie-home-"))
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o700)
        }
        // Removal happens in the background: wait for it (at most 5 s).
        for _ in 0..<500 where FileManager.default.fileExists(atPath: path) {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aChosenHomeIsUsedAndNoneIsMade() {
        var environment = BackendEnvironment(home: "/nonexistent/chosen")
        #expect(environment.home == "/nonexistent/chosen")
        #expect(environment.environment()["HOME"] == "/nonexistent/chosen")
        environment.home = "/nonexistent/other"
        #expect(environment.home == "/nonexistent/other")
        #expect(!environment.ownedHome.isMade)
    }
}

// punie-worker: the sandbox worker process. Started by the host with its channel on descriptor 3;
// never run it by hand. It stays single-threaded, because it forks one child per execution.
import CodeMode

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
if arguments.contains(SandboxWorker.estimatorArgument) {
    exit(SandboxWorker.serveEstimates())
}
let preloadAmong = arguments.first { $0.hasPrefix(SandboxWorker.preloadAmongPrefix) }
    .map { String($0.dropFirst(SandboxWorker.preloadAmongPrefix.count)) }
exit(
    SandboxWorker.serve(
        warmUp: arguments.contains(SandboxWorker.warmUpArgument),
        prefault: !arguments.contains(SandboxWorker.noPrefaultArgument), preloadAmong: preloadAmong))

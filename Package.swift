// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "punie-exec",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CodeMode", targets: ["CodeMode"]),
        .executable(name: "punie-exec", targets: ["punie-exec"]),
        .executable(name: "punie-worker", targets: ["punie-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libpython, located with `pkg-config python3-embed` (Debian: libpython3-dev).
        .systemLibrary(
            name: "CPython",
            pkgConfig: "python3-embed",
            providers: [.apt(["libpython3-dev"]), .brew(["python"])]
        ),
        // C only: the CPython macros Swift cannot call, the `_punie` trampoline, OS helpers.
        .target(name: "CPythonShim", dependencies: ["CPython"]),
        .target(
            name: "CodeMode",
            dependencies: ["CPythonShim"],
            resources: [
                .embedInCode("Resources/stubs/models.py"),
                .embedInCode("Resources/stubs/tools.py"),
                .embedInCode("Interpreter/Python/model.py"),
                .embedInCode("Interpreter/Python/runtime.py"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "punie-exec",
            dependencies: [
                "CodeMode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "punie-worker",
            dependencies: ["CodeMode"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "parser-bench",
            dependencies: ["CodeMode"],
            path: "Benchmarks/parser-bench",
            exclude: ["baseline_parser.py"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "exec-bench",
            dependencies: ["CodeMode"],
            path: "Benchmarks/exec-bench",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sandbox-bench",
            dependencies: ["CodeMode"],
            path: "Benchmarks/sandbox-bench",
            exclude: ["workload", "workload_files.py", "baseline_exec.py", "baseline_monty.py"],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "lsp-bench", dependencies: ["CodeMode"], path: "Benchmarks/lsp-bench", swiftSettings: strictSettings),
        .executableTarget(name: "tool-bench", dependencies: ["CodeMode"], path: "Benchmarks/tool-bench", swiftSettings: strictSettings),
        .testTarget(
            name: "CodeModeTests",
            dependencies: ["CodeMode", "punie-worker"],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PunieExecTests",
            dependencies: ["punie-exec", "punie-worker"],
            swiftSettings: strictSettings
        ),
    ]
)

import CPythonShim
import Testing

#if os(Linux)
    /// The seccomp programs of the execution processes and of the backend processes, run through a
    /// small classic-BPF interpreter for every system call number: each must refuse exactly its listed
    /// calls (EPERM), every x32 call, and kill a process calling in through another architecture. The
    /// installation itself is exercised by every sandbox and backend test (the kernel checks the
    /// program when it is installed).
    @Suite struct SeccompFilterTests {
        /// Which program: the execution processes' or the backends'.
        enum Filter: String, CaseIterable, CustomTestStringConvertible {
            case execution, backend
            var testDescription: String { rawValue }
        }

        private static let allow: UInt32 = 0x7fff_0000
        private static let refuse: UInt32 = 0x0005_0000 | 1  // SECCOMP_RET_ERRNO | EPERM
        private static let kill: UInt32 = 0x8000_0000  // SECCOMP_RET_KILL_PROCESS
        private static let nativeArchitecture: UInt32 = {
            #if arch(x86_64)
                0xc000_003e  // AUDIT_ARCH_X86_64
            #else
                0xc000_00b7  // AUDIT_ARCH_AARCH64
            #endif
        }()

        private struct Instruction {
            var code: UInt16
            var jumpTrue: UInt8
            var jumpFalse: UInt8
            var constant: UInt32
        }

        private static func build(_ filter: Filter, into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
            switch filter {
            case .execution: cps_sandbox_filter(buffer, capacity)
            case .backend: cps_backend_filter(buffer, capacity)
            }
        }

        private static func program(_ filter: Filter) -> [Instruction] {
            var raw = [UInt64](repeating: 0, count: 1024)
            let count = raw.withUnsafeMutableBytes { bytes in
                bytes.baseAddress.map { build(filter, into: $0, capacity: 1024) } ?? 0
            }
            return raw.prefix(count).map { word in
                Instruction(
                    code: UInt16(truncatingIfNeeded: word), jumpTrue: UInt8(truncatingIfNeeded: word >> 16),
                    jumpFalse: UInt8(truncatingIfNeeded: word >> 24), constant: UInt32(truncatingIfNeeded: word >> 32))
            }
        }

        private static func refused(_ filter: Filter) -> Set<Int32> {
            var numbers = [Int32](repeating: 0, count: 512)
            let count =
                switch filter {
                case .execution: cps_sandbox_refused_syscalls(&numbers, numbers.count)
                case .backend: cps_backend_refused_syscalls(&numbers, numbers.count)
                }
            return Set(numbers.prefix(count))
        }

        /// Runs `program` for one call; nil when it does something this interpreter does not know
        /// (an instruction the filter never uses, a jump out of the program).
        private static func run(_ program: [Instruction], number: UInt32, architecture: UInt32) -> UInt32? {
            var accumulator: UInt32 = 0
            var index = 0
            var steps = 0
            while index < program.count, steps < 1000 {
                steps += 1
                let instruction = program[index]
                switch instruction.code {
                case 0x20:  // BPF_LD | BPF_W | BPF_ABS
                    switch instruction.constant {
                    case 0: accumulator = number
                    case 4: accumulator = architecture
                    default: return nil
                    }
                    index += 1
                case 0x15, 0x35, 0x25:  // BPF_JMP | BPF_JEQ / BPF_JGE / BPF_JGT, BPF_K
                    let taken =
                        instruction.code == 0x15
                        ? accumulator == instruction.constant
                        : instruction.code == 0x35 ? accumulator >= instruction.constant : accumulator > instruction.constant
                    index += 1 + Int(taken ? instruction.jumpTrue : instruction.jumpFalse)
                case 0x06:  // BPF_RET | BPF_K
                    return instruction.constant
                case 0x01:  // BPF_LDX | BPF_IMM: the X register, which no other instruction reads
                    index += 1
                default:
                    return nil
                }
            }
            return nil
        }

        @Test(arguments: Filter.allCases)
        func refusesExactlyTheListedCalls(filter: Filter) {
            let program = Self.program(filter)
            let refused = Self.refused(filter)
            #expect(program.count > 0 && program.count <= 512)
            #expect(refused.count > (filter == .execution ? 60 : 8))
            for number in UInt32(0)..<1024 {
                let expected = refused.contains(Int32(number)) ? Self.refuse : Self.allow
                #expect(
                    Self.run(program, number: number, architecture: Self.nativeArchitecture) == expected,
                    "system call \(number)")
            }
        }

        @Test func executionsAreRefusedProcessCreationNetworkAndOpens() {
            #if arch(x86_64)
                let program = Self.program(.execution)
                // clone, fork, vfork, execve, socket, connect, openat, ptrace, bpf, unshare
                for number: UInt32 in [56, 57, 58, 59, 41, 42, 257, 101, 321, 272] {
                    #expect(Self.run(program, number: number, architecture: Self.nativeArchitecture) == Self.refuse)
                }
                // read, write, close, mmap, munmap, brk, rt_sigreturn, exit_group, poll, futex
                for number: UInt32 in [0, 1, 3, 9, 11, 12, 15, 231, 7, 202] {
                    #expect(Self.run(program, number: number, architecture: Self.nativeArchitecture) == Self.allow)
                }
            #endif
        }

        /// Backends may create processes, open files and talk over pipes, but not reach the network
        /// or other processes' memory.
        @Test func backendsAreRefusedTheNetworkOnly() {
            #if arch(x86_64)
                let program = Self.program(.backend)
                // socket, connect, bind, listen, accept, accept4, ptrace, process_vm_readv, process_vm_writev
                for number: UInt32 in [41, 42, 49, 50, 43, 288, 101, 310, 311] {
                    #expect(Self.run(program, number: number, architecture: Self.nativeArchitecture) == Self.refuse)
                }
                // read, write, openat, clone, execve, pipe2, wait4, socketpair, kill
                for number: UInt32 in [0, 1, 257, 56, 59, 293, 61, 53, 62] {
                    #expect(Self.run(program, number: number, architecture: Self.nativeArchitecture) == Self.allow)
                }
            #endif
        }

        /// A buffer too small for the program gets nothing (the lock-down then fails closed with
        /// "the seccomp filter could not be built"; a backend does not start).
        @Test(arguments: Filter.allCases)
        func aTooSmallBufferGetsNoProgram(filter: Filter) {
            var raw = [UInt64](repeating: 0, count: 4)
            let count = raw.withUnsafeMutableBytes { bytes in
                bytes.baseAddress.map { Self.build(filter, into: $0, capacity: 4) } ?? 99
            }
            #expect(count == 0)
            #expect(Self.program(filter).count > 4)
        }

        /// The kernel pre-evaluates a new filter for every call number (to cache the ones it always
        /// allows) unless its first instruction is one the pre-evaluation does not know. Execution
        /// processes, which make few calls, skip that work with a load of the X register, which
        /// nothing reads; backends, which make thousands, keep the cache.
        @Test(arguments: Filter.allCases)
        func onlyTheExecutionFilterStopsTheKernelsPreEvaluation(filter: Filter) {
            let program = Self.program(filter)
            #expect((program.first?.code == 0x01) == (filter == .execution))  // BPF_LDX | BPF_W | BPF_IMM
            // No other instruction loads X or takes an operand from it (BPF_X).
            #expect(!program.dropFirst().contains { $0.code & 0x07 == 0x01 || $0.code & 0x08 != 0 })
        }

        @Test(arguments: Filter.allCases)
        func refusesX32CallsAndKillsOtherArchitectures(filter: Filter) {
            let program = Self.program(filter)
            #if arch(x86_64)
                for number: UInt32 in [0, 1, 59, 0x200, 0x3fff_ffff] {
                    #expect(
                        Self.run(program, number: 0x4000_0000 | number, architecture: Self.nativeArchitecture)
                            == Self.refuse)
                }
            #endif
            #expect(Self.run(program, number: 1, architecture: 0x4000_0003) == Self.kill)  // AUDIT_ARCH_I386
            #expect(Self.run(program, number: 59, architecture: 0) == Self.kill)
        }
    }
#endif

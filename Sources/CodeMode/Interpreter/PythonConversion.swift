import CPythonShim

/// Converts plain Python data (dict with str keys, list, tuple, str, int, float, bool, None) into a
/// `JSONValue` through the C API.
///
/// The harness reports through this rather than through the `json` module, which a program could
/// monkeypatch (`json.dumps = ...`) to forge its own report.
enum PythonConversion {
    /// The JSON value of `object`; anything else (or nesting deeper than 64) becomes its `repr`-free
    /// type name as a string, so a report is always produced.
    static func jsonValue(of object: UnsafeMutablePointer<PyObject>, depth: Int = 0, _ gil: borrowing GIL) -> JSONValue {
        guard depth < 64 else { return .string("<too deep>") }
        if object == cps_none() { return .null }
        if cps_is_bool(object) != 0 { return .bool(PyObject_IsTrue(object) == 1) }
        if cps_is_long(object) != 0 {
            var overflow: Int32 = 0
            let value = PyLong_AsLongLongAndOverflow(object, &overflow)
            if overflow != 0 || (value == -1 && PyErr_Occurred() != nil) {
                PyErr_Clear()
                return .string("<integer out of range>")
            }
            return .int(Int(value))
        }
        if cps_is_float(object) != 0 { return .double(PyFloat_AsDouble(object)) }
        if cps_is_unicode(object) != 0 { return .string(PythonString.take(PyRef(borrowing: object), gil)) }
        if cps_is_list(object) != 0 || cps_is_tuple(object) != 0 {
            let count = PySequence_Size(object)
            var items: [JSONValue] = []
            items.reserveCapacity(max(count, 0))
            for index in 0..<max(count, 0) {
                guard let item = PySequence_GetItem(object, index) else {
                    PyErr_Clear()
                    continue
                }
                let owned = PyRef(stealing: item)
                items.append(owned.withBorrowed { jsonValue(of: $0, depth: depth + 1, gil) })
            }
            return .array(items)
        }
        if cps_is_dict(object) != 0 {
            var result = JSONObject()
            var position = 0
            var key: UnsafeMutablePointer<PyObject>?
            var value: UnsafeMutablePointer<PyObject>?
            while PyDict_Next(object, &position, &key, &value) != 0 {
                guard let key, let value, cps_is_unicode(key) != 0 else { continue }
                result[PythonString.take(PyRef(borrowing: key), gil)] = jsonValue(of: value, depth: depth + 1, gil)
            }
            return .object(result)
        }
        return .string("<\(String(cString: cps_type_name(object)))>")
    }
}

extension HarnessReport {
    /// Reads the report dictionary the harness returns.
    init(json: JSONValue) {
        let object = json.objectValue ?? JSONObject()
        status = object["status"]?.stringValue.flatMap(ExecutionStatus.init(rawValue:)) ?? .crashed
        stdout = object["stdout"]?.stringValue ?? ""
        stderr = object["stderr"]?.stringValue ?? ""
        truncated = object["truncated"] == .bool(true)
        fieldAccess = object["field_access"].flatMap { $0 == .null ? nil : $0 }
        error = object["error"]?.objectValue.map { error in
            ProgramError(
                type: error["type"]?.stringValue ?? "Error", message: error["message"]?.stringValue ?? "",
                line: error["line"]?.intValue, column: error["column"]?.intValue,
                traceback: error["traceback"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                hint: error["hint"]?.stringValue)
        }
    }
}

extension HarnessReport {
    /// The report as the JSON object `init(json:)` reads (the worker channel's report frame).
    var jsonValue: JSONValue {
        var object = JSONObject()
        object["status"] = .string(status.rawValue)
        object["stdout"] = .string(stdout)
        object["stderr"] = .string(stderr)
        object["truncated"] = .bool(truncated)
        if let error {
            var fields = JSONObject()
            fields["type"] = .string(error.type)
            fields["message"] = .string(error.message)
            fields["line"] = error.line.map { .int($0) } ?? .null
            fields["column"] = error.column.map { .int($0) } ?? .null
            fields["traceback"] = .array(error.traceback.map { .string($0) })
            fields["hint"] = error.hint.map { .string($0) } ?? .null
            object["error"] = .object(fields)
        } else {
            object["error"] = .null
        }
        object["field_access"] = fieldAccess ?? .null
        return .object(object)
    }
}

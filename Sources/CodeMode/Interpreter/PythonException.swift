import CPythonShim

/// A Python exception turned into a value while the GIL was held.
public struct PythonException: Error, Sendable, CustomStringConvertible {
    /// The exception's type name, e.g. `ValueError`.
    public var typeName: String
    /// `str(exception)`.
    public var message: String

    public var description: String { message.isEmpty ? typeName : "\(typeName): \(message)" }

    /// Takes the pending exception of the current thread (clearing it).
    static func fetch(_ gil: borrowing GIL) -> PythonException {
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var traceback: UnsafeMutablePointer<PyObject>?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        let owned = [type, value, traceback].compactMap { $0.map { PyRef(stealing: $0) } }
        guard let value else {
            return PythonException(typeName: "SystemError", message: "a C API call failed without an exception")
        }
        let typeName = String(cString: cps_type_name(value))
        let message = PyObject_Str(value).map { PythonString.take(PyRef(stealing: $0), gil) } ?? ""
        PyErr_Clear()
        withExtendedLifetime(owned) {}
        return PythonException(typeName: typeName, message: message)
    }
}

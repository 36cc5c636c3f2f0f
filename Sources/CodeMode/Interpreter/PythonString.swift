import CPythonShim

/// Conversions between Swift strings and Python `str` objects.
enum PythonString {
    /// A new `str` object for `text` (invalid UTF-8 cannot occur in a Swift String).
    static func make(_ text: String, _ gil: borrowing GIL) throws(PythonException) -> PyRef {
        var text = text
        let pointer = text.withUTF8 { buffer in
            PyUnicode_FromStringAndSize(
                buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                buffer.count)
        }
        return try PyRef.checked(pointer, gil)
    }

    /// The Swift string of a Python `str` (lone surrogates become U+FFFD).
    static func take(_ object: PyRef, _ gil: borrowing GIL) -> String {
        object.withBorrowed { pointer in
            var length = 0
            guard cps_is_unicode(pointer) != 0, let utf8 = PyUnicode_AsUTF8AndSize(pointer, &length) else {
                PyErr_Clear()
                return lossy(pointer)
            }
            return String(decoding: UnsafeRawBufferPointer(start: utf8, count: length), as: UTF8.self)
        }
    }

    /// Encodes with `surrogatepass`-free replacement when strict UTF-8 conversion fails.
    private static func lossy(_ pointer: UnsafeMutablePointer<PyObject>) -> String {
        guard cps_is_unicode(pointer) != 0,
            let bytes = PyUnicode_AsEncodedString(pointer, "utf-8", "replace")
        else {
            PyErr_Clear()
            return ""
        }
        let owned = PyRef(stealing: bytes)
        return owned.withBorrowed { pointer in
            var length = 0
            var data: UnsafeMutablePointer<CChar>?
            guard PyBytes_AsStringAndSize(pointer, &data, &length) == 0, let data else {
                PyErr_Clear()
                return ""
            }
            return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        }
    }
}

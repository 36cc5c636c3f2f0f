/// Finds where a JSON object or array ends without parsing it, so streaming can wait for the whole
/// value and parse it once. Resumable: `.needMore` continues from where it stopped.
///
/// It tracks only strings and bracket depth. When `stopTag` is set, that tag outside a string ends
/// the search early (a body whose closers the model forgot); the first occurrence inside a string is
/// remembered as a fallback for output that ends inside an unterminated string.
struct JSONEndScanner {
    enum Outcome {
        /// The value ends just before this offset.
        case complete(end: Int)
        /// The stop tag was found outside any string before the value closed.
        case stoppedAtTag(Int)
        case needMore
        /// The output ended first; `tagInString` is the first stop tag seen inside a string, if any.
        case endOfInput(tagInString: Int?)
    }

    private(set) var position: Int
    private var depth = 0
    private var inString = false
    private var tagInString: Int?
    let stopTag: AngleTag?

    init(start: Int, stopTag: AngleTag?) {
        position = start
        self.stopTag = stopTag
    }

    mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, end: Int, isFinal: Bool) -> Outcome {
        var index = position
        defer { position = index }
        while index < end {
            let byte = buffer[index]
            if inString {
                switch byte {
                case UInt8(ascii: "\\"):
                    if index + 1 >= end, !isFinal { return .needMore }
                    index += 2
                case UInt8(ascii: "\""):
                    inString = false
                    index += 1
                case UInt8(ascii: "<") where stopTag != nil && tagInString == nil:
                    switch buffer.angleTag(at: index, end: end, isFinal: isFinal) {
                    case .partial: return .needMore
                    case .tag(let tag) where tag == stopTag: tagInString = index
                    default: break
                    }
                    index += 1
                default:
                    index += 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 {
                    index += 1
                    return .complete(end: index)
                }
            case UInt8(ascii: "<") where stopTag != nil:
                switch buffer.angleTag(at: index, end: end, isFinal: isFinal) {
                case .partial: return .needMore
                case .tag(let tag) where tag == stopTag: return .stoppedAtTag(index)
                default: break
                }
            default:
                break
            }
            index += 1
        }
        index = min(index, end)
        return isFinal ? .endOfInput(tagInString: tagInString) : .needMore
    }
}

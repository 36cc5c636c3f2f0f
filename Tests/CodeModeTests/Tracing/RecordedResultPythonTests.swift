import CodeMode
import Foundation
import Testing

/// Python writes reprs, str() forms and JSON of random instances of every model (with model.py, whose repr
/// is conformance-tested against Pydantic v2); the loader must read all three back to the same value.
@Suite(.timeLimit(.minutes(1)))
struct RecordedResultPythonTests {
    static let script =
        TracingTestSupport.pythonPrelude + """
            import typing, types
            rng = random.Random(20260214)
            STRINGS = ["", "plain", "it's", 'say "hi"', "both ' and \\"", "back\\\\slash", "tab\\tnew\\nline\\r",
                       "nul\\x00 del\\x7f esc\\x1b", "café", "\\u2028 sep", "emoji 😀", "日本語", "\\u00a0nbsp",
                       "trailing backslash \\\\", "C:\\\\dir\\\\f.py", "{'dict': [1, 2]}", "x=1, y=2)", "\\U0001f4a9"]
            FLOATS = [0.0, 1e-07, 1.5, -2.25, 1e20, 123456.789, 0.1, -0.0, float("inf"), float("-inf"), 5e-324]
            def sample(annotation, depth):
                origin = typing.get_origin(annotation)
                if origin in (typing.Union, types.UnionType):
                    inner = [a for a in typing.get_args(annotation) if a is not type(None)][0]
                    return None if rng.random() < 0.3 else sample(inner, depth)
                if origin is list:
                    (inner,) = typing.get_args(annotation)
                    return [sample(inner, depth + 1) for _ in range(rng.randint(0, 2 if depth < 2 else 0))]
                if annotation is bool: return rng.random() < 0.5
                if annotation is int: return rng.choice([0, 1, -7, 42, 2**62, -(2**63)])
                if annotation is float: return rng.choice(FLOATS)
                if annotation is str: return rng.choice(STRINGS)
                return build(annotation, depth + 1)
            def build(cls, depth):
                return cls(**{name: sample(field.annotation, depth) for name, field in cls.model_fields.items()})
            out = []
            for name, cls in MODELS.items():
                for _ in range(4):
                    instance = build(cls, 0)
                    out.append({"model": name, "repr": repr(instance), "str": str(instance),
                                "json": json.dumps(instance.model_dump(), allow_nan=True)})
            print(json.dumps(out))
            """

    struct Sample: Decodable {
        var model: String
        var repr: String
        var str: String
        var json: String
    }

    @Test func readsBackEveryModelAsPythonWritesIt() throws {
        let data = try TracingTestSupport.runPython(Self.script)
        let samples = try JSONDecoder().decode([Sample].self, from: data)
        let loader = RecordedResultLoader()
        #expect(Set(samples.map(\.model)) == Set(StubCatalog.standard.models.map(\.name)))
        #expect(samples.count >= 4 * 29)
        for sample in samples {
            do {
                let repr = try loader.load(sample.repr)
                let json = try loader.load(sample.json, expecting: sample.model)
                #expect(repr.model == sample.model)
                #expect(repr.value == json.value, "\(sample.repr)")
                if !sample.str.isEmpty, StubCatalog.standard.model(named: sample.model)?.fields.isEmpty == false {
                    let str = try loader.load(sample.str, expecting: sample.model)
                    #expect(str.value == repr.value, "\(sample.str)")
                }
            } catch {
                Issue.record("\(error) for \(sample.repr)")
            }
        }
    }
}

import CodeMode
let c = StubCatalog.standard
for t in c.tools { print(t.name, t.parameters.map { "\($0.name): \($0.type) = \(String(describing: $0.defaultValue))" }, t.returnType) }
for m in c.models { print(m.name, m.fields.map { "\($0.name): \($0.type)" }) }
print(c.aliases)

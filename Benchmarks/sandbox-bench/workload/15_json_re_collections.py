import json
import re
from collections import Counter, defaultdict

result = typecheck("src/")
names = Counter()
pattern = re.compile(r"`([A-Za-z_][\w.]*)`")
for error in result.errors:
    for name in pattern.findall(error.message):
        names[name] += 1
per_module = defaultdict(Counter)
for error in result.errors:
    module = error.file.rsplit("/", 1)[-1].removesuffix(".py")
    per_module[module][error.severity] += 1
summary = {
    "total": len(result.errors),
    "top_names": names.most_common(5),
    "modules": {m: dict(c) for m, c in sorted(per_module.items())},
}
print(json.dumps(summary, indent=2, sort_keys=True))

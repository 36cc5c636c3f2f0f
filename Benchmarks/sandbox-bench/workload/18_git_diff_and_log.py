diff = git_diff(staged=True)
log = git_log(count=50)
print(f"{diff.file_count} files staged, +{diff.additions} -{diff.deletions}")
for f in diff.files:
    added = sum(line.startswith("+") for hunk in f.hunks for line in hunk.splitlines())
    print(f"  {f.file}: +{f.additions} -{f.deletions}, {len(f.hunks)} hunks, {added} added lines in hunks")
authors = {}
for commit in log.commits:
    authors[commit.author] = authors.get(commit.author, 0) + 1
kinds = {}
for commit in log.commits:
    kind = commit.message.split(":", 1)[0]
    kinds[kind] = kinds.get(kind, 0) + 1
print(f"last {log.commit_count} commits by", ", ".join(f"{a} ({n})" for a, n in sorted(authors.items())))
print("kinds:", kinds)
print(f"latest: {log.commits[0].hash[:10]} {log.commits[0].message}")

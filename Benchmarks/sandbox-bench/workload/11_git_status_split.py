status = git_status()
if status.clean:
    print("working tree clean")
else:
    staged = [f for f in status.files if f.staged]
    unstaged = [f for f in status.files if not f.staged and f.status != "untracked"]
    untracked = [f.file for f in status.files if f.status == "untracked"]
    print(f"{status.file_count} changed files")
    print(f"Staged ({len(staged)}):")
    for f in staged:
        print(f"  {f.status:9} {f.file}")
    print(f"Not staged ({len(unstaged)}):")
    for f in unstaged:
        print(f"  {f.status:9} {f.file}")
    print(f"Untracked ({len(untracked)}): {', '.join(untracked)}")

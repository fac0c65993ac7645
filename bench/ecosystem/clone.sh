#!/usr/bin/env bash
# Clones the ecosystem corpus (bench/ecosystem/repos.json) into <folder>/<owner>__<name> at the
# pinned commits. Needs git, node and network access to GitHub.
#
#   bench/ecosystem/clone.sh <folder> [tune|holdout|all]     (default: tune)
#
# The holdout set is for the final, independent evaluation only: do not clone it to work on rules.
# A checkout that already has the pinned commit is left alone; a failed repository is reported and
# the others go on (exit 1 at the end if any failed).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 <folder> [tune|holdout|all]" >&2
  exit 2
fi
dest=$1
set_name=${2:-tune}
case "$set_name" in tune|holdout|all) ;; *) echo "set must be tune, holdout or all" >&2; exit 2 ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dest"

# repo commit lines of the chosen set
list=$(node -e '
  const repos = require(process.argv[1]);
  const set = process.argv[2];
  for (const r of repos) if (set === "all" || r.set === set) console.log(`${r.repo} ${r.commit}`);
' "$here/repos.json" "$set_name")

failed=()
while read -r repo commit; do
  [ -n "$repo" ] || continue
  dir="$dest/${repo/\//__}"
  if [ -d "$dir/.git" ] && [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" = "$commit" ]; then
    echo "ok      $repo (already at ${commit:0:10})"
    continue
  fi
  echo "clone   $repo @ ${commit:0:10}"
  rm -rf "$dir"
  mkdir -p "$dir"
  if ! (
    cd "$dir" &&
      git init -q &&
      git remote add origin "https://github.com/$repo.git" &&
      # GitHub serves any reachable commit by id; fall back to a full fetch if a shallow one is refused.
      { git fetch -q --depth 1 origin "$commit" 2>/dev/null || git fetch -q origin; } &&
      git -c advice.detachedHead=false checkout -q "$commit"
  ); then
    echo "FAILED  $repo" >&2
    failed+=("$repo")
  fi
done <<< "$list"

if [ ${#failed[@]} -gt 0 ]; then
  echo "${#failed[@]} repositories failed: ${failed[*]}" >&2
  exit 1
fi
echo "done: $(printf '%s\n' "$list" | grep -c .) repositories in $dest"

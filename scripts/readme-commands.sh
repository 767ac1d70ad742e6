#!/usr/bin/env bash
# Runs every command line of README.md's ```sh blocks, as written, in a copy of the demo's
# output folder (make demo first) with the built tools first on PATH. A line whose comment
# says "(exit 1" must exit 1; every other line must exit 0. Lines starting with `make` are
# listed, not run: make demo, make test and make install run those.
#   scripts/readme-commands.sh [BIN_DIR] [DEMO_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=$(cd "${1:-.build/debug}" && pwd)
demo=${2:-out/demo}
[ -f "$demo/reel1.dxcues" ] || { echo "readme-commands: no demo output in $demo: run make demo first" >&2; exit 66; }
# Two levels below the repository, as out/demo is: the README reaches ../../Fixtures.
work=out/readme-check
rm -rf "$work"
cp -a "$demo" "$work"
export PATH="$bin:$PATH"

ran=0 failed=0 skipped=0
while IFS= read -r line; do
  case $line in
    ''|'#'*) continue ;;
    make\ *) printf 'skip  %s\n' "$line"; skipped=$((skipped + 1)); continue ;;
  esac
  want=0
  [[ $line == *'(exit 1'* ]] && want=1
  set +e
  (cd "$work" && bash -c "set -o pipefail; $line") > "$work/.out" 2> "$work/.err"
  status=$?
  set -e
  ran=$((ran + 1))
  if [ "$status" -eq "$want" ]; then
    printf 'ok    %s\n' "$line"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n      exit status %d, expected %d; standard error:\n' "$line" "$status" "$want"
    sed 's/^/      | /' "$work/.err" | tail -8
  fi
done < <(awk '/^```/ { inblock = ($0 == "```sh"); next } inblock' README.md)
rm -f "$work/.out" "$work/.err"
printf 'readme-commands: %d run, %d failed, %d make lines not run (in %s)\n' "$ran" "$failed" "$skipped" "$work"
[ "$failed" -eq 0 ]

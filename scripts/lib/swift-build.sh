# Sourced by the scripts: swift_build ARGS... runs `swift build ARGS...` with its output kept in a
# log. On success it prints only the last line; on failure it prints the whole log (the
# compiler's errors with it) and returns the build's exit status, which stops a `set -e` script.
swift_build() {
  local log status=0
  log=$(mktemp "${TMPDIR:-/tmp}/journal-build.XXXXXX")
  swift build "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    echo "swift build $* failed (exit $status)" >&2
  else
    tail -n 1 "$log" >&2
  fi
  rm -f "$log"
  return "$status"
}

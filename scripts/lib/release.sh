# Sourced by scripts/install, scripts/package-deb and scripts/test (after swift-path.sh and
# swift-build.sh): release_stage DIR builds journal with -c release and the Swift runtime linked in
# (--static-swift-stdlib: the binary needs only libgit2 and the C libraries, not the toolchain),
# and writes into DIR what gets installed: journal, journal.1 (every subcommand in one page) and
# the completion scripts journal.bash, _journal (zsh) and journal.fish.
release_stage() {
  local stage="$1" bin tool date
  mkdir -p "$stage"
  # The commit --version names (an ignored header; see scripts/embed-resources).
  scripts/embed-resources --build-commit
  echo "Building journal (release)..." >&2
  # The man page comes from swift-argument-parser's generate-manual plugin. The plugin builds
  # every product with a dynamic runtime into .build/release, so it runs before the static build,
  # and only when its tool is not built yet; afterwards its tool is run on the static binary.
  tool=$(ls .build/*/debug/generate-manual-tool 2>/dev/null | head -n 1 || true)
  date=$(git log -1 --format=%cs 2>/dev/null || echo 2026-01-01)
  if [ -z "$tool" ]; then
    echo "Building swift-argument-parser's manual generator..." >&2
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/journal-manual.XXXXXX")
    if ! swift package --allow-writing-to-package-directory generate-manual --date "$date" >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "release: swift package generate-manual failed" >&2
      return 1
    fi
    rm -f "$log"
    tool=$(ls .build/*/debug/generate-manual-tool 2>/dev/null | head -n 1 || true)
  fi
  swift_build -c release --static-swift-stdlib --product journal
  bin="$(swift build -c release --static-swift-stdlib --product journal --show-bin-path)/journal"
  cp "$bin" "$stage/journal.new" && mv "$stage/journal.new" "$stage/journal"
  if [ -n "$tool" ]; then
    "$tool" "$stage/journal" --date "$date" --output-directory "$stage" >/dev/null
  else
    cp .build/plugins/GenerateManual/outputs/journal/journal.1 "$stage/journal.1"
  fi
  "$stage/journal" --generate-completion-script bash >"$stage/journal.bash"
  "$stage/journal" --generate-completion-script zsh >"$stage/_journal"
  "$stage/journal" --generate-completion-script fish >"$stage/journal.fish"
}

#!/usr/bin/env bash
# Prints the -ldflags that stamp a build with its git commit (package
# version), in the one-word -X=name=value form that also survives GOFLAGS,
# which is how the fyne tool takes linker flags. Prints nothing outside a git
# checkout: the binaries then show only FyneApp.toml's version number.
#
# Go's own VCS stamp does not cover us: it skips git worktrees, and this
# machine's go env sets -buildvcs=false.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=$(git rev-parse HEAD 2>/dev/null) || exit 0
rev=${rev:0:12}
# Like Go's vcs.modified: any change git would show, untracked files too.
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
	rev+=-dirty
fi
echo "-X=fktpdesk/version.commit=$rev"

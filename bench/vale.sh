#!/usr/bin/env bash
# Installs Vale for bench/run.sh's comparison into $(go env GOPATH)/bin.
#
#   bash bench/vale.sh           # the newest release, v3.26.0
#   bash bench/vale.sh v3.7.1    # an older one, which installs as it is
#
# v3.26.0 pins a pseudo-version of github.com/andybalholm/cascadia that the
# Go module proxy does not serve, so it is built in a scratch module with
# cascadia's v1.3.3 release in its place (Vale uses it for HTML selectors,
# which plain-text files do not reach).
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"
VERSION=${1:-v3.26.0}
BIN="$(go env GOPATH)/bin"
if [ "$VERSION" = v3.7.1 ]; then
  go install "github.com/errata-ai/vale/v3/cmd/vale@$VERSION"
  exit
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
go mod init valebuild >/dev/null 2>&1
go mod edit -require "github.com/vale-cli/vale/v3@$VERSION" \
  -replace github.com/andybalholm/cascadia=github.com/andybalholm/cascadia@v1.3.3
go mod download github.com/vale-cli/vale/v3
GOFLAGS=-mod=mod go build -o "$BIN/vale" github.com/vale-cli/vale/v3/cmd/vale
go version -m "$BIN/vale" | awk '$1=="mod"{print "installed vale", $3}'

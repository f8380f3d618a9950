#!/usr/bin/env bash
# Runs the unit, node, hostile and browser tests on Node-RED 5 with Node.js 24 (the main suite runs on the
# Node-RED 4.1 of devDependencies with the machine's Node.js 20).
#   scripts/nr5.sh            build + unit + nodes + hostile + e2e
#   scripts/nr5.sh --no-e2e   without the browser tests
# Node.js 24 comes from the npm package `node` (npx -p node@24); Node-RED 5 is installed into the
# git-ignored folder .nr5/ (IOT_FLEET_NR5_DIR) and selected with IOT_FLEET_NODE_RED, which
# test/lib/harness.js and test/e2e/lib/server.js honour.
set -euo pipefail
cd "$(dirname "$0")/.."

nr5_dir=${IOT_FLEET_NR5_DIR:-.nr5}
nr5_version=${IOT_FLEET_NR5_VERSION:-5}
node_version=${IOT_FLEET_NR5_NODE:-24}
e2e=1
for a in "$@"; do
  case "$a" in
    --no-e2e) e2e=0 ;;
    *) echo "nr5.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

node_bin=$(npx -y -p "node@$node_version" node -p process.execPath 2>/dev/null)
mkdir -p "$nr5_dir"
[ -f "$nr5_dir/.gitignore" ] || printf '*\n' > "$nr5_dir/.gitignore"
installed=$(node -p "try { require('./$nr5_dir/node_modules/node-red/package.json').version } catch { '' }")
if [ "${installed%%.*}" != "${nr5_version%%.*}" ]; then
  echo "nr5.sh: installing node-red@$nr5_version into $nr5_dir/"
  npm install --prefix "$nr5_dir" --no-audit --no-fund --no-package-lock --loglevel=error "node-red@$nr5_version" >/dev/null
fi

export IOT_FLEET_NODE_RED="$PWD/$nr5_dir"
export PATH="$(dirname "$node_bin"):$PATH"
echo "nr5.sh: Node.js $(node -v), Node-RED $(node -p "require('./$nr5_dir/node_modules/node-red/package.json').version")"
npm run -s build
# Every stage runs even when an earlier one fails, so one run shows everything; the exit status
# says whether all passed.
failed=()
npm run -s test:unit || failed+=(unit)
npm run -s test:nodes || failed+=(nodes)
npm run -s test:hostile || failed+=(hostile)
if [ "$e2e" = 1 ]; then npm run -s test:e2e || failed+=(e2e); fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "nr5.sh: FAILED on Node-RED 5: ${failed[*]}" >&2
  exit 1
fi
echo "nr5.sh: all passed on Node-RED 5"

#!/usr/bin/env bash
# Builds the Azure Functions deployment package: the self-contained linux-x64 `lifecycle` executable with
# host.json and every <Name>/function.json at the root, as the Functions host expects a custom handler.
# Usage: scripts/publish.sh [--messaging storage|servicebus] [output.zip]   (default: storage, out/lifecycle-functions.zip)
#   storage     purchase events arrive on the purchase-events Storage queue (functions/ as they are)
#   servicebus  the declarations in functions.servicebus/ replace theirs: purchase events arrive on the
#               purchase-events Service Bus queue. For an app provisioned with useServiceBus=true
#               (infra/main.bicep output MESSAGING says which). Stage changes go on to the topic in both
#               packages whenever ServiceBus__* is set (PublishStageChanges).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { echo "usage: scripts/publish.sh [--messaging storage|servicebus] [output.zip]" >&2; exit 2; }
messaging=storage
zip_arg=""
while [ $# -gt 0 ]; do
  case "$1" in
    --messaging) [ $# -ge 2 ] || usage; messaging="$2"; shift 2 ;;
    --messaging=*) messaging="${1#--messaging=}"; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$zip_arg" ] || usage; zip_arg="$1"; shift ;;
  esac
done
case "$messaging" in
  storage|servicebus) ;;
  *) echo "--messaging must be storage or servicebus, not '$messaging'" >&2; usage ;;
esac
zip_path="$(realpath -m "${zip_arg:-$root/out/lifecycle-functions.zip}")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# The project's publish lays the package out itself (self-contained linux-x64, one folder per function at the
# root): the same `dotnet publish` that `azd deploy` runs.
dotnet publish "$root/src/LifecycleFunctions.App" -c Release -p:Messaging="$messaging" -p:DebugType=none -o "$stage" --nologo -v quiet

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
(cd "$stage" && python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in os.walk("."):
        for f in files:
            path = os.path.join(folder, f)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, "."))
            with open(path, "rb") as data:
                z.writestr(info, data.read(), zipfile.ZIP_DEFLATED)' "$zip_path")
echo "Package ($messaging messaging): $zip_path"

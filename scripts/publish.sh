#!/usr/bin/env bash
# Builds the Azure Functions deployment package: the `dotnet publish` output of the isolated worker (the same
# `dotnet publish` `azd deploy` runs), zipped: lifecycle.dll and its dependencies, host.json, functions.metadata,
# worker.config.json, extensions.json and .azurefunctions/. Framework-dependent: the Flex Consumption
# `dotnet-isolated` 10.0 runtime provides .NET.
# Usage: scripts/publish.sh [output.zip]   (default: out/lifecycle-functions.zip)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { echo "usage: scripts/publish.sh [output.zip]" >&2; exit 2; }
zip_arg=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$zip_arg" ] || usage; zip_arg="$1"; shift ;;
  esac
done
zip_path="$(realpath -m "${zip_arg:-$root/out/lifecycle-functions.zip}")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

dotnet publish "$root/src/LifecycleFunctions.App" -c Release -p:DebugType=none -o "$stage" --nologo -v quiet

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
# Python's zipfile rather than `zip`, which a fresh machine may lack; dot folders (.azurefunctions) included.
(cd "$stage" && python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in os.walk("."):
        for f in files:
            path = os.path.join(folder, f)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, "."))
            with open(path, "rb") as data:
                z.writestr(info, data.read(), zipfile.ZIP_DEFLATED)' "$zip_path")
echo "Package: $zip_path"

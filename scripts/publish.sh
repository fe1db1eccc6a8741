#!/usr/bin/env bash
# Builds the Azure Functions deployment package: the self-contained linux-x64 `lifecycle` executable with
# host.json and every <Name>/function.json at the root, as the Functions host expects a custom handler.
# Usage: scripts/publish.sh [output.zip]   (default: out/lifecycle-functions.zip)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
zip_path="$(realpath -m "${1:-$root/out/lifecycle-functions.zip}")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

dotnet publish "$root/src/LifecycleFunctions.App" -c Release -r linux-x64 --self-contained -p:DebugType=none -o "$stage" --nologo -v quiet
for declaration in "$stage"/functions/*/function.json; do
  name="$(basename "$(dirname "$declaration")")"
  mkdir -p "$stage/$name"
  mv "$declaration" "$stage/$name/function.json"
done
rm -rf "$stage/functions"

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
echo "Package: $zip_path"

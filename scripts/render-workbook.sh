#!/usr/bin/env bash
# Renders a funnel workbook's Overview sheet (and the sheet after it) to PNG, for the README's picture:
#   scripts/render-workbook.sh <workbook.xlsx> <out-dir> [pages]
# LibreOffice (headless) prints each sheet on one page of a PDF, pdftoppm turns pages into PNGs.
# Installs what it needs from Debian's packages when missing (needs root or sudo). Writes <out-dir>/<name>-<n>.png.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <workbook.xlsx> <out-dir> [pages (default 2: Overview and the next sheet)]" >&2
  exit 2
fi
workbook=$(realpath "$1")
out=$2
pages=${3:-2}
[[ -f "$workbook" ]] || { echo "no such workbook: $1" >&2; exit 2; }
mkdir -p "$out"
out=$(realpath "$out")

need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# Calibri is the workbook's font: Carlito has its metrics, so columns and tiles lay out as in Excel.
fc-list 2>/dev/null | grep -qi carlito || need+=(fonts-crosextra-carlito)
if [[ ${#need[@]} -gt 0 ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "installing ${need[*]} ..." >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$workbook" .xlsx)
# A private profile: a desktop LibreOffice that is already running would otherwise take the job and ignore --headless.
# SinglePageSheets prints every sheet whole on one page, so the Overview is page 1 and is never split.
soffice -env:UserInstallation="file://$work/profile" --headless \
  --convert-to 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' \
  --outdir "$work" "$workbook" >/dev/null 2>&1
pdf="$work/$name.pdf"
[[ -f "$pdf" ]] || { echo "LibreOffice did not convert $workbook" >&2; exit 1; }
pdftoppm -png -r 110 -f 1 -l "$pages" "$pdf" "$out/$name"
ls "$out/$name"-*.png

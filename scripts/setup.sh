#!/usr/bin/env bash
# Set up everything Policy Pack needs on a fresh Debian/Ubuntu machine: system packages and a virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: poppler-utils (pdftoppm, to look at PDF pages) and Debian's chromium (browser tests).
packages=(poppler-utils chromium chromium-driver)
# qpdf checks every built PDF in the tests, as a reader other than the ones that wrote it.
packages+=(qpdf)
# The browser tests' screenshots need a text font; chromium only recommends fonts-liberation (Arial's metrics).
# Playwright drives this chromium: never `playwright install`, which would download a browser of its own.
packages+=(fonts-liberation)
# The PDFs need no system package: Typst comes as a Python wheel and uses only the fonts in templates/fonts/.
# The tests open the Word editions in LibreOffice (soffice --convert-to pdf), as a reader other than python-docx.
packages+=(libreoffice-writer-nogui)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python packages, in .venv.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

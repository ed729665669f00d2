#!/usr/bin/env bash
# Installs the system packages the tests need (PostgreSQL server, Chromium, LibreOffice,
# poppler, OCRmyPDF with German Tesseract data) with apt-get. On CI (CI=true) a missing
# package is an error; elsewhere the tests that need it are skipped with a printed reason.
# With --app (make run) only the packages the application itself uses: OCR for scanned
# PDFs and pdftoppm for the page images of the letter preview. When everything is installed, the script only runs the checks below.
set -uo pipefail

declare -A CHECK=(
  [postgresql]="ls /usr/lib/postgresql/*/bin/initdb"
  [chromium]="test -x /usr/bin/chromium"
  [libreoffice-writer-nogui]="command -v soffice"
  [poppler-utils]="command -v pdftoppm"
  [fonts-dejavu-core]="test -d /usr/share/fonts/truetype/dejavu"
  [fonts-liberation]="test -d /usr/share/fonts/truetype/liberation"
  [ocrmypdf]="command -v ocrmypdf"
  [tesseract-ocr-deu]="ls /usr/share/tesseract-ocr/*/tessdata/deu.traineddata"
)
APP_PACKAGES=(ocrmypdf tesseract-ocr-deu poppler-utils)

packages=("${!CHECK[@]}")
[ "${1:-}" = "--app" ] && packages=("${APP_PACKAGES[@]}")

missing=()
for pkg in "${packages[@]}"; do
  bash -c "${CHECK[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

on_ci=false
[ "${CI:-}" = "true" ] && on_ci=true

can_install=false
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; can_install=true
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; can_install=true
  fi
fi

if $can_install; then
  echo "Installiere Systempakete: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/inquiry-apt.log 2>&1; then
    exit 0
  fi
  echo "apt-get install ist fehlgeschlagen (Protokoll: /tmp/inquiry-apt.log)." >&2
fi

if $on_ci; then
  echo "Fehler: auf CI fehlen Systempakete: ${missing[*]}" >&2
  exit 1
fi
if [ "${1:-}" = "--app" ]; then
  echo "Hinweis: Systempakete fehlen (${missing[*]}); ohne sie werden eingescannte PDF-Dateien nicht per Texterkennung gelesen bzw. Schreiben nicht als Seitenbilder angezeigt."
else
  echo "Hinweis: Systempakete fehlen (${missing[*]}); die Tests, die sie brauchen, werden übersprungen."
fi
exit 0

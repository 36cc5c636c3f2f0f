#!/usr/bin/env bash
# Installs what punie-exec needs on a Debian machine, only what is missing, quietly when all is there:
#   - Debian packages: libpython3-dev (the embedded CPython), pkg-config, git;
#   - the tools venv .tools-venv/ with the pinned backends of scripts/tools-requirements.txt.
# Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
pkg-config --exists python3-embed 2>/dev/null || missing+=(libpython3-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v git >/dev/null 2>&1 || missing+=(git)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

venv=.tools-venv
requirements=scripts/tools-requirements.txt
if ! cmp -s "$requirements" "$venv/.installed-requirements" 2>/dev/null; then
    echo "setup: creating the tools venv $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/.installed-requirements"
fi

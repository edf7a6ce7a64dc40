#!/bin/sh
# Build the Debian package imp-wsl_<version>_all.deb from this checkout with Debian's own
# tooling (dpkg-buildpackage, debhelper, dh-python/pybuild), then check it with lintian.
#
# usage: wsl/packaging/build-deb.sh [OUTPUT_DIR]     (default: dist/ at the repository root)
#
# The source is copied to a temporary directory first: the checkout is never written to.
# Missing tools and build dependencies are installed with apt-get when run as root;
# otherwise the script says what to install. Any lintian error fails the build.
set -eu

wsl=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$wsl/../dist}
# Debian's tools and the system Python, whatever venv or pyenv the caller runs in.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV PYENV_VERSION
export PATH

say() { printf 'build-deb: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

apt() {  # apt WHAT install|build-dep ARGS...: as root; with a fresh index if the first try fails
    what=$1
    shift
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
        || die "$what missing; as root: apt-get $*"
    say "installing $what: apt-get $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -y -q --no-install-recommends "$@" >/dev/null \
        || { apt-get update -q >/dev/null && apt-get -y -q --no-install-recommends "$@" >/dev/null; } \
        || die "could not install $what (apt-get $*)"
}

command -v dpkg-buildpackage >/dev/null && command -v lintian >/dev/null \
    || apt "dpkg-dev and lintian" install dpkg-dev lintian
(cd "$wsl" && dpkg-checkbuilddeps >/dev/null 2>&1) \
    || apt "the build dependencies of debian/control" build-dep "$wsl/"
(cd "$wsl" && dpkg-checkbuilddeps) || die "build dependencies still unmet"

version=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$wsl/pyproject.toml")
package_version=$(dpkg-parsechangelog -l "$wsl/debian/changelog" -S Version)
[ "$version" = "$package_version" ] \
    || die "wsl/pyproject.toml says $version, wsl/debian/changelog $package_version: add a changelog entry (dch -v $version)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/imp-wsl-$version
mkdir "$src"
# What the package is built from: no tests, caches or build leftovers of the checkout.
(cd "$wsl" && tar -c --exclude=__pycache__ --exclude='*.egg-info' --exclude=build \
    pyproject.toml README.md src debian) | tar -x -C "$src"

say "dpkg-buildpackage -us -uc -b in $src"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 \
    || { tail -n 60 "$work/build.log" >&2; die "dpkg-buildpackage failed (log above)"; }

deb=$work/imp-wsl_${version}_all.deb
[ -f "$deb" ] || die "dpkg-buildpackage did not produce $(basename "$deb")"
say "lintian $(basename "$deb")"
lintian --fail-on error --info --display-info "$work/imp-wsl_${version}_"*.changes \
    || die "lintian reported errors"

mkdir -p "$out"
cp "$deb" "$out/"
say "built $(cd "$out" && pwd)/$(basename "$deb")"

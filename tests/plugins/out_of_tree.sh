#!/bin/sh
# out_of_tree.sh — builds a plugin out of tree, as doc/plugins.md tells a user to, and loads it.
#
# Installs rowtap into a temporary DESTDIR, copies plugins/tcpWin's sources under the name
# myWin, compiles them with `cc -shared -fPIC $(pkg-config --cflags rowtap)` against the
# installed headers, and checks that `rowtap --list-options -b basicFlow,myWin -p DIR` lists the
# copy's option. Skips (77) when the rowtap program is not built (the capture reader and the
# decoder are not in this branch yet) or pkg-config is missing.
set -u

: "${top_srcdir:?top_srcdir must be set (make check sets it)}"
: "${top_builddir:?top_builddir must be set (make check sets it)}"

rowtap="$top_builddir/rowtap"
if [ ! -x "$rowtap" ]; then
    echo "SKIP: $rowtap is not built (it links once the capture reader and the decoder are merged)"
    exit 77
fi
if ! command -v pkg-config >/dev/null 2>&1; then
    echo "SKIP: pkg-config is not installed"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rowtap-oot.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

# 1. Install into a temporary root.
make -C "$top_builddir" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; fail "make install DESTDIR=$tmp/root failed"; }

# 2. Find the installed rowtap.pc; let pkg-config prefix its paths with the temporary root.
pc=$(find "$tmp/root" -name rowtap.pc | head -n 1)
[ -n "$pc" ] || fail "make install did not install rowtap.pc"
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR="$tmp/root"
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
cflags=$(pkg-config --cflags rowtap) || fail "pkg-config --cflags rowtap failed"
case "$cflags" in
    *"$tmp/root"*) ;;
    *) fail "pkg-config --cflags rowtap ($cflags) does not point into the installed tree" ;;
esac
incdir=$(echo "$cflags" | sed -n 's/^ *-I\([^ ]*\).*/\1/p')
[ -f "$incdir/rowtap/rowtap.h" ] || fail "rowtap/rowtap.h is not installed in $incdir"

# 3. A copy of tcpWin called myWin (the plugin name must equal the file name).
mkdir -p "$tmp/src" "$tmp/plugins"
sed 's/tcpWin/myWin/g' "$top_srcdir/plugins/tcpWin/tcpWin.c" >"$tmp/src/myWin.c"
sed 's/tcpWin/myWin/g' "$top_srcdir/plugins/tcpWin/tcpWin.h" >"$tmp/src/myWin.h"

# 4. The build line of doc/plugins.md, with warnings as errors.
# shellcheck disable=SC2086 # cflags holds several words
cc -shared -fPIC $cflags -Wall -Werror "$tmp/src/myWin.c" -o "$tmp/plugins/myWin.so" \
    || fail "the out-of-tree build of myWin failed"

# 5. rowtap loads it from -p and lists its option.
"$rowtap" --list-options -b basicFlow,myWin -p "$tmp/plugins" >"$tmp/options.txt" 2>&1 \
    || { cat "$tmp/options.txt"; fail "rowtap refused the plugin"; }
grep -q '^myWin\.threshold ' "$tmp/options.txt" || { cat "$tmp/options.txt"; fail "myWin.threshold is not listed"; }
grep -q '^basicFlow\.pktTrip ' "$tmp/options.txt" || { cat "$tmp/options.txt"; fail "basicFlow.pktTrip is not listed"; }
echo "PASS: myWin built with pkg-config against the installed headers and loaded from -p"
exit 0

# common.sh — shared by the usability tests (sourced): skipping when something is missing, the
# temporary folder, and the flags rowtap accepts.

# require_rowtap — skips the test (exit 77) while rowtap is not built; sets $rowtap.
require_rowtap() {
    rowtap=$top_builddir/rowtap
    if [ ! -x "$rowtap" ]; then
        echo "SKIP: $rowtap is not built"
        exit 77
    fi
}

# require_command COMMAND WHY — skips the test when COMMAND is not installed.
require_command() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "SKIP: $1 not found ($2)"
        exit 77
    fi
}

# make_temp NAME — a temporary folder in $tmp, removed when the test exits.
make_temp() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/rowtap-$1.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
}

# rowtap_flags — the flags rowtap accepts, one per line: the letters the binary does not call
# unknown ("rowtap -c" says "unknown option -c" for the others), then the long options of the
# table in src/cli.c.
rowtap_flags() {
    for c in a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V \
        W X Y Z 0 1 2 3 4 5 6 7 8 9; do
        "$rowtap" "-$c" 2>&1 | grep -q "unknown option -$c" || echo "-$c"
    done
    sed -n 's/^ *{ "\([a-z-]*\)", [a-z_]*argument,.*/--\1/p' "$top_srcdir/src/cli.c"
}

#!/bin/sh
# Renders what `build` makes to PDF and PNG pages, for reading page by page beside the seed
# (issue 9): the bundled sample, a one-unit generated department and the largest generated
# department (5 units, 120 projects, 25 function classes).
#
#   scripts/render.sh [OUT_DIR]        # default: render/
#
# Needs LibreOffice and poppler (Debian: libreoffice-writer-nogui libreoffice-calc-nogui
# fonts-noto-cjk poppler-utils). Pages land in OUT_DIR/<department>/<file>-<page>.png.
set -eu

out=${1:-render}
dpi=${DPI:-70}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || {
        echo "render.sh: $tool is missing (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils)" >&2
        exit 2
    }
done

cargo build --release --quiet --bin yusuan --example departments
target=${CARGO_TARGET_DIR:-target}
yusuan=$target/release/yusuan
departments=$target/release/examples/departments

rm -rf "$out"
mkdir -p "$out/inputs"
out=$(cd "$out" && pwd)
lo_profile=$out/.lo-profile

# name, input, profile ('-': none, a draft whose gaps read 【待填写：…】). The generated
# departments come with a complete profile, so their documents are final ones.
"$departments" write 7 official-yuan "$out/inputs/one-unit.xlsx" one-unit
"$departments" write 11 official-yuan "$out/inputs/large.xlsx" large
set -- \
    sample samples/hongqi-2024/budget-corrected.xlsx samples/hongqi-2024/profile.toml \
    one-unit "$out/inputs/one-unit.xlsx" "$out/inputs/one-unit.toml" \
    large "$out/inputs/large.xlsx" "$out/inputs/large.toml" \
    draft "$out/inputs/one-unit.xlsx" -

while [ $# -ge 3 ]; do
    name=$1 input=$2 profile=$3
    shift 3
    dir="$out/$name"
    if [ "$profile" = - ]; then
        # A draft exits 1 (it is not publishable) but is written.
        "$yusuan" build "$input" --draft --out "$dir" >/dev/null 2>&1 || [ $? -eq 1 ]
    else
        "$yusuan" build "$input" --profile "$profile" --out "$dir" >/dev/null 2>&1
    fi
    for file in "$dir"/*.xlsx "$dir"/*.docx; do
        # One LibreOffice profile per output directory, so that neither a desktop LibreOffice
        # left open nor another render running at the same time blocks it.
        soffice -env:UserInstallation="file://$lo_profile" --headless \
            --convert-to pdf --outdir "$dir" "$file" >/dev/null 2>&1
        pdf="${file%.*}.pdf"
        case "$file" in
            *.xlsx) stem=workbook ;;
            *) stem=document ;;
        esac
        pdftoppm -r "$dpi" -png "$pdf" "$dir/$stem"
        echo "$name/$stem: $(ls "$dir/$stem"-*.png | wc -l) pages"
    done
done

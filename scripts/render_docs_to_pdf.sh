#!/usr/bin/env bash
# Render a run's briefing.docx and slides.pptx to PDF (LibreOffice headless) and to PNG pages
# (pdftoppm), to look at the documents as a reader would. Not used in CI.
#
# Usage: scripts/render_docs_to_pdf.sh RUN_DIR [OUT_DIR] [DPI]
#   RUN_DIR  a run folder holding briefing.docx and/or slides.pptx
#   OUT_DIR  where PDFs and PNGs go (default: RUN_DIR/rendered)
#   DPI      PNG resolution (default: 80)
#
# Needs: soffice (libreoffice-writer, libreoffice-impress), pdftoppm (poppler-utils) and a CJK
# font (fonts-noto-cjk) so LibreOffice can substitute for 宋体/黑体/微软雅黑.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
    echo "usage: $0 RUN_DIR [OUT_DIR] [DPI]" >&2
    exit 2
fi
run_dir=$1
out_dir=${2:-$run_dir/rendered}
dpi=${3:-80}

for tool in soffice pdftoppm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool not found (apt-get install libreoffice-writer libreoffice-impress poppler-utils fonts-noto-cjk)" >&2
        exit 1
    fi
done
mkdir -p "$out_dir"

# A private LibreOffice profile: works next to a running LibreOffice and leaves ~/.config alone.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

found=0
for doc in briefing.docx slides.pptx; do
    src=$run_dir/$doc
    [[ -f $src ]] || continue
    found=1
    soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf \
        --outdir "$out_dir" "$src" >/dev/null
    pdf=$out_dir/${doc%.*}.pdf
    pdftoppm -r "$dpi" -png "$pdf" "$out_dir/${doc%.*}"
    echo "$pdf: $(ls "$out_dir/${doc%.*}"-*.png | wc -l) page(s)"
done
if [[ $found -eq 0 ]]; then
    echo "error: no briefing.docx or slides.pptx in $run_dir" >&2
    exit 1
fi

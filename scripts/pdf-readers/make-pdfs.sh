#!/usr/bin/env bash
# Makes the PDFs the comparison reads (and the PDF import is tested on)
# from the import fixtures, through LibreOffice: a Word paper, three table
# papers, a paper with its questions in bold, two text papers, a
# two-column paper with a running header and "Page X of Y", a 50-page
# paper, and a "scan" with no text layer; then, written directly, small
# PDFs drawn the odd ways other programs draw them (make-odd-pdfs.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../../tests/fixtures"
out="$fixtures/pdf"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cp "$fixtures/import/bolsover.docx" "$fixtures/import/question-table.docx" "$fixtures/import/bold-questions.docx" \
   "$fixtures/import/answer-table.docx" "$fixtures/import/table-labels.docx" \
   "$fixtures/import/label-variants.txt" "$fixtures/import/minutes.txt" "$work/"
python3 "$here/make-pdfs.py" "$fixtures" "$work"
cd "$work"
for f in bolsover.docx question-table.docx answer-table.docx table-labels.docx bold-questions.docx label-variants.txt minutes.txt two-columns.docx long-paper.txt; do
  soffice --headless --convert-to pdf "$f" >/dev/null
done
cp ./*.pdf "$out/"
mkdir -p "$out/odd"
python3 "$here/make-odd-pdfs.py" "$out/odd"

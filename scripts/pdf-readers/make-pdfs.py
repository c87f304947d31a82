#!/usr/bin/env python3
"""Writes, into the folder given second, a two-column Word paper with a
running header and "Page X of Y" (from label-variants.txt), a long text
paper (the Bolsover paper sixteen times over), and scan.pdf: a page with
an image and no text layer."""
import html, sys, zipfile, zlib

fixtures, work = sys.argv[1], sys.argv[2]
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
lines = open(f'{fixtures}/import/label-variants.txt', encoding='utf-8').read().split('\n')
# More questions, so that the text fills both columns of two pages.
topics = ['street lighting', 'the youth bus', 'fly-tipping', 'shop theft', 'hate crime',
          'road safety', 'domestic abuse', 'county lines', 'the night-time economy', 'CCTV']
for n, topic in enumerate(topics, start=6):
    lines += ['', f'{n}. What progress has been made on {topic} since the last review?',
              f'Greendale Borough Council Response: Work on {topic} continued through the year, with a '
              'report to the partnership board each quarter and a named officer leading it; the '
              'figures for the year are set out in the annual strategic assessment.']
paras = []
for l in lines:
    if l.strip():
        bold = l.split('.')[0].isdigit()
        rpr = '<w:rPr><w:b/></w:rPr>' if bold else ''
        paras.append(f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{html.escape(l)}</w:t></w:r></w:p>')
body = ''.join(paras)
def fld(code):
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
header = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W}><w:p><w:r><w:t>Greendale CSP – Key Lines of Enquiry 2024</w:t></w:r></w:p></w:hdr>'
footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {W}><w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
          f'{fld("PAGE")}<w:r><w:t xml:space="preserve"> of </w:t></w:r>{fld("NUMPAGES")}</w:p></w:ftr>')
sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/>'
        '<w:cols w:num="2" w:space="567"/></w:sectPr>')
doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}{sect}</w:body></w:document>'
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
        '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>')
types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
         '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
prels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile(f'{work}/two-columns.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    for n, t in [('[Content_Types].xml', types), ('_rels/.rels', prels), ('word/_rels/document.xml.rels', rels),
                 ('word/document.xml', doc), ('word/header1.xml', header), ('word/footer1.xml', footer)]:
        z.writestr(n, t)

# The Bolsover paper's questions and answers sixteen times over, numbered on
# (its title page once), about 50 pages.
import re
t = open(f'{fixtures}/bolsover-csp-kloe-2019.txt', encoding='utf-8').read()
head, rest = t.split('\nFunding\n', 1)
copies = []
for k in range(16):
    copies.append(re.sub(r'(?m)^(\d+)\. ', lambda m: f'{int(m.group(1)) + 16 * k}. ', 'Funding\n' + rest))
open(f'{work}/long-paper.txt', 'w', encoding='utf-8').write(head + '\n' + '\n'.join(copies))

# A "scanned" page: an image, no text.
w, h = 200, 100
raw = b''.join(b'\x00' + bytes([255 if (x // 10 + y // 10) % 2 else 0 for x in range(w)]) for y in range(h))
img = zlib.compress(raw)
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns %d >> /Length %d >>\nstream\n" % (w, h, w, len(img)) + img + b"\nendstream"]
content = b"q 500 0 0 250 50 500 cm /Im1 Do Q"
objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
out, offs = b"%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(f'{work}/scan.pdf', 'wb').write(out)

#!/usr/bin/env python3
"""Writes, into the folder given, small PDFs drawn the ways other programs
draw them, which the import must read as it reads a plain paper: a page
drawn turned a quarter (landscape), a border round the page, squared paper
behind the text, a question table running over two pages (with and without
its heading row repeated), a table in a page's right column, text
shown by an operator the reader does not follow (to be named in a doubt),
and a form that draws itself (to be refused, not followed for ever)."""
import sys, zlib

out = sys.argv[1]
HELV = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
HELVB = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"


class PDF:
    def __init__(self):
        self.objs = []

    def add(self, body):
        self.objs.append(body.encode('latin-1') if isinstance(body, str) else body)
        return len(self.objs)

    def reserve(self):
        return self.add(b"")

    def set(self, n, body):
        self.objs[n - 1] = body.encode('latin-1') if isinstance(body, str) else body

    def stream(self, data):
        data = zlib.compress(data.encode('latin-1'))
        return self.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")

    def write(self, name, root):
        pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, o in enumerate(self.objs):
            offsets.append(len(pdf))
            pdf += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
        xref = len(pdf)
        pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objs) + 1)
        for o in offsets:
            pdf += b"%010d 00000 n \n" % o
        pdf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objs) + 1, root, xref)
        open(f"{out}/{name}", 'wb').write(pdf)


def paper(name, pages, page_extra=""):
    p = PDF()
    fonts = "<< /F1 %d 0 R /F2 %d 0 R >>" % (p.add(HELV), p.add(HELVB))
    res = p.add("<< /Font %s >>" % fonts)
    parent = p.reserve()
    kids = [p.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %d 0 R /Contents %d 0 R %s >>"
                  % (parent, res, p.stream(c), page_extra)) for c in pages]
    p.set(parent, "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids)))
    p.write(name, p.add("<< /Type /Catalog /Pages %d 0 R >>" % parent))


def esc(s):
    return s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')


def text(x, y, s, font="F1", size=11):
    return "BT /%s %g Tf %g %g Td (%s) Tj ET\n" % (font, size, x, y, esc(s))


def table(x0, top, widths, heights, cells):
    """A ruled table, its borders filled as Word draws them; `top` is the
    PDF's y (up the page)."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    c = ["%g %g %g 0.5 re f\n" % (xs[0], y - 0.25, xs[-1] - xs[0]) for y in ys]
    c += ["%g %g 0.5 %g re f\n" % (x - 0.25, ys[-1], ys[0] - ys[-1]) for x in xs]
    for r, row in enumerate(cells):
        for k, cell in enumerate(row):
            c.append(text(xs[k] + 4, ys[r] - 13, cell, size=10))
    return "".join(c)


# The paper every one of them prints.
LINES = [("Westshire Community Safety Partnership", "F2", 14),
         ("Questions with responses from Westshire Police.", "F1", 11),
         ("Domestic abuse", "F2", 12),
         ("1. How many places does the refuge have?", "F2", 11),
         ("Fourteen, after eight were added in 2024.", "F1", 11),
         ("2. Is the helpline open at weekends?", "F2", 11),
         ("Yes, from 9am to 5pm.", "F1", 11)]


def plain(x=72, top=780):
    return "".join(text(x, top - 25 * i, s, f, size) for i, (s, f, size) in enumerate(LINES))


paper("plain-paper.pdf", [plain()])
# Landscape: the page drawn through a quarter turn, and shown turned.
paper("turned-page.pdf", ["0 1 -1 0 595 0 cm\n" + plain(72, 540)], "/Rotate 90")
# A border round the page: one box, not a table.
paper("page-border.pdf", ["0.75 w 40 40 515 762 re S\n" + plain()])
# Squared paper (5 mm) behind the text.
step, grid = 72 / 25.4 * 5, "0.8 G 0.2 w\n"
x = 30.0
while x < 570:
    grid += "%.2f 30 m %.2f 812 l S\n" % (x, x)
    x += step
y = 30.0
while y < 812:
    grid += "30 %.2f m 565 %.2f l S\n" % (y, y)
    y += step
paper("squared-paper.pdf", [grid + "0 G\n" + plain()])
# A question table over two pages, its heading row repeated or not.
heading = ["No.", "Question", "Answer"]
rows = [["%d." % i, "Question number %d about the refuge?" % i, "Answer %d from the police." % i] for i in range(1, 6)]
first = text(72, 780, "Westshire Community Safety Partnership", "F2", 14) + \
    text(72, 750, "Questions with responses from Westshire Police.")
for name, again in [("table-over-pages.pdf", []), ("table-over-pages-heading-repeated.pdf", [heading])]:
    paper(name, [first + table(72, 300, [40, 220, 190], [20] + [30] * 3, [heading] + rows[:3]),
                 table(72, 800, [40, 220, 190], [20] * len(again) + [30] * 2, again + rows[3:])])
# Two columns: a table in the right column belongs to the question above it
# there, not to the one beside it on the left.
c = text(72, 790, "Westshire Community Safety Partnership", "F2", 14) + \
    text(72, 770, "Questions with responses from Westshire Police.")
y = 740
for s, f in [("1. How many places does the refuge have?", "F2"), ("Fourteen, after eight were added.", "F1"), ("", ""),
             ("2. Is the helpline open at weekends?", "F2"), ("Yes, from 9am to 5pm on both days.", "F1"), ("", ""),
             ("3. How are victims supported?", "F2"), ("A caseworker calls within two days.", "F1")]:
    if s:
        c += text(50, y, s, f, 10)
    y -= 14 if s else 20
c += text(310, 740, "4. How many calls came in 2024?", "F2", 10) + text(310, 726, "The calls by quarter were:", "F1", 10)
c += table(310, 705, [80, 80], [18, 18, 18], [["Quarter", "Calls"], ["Q1", "410"], ["Q2", "388"]])
c += text(310, 640, "5. Is the service funded next year?", "F2", 10) + text(310, 626, "Yes, through March 2026.", "F1", 10)
paper("table-in-right-column.pdf", [c])
# A form that draws itself.
p = PDF()
font = p.add(HELV)
form = p.reserve()
body = b"BT /F1 11 Tf 72 700 Td (Inside the form) Tj ET /X1 Do"
p.set(form, b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> "
      b"/XObject << /X1 %d 0 R >> >> /Length %d >>\nstream\n" % (font, form, len(body)) + body + b"\nendstream")
res = p.add("<< /Font << /F1 %d 0 R >> /XObject << /X1 %d 0 R >> >>" % (font, form))
content = p.stream(text(72, 750, "1. Is the page text read?") + "/X1 Do\n")
parent = p.reserve()
page = p.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %d 0 R /Contents %d 0 R >>" % (parent, res, content))
p.set(parent, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
p.write("self-drawing-form.pdf", p.add("<< /Type /Catalog /Pages %d 0 R >>" % parent))
# An answer shown with the operator that moves to the next line first
# ("'"), which the reader does not follow: the import must say so.
quoted = plain().replace("(Yes, from 9am to 5pm.) Tj", "(Yes, from 9am to 5pm.) '")
paper("next-line-operator.pdf", [quoted])

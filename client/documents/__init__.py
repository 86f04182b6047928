"""Official documents rendered as PDF with reportlab (docs/architecture.md, Documents).

`fonts` registers embeddable CJK fonts and fixes CJK line breaking, `barcodes` draws Code128
and QR symbols as vectors, and each document type has its own module (`slip` for the 80 mm
受理回执). Nothing here imports Qt: printing the PDF is the UI's job.
"""

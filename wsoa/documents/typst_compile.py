"""Run as a script by `pdf.render_pdf`, never imported: lays out one PDF in a process of its own and exits.

Why a process of its own: Typst keeps what it computed for the last ten or so documents in memory (to speed up
recompiling the same document), several hundred megabytes after a few statements; in a web worker that memory
would stay for the worker's life. A process that exits gives it all back. It also keeps Typst's worker threads
out of any process that forks.

    python typst_compile.py TEMPLATE ROOT < document.json > document.pdf

The document's JSON comes on standard input, the PDF goes to standard output; a document Typst refuses exits
with status 2 and Typst's message on standard error.
"""

import sys

import typst


def main() -> int:
    template, root = sys.argv[1:3]
    document = sys.stdin.buffer.read().decode("utf-8")
    try:
        pdf = typst.compile(template, root=root, sys_inputs={"document": document}, pdf_standards=["ua-1"])
    except typst.TypstError as error:
        sys.stderr.write(str(error))
        return 2
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())

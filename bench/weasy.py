# Renders HTML files to PDF with WeasyPrint, in one Python process, and prints one line of JSON:
# the WeasyPrint version, the time to import it and the time for each file, in milliseconds.
#
#   python3 bench/weasy.py OUTDIR FILE.html...
import json
import logging
import os
import sys
import time

started = time.perf_counter()
import weasyprint  # noqa: E402

imported = time.perf_counter()
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

outdir = sys.argv[1]
times = []
pages = []
for name in sys.argv[2:]:
    begin = time.perf_counter()
    document = weasyprint.HTML(filename=name).render()
    document.write_pdf(os.path.join(outdir, os.path.basename(name) + ".pdf"))
    times.append((time.perf_counter() - begin) * 1000)
    pages.append(len(document.pages))

print(
    json.dumps(
        {
            "version": weasyprint.__version__,
            "importMs": (imported - started) * 1000,
            "times": times,
            "pages": pages,
        }
    )
)

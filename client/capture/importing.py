"""Importing many files at once: the checks run on a few threads, pages come back in order.

Nearly all of an import's time goes into decoding each image completely (the only way to know
it is whole), and Pillow releases the GIL while it decodes, so a few threads help even though
the rest is Python.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from client.capture.pages import CaptureWorkspace, Page
from client.capture.safety import Limits, Rejected, import_file


@dataclass(frozen=True)
class Imported:
    """One file's outcome in `import_files`: its pages, or why it was refused."""

    path: Path
    pages: tuple[Page, ...] = ()
    refused: Rejected | None = None


def import_files(
    paths: Sequence[Path], workspace: CaptureWorkspace, limits: Limits, workers: int = 0
) -> Generator[Imported, None, None]:
    """`import_file` for many files, checked on a few threads at once (decoding, where nearly
    all the time goes, releases the GIL), delivered in the order given.

    Stop iterating (or close the iterator) to cancel: files not yet started are skipped;
    pages of files already being checked stay in the workspace unused until it is discarded.
    """
    count = workers or min(4, os.cpu_count() or 1)

    def one(path: Path) -> Imported:
        try:
            return Imported(path, import_file(path, workspace, limits))
        except Rejected as exc:
            return Imported(path, refused=exc)

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="capture-import") as pool:
        pending: deque[Future[Imported]] = deque()
        queue = iter(paths)
        try:
            for path in itertools.islice(queue, count * 2):
                pending.append(pool.submit(one, path))
            while pending:
                done = pending.popleft().result()
                for path in itertools.islice(queue, 1):
                    pending.append(pool.submit(one, path))
                yield done
        finally:
            for future in pending:
                future.cancel()

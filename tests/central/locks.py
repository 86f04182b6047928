"""One PATCH at a time per upload, and never a lock held by a request that is gone.

Why a plain "first one wins" lock is not enough: the lock lives as long as the handler that
took it, and the handler lives until uvicorn tells it the client went away. uvicorn learns
that only from the socket (a FIN or an RST that reaches this host); it has no timeout for a
request body in progress (`timeout_keep_alive` covers the idle time between requests only).
A PATCH whose link died without the reset ever reaching the server (a NAT or Wi-Fi drop, a
half-open connection) therefore waits in `receive()` for ever, and even a reset that does
arrive is handled some moments later, while the client (who knows its request is dead) is
already back with the next PATCH. With "first one wins" that next PATCH, and every one after
it, got 409 upload-locked.

So, as tusd does (docs "Upload locks": a new request asks the holder to release): a PATCH that
finds the upload locked asks the holder to stop reading and waits a bounded time for it to
let go. The holder stops at once while it is still receiving the body (its part file is
dropped, so the offset is unchanged); a holder already committing a complete body finishes
first. Independently, the holder gives up a body on which nothing arrived for
`body_idle_seconds`, so a dead request never keeps its lock even when nobody asks for it.

Everything here runs on the server's event loop; the thread lock guards the table only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import anyio


@dataclass
class UploadLease:
    upload_id: str
    receiving: anyio.CancelScope = field(default_factory=anyio.CancelScope)
    released: anyio.Event = field(default_factory=anyio.Event)
    superseded: bool = False


class UploadLocks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._leases: dict[str, UploadLease] = {}

    def held(self) -> frozenset[str]:
        """Uploads with a PATCH in progress now (for tests)."""
        with self._lock:
            return frozenset(self._leases)

    async def acquire(self, upload_id: str, takeover_seconds: float) -> UploadLease | None:
        """The lease of `upload_id`, taken over from a holder that lets go within
        `takeover_seconds`; None when the holder is still busy after that."""
        with anyio.move_on_after(takeover_seconds):
            while True:
                with self._lock:
                    holder = self._leases.get(upload_id)
                    if holder is None:
                        lease = UploadLease(upload_id)
                        self._leases[upload_id] = lease
                        return lease
                holder.superseded = True
                holder.receiving.cancel()  # no effect once it is committing a whole body
                await holder.released.wait()
        return None

    def release(self, lease: UploadLease) -> None:
        with self._lock:
            if self._leases.get(lease.upload_id) is lease:
                del self._leases[lease.upload_id]
        lease.released.set()

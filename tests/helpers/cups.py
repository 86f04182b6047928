"""A private CUPS spooler for printing tests: its own cupsd on a Unix socket in a temporary
directory, with one cups-pdf queue whose output lands in that directory too.

Needs Debian's cups and cups-pdf (tests/run_all.sh installs them when root) and root itself:
cupsd runs the cups-pdf backend as root, and cups-pdf reads its per-queue configuration only
from /etc/cups (cups-pdf-QUEUE.conf, written here and removed again on stop).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


class CupsUnavailable(RuntimeError):
    """Why a private spooler cannot run here (the message says exactly what is missing)."""


def why_unavailable() -> str:
    if shutil.which("cupsd") is None or shutil.which("lpadmin") is None:
        return "cupsd/lpadmin not installed (apt-get install cups)"
    if not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        return "cups-pdf not installed (apt-get install cups-pdf)"
    if os.geteuid() != 0:
        return "cupsd runs the cups-pdf backend as root only: the test needs root"
    if shutil.which("gs") is None:
        return "ghostscript missing (cups-pdf needs it)"
    return ""


@dataclass
class PrivateCups:
    root: Path
    process: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)
    queues: list[str] = field(default_factory=list)

    @property
    def socket(self) -> Path:
        return self.root / "cups.sock"

    def output(self, queue: str) -> Path:
        return self.root / "pdf-out" / queue

    @staticmethod
    def queue_conf(queue: str) -> Path:
        return Path("/etc/cups") / f"cups-pdf-{queue}.conf"

    def start(self) -> None:
        problem = why_unavailable()
        if problem:
            raise CupsUnavailable(problem)
        for sub in ("etc/ppd", "spool/tmp", "cache", "state/certs", "log", "pdf-out"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        for sub in ("spool", "spool/tmp", "pdf-out"):
            (self.root / sub).chmod(0o1777)
        self.root.chmod(0o755)
        etc = self.root / "etc"
        (etc / "cupsd.conf").write_text(
            f"Listen {self.socket}\n"
            "LogLevel info\nBrowsing No\nDefaultAuthType None\nWebInterface No\n"
            "<Location />\nOrder allow,deny\nAllow all\n</Location>\n"
            "<Policy default>\n<Limit All>\nOrder deny,allow\n</Limit>\n</Policy>\n",
            encoding="utf-8",
        )
        (etc / "cups-files.conf").write_text(
            f"ServerRoot {etc}\nRequestRoot {self.root / 'spool'}\n"
            f"TempDir {self.root / 'spool/tmp'}\nCacheDir {self.root / 'cache'}\n"
            f"StateDir {self.root / 'state'}\nAccessLog {self.root / 'log/access_log'}\n"
            f"ErrorLog {self.root / 'log/error_log'}\nPageLog {self.root / 'log/page_log'}\n"
            "ServerBin /usr/lib/cups\nDataDir /usr/share/cups\nUser lp\nGroup lp\n"
            f"SystemGroup root\nFileDevice No\nPrintcap {self.root / 'printcap'}\n",
            encoding="utf-8",
        )
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        self.process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(etc / "cupsd.conf"), "-s", str(etc / "cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # it logs to log/error_log
        )
        deadline = time.monotonic() + 15
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise CupsUnavailable("cupsd did not start: " + self.error_log())
            time.sleep(0.05)

    def add_queue(self, queue: str) -> None:
        """A cups-pdf queue writing its PDFs into output(queue)."""
        out = self.output(queue)
        out.mkdir(parents=True, exist_ok=True)
        out.chmod(0o1777)
        self.queues.append(queue)
        self.queue_conf(queue).write_text(
            f"Out {out}\nLabel 0\nGrp root\nAnonDirName {out}\n"
            f"UserUMask 0000\nLog {self.root / 'log'}\nLogType 3\n",
            encoding="utf-8",
        )
        self.run("lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-P", str(CUPS_PDF_PPD))

    def run(self, *command: str) -> str:
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise CupsUnavailable(f"{' '.join(command)} failed: {done.stderr.strip()}")
        return done.stdout

    def wait_for_pdfs(self, queue: str, count: int, timeout: float = 25.0) -> list[Path]:
        """The PDFs cups-pdf has finished writing for `queue`, once there are `count`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pdfs = sorted(self.output(queue).rglob("*.pdf"))
            if len(pdfs) >= count and not self.run("lpstat", "-o", queue).strip():
                return pdfs
            time.sleep(0.2)
        found = len(list(self.output(queue).rglob("*.pdf")))
        raise AssertionError(f"cups-pdf wrote {found} of {count} PDFs; " + self.error_log())

    def error_log(self) -> str:
        log = self.root / "log" / "error_log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for queue in self.queues:
            self.queue_conf(queue).unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)

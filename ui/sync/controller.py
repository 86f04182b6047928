"""The window's sync engine seen from Qt: started, woken, asked to retry, stopped, and its
status turned into a signal on the UI thread.

The engine (offline/sync/engine.py) runs on threads of its own and reports a `SyncSnapshot`
(status and health, read together in offline/sync/status.py) through a plain callback called
on those threads. Here that callback hands it to Qt through an emitter object the callback
keeps alive itself, so a report arriving while the window is being torn down never reaches a
deleted object. The controller is the one holder of the latest snapshot (`latest`): the
status bar, the health banner and the queue screen read it from here.

Everything that writes to the database (starting the engine resets rows an older run left in
flight; 重试此办件; 立即同步) runs as a BackgroundOp; the methods take the widget that asked,
so a failure is shown where the clerk clicked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QWidget

from offline.accounts.connect import engine_for
from offline.storage.store import Store
from offline.sync.engine import SyncEngine
from offline.sync.status import LinkState, StatusListener, SyncSnapshot, read_snapshot
from ui.background import BackgroundOp

EngineFactory = Callable[[Store, StatusListener], SyncEngine]


def default_engine(store: Store, on_status: StatusListener) -> SyncEngine:
    """The engine for the profile's central and login, as the app runs it."""
    return engine_for(store, on_status)


def link_text(snapshot: SyncSnapshot | None) -> str:
    """The link state in words, for the status bar and the queue screen."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("SyncController", text)

    if snapshot is None:
        return tr("正在读取同步状态…")
    if snapshot.training:
        return tr("培训模式不同步")
    if not snapshot.running:
        return tr("未启动同步")
    return {
        LinkState.UNKNOWN: tr("正在连接…"),
        LinkState.ONLINE: tr("在线"),
        LinkState.SYNCING: tr("同步中"),
        LinkState.OFFLINE: tr("离线"),
        LinkState.LOGGED_OUT: tr("需要重新登录"),
    }[snapshot.status.link]


def megabytes(size: int) -> str:
    """Bytes as MB for the clerk: never rounds a few kilobytes up or down to a lie."""
    mb = size / (1024 * 1024)
    if size == 0:
        return "0"
    if mb < 0.1:
        return "<0.1"
    return f"{mb:.0f}" if mb >= 10 else f"{mb:.1f}"


def take_snapshot(store: Store, engine: SyncEngine | None) -> SyncSnapshot:
    """Reads the store: a few aggregate queries over the pending rows only (their partial
    indexes). Always on a pool thread: the reader connection is shared with the engine."""
    return engine.snapshot() if engine is not None else read_snapshot(store, running=False)


class _Emitter(QObject):
    """Owned by the engine's callback, not by the controller (see the module docstring).
    Reports carry the generation of the engine that sent them."""

    snapshot = Signal(int, object)


class SyncController(QObject):
    """Owns at most one SyncEngine: none in training mode.

    Signals:
        snapshot_changed(object): a SyncSnapshot, always on the UI thread; emitted when the
            engine reports (link changes, operations sent or parked, upload progress at most
            every 0.1 s) and after `refresh`.
    """

    snapshot_changed = Signal(object)

    def __init__(
        self,
        store: Store,
        make_engine: EngineFactory = default_engine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.make_engine = make_engine
        self.engine: SyncEngine | None = None
        self.latest: SyncSnapshot | None = None
        self._lock = threading.Lock()  # engine start/stop from the pool vs the UI thread
        # Bumped at every start and stop: a report from an engine that was replaced or
        # stopped (it may still be finishing a slow request) is not shown.
        self._generation = 0
        self._emitter = _Emitter()
        self._emitter.snapshot.connect(self.on_engine_snapshot, Qt.ConnectionType.QueuedConnection)
        self._refreshing = False
        self._again = False
        self._network: QNetworkInformation | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self, parent: QWidget) -> None:
        """Start syncing (again, after a login: a new engine for the new central and token).

        Nothing runs in training mode. The old engine, if any, stops first, on a pool thread.
        """
        if self.store.training:
            self.refresh(parent)
            return
        with self._lock:
            self._generation += 1
            new = self.make_engine(self.store, self._listener(self._generation))
            old, self.engine = self.engine, new

        def failed(exc: BaseException) -> None:
            """The engine did not start (the database busy, say): not left as if running."""
            with self._lock:
                if self.engine is new:
                    self.engine = None
                    self._generation += 1
            self.refresh(parent)

        BackgroundOp(parent, lambda _ctx: self._switch(old, new), lambda _none: None).on_failure(
            failed
        ).run()
        self._watch_network()

    def _switch(self, old: SyncEngine | None, new: SyncEngine) -> None:
        if old is not None:
            # Until its last request ends (up to two read timeouts on a stalled link): two
            # engines must never send at once. This runs on a pool thread.
            old.stop(timeout=None)
        with self._lock:
            if new.stopping:  # stop() came first: never start a thread after it
                return
            new.start()
        new.report(force=True)  # the counts at once, before the first probe answers

    def stop(self) -> None:
        """Stop the engine and wait for its thread: it ends between operations (an upload
        between chunks), so this returns when the request in flight ends. Safe to call twice.
        The store may be closed once this returns."""
        with self._lock:
            engine, self.engine = self.engine, None
            self._generation += 1
        if engine is not None:
            engine.stop(timeout=None)

    @property
    def running(self) -> bool:
        return self.engine is not None

    # --- the clerk's and the window's requests -------------------------------------------

    def wake(self) -> None:
        """New work was queued (an intake was saved): send it now. Never blocks."""
        if self.engine is not None:
            self.engine.wake()

    def sync_now(self, parent: QWidget) -> BackgroundOp[None] | None:
        """立即同步: waiting retries fall due and the link is probed at once."""
        engine = self.engine
        if engine is None:
            return None
        op: BackgroundOp[None] = BackgroundOp(
            parent, lambda _ctx: engine.sync_now(), lambda _none: None
        )
        op.run()
        return op

    def retry_case(self, case_id: str, parent: QWidget) -> BackgroundOp[int] | None:
        """重试此办件: a parked case goes back to the queue and the engine wakes."""
        engine = self.engine
        if engine is None:
            return None
        op: BackgroundOp[int] = BackgroundOp(
            parent, lambda _ctx: engine.retry_case(case_id), lambda _count: None
        )
        op.run()
        return op

    def refresh(self, parent: QWidget) -> None:
        """Take a snapshot off the UI thread (the hours since the last sync grow even when
        the engine has nothing to say; an intake was just saved). One at a time: asked for
        while one runs, another runs after it, so the latest write is always counted."""
        if self._refreshing:
            self._again = True
            return
        self._refreshing, self._again = True, False
        store, engine = self.store, self.engine

        def settle() -> None:
            self._refreshing = False
            if self._again:
                self.refresh(parent)

        def done(snapshot: SyncSnapshot) -> None:
            self.on_emitter_snapshot(snapshot)
            settle()

        def failed(_exc: BaseException) -> None:
            settle()  # a failed read is retried by the next refresh

        BackgroundOp(parent, lambda _ctx: take_snapshot(store, engine), done).on_failure(
            failed
        ).run()

    def on_engine_snapshot(self, generation: int, snapshot: SyncSnapshot) -> None:
        if generation == self._generation:
            self.on_emitter_snapshot(snapshot)

    def on_emitter_snapshot(self, snapshot: SyncSnapshot) -> None:
        if self.latest is not None and snapshot.taken_at < self.latest.taken_at:
            return  # a report overtaken by a newer one on its way to the UI thread
        self.latest = snapshot
        self.snapshot_changed.emit(snapshot)

    def _listener(self, generation: int) -> StatusListener:
        """The engine's callback: runs on the engine's threads, touches no widget."""
        emitter = self._emitter

        def on_status(snapshot: SyncSnapshot) -> None:
            emitter.snapshot.emit(generation, snapshot)

        return on_status

    # --- the operating system's view of the network --------------------------------------

    def _watch_network(self) -> None:
        """Wake the engine when the OS says the network is back, if Qt has a backend for
        that here (NetworkManager, glib, Windows' NLM); without one the engine's own probes
        notice the link coming back."""
        if self._network is not None:
            return
        feature = QNetworkInformation.Feature.Reachability
        if not QNetworkInformation.loadBackendByFeatures(feature):
            return
        info = QNetworkInformation.instance()
        if info is None:
            return
        self._network = info
        info.reachabilityChanged.connect(self.on_reachability_changed)

    def on_reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        # Site or Local counts too: a township's central is often on the government
        # intranet (电子政务外网), which the OS does not call "Online".
        if reachability not in (
            QNetworkInformation.Reachability.Disconnected,
            QNetworkInformation.Reachability.Unknown,
        ):
            self.wake()

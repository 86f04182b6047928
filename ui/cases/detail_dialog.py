"""The case detail: who, what was handed in (each PDF opens), what was printed (reprint), the
timeline 申请—受理—初审—复审—决定—办结 with handler, opinion and time, and the window's delivery
state beside the central's, so nobody takes a queued case for a delivered one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.documents.data import DocumentKind
from client.generated_ids import mask_id_number
from offline.cases.detail import CaseDetail, Delivery, MaterialFile, case_detail, material_file
from offline.cases.handover import Handover, handover_of
from offline.cases.immediate import DecideOffer, decide_offer
from offline.cases.labels import delivery_label, light_label, stage_label
from offline.cases.rating import Rating, case_rating
from offline.documents.service import current_operator, kind_label
from offline.intake.transaction import IntakeService
from ui.background import BackgroundOp, failure_text
from ui.cases.handover_action import HandoverAction
from ui.cases.search_screen import LIGHT_COLOURS
from ui.cases.void_action import VoidAction, print_rows

USER_ROLE = 256
DELIVERY_COLOURS = {
    Delivery.DELIVERED: "#1e8449",
    Delivery.PENDING: "#b9770e",
    Delivery.ATTENTION: "#c0392b",
    Delivery.TRAINING: "#7f8c8d",
}


class CaseDetailDialog(QDialog):
    """Loads the case off the UI thread when shown; `reload()` reads it again.

    Signals:
    loaded(): the detail (or the reason it could not be read) is on screen.
    """

    loaded = Signal()

    def __init__(
        self,
        service: IntakeService,
        case_number: str,
        write_pool: QThreadPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.store = service.store
        self.case_number = case_number
        self.write_pool = write_pool
        self.detail: CaseDetail | None = None
        self.previews: list[QDialog] = []
        self.files: list[MaterialFile] = []
        self.setWindowTitle(self.tr("办件详情 {n}").format(n=case_number))
        self.header = QLabel(self.tr("正在读取办件…"))
        self.header.setObjectName("detail_header")
        self.header.setWordWrap(True)
        self.delivery = QLabel()
        self.delivery.setObjectName("delivery_state")
        self.central = QLabel()
        self.central.setObjectName("central_state")
        self.central.setWordWrap(True)
        self.parties = QLabel()
        self.parties.setObjectName("detail_parties")
        self.parties.setWordWrap(True)
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setHeaderLabels(
            [self.tr("环节"), self.tr("经办人"), self.tr("意见"), self.tr("时间"), self.tr("来源")]
        )
        self.timeline.setRootIsDecorated(False)
        self.materials = QTreeWidget()
        self.materials.setObjectName("detail_materials")
        self.materials.setHeaderLabels([self.tr("材料"), self.tr("文件"), self.tr("大小")])
        self.materials.itemActivated.connect(self.on_material_activated)
        self.prints = QTreeWidget()
        self.prints.setObjectName("detail_prints")
        self.prints.setHeaderLabels(
            [self.tr("文书"), self.tr("方式"), self.tr("经办人"), self.tr("时间"), self.tr("状态")]
        )
        self.prints.setRootIsDecorated(False)
        self.void_action = VoidAction(
            self, self.store, lambda: service.documents, self.prints, write_pool, self.reload
        )
        self.rate_button = QPushButton(self.tr("服务评价…"))
        self.rate_button.setObjectName("rate_case")
        self.rate_button.setAutoDefault(False)
        self.rate_button.clicked.connect(self.on_rate_clicked)
        self.open_button = QPushButton(self.tr("打开材料"))
        self.open_button.setObjectName("open_material")
        self.open_button.clicked.connect(self.on_open_material_clicked)
        self.reprint_button = QPushButton(self.tr("补打文书"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.clicked.connect(self.on_reprint_clicked)
        self.decide_button = QPushButton(self.tr("即办决定(&D)"))
        self.decide_button.setObjectName("immediate_decide")
        self.decide_button.setVisible(False)  # shown for an 即办件 once the case is read
        self.decide_button.clicked.connect(self.on_decide_clicked)
        self.handover_action = HandoverAction(
            self, service, case_number, write_pool, self.reload, self.show_pdf
        )
        self.handover_button = self.handover_action.button
        self.handover_state = self.handover_action.state
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)

        states = QFormLayout()
        states.addRow(self.tr("本窗口上报："), self.delivery)
        states.addRow(self.tr("中心系统："), self.central)
        self.rating = QLabel("—")
        self.rating.setObjectName("detail_rating")
        states.addRow(self.tr("服务评价："), self.rating)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.void_action.button)
        buttons.addWidget(self.rate_button)
        buttons.addWidget(self.decide_button)
        buttons.addWidget(self.handover_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(states)
        layout.addWidget(self.parties)
        layout.addWidget(self.handover_state)
        layout.addWidget(QLabel(self.tr("办理进程")))
        layout.addWidget(self.timeline, 2)
        layout.addWidget(QLabel(self.tr("申请材料（双击打开）")))
        layout.addWidget(self.materials, 1)
        layout.addWidget(QLabel(self.tr("已出具文书")))
        layout.addWidget(self.prints, 1)
        layout.addLayout(buttons)
        self.resize(900, 720)
        self.reload()

    def reload(self) -> None:
        store, number = self.store, self.case_number
        self.void_action.refresh()
        BackgroundOp(self, lambda _ctx: case_rating(store, number), self.show_rating).on_failure(
            lambda _exc: None
        ).run()
        BackgroundOp(
            self,
            lambda _ctx: (
                case_detail(store, number),
                decide_offer(store, number),
                handover_of(store, number),
            ),
            self.show_loaded,
        ).on_failure(self.show_failure).run()

    def show_loaded(self, loaded: tuple[CaseDetail, DecideOffer, Handover | None]) -> None:
        detail, offer, handover = loaded
        self.show_offer(offer)
        self.handover_action.show(detail, handover)
        self.show_detail(detail)

    def show_offer(self, offer: DecideOffer) -> None:
        """即办决定 shows for an 即办件; disabled, with the reason, when it cannot be used."""
        self.decide_button.setVisible(offer.offered)
        self.decide_button.setEnabled(offer.offered and not offer.refusal)
        self.decide_button.setToolTip(offer.refusal or self.tr("准予或不予，并当场打印决定书"))

    def show_failure(self, exc: BaseException) -> None:
        self.header.setText(failure_text(exc))
        self.loaded.emit()

    def show_detail(self, detail: CaseDetail) -> None:
        self.detail = detail
        due = detail.due_date or "—"
        light = ""
        if detail.light is not None:
            colour = LIGHT_COLOURS[detail.light]
            light = f' <span style="color:{colour}">● {light_label(detail.light)}</span>'
        self.header.setText(
            self.tr("<b>{n}</b>　{item}　当前环节：<b>{stage}</b>　办结期限：{due}{light}").format(
                n=detail.case_number,
                item=detail.item_name,
                stage=stage_label(detail.stage),
                due=due,
                light=light,
            )
        )
        self.delivery.setText(delivery_label(detail.delivery.value))
        self.delivery.setStyleSheet(f"color: {DELIVERY_COLOURS[detail.delivery]};")
        self.central.setText(self.central_text(detail))
        self.parties.setText(self.parties_text(detail))
        self.timeline.clear()
        for step in detail.timeline:
            row = QTreeWidgetItem(
                [
                    ("● " if step.done else "○ ") + stage_label(step.stage),
                    step.handler,
                    step.opinion,
                    step.at[:16].replace("T", " "),
                    {"local": self.tr("本窗口"), "central": self.tr("中心")}.get(step.source, ""),
                ]
            )
            self.timeline.addTopLevelItem(row)
        self.materials.clear()
        self.files = [f for m in detail.materials for f in m.files]
        for material in detail.materials:
            parent = QTreeWidgetItem([material.name, "", ""])
            self.materials.addTopLevelItem(parent)
            for file in material.files:
                child = QTreeWidgetItem(["", file.display_name, f"{file.size / 1024:.0f} KB"])
                # An index into self.files (Qt.UserRole): plain data, no Python object in Qt.
                child.setData(0, USER_ROLE, self.files.index(file))
                parent.addChild(child)
            parent.setExpanded(True)
        print_rows(self.prints, detail.prints)
        self.void_action.update()
        for tree in (self.timeline, self.materials, self.prints):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
        self.loaded.emit()

    def central_text(self, detail: CaseDetail) -> str:
        if detail.delivery is Delivery.TRAINING:
            return self.tr("培训模式，办件不上报中心系统")
        if detail.delivery is not Delivery.DELIVERED:
            text = self.tr("中心系统尚未收到本办件的全部内容，以下为本窗口所知")
        else:
            text = self.tr("当前环节：{stage}").format(stage=stage_label(detail.stage))
        if detail.supervision:
            status = detail.supervision.get("status", "")
            note = detail.supervision.get("note", "")
            text += self.tr("；电子监察：{status} {note}").format(status=status, note=note)
        return text

    def parties_text(self, detail: CaseDetail) -> str:
        lines = []
        for role, label in (("applicant", self.tr("申请人")), ("agent", self.tr("代理人"))):
            party = detail.parties.get(role)
            if party:
                lines.append(
                    self.tr("{label}：{name}　证件：{id}　电话：{phone}").format(
                        label=label,
                        name=party["name"],
                        id=mask_id_number(party["id_number"]),
                        phone=party["phone"] or "—",
                    )
                )
        return "\n".join(lines)

    # --- materials and documents ------------------------------------------------------------

    def selected_file(self) -> MaterialFile | None:
        item = self.materials.currentItem()
        return self.file_of(item) if item is not None else None

    def file_of(self, item: QTreeWidgetItem) -> MaterialFile | None:
        index = item.data(0, USER_ROLE)
        return self.files[index] if isinstance(index, int) else None

    def on_material_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        file = self.file_of(item)
        if file is not None:
            self.open_material(file)

    def on_open_material_clicked(self) -> None:
        file = self.selected_file()
        if file is not None:
            self.open_material(file)

    def open_material(self, file: MaterialFile) -> None:
        """Checked against its hash off the UI thread, then shown in the preview."""
        store = self.store
        BackgroundOp(
            self,
            lambda _ctx: material_file(store, file),
            lambda path: self.show_pdf(path, file.display_name),
        ).run()

    def show_pdf(
        self, path: Path, title: str, printer: str = "a4", pdf: bytes | None = None
    ) -> None:
        """`pdf`: a document decrypted from the store (documents are encrypted at rest)."""
        from ui.documents.document_preview import DocumentPreview

        preview = DocumentPreview(
            path, title, self, printer_setting=printer, store=self.store, pdf_bytes=pdf
        )
        self.previews.append(preview)
        preview.finished.connect(lambda _code: self.previews.remove(preview))
        preview.show()

    def on_decide_clicked(self) -> None:
        from ui.cases.immediate_actions import decide_and_print

        if self.detail is not None:
            number, item = self.detail.case_number, self.detail.item_name
            decide_and_print(self, self.service, number, item, self.write_pool, self.reload)

    def on_reprint_clicked(self) -> None:
        """补打 one of the case's documents (through the document service, recorded in the
        ledger), then preview it."""
        from PySide6.QtWidgets import QInputDialog

        documents = self.service.documents
        number = self.case_number
        kinds = documents.available_kinds(number)
        labels = [kind_label(k) for k in kinds]
        label, ok = QInputDialog.getItem(
            self, self.tr("补打文书"), self.tr("办件 {n}：").format(n=number), labels, 0, False
        )
        if ok:
            self.reprint(kinds[labels.index(label)])

    def show_rating(self, rating: Rating | None) -> None:
        if rating is None:
            self.rating.setText(self.tr("尚未评价"))
            return
        text = f"{rating.score} {rating.level.label}"
        if rating.reason:
            text += self.tr("（{reason}）").format(reason=rating.reason)
        self.rating.setText(text + self.tr("　{at} 登记").format(at=rating.rated_at[:10]))
        self.rate_button.setEnabled(False)
        self.rate_button.setToolTip(self.tr("本办件已评价，每个办件只能评价一次"))

    def on_rate_clicked(self) -> None:
        """好差评 on the applicant's screen (ui/cases/rating_dialog.py)."""
        from ui.cases.rating_dialog import offer_rating

        self.rating_dialog = offer_rating(self, self.store, self.case_number, self.write_pool)
        self.rating_dialog.rated.connect(lambda _rating: self.reload())

    def reprint(self, kind: DocumentKind) -> None:
        documents, operator, number, store = (
            self.service.documents,
            current_operator(self.store),
            self.case_number,
            self.store,
        )

        def produce() -> tuple[Path, bytes]:
            # The first print of a document (a decision the central sent) is no 补打.
            again = documents.has_printed(number, kind)
            path = documents.produce(number, kind, operator, reprint=again).path
            return path, store.read_document(path)

        def done(produced: tuple[Path, bytes]) -> None:
            self.reload()
            printer = "receipt" if kind is DocumentKind.ACCEPTANCE_SLIP else "a4"
            self.show_pdf(produced[0], f"{kind_label(kind)} {number}", printer, produced[1])

        BackgroundOp(
            self,
            lambda _ctx: produce(),
            done,
            pool=self.write_pool,
        ).with_progress(self.tr("正在生成文书…"), cancellable=False).run()

"""出证: the decided case handed over in person or by post, then its 送达回证 printed.

The clerk checks the collector's ID card and types its number: the applicant's own, an
enterprise's legal representative's, or an agent's (with the applicant's 授权委托书, imported
from a scan). By post: the address (the applicant's, editable), the carrier and the waybill
number. Every check is the core's (offline/cases/handover.py): a refusal shows here in words
and the dialog stays open. The work runs on the write pool (BackgroundOp).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.closing.handover import ByPost, CollectorRole, InPerson
from client.documents.data import DocumentKind
from client.domain import (
    ApplicantKind,
    IdType,
    MaterialForm,
    MaterialRequirement,
    Party,
    Requirement,
)
from client.errors import ClerkError
from offline.cases.handover import AUTHORIZATION_CODE, Handover, HandoverService
from offline.documents.service import DocumentService, current_operator
from offline.storage.store import Store
from ui.background import BackgroundOp, failure_text
from ui.capture.material_capture import MaterialCapture

CARRIERS = ("中国邮政 EMS", "顺丰速运", "京东物流", "中通快递", "圆通速递")
ID_TYPES = {
    IdType.RESIDENT_ID: "居民身份证",
    IdType.PASSPORT: "护照",
    IdType.HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    IdType.FOREIGN_PERMANENT_RESIDENCE: "外国人永久居留身份证",
}


class HandoverDialog(QDialog):
    """Signals:
    handed_over(object, object, str): the Handover, the 送达回证's path and, when the receipt
        could not be produced (path None; it can be reprinted), why.
    finished_work(): an attempt ended (done or refused); tests wait for it.
    """

    handed_over = Signal(object, object, str)
    finished_work = Signal()

    def __init__(
        self,
        store: Store,
        documents: DocumentService,
        case_number: str,
        applicant: Party,
        write_pool: QThreadPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.documents = documents
        self.case_number = case_number
        self.applicant = applicant
        self.write_pool = write_pool
        self.receipt_error = ""
        self.capture: MaterialCapture | None = None  # the scanner, once asked for
        self.capture_dialog: QDialog | None = None
        self.setWindowTitle(self.tr("出证 {n}").format(n=case_number))
        intro = QLabel(
            self.tr("办件 {n}　申请人：{name}。请核验领取人的身份证件，或登记邮寄信息。").format(
                n=case_number, name=applicant.name
            )
        )
        intro.setWordWrap(True)
        self.in_person = QRadioButton(self.tr("当面领取(&P)"))
        self.in_person.setObjectName("in_person")
        self.by_post = QRadioButton(self.tr("邮寄送达(&M)"))
        self.by_post.setObjectName("by_post")
        methods = QButtonGroup(self)
        methods.addButton(self.in_person)
        methods.addButton(self.by_post)
        self.in_person.setChecked(True)

        self.role = QComboBox()
        self.role.setObjectName("collector_role")
        if applicant.kind is ApplicantKind.PERSON:
            self.role.addItem(self.tr("申请人本人"), CollectorRole.APPLICANT.value)
        else:
            self.role.addItem(
                self.tr("法定代表人 {name}").format(name=applicant.legal_representative or "—"),
                CollectorRole.LEGAL_REPRESENTATIVE.value,
            )
        self.role.addItem(self.tr("委托代理人（须授权委托书）"), CollectorRole.AGENT.value)
        self.id_type = QComboBox()
        self.id_type.setObjectName("collector_id_type")
        for id_type, label in ID_TYPES.items():
            self.id_type.addItem(self.tr(label), id_type.value)
        self.collector_id = QLineEdit()
        self.collector_id.setObjectName("collector_id")
        self.collector_id.setPlaceholderText(self.tr("领取人的证件号码"))
        self.agent_name = QLineEdit()
        self.agent_name.setObjectName("agent_name")
        self.authorization = QLineEdit()
        self.authorization.setObjectName("authorization")
        self.authorization.setPlaceholderText(self.tr("扫描件（PDF 或图片）的位置"))
        self.browse = QPushButton(self.tr("选择文件(&F)…"))
        self.browse.setObjectName("browse_authorization")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.on_browse_clicked)
        self.scan = QPushButton(self.tr("扫描(&K)…"))
        self.scan.setObjectName("scan_authorization")
        self.scan.setAutoDefault(False)
        self.scan.clicked.connect(self.on_scan_clicked)
        letter = QHBoxLayout()
        letter.addWidget(self.authorization, 1)
        letter.addWidget(self.scan)
        letter.addWidget(self.browse)
        person_form = QFormLayout()
        person_form.addRow(self._label(self.tr("领取人(&R)："), self.role), self.role)
        person_form.addRow(self._label(self.tr("证件类型(&T)："), self.id_type), self.id_type)
        person_form.addRow(
            self._label(self.tr("证件号码(&I)："), self.collector_id), self.collector_id
        )
        person_form.addRow(
            self._label(self.tr("代理人姓名(&N)："), self.agent_name), self.agent_name
        )
        person_form.addRow(self._label(self.tr("授权委托书(&A)："), self.authorization), letter)
        self.person_box = QGroupBox(self.tr("当面领取"))
        self.person_box.setLayout(person_form)

        self.address = QLineEdit(applicant.address)
        self.address.setObjectName("address")
        self.carrier = QComboBox()
        self.carrier.setObjectName("carrier")
        self.carrier.setEditable(True)
        self.carrier.addItems([self.tr(c) for c in CARRIERS])
        self.waybill = QLineEdit()
        self.waybill.setObjectName("waybill")
        self.waybill.setPlaceholderText(self.tr("快递面单上的运单号"))
        post_form = QFormLayout()
        post_form.addRow(self._label(self.tr("邮寄地址(&D)："), self.address), self.address)
        post_form.addRow(self._label(self.tr("承运企业(&C)："), self.carrier), self.carrier)
        post_form.addRow(self._label(self.tr("运单号(&W)："), self.waybill), self.waybill)
        self.post_box = QGroupBox(self.tr("邮寄送达"))
        self.post_box.setLayout(post_form)

        self.message = QLabel()
        self.message.setObjectName("handover_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.ok = QPushButton(self.tr("出证并打印送达回证(&S)"))
        self.ok.setObjectName("hand_over")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.on_ok_clicked)
        cancel = QPushButton(self.tr("取消"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        buttons.addWidget(cancel)
        choice = QHBoxLayout()
        choice.addWidget(self.in_person)
        choice.addWidget(self.by_post)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choice)
        layout.addWidget(self.person_box)
        layout.addWidget(self.post_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.in_person.toggled.connect(self.update_fields)
        self.role.currentIndexChanged.connect(self.update_fields)
        self.update_fields()
        self.resize(640, 560)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def is_agent(self) -> bool:
        return bool(self.role.currentData() == CollectorRole.AGENT.value)

    def update_fields(self, *_args: object) -> None:
        in_person = self.in_person.isChecked()
        self.person_box.setEnabled(in_person)
        self.post_box.setEnabled(not in_person)
        agent = self.is_agent()
        needs_type = agent or self.applicant.kind is ApplicantKind.ENTERPRISE
        self.id_type.setEnabled(needs_type)
        for widget in (self.agent_name, self.authorization, self.scan, self.browse):
            widget.setEnabled(agent)
        self.message.clear()

    def on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择授权委托书的扫描件"),
            "",
            self.tr("扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"),
        )
        if path:
            self.authorization.setText(path)

    def on_scan_clicked(self) -> None:
        """The intake's capture dialog (scanner, camera, files), for one material: the
        委托书. Its PDF is what the handover stores."""
        from ui.capture.capture_dialog import CaptureDialog

        if self.capture is None:
            # Owned by the main window: the scanner search it starts may outlive this dialog.
            owner: QWidget = self
            while (above := owner.parentWidget()) is not None:
                owner = above
            self.capture = MaterialCapture(self.store, self.write_pool, owner)
        material = MaterialRequirement(
            AUTHORIZATION_CODE,
            self.tr("授权委托书"),
            MaterialForm.ORIGINAL,
            1,
            Requirement.CONDITIONAL,
        )
        dialog = CaptureDialog(self.capture, material, (), self)
        dialog.finished_material.connect(lambda pdf: self.authorization.setText(str(pdf.path)))
        self.capture_dialog = dialog
        dialog.open()

    def done(self, code: int) -> None:
        if self.capture is not None:
            self.capture.discard()  # the stored copy is the file store's; the scan goes
        super().done(code)

    def request(self) -> InPerson | ByPost:
        if self.by_post.isChecked():
            return ByPost(self.address.text(), self.carrier.currentText(), self.waybill.text())
        agent = self.is_agent()
        letter = self.authorization.text().strip() if agent else ""
        id_type = (
            IdType(self.id_type.currentData()) if self.id_type.isEnabled() else IdType.RESIDENT_ID
        )
        return InPerson(
            self.collector_id.text(),
            id_type,
            self.agent_name.text() if agent else "",
            Path(letter) if letter else None,
            legal_representative=self.role.currentData()
            == CollectorRole.LEGAL_REPRESENTATIVE.value,
        )

    def on_ok_clicked(self) -> None:
        how = self.request()
        store, documents, number = self.store, self.documents, self.case_number
        self.ok.setEnabled(False)
        self.message.clear()

        def work(_ctx: object) -> tuple[Handover, Path | None, str]:
            handover = HandoverService(store).hand_over(number, how)
            try:
                produced = documents.produce(
                    number, DocumentKind.DELIVERY_RECEIPT, current_operator(store)
                )
            except ClerkError as exc:  # handed over all the same: the receipt can be reprinted
                return handover, None, str(exc)
            return handover, produced.path, ""

        BackgroundOp(self, work, self.on_done, pool=self.write_pool).on_failure(
            self.on_failure
        ).with_progress(self.tr("正在出证…"), cancellable=False).run()

    def on_done(self, result: tuple[Handover, Path | None, str]) -> None:
        handover, path, error = result
        self.receipt_error = error
        self.handed_over.emit(handover, path, error)
        self.finished_work.emit()
        self.accept()

    def on_failure(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setText(failure_text(exc))
        self.finished_work.emit()

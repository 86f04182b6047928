"""Applicant or agent form with live validation messages under each field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.domain import ApplicantKind, IdType, Party
from client.intake.rules import check_party, id_types_for

ERROR_STYLE = "color: #c0392b;"


class PartyForm(QGroupBox):
    """Signals:
    changed: any field was edited (the screen re-checks what the decision buttons allow).
    """

    changed = Signal()

    def __init__(self, role: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.role = role
        self.id_type_labels = {
            IdType.RESIDENT_ID: self.tr("居民身份证"),
            IdType.PASSPORT: self.tr("护照"),
            IdType.HMT_RESIDENCE_PERMIT: self.tr("港澳台居民居住证"),
            IdType.FOREIGN_PERMANENT_RESIDENCE: self.tr("外国人永久居留身份证"),
            IdType.USCC: self.tr("统一社会信用代码"),
        }
        self.person = QRadioButton(self.tr("个人"))
        self.enterprise = QRadioButton(self.tr("企业/组织"))
        self.person.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.person)
        kinds.addButton(self.enterprise)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.person)
        kind_row.addWidget(self.enterprise)
        kind_row.addStretch()
        if role == "agent":  # an agent is always a natural person
            self.enterprise.hide()
            self.person.hide()

        self.name = QLineEdit()
        self.id_type = QComboBox()
        self.id_number = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.legal_rep = QLineEdit()
        self.name.setObjectName(f"{role}_name")
        self.id_number.setObjectName(f"{role}_id_number")
        self.phone.setObjectName(f"{role}_phone")
        self.messages: dict[str, QLabel] = {}

        form = QFormLayout()
        if role == "applicant":
            form.addRow(self.tr("类型"), kind_row)
        self.name_label = QLabel(self.tr("姓名"))
        form.addRow(self.name_label, self._with_message("name", self.name))
        form.addRow(self.tr("证件类型"), self.id_type)
        form.addRow(self.tr("证件号码"), self._with_message("id_number", self.id_number))
        form.addRow(self.tr("联系电话"), self._with_message("phone", self.phone))
        self.legal_rep_label = QLabel(self.tr("法定代表人"))
        form.addRow(self.legal_rep_label, self.legal_rep)
        form.addRow(self.tr("地址"), self.address)
        self.setLayout(form)

        self._fill_id_types()
        self.person.toggled.connect(self.on_kind_toggled)
        for edit in (self.name, self.id_number, self.phone, self.address, self.legal_rep):
            edit.textChanged.connect(self.on_field_edited)
        self.id_type.currentIndexChanged.connect(self.on_field_edited)
        self.on_kind_toggled()

    def _with_message(self, key: str, edit: QLineEdit) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(edit)
        message = QLabel()
        message.setStyleSheet(ERROR_STYLE)
        message.setObjectName(f"{self.role}_{key}_message")
        message.setWordWrap(True)
        message.hide()
        layout.addWidget(message)
        self.messages[key] = message
        return box

    def kind(self) -> ApplicantKind:
        return ApplicantKind.PERSON if self.person.isChecked() else ApplicantKind.ENTERPRISE

    def _fill_id_types(self) -> None:
        self.id_type.blockSignals(True)
        self.id_type.clear()
        for id_type in id_types_for(self.kind()):
            self.id_type.addItem(self.id_type_labels[id_type], id_type.value)
        self.id_type.blockSignals(False)

    def on_kind_toggled(self) -> None:
        self._fill_id_types()
        person = self.kind() is ApplicantKind.PERSON
        self.name_label.setText(self.tr("姓名") if person else self.tr("名称"))
        self.legal_rep.setVisible(not person)
        self.legal_rep_label.setVisible(not person)
        self.on_field_edited()

    def on_field_edited(self) -> None:
        self.show_messages(touched_only=True)
        self.changed.emit()

    def party(self) -> Party:
        return Party(
            kind=self.kind(),
            name=self.name.text(),
            id_type=IdType(self.id_type.currentData()),
            id_number=self.id_number.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            legal_representative=self.legal_rep.text()
            if self.kind() is ApplicantKind.ENTERPRISE
            else "",
        )

    def problems(self) -> list[str]:
        return [p.message for p in check_party(self.party(), self.role, dt.date.today())]

    def show_messages(self, touched_only: bool = False) -> None:
        """Show each field's problem under it; while typing, only for fields with text."""
        edits = {"name": self.name, "id_number": self.id_number, "phone": self.phone}
        found = {key: "" for key in edits}
        for problem in check_party(self.party(), self.role, dt.date.today()):
            key = problem.field.split(".", 1)[1]
            if key == "id_type":
                key = "id_number"
            if key in found and not found[key]:
                found[key] = problem.message
        for key, message in found.items():
            show = bool(message) and (not touched_only or bool(edits[key].text()))
            self.messages[key].setText(message)
            self.messages[key].setVisible(show)

    def clear(self) -> None:
        for edit in (self.name, self.id_number, self.phone, self.address, self.legal_rep):
            edit.clear()
        self.person.setChecked(True)
        for label in self.messages.values():
            label.hide()

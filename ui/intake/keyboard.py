"""An intake without the mouse: Tab order, F-keys and Enter for the intake screen.

Tab walks the screen top to bottom: the item search (Down goes into the results), the
results, the applicant, 由代理人办理, the agent, 批量扫描…, every material line's controls
(适用, 原件, 复印件份数, 采集…, ×), then 清空, 不予受理, 补正告知, 受理. F9 受理, F10 补正告知,
F11 不予受理 (and Alt with the underlined letter) work anywhere on the screen; Enter presses a
focused button, Space ticks a focused box.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

if TYPE_CHECKING:
    from ui.intake.party_form import PartyForm
    from ui.intake.screen import IntakeScreen

DECISION_KEYS = {"accept": "F9", "supplement": "F10", "refuse": "F11"}


def party_chain(form: PartyForm) -> list[QWidget]:
    return [
        form.person,
        form.enterprise,
        form.name,
        form.id_type,
        form.id_number,
        form.phone,
        form.legal_rep,
        form.address,
    ]


def install_intake_keys(screen: IntakeScreen) -> None:
    """F-key shortcuts for the three decisions, and Enter on every screen button."""
    buttons = {
        "accept": screen.accept_button,
        "supplement": screen.supplement_button,
        "refuse": screen.refuse_button,
    }
    for name, button in buttons.items():
        key = DECISION_KEYS[name]
        shortcut = QShortcut(QKeySequence(key), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda b=button: press_if_enabled(b))
        button.setToolTip(screen.tr("快捷键 %1").replace("%1", key))
    for button in (*buttons.values(), screen.clear_button, screen.batch_button):
        button.setAutoDefault(True)  # outside a dialog: Enter presses the focused button
    chain_tab_order(screen)


def press_if_enabled(button: QPushButton) -> None:
    """A shortcut does what a click would, and nothing when the button is greyed out."""
    if button.isEnabled() and button.isVisible():
        button.animateClick()


def chain_tab_order(screen: IntakeScreen) -> None:
    """Set the Tab order; called again whenever the material lines are rebuilt."""
    picker = screen.picker
    chain: list[QWidget] = [picker.search, picker.results]
    chain += party_chain(screen.applicant)
    chain.append(screen.has_agent)
    chain += party_chain(screen.agent)
    chain.append(screen.batch_button)
    chain += screen.checklist.focus_chain()
    chain += [
        screen.clear_button,
        screen.refuse_button,
        screen.supplement_button,
        screen.accept_button,
    ]
    # The agent's 个人/企业 buttons are never placed (an agent is a person): leave them out.
    window = screen.window()
    chain = [widget for widget in chain if widget.window() is window]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)

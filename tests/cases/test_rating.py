"""好差评: a rating per case, refused when it cannot count (nothing written), a 差评 flagged to
the chief until handled, queued offline and delivered to the reference central exactly once;
the statistics count it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.accounts import PowerRefused
from client.catalog.loading import load_department
from client.closing.rating import Level, RatingError
from client.domain import Action
from offline.cases.rating import case_rating, handle_bad_rating, open_bad_ratings, rate_case
from offline.cases.stats import PeriodKind, compute_stats, period_of
from offline.cases.stats_export import write_csv, write_xlsx
from offline.intake.transaction import IntakeService
from offline.storage.profile import open_profile
from offline.storage.store import Store
from tests.accounts.support import CHIEF, CLERK, seat
from tests.central.server import CentralServer
from tests.factories import accept_request
from tests.sync.support import (
    assert_converged,
    central_rows,
    connected_service,
    engine,
    queue_cases,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_profile(tmp_path / "profile")
    yield store
    store.close()


def accepted(store: Store, action: Action = Action.ACCEPT) -> str:
    service = IntakeService(store, load_department())
    request = accept_request(store)
    if action is not Action.ACCEPT:
        from dataclasses import replace

        if action is Action.REFUSE:  # 不予受理 names its 项 of art. 32 ¶1
            request = replace(
                request, action=action, reason="申请事项依法不需要取得行政许可", refusal_clause=1
            )
        else:
            request = replace(request, action=action, reason="材料不齐")
    return service.submit(request).case_number


def written(store: Store) -> tuple[int, int, int]:
    with store.read() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("case_ratings", "outbox", "audit_log")
        )


def test_refusals_say_why_and_write_nothing(store: Store) -> None:
    number = accepted(store)
    before = written(store)
    for score in (0, 6, -1):
        with pytest.raises(RatingError, match=r"评价分值.*无效"):
            rate_case(store, number, score)
    with pytest.raises(RatingError, match="差评须写明原因"):
        rate_case(store, number, 2, "   ")
    with pytest.raises(RatingError, match="未找到办件"):
        rate_case(store, "W01-19990101-0001", 5)
    assert written(store) == before

    rating = rate_case(store, number, 5)
    assert (rating.level, rating.flagged) == (Level.VERY_SATISFIED, False)
    with pytest.raises(RatingError, match=r"已于 .* 评价为“非常满意”，每个办件只能评价一次"):
        rate_case(store, number, 1, "态度不好")
    assert case_rating(store, number) == rating


def test_a_refused_application_cannot_be_rated(store: Store) -> None:
    number = accepted(store, Action.REFUSE)
    with pytest.raises(RatingError, match="未受理，不能评价"):
        rate_case(store, number, 4)
    assert case_rating(store, number) is None


def test_bad_rating_is_flagged_for_the_chief_until_handled(store: Store) -> None:
    seat(store, CHIEF)
    good, bad = accepted(store), accepted(store)
    seat(store, CLERK)
    rate_case(store, good, 4)
    rating = rate_case(store, bad, 1, "等候时间长 排了两个小时")
    assert rating.reason == "等候时间长 排了两个小时" and rating.recorded_by == CLERK.name
    assert [r.case_number for r in open_bad_ratings(store)] == [bad]

    with pytest.raises(PowerRefused, match="没有督办权"):
        handle_bad_rating(store, bad, "已回访", CLERK)
    with pytest.raises(RatingError, match="写明跟进情况"):
        handle_bad_rating(store, bad, " ", CHIEF)
    assert [r.case_number for r in open_bad_ratings(store)] == [bad]
    handled = handle_bad_rating(store, bad, "已电话回访，增开窗口", CHIEF)
    assert (handled.handled_by, handled.open_flag) == (CHIEF.name, False)
    assert open_bad_ratings(store) == []
    with store.read() as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-3:] == ["case.rating", "case.rating", "case.rating_handled"]

    stats = compute_stats(store, period_of(PeriodKind.TODAY, dt.date.today())).to_dict()
    assert stats["ratings"]["total"] == 2
    assert stats["ratings"]["per_level"]["satisfied"] == 1
    assert stats["ratings"]["per_level"]["very_dissatisfied"] == 1
    assert stats["ratings"]["bad_rate_percent"] == 50.0


def test_the_exported_statistics_carry_the_ratings(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rate_case(store, accepted(store), 5)
    rate_case(store, accepted(store), 4)
    rate_case(store, accepted(store), 2, "材料说明不清")
    stats = compute_stats(store, period_of(PeriodKind.TODAY, dt.date.today()))
    write_csv(stats, tmp_path / "s.csv")
    rows = list(csv.reader((tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()))
    ratings = rows[rows.index(["好差评"]) + 1 :]
    assert ratings[0] == ["评价", "件数"]
    assert ratings[1:6] == [
        ["非常满意", "1"],
        ["满意", "1"],
        ["基本满意", "0"],
        ["不满意", "1"],
        ["非常不满意", "0"],
    ]
    assert ratings[6:] == [["合计", "3"], ["差评率（%）", "33.3"]]
    write_xlsx(stats, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["好差评"]
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[1] == ["非常满意", 1] and values[-1] == ["差评率（%）", 33.3]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with CentralServer(tmp_path / "central") as server:
        yield server


def test_ratings_queue_offline_and_reach_the_central_once(
    central: CentralServer, tmp_path: Path
) -> None:
    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    with store.read() as conn:
        number = conn.execute("SELECT case_number FROM cases").fetchone()[0]
    rate_case(store, number, 2, "一次性告知不清楚")  # nothing sent yet: queued with the case
    assert central_rows(central, "SELECT count(*) FROM cases")[0][0] == 0

    assert engine(store).run_cycle().complete
    assert engine(store).run_cycle().complete  # a second round sends nothing again
    held = central_rows(central, "SELECT data FROM ratings WHERE case_id = ?", case_id)
    assert len(held) == 1
    rating = json.loads(held[0][0])
    assert (rating["score"], rating["level"], rating["channel"]) == (2, "dissatisfied", "window")
    assert rating["reason"] == "一次性告知不清楚"
    stage = central_rows(central, "SELECT stage FROM cases WHERE case_id = ?", case_id)
    assert stage[0][0] == "accepted"  # a rating moves no case
    assert_converged(store, central)


def test_central_refuses_a_rating_before_acceptance_and_a_bad_one_without_reason(
    central: CentralServer, tmp_path: Path
) -> None:
    from client.central.api import CentralClient, MemoryTokenStore, ProblemError
    from client.generated_ids import uuid7

    service = connected_service(tmp_path / "profile", central.url)
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    assert engine(service.store).run_cycle().complete
    client = CentralClient(central.url, MemoryTokenStore())
    client.login("chief", "chief-pass", "W01")
    now = dt.datetime.now().astimezone().isoformat()

    def post(**fields: object) -> int:
        event_id = uuid7()
        body: dict[str, object] = {
            "event_id": event_id,
            "kind": "rating",
            "occurred_at": now,
            "actor": "李强",
        }
        body |= {"level": "dissatisfied", "channel": "qr", "rated_at": now, **fields}
        try:
            reply = client.request(
                "POST",
                f"/cases/{case_id}/events",
                json=body,
                headers={"Idempotency-Key": event_id},
            )
        except ProblemError as exc:
            return exc.status
        return int(reply.status_code)

    assert post(score=2) == 422  # a 差评 without its reason
    assert post(score=7, reason="x") == 422
    assert post(score=2, reason="办理时间长") == 201
    held = client.call("getCase", "GET", f"/cases/{case_id}")  # the reply checked by the contract
    assert [(r["score"], r["channel"], r["reason"]) for r in held["ratings"]] == [
        (2, "qr", "办理时间长")
    ]
    with central.context.store.write() as conn:
        conn.execute("UPDATE cases SET stage = 'applied' WHERE case_id = ?", (case_id,))
    assert post(score=5) == 409


@pytest.mark.slow  # subprocesses of the CLI
def test_rate_verb(tmp_path: Path) -> None:
    store = open_profile(tmp_path / "profile")
    number = accepted(store)
    store.close()

    def rate(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "main.py", "--profile", str(tmp_path / "profile"), "rate"]
        return subprocess.run(
            [*command, "--case", number, *args], cwd=ROOT, capture_output=True, text=True
        )

    refused = rate("--score", "1")
    assert refused.returncode == 2 and "差评须写明原因" in refused.stderr
    done = rate("--score", "1", "--reason", "工作人员态度不好", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["level_label"] == "非常不满意"
    again = rate("--score", "5")
    assert again.returncode == 2 and "只能评价一次" in again.stderr
    case = subprocess.run(
        [
            sys.executable,
            "main.py",
            "--profile",
            str(tmp_path / "profile"),
            "case",
            number,
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert json.loads(case.stdout)["rating"]["level"] == "very_dissatisfied", case.stderr


def test_a_rating_made_offline_is_sent_once_though_the_answer_is_lost(
    central: CentralServer, tmp_path: Path
) -> None:
    from tests.sync.support import run_until_synced

    service = connected_service(tmp_path / "profile", central.url)
    store = service.store
    (case_id,) = queue_cases(service, 1, 0, tmp_path)
    assert engine(store).run_cycle().complete
    with store.read() as conn:
        number = conn.execute("SELECT case_number FROM cases").fetchone()[0]
    rate_case(store, number, 3)
    offline = engine(store, url="http://127.0.0.1:9/api/v1")  # nothing listens: the link is down
    assert not offline.run_cycle().complete
    with store.read() as conn:
        waiting = conn.execute(
            "SELECT json_extract(payload, '$.kind') FROM outbox WHERE state != 'done'"
        ).fetchall()
    assert [w[0] for w in waiting] == ["rating"]

    # The link is back; the central stores the rating but its answer is lost on the way.
    central.faults.update(drop_next=1, method="POST", path_prefix="/cases")
    run_until_synced(engine(store))
    assert central.faults.snapshot()["drop_next"] == 0
    held = central_rows(central, "SELECT data FROM ratings WHERE case_id = ?", case_id)
    assert [json.loads(r[0])["level"] for r in held] == ["basically_satisfied"]
    assert_converged(store, central)

"""The reference central service (docs/central-contract.md): the contract in
resources/openapi/central-v1.yaml on FastAPI + uvicorn with its own SQLite database.

Run it with `python -m tests.central --port P --data DIR`, or in tests with
`tests.central.server.CentralServer`. Beside the contract it has, under /api/v1:

- `POST /backoffice/cases/{case_id}/advance` {to, handler, note, decision}: 初审, 复审, 决定
  (decision {approved, document_number, content, legal_basis, reasons, decided_on,
  valid_from, valid_until}; 文号 assigned when empty), 办结;
- `POST /backoffice/cases/{case_id}/supervision` {status, handler, note};
- `POST /backoffice/cases/{case_id}/orders` {deadline, note, handler}: a 督办 (changes feed
  kind supervision_order); `GET /backoffice/orders/{order_id}`: it with the window's answer;
- `PUT|DELETE /backoffice/catalog/{code}`, `PUT /backoffice/calendar/{year}`;
  (role reviewer or admin)
- `GET|POST|DELETE /admin/faults` (role admin): see tests.central.faults.

`GET /department` (in the contract) answers `Config.department`: by default 示范市数据和行政审批局
(tests/central/department.py), None for a 404.

Default users: clerk/clerk-pass, reviewer/reviewer-pass, admin/admin-pass.
"""

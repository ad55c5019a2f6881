"""The HTTP API: JSON endpoints over the Python API, and the dashboard page.

Reads are open; writes (barrier records, articles, scenario runs) need the server's token,
``Authorization: Bearer <CORRIDOR_TOKEN>``, compared in constant time. Without a token the server
accepts no writes (and ``corridor serve`` refuses to listen beyond loopback). Request bodies are
limited in size, scenario runs in days and replications; errors are 4xx with a message, never a
stack trace.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from corridor import __version__
from corridor.api._docs import install_docs
from corridor.api._jobs import Jobs
from corridor.errors import CorridorError, DataGapError, InputError, ScenarioError
from corridor.ledger import Ledger, read_manifest
from corridor.locations import data_dir
from corridor.sim.settings import RunSettings

T = TypeVar("T")
MAX_BODY_BYTES = 1_000_000
MAX_LOAD_BYTES = 500_000_000  # a trade file sent to POST /api/loads
CACHED = 512  # summary and mirror answers kept, per ledger version
RATE_PER_S = 500.0  # requests a second per client address (a burst of twice that is allowed)


class RateLimiter:
    """Token buckets per client address: ``rate`` requests a second, bursts of ``2 × rate``."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, last time)
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (2 * self.rate, now))
            tokens = min(2 * self.rate, tokens + (now - last) * self.rate)
            if len(self.buckets) > 10_000:  # forget idle clients
                self.buckets.clear()
            if tokens < 1:
                self.buckets[client] = (tokens, now)
                return False
            self.buckets[client] = (tokens - 1, now)
            return True


Code = Annotated[str, Query(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")]


class RunRequest(BaseModel):
    """A run: ``simulate`` the baseline with the levers applied together, or ``compare`` each
    lever with the baseline (``corridor compare``); levers are file names in
    data/scenarios/levers."""

    kind: Literal["simulate", "compare"] = "simulate"
    levers: list[Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]] = Field(default=[], max_length=5)
    days: int = Field(default=RunSettings().days, ge=1, le=1830)
    replications: int = Field(default=RunSettings().replications, ge=1, le=50)
    seed: int = Field(default=RunSettings().seed, ge=0, le=2**31 - 1)
    warmup_days: int = Field(default=RunSettings().warmup_days, ge=0, le=365)
    year: int | None = Field(default=None, ge=1990, le=2100)
    #: with ``compare``: each lever's worth in trade (``corridor compare --trade-response``)
    trade_response: bool = False

    def settings(self) -> RunSettings:
        return RunSettings(self.days, self.replications, self.seed, self.warmup_days)


#: the country pair of the default data (its manifest), the default of pair questions
PAIR: tuple[str, str] = read_manifest(data_dir() / "ledger").pair


def _status(exc: CorridorError) -> int:
    if isinstance(exc, DataGapError):
        return 404
    if isinstance(exc, (InputError, ScenarioError)):
        return 422
    return 400


def create_app(
    db: Path | str | None = None, *, token: str | None = None, rate_per_s: float = RATE_PER_S
) -> FastAPI:
    """The app, on the ledger at ``db`` (default: the user's ledger)."""
    ledger = Ledger.open(db)
    jobs = Jobs()
    app = FastAPI(
        title="Corridor",
        version=__version__,
        description="Trade ledger, analyses and simulation of a land trade corridor.",
        docs_url=None,  # served offline by install_docs
        redoc_url=None,
    )
    install_docs(app)
    app.state.ledger = ledger
    app.state.jobs = jobs
    page_cache: dict[str, Any] = {}  # simulations behind the dashboard's map, by lever

    limiter = RateLimiter(rate_per_s)

    @app.middleware("http")
    async def limit_rate(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        client = request.client.host if request.client else "unknown"
        if not limiter.allow(client):
            return JSONResponse(
                {"detail": f"over {rate_per_s:g} requests a second: slow down"},
                429,
                headers={"Retry-After": "1"},
            )
        return await call_next(request)

    @app.middleware("http")
    async def limit_body(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        limit = MAX_LOAD_BYTES if request.url.path == "/api/loads" else MAX_BODY_BYTES
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return JSONResponse({"detail": f"body over {limit:,} bytes"}, 413)
        return await call_next(request)

    @app.exception_handler(CorridorError)
    async def corridor_error(_: Request, exc: CorridorError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, _status(exc))

    @app.exception_handler(Exception)
    async def internal_error(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"internal error ({type(exc).__name__})"}, 500)

    @contextmanager
    def cursor() -> Iterator[Ledger]:
        with ledger.cursor() as cur:
            yield cur

    answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
    load_lock = threading.Lock()

    # The ledger's version, kept in memory: only this server writes to the ledger while it runs
    # (DuckDB lets one process write), and every write endpoint bumps it, so a cached answer is
    # served without a query to build its key.
    version: list[tuple[int, ...]] = [ledger.version()]
    flows: list[int] = [int(ledger.status().flows)]

    def wrote() -> None:
        """After a write: the new version; answers and pages of the old one are stale."""
        with cursor() as cur:
            version[0] = cur.version()
            flows[0] = int(cur.status().flows)
        page_cache.clear()

    def cached(key: tuple[Any, ...], make: Callable[[Ledger], Any]) -> Response:
        """A JSON answer computed once per ledger version and kept serialised."""
        full = (*key, version[0])
        body = answers.get(full)
        if body is None:
            with cursor() as cur:
                value = make(cur)
            body = json.dumps(jsonable_encoder(value), ensure_ascii=False).encode("utf-8")
            answers[full] = body
            if len(answers) > CACHED:
                answers.popitem(last=False)
        else:
            answers.move_to_end(full)
        return Response(body, media_type="application/json")

    def need_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if token is None:
            raise HTTPException(403, "this server accepts no writes: start it with CORRIDOR_TOKEN")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid token is needed: Authorization: Bearer <token>")

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        """Alive, with the ledger's row count (kept in memory, updated by every write)."""
        return {"status": "ok", "version": __version__, "flows": flows[0]}

    @app.get("/api/summary")
    def summary(
        period: Annotated[str, Query(max_length=40)],
        reporter: Code | None = None,
        partner: Code | None = None,
        by: Literal["section", "chapter", "hs4", "hs6"] | None = None,
        region: Annotated[str | None, Query(max_length=10)] = None,
    ) -> Response:
        """`corridor trade summary`; reporter and partner default to the default data's pair."""
        from corridor.trade import parse_period, trade_summary

        reporter = reporter or PAIR[0]
        partner = partner or PAIR[1]

        def make(cur: Ledger) -> dict[str, Any]:
            result = trade_summary(
                cur,
                reporter=reporter.upper(),
                partner=partner.upper(),
                period=parse_period(period),
                by=by,
                region=region,
            )
            data = result.to_dict()
            data.pop("explain")
            return data

        return cached(("summary", period, reporter.upper(), partner.upper(), by, region), make)

    @app.get("/api/mirror")
    def mirror_view(
        period: Annotated[str, Query(max_length=40)], a: Code | None = None, b: Code | None = None
    ) -> Response:
        """`corridor trade mirror`; the pair defaults to the default data's."""
        from corridor.trade import parse_period
        from corridor.trade.mirror import MirrorParams, mirror

        a, b = a or PAIR[0], b or PAIR[1]

        params = MirrorParams.read(data_dir() / "trade" / "mirror.yaml")
        return cached(
            ("mirror", period, a.upper(), b.upper()),
            lambda cur: mirror(
                cur, a=a.upper(), b=b.upper(), period=parse_period(period), params=params
            ).to_dict(),
        )

    @app.get("/api/targets")
    def targets() -> Response:
        from corridor.trade.targets import evaluate_targets

        return cached(
            ("targets",),
            lambda cur: [t.to_dict() for t in evaluate_targets(cur, data_dir() / "targets.yaml")],
        )

    @app.get("/api/opportunities")
    def opportunities(
        exporter: Code | None = None,
        market: Code | None = None,
        top: Annotated[int, Query(ge=1, le=500)] = 25,
        year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
        level: Literal["hs6", "hs4", "chapter"] | None = None,
        view: Literal["diversification", "full"] = "diversification",
        exclude: Annotated[str | None, Query(max_length=200)] = None,
    ) -> dict[str, Any]:
        from corridor.trade.opportunities import export_opportunities

        exporter, market = exporter or PAIR[0], market or PAIR[1]
        with cursor() as cur:
            result = export_opportunities(
                cur,
                exporter.upper(),
                market.upper(),
                year=year,
                level=level,
                top=top,
                view=view,
                exclude=exclude,
            )
        return result.to_dict()

    @app.get("/api/barriers")
    def barriers() -> Response:
        from corridor.trade.barriers import barrier_views

        return cached(("barriers",), lambda cur: [v.to_dict() for v in barrier_views(cur)])

    @app.post("/api/barriers", dependencies=[Depends(need_token)], status_code=201)
    async def add_barrier_records(request: Request) -> dict[str, Any]:
        from corridor.trade.barriers import add_barriers

        body = await request.body()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "barriers.yaml"
            path.write_bytes(body)
            try:
                with cursor() as cur:
                    result = add_barriers(cur, path)
            finally:
                wrote()
        return {
            "added": list(result.added),
            "unchanged": list(result.unchanged),
            "already_added": result.already_added,
        }

    @app.get("/api/claims")
    def claims() -> list[dict[str, Any]]:
        from corridor.claims.store import stored_claims

        with cursor() as cur:
            return [
                {"doc_id": s.doc_id, "title": s.title, **s.claim.to_dict()}
                for s in stored_claims(cur)
            ]

    @app.get("/api/claims/check")
    def claims_check() -> list[dict[str, Any]]:
        from corridor.claims.check import check_claims

        with cursor() as cur:
            return [f.to_dict() for f in check_claims(cur)]

    @app.post("/api/claims", dependencies=[Depends(need_token)], status_code=201)
    async def add_article(
        request: Request,
        name: Annotated[str, Query(pattern=r"^\w[\w.-]{0,99}$")],
        date: dt.date | None = None,
        source: Annotated[str | None, Query(max_length=200)] = None,
    ) -> dict[str, Any]:
        from corridor.claims.store import add_documents

        body = await request.body()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            try:
                with cursor() as cur:
                    (result,) = add_documents(cur, [path], date=date, source=source)
            finally:
                wrote()
        return {
            "doc_id": result.doc_id,
            "claims": result.claims,
            "already_added": result.already_added,
        }

    @app.post("/api/loads", dependencies=[Depends(need_token)], status_code=201)
    async def load_file(
        request: Request,
        name: Annotated[str, Query(pattern=r"^\w[\w.-]{0,199}$")],
        format: Literal["baci", "comtrade", "wits", "csv", "parquet"],
        source: Annotated[str | None, Query(max_length=40)] = None,
        hs_rev: Annotated[str | None, Query(max_length=10)] = None,
        quarantine: bool = False,
    ) -> dict[str, Any]:
        """Load a trade file (the body) into the ledger: all or nothing, once per SHA-256."""
        body = await request.body()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            with load_lock:  # one load at a time; reads go on meanwhile
                try:
                    result = ledger.load(
                        path, format=format, source=source, hs_rev=hs_rev, quarantine=quarantine
                    )
                finally:
                    wrote()
        return asdict(result)

    @app.get("/api/ledger/status")
    def ledger_status() -> dict[str, Any]:
        """`corridor ledger status`: loads, rows, periods, reporters, coverage."""
        with cursor() as cur:
            return cur.status().to_dict()

    @app.post("/api/claims/extract")
    async def extract_claims(
        request: Request,
        date: dt.date | None = None,
        name: Annotated[str, Query(pattern=r"^\w[\w.-]{0,99}$")] = "article.txt",
    ) -> list[dict[str, Any]]:
        """`corridor claims extract`: the claims of the body (text, Markdown or HTML), unstored."""
        from corridor.claims import Extractor, load_vocabulary, read_document

        body = await request.body()
        vocab = load_vocabulary()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            doc = read_document(path, vocab, date=date)
        return [c.to_dict() for c in Extractor(vocab).extract(doc.doc, doc.text, doc.date)]

    @app.get("/api/plan")
    def plan_view(
        target_usd: Annotated[float, Query(gt=0, le=1e13)],
        by: Annotated[int, Query(ge=2000, le=2100)],
        max_utilisation: Annotated[float, Query(gt=0, le=1)] = 0.85,
        mode_shift: Annotated[float, Query(ge=0, le=1)] = 0.0,
        year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    ) -> dict[str, Any]:
        """`corridor plan`: the cheapest candidate projects that carry the target."""
        from corridor.planning.plan import plan_projects

        with cursor() as cur:
            result = plan_projects(
                cur,
                data_dir() / "scenarios" / "baseline.yaml",
                data_dir() / "scenarios" / "projects.yaml",
                target_usd,
                by=by,
                max_utilisation=max_utilisation,
                mode_shift=mode_shift,
                year=year,
            )
        return result.to_dict()

    @app.get("/api/network")
    def network(
        as_of: Annotated[
            dt.date | None, Query(description="The network in force that day.")
        ] = None,
    ) -> dict[str, Any]:
        """`corridor network show --json`: the crossings, their posts and figures (an unlimited
        figure is the string "Infinity")."""
        from corridor.network import read_network

        net = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
        if as_of is not None:
            net = net.at(as_of)
        data: dict[str, Any] = json.loads(net.model_dump_json())
        return data

    @app.get("/api/capacity")
    def capacity(
        target_usd: Annotated[float, Query(gt=0, le=1e13)],
        year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
        base_year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    ) -> dict[str, Any]:
        """`corridor capacity`: what the target needs at each crossing against its capacity."""
        from corridor.planning import resolve_scenario
        from corridor.planning.capacity import capacity_check

        with cursor() as cur:
            r = resolve_scenario(cur, data_dir() / "scenarios" / "baseline.yaml", year=base_year)
            result = capacity_check(cur, r, target_usd, year=year)
        return result.to_dict()

    @app.get("/api/validation")
    def validation() -> dict[str, Any]:
        """`corridor validate --json` on the shipped observations (2 replications): observed
        against simulated, with intervals and ratios, and the stored hindcast (out-of-sample)."""
        from corridor.api._pages import validation_view

        with cursor() as cur:
            return validation_view(cur, page_cache)

    def submit_run(run: RunRequest) -> dict[str, Any]:
        from corridor.planning import (
            compare_levers,
            lever_trade_responses,
            resolve_scenario,
            simulate,
        )

        levers_dir = data_dir() / "scenarios" / "levers"
        paths = tuple(levers_dir / f"{name}.yaml" for name in run.levers)
        for p in paths:
            if not p.is_file():
                raise ScenarioError(f"no lever {p.stem!r}; see GET /api/levers")
        settings = run.settings()
        base = data_dir() / "scenarios" / "baseline.yaml"

        def work(progress: Callable[[int, int], None]) -> Any:
            if run.kind == "compare":
                both = RunSettings(
                    settings.days, max(settings.replications, 2), settings.seed,
                    settings.warmup_days,
                )  # fmt: skip
                combos: list[tuple[Path, ...]] = [(p,) for p in paths]
                with cursor() as cur:
                    results = compare_levers(
                        cur, base, combos, both, year=run.year, progress=progress
                    )
                    out = [r.to_dict() for r in results]
                    if run.trade_response:
                        responses = lever_trade_responses(cur, base, combos, both, year=run.year)
                        for item, response in zip(out[1:], responses, strict=True):
                            item["trade_response"] = response.to_dict()
                return out
            with cursor() as cur:
                resolved = resolve_scenario(cur, base, paths, year=run.year)
                report, _ = simulate(cur, resolved, settings, progress=progress)
            return report.to_dict()

        return jobs.submit(run.model_dump(), work).view()

    @app.post("/api/runs", dependencies=[Depends(need_token)], status_code=202)
    def start_run(run: RunRequest) -> dict[str, Any]:
        return submit_run(run)

    @app.post("/runs", response_class=HTMLResponse, include_in_schema=False)
    async def start_run_from_page(request: Request) -> Response:
        """The dashboard's form: the same run, the token typed in the form."""
        form = parse_qs((await request.body()).decode("utf-8", "replace"))

        def field(name: str) -> str:
            return (form.get(name) or [""])[0]

        need_token(f"Bearer {field('token')}")
        try:
            run = RunRequest(
                levers=[field("lever")] if field("lever") else [],
                days=int(field("days") or 90),
                replications=int(field("replications") or 3),
            )
        except (ValueError, ValidationError) as exc:
            raise InputError(f"invalid run: {str(exc).splitlines()[0]}") from None
        view = submit_run(run)
        return RedirectResponse(f"/runs/{view['id']}", status_code=303)

    @cache
    def page_names() -> dict[str, str]:
        """Crossing ids and country codes → names, for the pages."""
        from corridor.network import read_network

        network = read_network(data_dir() / "corridor" / "kaz-chn.yaml")
        with cursor() as cur:
            countries = cur.codes.names()
        return countries | {c.id: c.name for c in network.crossings}

    @app.get("/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
    def run_page_view(run_id: str) -> str:
        from corridor.api._pages import run_page

        job = jobs.get(run_id)
        if job is None:
            raise HTTPException(404, f"no run {run_id}")
        return run_page(job.view(), page_names())

    @app.get("/api/runs")
    def list_runs() -> list[dict[str, Any]]:
        return [j.view() | {"result": None} for j in jobs.all()]

    @app.get("/api/runs/{run_id}")
    def get_run(run_id: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]) -> dict[str, Any]:
        job = jobs.get(run_id)
        if job is None:
            raise HTTPException(404, f"no run {run_id}")
        return job.view()

    @app.delete("/api/runs/{run_id}", dependencies=[Depends(need_token)])
    def cancel_run(run_id: str) -> dict[str, Any]:
        job = jobs.get(run_id)
        if job is None:
            raise HTTPException(404, f"no run {run_id}")
        job.cancel.set()
        return job.view()

    @app.get("/api/levers")
    def levers() -> list[dict[str, Any]]:
        from corridor.network.scenario import read_overlay

        out = []
        for p in sorted((data_dir() / "scenarios" / "levers").glob("*.yaml")):
            o = read_overlay(p)
            cost = None if o.capital_cost is None else o.capital_cost.value
            out.append(
                {"name": p.stem, "title": o.title, "source": o.source, "capital_cost_usd": cost}
            )
        return out

    @app.get("/model-match", response_class=HTMLResponse, include_in_schema=False)
    def model_match() -> str:
        """The dashboard's section on the model against the border, as an HTML fragment."""
        from corridor.api._pages import model_match_page_fragment

        with cursor() as cur:
            return model_match_page_fragment(cur, page_cache)

    @app.get("/", response_class=HTMLResponse)
    def dashboard(
        period: Annotated[str, Query(max_length=40)] = "2024",
        by: Literal["section", "chapter", "hs4"] = "chapter",
        direction: Literal["exports", "imports"] = "exports",
        product: Annotated[str, Query(pattern=r"^[0-9]{0,6}$")] = "",
        lever: Annotated[str | None, Query(pattern=r"^[a-z0-9-]*$")] = None,
    ) -> str:
        from corridor.api._pages import dashboard_page

        if lever and not (data_dir() / "scenarios" / "levers" / f"{lever}.yaml").is_file():
            raise ScenarioError(f"no lever {lever!r}; see GET /api/levers")
        with cursor() as cur:
            return dashboard_page(
                cur,
                period=period,
                by=by,
                direction=direction,
                product=product,
                lever=lever or None,
                cache=page_cache,
            )

    return app

"""Pricing one worker by a dynamic programme over the days, for column generation.

CP-SAT prices a worker of Curtois Instance13 (28 days, 18 shift types) in about 40 ms and
often finds nothing at all in the quick effort; 120 workers a round, 32 rounds to the
programme's optimum, the root took 126 s on 2 cores. With one shift a day, the worker's rules
are a walk through the days: a state is what the rules need to know of the days before (the
set of types tomorrow may not be, the length of the current run of work or of days off,
weekends worked, contract minutes so far), and the cheapest rota is a shortest path through
those states, found exactly in a few milliseconds by a compiled loop (numba).

Per-type shift limits (Curtois: at most 3 ``n1`` in the horizon) would multiply the states;
they are priced instead (Lagrangian relaxation, Polyak steps): a type over its limit costs
more until the cheapest rota keeps the limits, and those prices, less what the limits allow,
give a lower bound on the worker's cheapest rota. When a gap remains (a type's shifts come in
runs, so a price drops all of them or none), the type priced highest is followed exactly from
then on: its count joins the states. CP-SAT prices only a rota still not proved cheapest.

``DayPricer.of`` says which workers it can price: one shift a day and only the rules it
follows (runs, days off, successions, weekends, horizon minutes, type limits, requests,
preferences, locks). Any other rule of the worker leaves them to CP-SAT.
"""

from __future__ import annotations

import math
from collections.abc import Set
from dataclasses import dataclass, replace
from math import gcd

import numpy as np
from numba import njit

from rota_engine.build import Builder
from rota_engine.rules.hours import average_48h_cap
from rota_engine.rules.requests import matching
from rota_engine.rules.weekends import weekend_groups

# States beyond this many minute steps are left to CP-SAT (a gcd of 1 minute over 160 h).
MAX_MINUTE_STEPS = 500
# Rotas a call returns at most: the cheapest and others away from it (each of their shifts
# costing AWAY of a typical shift's cost more than the last): more rotas a round, fewer rounds
# (Curtois Instance13: 2 075 after 25 rounds instead of 2 100 after 36).
ALTERNATIVES, AWAY = 2, 0.5
# Walks per call at most while pricing the types over their limit: quick and thorough.
QUICK_WALKS, THOROUGH_WALKS = 3, 12
# Deterministic seconds per state expansion (about CP-SAT's pace on this machine, measured).
DETERMINISTIC_PER_STEP = 5e-9

# Weekend day counting: not a weekend day, always a new weekend when worked, a new weekend
# only when the day before (the same weekend) was off.
_NO, _NEW, _NEW_AFTER_OFF = 0, 1, 2
# ``lock`` per day: free, off, or the index of the option that must be taken.
_FREE, _OFF = -1, -2


@dataclass(frozen=True)
class Priced:
    """A worker's cheapest rota found against the prices (``None``: none keeps their rules), its
    own cost, a lower bound on the cheapest priced cost, the deterministic time spent, every
    other rota found on the way that keeps the rules (with its own cost), and whether the rota
    is proved cheapest."""

    shifts: frozenset[int] | None
    own: int
    least: float
    deterministic_time: float
    found: tuple[tuple[frozenset[int], int], ...] = ()
    exact: bool = False


@njit(cache=True, nogil=True)
def _walk(
    first: np.ndarray,
    count: np.ndarray,
    units: np.ndarray,
    after: np.ndarray,
    ok: np.ndarray,
    cost: np.ndarray,
    lock: np.ndarray,
    weekend: np.ndarray,
    kmax: int,
    mmin: int,
    offmin: int,
    wmax: int,
    mtop: int,
    mneed: int,
    clamp: bool,
    tick: np.ndarray,
    tcap: int,
) -> tuple[float, np.ndarray, int]:
    """The cheapest walk through the days: its cost, the option taken each day (-1 off) and
    the number of state expansions. ``inf`` when no walk keeps the rules. At most ``tcap``
    options with ``tick`` 1 are taken."""
    days = first.shape[0]
    classes = ok.shape[0]
    # The resources: minutes so far (m) and options ticked so far (c), as q = c * big_m + m.
    big_w, big_m = wmax + 1, mtop + 1
    big_q = big_m * (tcap + 1)
    work_size = classes * kmax * 2 * big_w * big_q
    size = work_size + offmin * 2 * big_w * big_q
    now = np.full(size, np.inf)
    nxt = np.empty(size)
    back = np.empty((days, size), np.int64)
    # Before day 0: off since the start (exempt from the minimum days off).
    now[work_size + (((offmin - 1) * 2 + 1) * big_w) * big_q] = 0.0
    stride = count.max() + 1
    steps = 0
    for d in range(days):
        nxt[:] = np.inf
        for st in range(size):
            v = now[st]
            if v == np.inf:
                continue
            a = r = e = o = s = 0
            q = st % big_q
            m, c = q % big_m, q // big_m
            w = (st // big_q) % big_w
            working = st < work_size
            if working:
                e = (st // (big_q * big_w)) % 2
                r = (st // (big_q * big_w * 2)) % kmax
                a = st // (big_q * big_w * 2 * kmax)
            else:
                s = ((st - work_size) // (big_q * big_w)) % 2
                o = (st - work_size) // (big_q * big_w * 2)
            if lock[d] == _FREE or lock[d] == _OFF:
                steps += 1
                if working:
                    # A run ends: long enough, or from the start of the horizon.
                    go = r + 1 >= mmin or e == 1
                    to = work_size + w * big_q + q
                else:
                    go = True
                    to = work_size + ((min(o + 1, offmin - 1) * 2 + s) * big_w + w) * big_q + q
                if go and v < nxt[to]:
                    nxt[to] = v
                    back[d, to] = st * stride
            if lock[d] == _OFF:
                continue
            for k in range(first[d], first[d] + count[d]):
                if lock[d] >= 0 and k != lock[d]:
                    continue
                steps += 1
                if working:
                    if not ok[a, k] or r + 1 >= kmax:
                        continue
                    nr, ne = r + 1, e
                else:
                    if o != offmin - 1 and s == 0:
                        continue
                    nr, ne = 0, 1 if d == 0 else 0
                nw = w
                if weekend[d] == _NEW or (weekend[d] == _NEW_AFTER_OFF and not working):
                    nw += 1
                    if nw > wmax:
                        continue
                nm = m + units[k]
                if nm > mtop:
                    if not clamp:
                        continue
                    nm = mtop
                nc = c + tick[k]
                if nc > tcap:
                    continue
                to = (((after[k] * kmax + nr) * 2 + ne) * big_w + nw) * big_q + nc * big_m + nm
                value = v + cost[k]
                if value < nxt[to]:
                    nxt[to] = value
                    back[d, to] = st * stride + (k - first[d] + 1)
        now, nxt = nxt, now
    best, at = np.inf, -1
    for st in range(size):
        if now[st] < best and st % big_q % big_m >= mneed:
            best, at = now[st], st
    taken = np.full(days, -1, np.int64)
    if at < 0:
        return best, taken, steps
    for d in range(days - 1, -1, -1):
        code = back[d, at]
        pick = code % stride
        taken[d] = first[d] + pick - 1 if pick > 0 else -1
        at = code // stride
    return best, taken, steps


def _overlapping(b: Builder, js: list[int]) -> bool:
    """Does a shift of ``js`` overlap one on a later day?"""
    by_day: dict[int, list[int]] = {}
    for j in js:
        by_day.setdefault(b.shifts[j].day, []).append(j)
    latest = -math.inf
    for day in sorted(by_day):
        if min(b.starts[j] for j in by_day[day]) < latest:
            return True
        latest = max(latest, *(b.ends[j] for j in by_day[day]))
    return False


class DayPricer:
    """One worker's rules as a walk through the days (see the module's docstring)."""

    def __init__(self, b: Builder, i: int) -> None:
        p = b.problem
        staff = p.staff[i]
        rules = p.rules
        by_day: list[list[int]] = [[] for _ in range(p.days)]
        for j in b.by_staff[i]:
            by_day[p.shifts[j].day].append(j)
        options = [j for js in by_day for j in js]
        self.options = np.array(options, np.int64)
        self.first = np.cumsum([0] + [len(js) for js in by_day[:-1]]).astype(np.int64)
        self.count = np.array([len(js) for js in by_day], np.int64)
        # Own costs: requests and preferences, per option plus a constant.
        index = {j: k for k, j in enumerate(options)}
        own = np.zeros(len(self.options), np.int64)
        self.constant = 0
        for request in staff.requests:
            if request.weight <= 0:
                continue
            weight = p.weights.request * request.weight
            ks = [index[j] for j in matching(b, i, request)]
            if request.kind == "on":
                self.constant += weight
                own[ks] -= weight
            else:
                own[ks] += weight
        for j in options:
            for pref in p.shifts[j].preferences:
                if pref.staff_id != staff.id:
                    continue
                # A favourite costs when not on the shift, someone to avoid when on it.
                weight = p.weights.preference * pref.weight
                if weight > 0:
                    self.constant += weight
                own[index[j]] -= weight
        self.own = own
        # Successions: each option leads to the class of types forbidden tomorrow.
        codes = [p.shifts[j].type_code for j in options]
        not_after: dict[str, set[str]] = {}
        for before, then in rules.forbidden_successions:
            not_after.setdefault(before, set()).add(then)
        sets = sorted({frozenset(not_after.get(c, ())) for c in codes}, key=sorted)
        self.after = np.array([sets.index(frozenset(not_after.get(c, ()))) for c in codes])
        self.ok = np.array([[c not in s for c in codes] for s in sets], np.bool_).reshape(
            len(sets), len(codes)
        )
        # Locks.
        self.lock = np.full(p.days, _FREE, np.int64)
        for k, j in enumerate(options):
            if staff.id in p.shifts[j].locked:
                self.lock[p.shifts[j].day] = k
        # Runs: the kernel counts a run of work in 1..kmax days.
        self.kmax, self.mmin, self.offmin = p.days, 1, 1
        if rules.consecutive_runs:
            if staff.max_consecutive_days is not None:
                self.kmax = max(1, min(p.days, staff.max_consecutive_days))
            self.mmin = max(1, staff.min_consecutive_days or 1)
            self.offmin = max(1, staff.min_consecutive_days_off or 1)
        # Weekends.
        self.weekend = np.full(p.days, _NO, np.int64)
        self.wmax = 0
        groups = [g for g in weekend_groups(b) if any(by_day[d] for d in g)]
        if rules.weekends and staff.max_weekends is not None and len(groups) > staff.max_weekends:
            self.wmax = staff.max_weekends
            for group in groups:
                for n, d in enumerate(group):
                    self.weekend[d] = _NEW if n == 0 else _NEW_AFTER_OFF
        # Contract minutes over the horizon, in steps of their greatest common divisor.
        contract = set(rules.contract_time_kinds)
        minutes = [b.minutes[j] if p.shifts[j].kind in contract else 0 for j in options]
        lo = staff.min_minutes_horizon if rules.contract_bands else None
        hi = staff.max_minutes_horizon if rules.contract_bands else None
        unit = 0
        for value in (*minutes, lo or 0, hi or 0):
            unit = gcd(unit, value)
        unit = unit or 1
        self.units = np.array([m // unit for m in minutes], np.int64)
        self.need = math.ceil((lo or 0) / unit)
        self.clamp = hi is None or hi // unit >= int(self.units.sum())
        self.top = self.need if self.clamp else hi // unit  # type: ignore[operator]
        # Per-type limits that can bind, and their prices.
        limited = {
            code: limit
            for code, limit in staff.max_shifts_per_type.items()
            if rules.shift_limits and codes.count(code) > limit
        }
        self.limits = sorted(limited.items())
        self.caps = np.array([limit for _, limit in self.limits], np.int64)
        self.of_type = np.array(
            [[c == code for c in codes] for code, _ in self.limits], np.int64
        ).reshape(len(self.limits), len(codes))
        self.penalty = np.zeros(len(self.limits))
        # One limited type may be followed exactly instead, in the walk's states.
        self.tracked: int | None = None
        self.tick = np.zeros(len(codes), np.int64)
        self.tcap = 0

    @classmethod
    def of(cls, b: Builder, i: int) -> DayPricer | None:
        """The pricer of worker ``i``, or ``None`` when a rule it does not follow applies."""
        p = b.problem
        rules = p.rules
        staff = p.staff[i]
        js = b.by_staff[i]
        if rules.max_shifts_per_day != 1 or not js:
            return None
        if rules.min_rest_minutes is not None or rules.weekly_rest is not None:
            return None
        if rules.max_working_period_minutes is not None:
            return None
        if rules.no_overlap and _overlapping(b, js):
            return None
        if average_48h_cap(b, staff) is not None:
            return None
        if rules.night_worker_limit and staff.night_worker:
            return None
        if rules.contract_bands and (
            staff.min_minutes_per_week
            or staff.max_minutes_per_week is not None
            or (staff.target_minutes_per_week is not None and p.weights.contract_target)
            or (staff.min_minutes_horizon and not rules.contract_min_hard)
        ):
            return None
        if rules.shift_limits and (staff.max_shifts_per_kind or staff.max_sleep_ins_per_week):
            return None
        if rules.consecutive_runs and (
            staff.worked_days_before
            or (not rules.runs_exempt_at_edges and (staff.min_consecutive_days or 0) > 1)
        ):
            return None
        if p.weights.relief and any(p.shifts[j].person_id is not None for j in js):
            return None
        locked = [b.shifts[j].day for j in js if staff.id in b.shifts[j].locked]
        if len(set(locked)) < len(locked):
            return None
        for group in weekend_groups(b):
            if group != list(range(group[0], group[0] + len(group))):
                return None
        pricer = cls(b, i)
        return None if pricer.top >= MAX_MINUTE_STEPS else pricer

    def price(
        self, prices: list[float], thorough: bool = True, alternatives: int = ALTERNATIVES
    ) -> Priced:
        """The worker's cheapest rota against ``prices`` (by shift index), in fewer walks
        unless ``thorough``, and ``alternatives - 1`` other rotas away from it."""
        base = self.own - np.array([prices[j] for j in self.options.tolist()])
        best: tuple[float, list[int]] | None = None
        seen: dict[frozenset[int], int] = {}
        least = -math.inf
        steps = 0
        for k in range((THOROUGH_WALKS if thorough else QUICK_WALKS) if self.limits else 1):
            value, picks, n = self._walk(base + self.penalty @ self.of_type, self.lock)
            steps += n
            if value == math.inf:
                return Priced(None, 0, math.inf, steps * DETERMINISTIC_PER_STEP, exact=True)
            over = self._over(picks)
            least = max(least, value - float(self.penalty @ self.caps))
            if (over <= 0).all():
                self._keep(picks, seen)
                priced = float(base[picks].sum())
                if best is None or priced < best[0]:
                    best = priced, picks
                if best[0] - least < 1e-6:
                    break
            # Polyak's step towards the best rota's cost (or a little above the bound), halved
            # on each walk: whole blocks of a type come and go together.
            target = best[0] if best is not None else value + max(1.0, abs(value) / 10)
            moving = np.where((self.penalty > 0) | (over > 0), over, 0)
            if self.tracked is not None:
                moving[self.tracked] = 0
            norm = float(moving @ moving)
            if norm == 0:
                break
            charge = float(self.penalty @ self.caps)
            step = (target - (value - charge)) / norm / 2**k
            self.penalty = np.maximum(0.0, self.penalty + step * moving)
        least += self.constant
        exact = best is not None and best[0] + self.constant - least < 1e-6
        if not exact and self.tracked is None and self.limits:
            # Prices leave a gap (a type's shifts come in blocks): follow the type priced
            # highest exactly from now on.
            self.tracked = int(np.argmax(self.penalty))
            self.penalty[self.tracked] = 0.0
            self.tick = self.of_type[self.tracked].copy()
            self.tcap = self.limits[self.tracked][1]
            again = self.price(prices, thorough, alternatives)
            spent = steps * DETERMINISTIC_PER_STEP
            return replace(again, deterministic_time=again.deterministic_time + spent)
        if best is None:
            # No prices found the limits kept: leave out every type over its limit.
            left_out = base + self.penalty @ self.of_type
            while best is None:
                value, picks, n = self._walk(left_out, self.lock)
                steps += n
                over = self._over(picks)
                if value == math.inf:
                    return Priced(None, 0, least, steps * DETERMINISTIC_PER_STEP)
                if (over <= 0).all():
                    self._keep(picks, seen)
                    best = float(base[picks].sum()), picks
                left_out[(self.of_type[over > 0] > 0).any(axis=0)] = math.inf
        picks = best[1]
        away = base + self.penalty @ self.of_type
        for _ in range(alternatives - 1):
            # Every shift of the last rota found costs more: the walk finds another.
            away[picks] += AWAY * max(1.0, float(np.abs(base[picks]).mean()))
            value, picks, n = self._walk(away, self.lock)
            steps += n
            if value == math.inf:
                break
            if (self._over(picks) <= 0).all():
                self._keep(picks, seen)
        rota = self._rota(best[1])
        found = tuple((r, c) for r, c in seen.items() if r != rota)
        return Priced(rota, seen[rota], least, steps * DETERMINISTIC_PER_STEP, found, exact)

    def _over(self, picks: list[int]) -> np.ndarray:
        """How far the options ``picks`` go over each type's limit (negative: under it)."""
        return self.of_type[:, picks].sum(axis=1) - self.caps  # type: ignore[no-any-return]

    def _rota(self, picks: list[int]) -> frozenset[int]:
        return frozenset(int(self.options[k]) for k in picks)

    def _keep(self, picks: list[int], seen: dict[frozenset[int], int]) -> None:
        seen[self._rota(picks)] = self.constant + int(self.own[picks].sum())

    def cost(self, shifts: Set[int]) -> int | None:
        """What the rota ``shifts`` costs the worker (``None``: it breaks a rule)."""
        lock = self.lock.copy()
        picks: list[int] = []
        for d in range(len(lock)):
            start, n = int(self.first[d]), int(self.count[d])
            chosen = [k for k in range(start, start + n) if int(self.options[k]) in shifts]
            if len(chosen) > 1 or (lock[d] >= 0 and chosen != [lock[d]]):
                return None
            lock[d] = chosen[0] if chosen else _OFF
            picks += chosen
        if len(picks) < len(shifts) or (self._over(picks) > 0).any():
            return None
        value, _, _ = self._walk(self.own, lock)
        if value == math.inf:
            return None
        return self.constant + int(self.own[picks].sum())

    def _walk(self, cost: np.ndarray, lock: np.ndarray) -> tuple[float, list[int], int]:
        """The cheapest walk's cost, the options it takes and the work it took."""
        value, taken, steps = _walk(
            self.first, self.count, self.units, self.after, self.ok,
            cost.astype(np.float64), lock, self.weekend, self.kmax, self.mmin,
            self.offmin, self.wmax, self.top, self.need, self.clamp, self.tick, self.tcap,
        )  # fmt: skip
        return float(value), [int(k) for k in taken if k >= 0], int(steps)

"""Guided best response: a rota for large problems whose every worker the walk can price.

When only cover ties workers together (``subproblem.separable``), a worker's best whole rota
while everyone else's stays is one walk through the days (``day_pricer``): each shift is worth
its under-cover weight to the worker while the others leave it short, and costs its
over-cover weight once they fill it. Workers take turns to move to theirs, so no turn makes
the rota worse, and they soon settle where no worker alone can better it. A place still short
after a round then gains a little price for the next (guided local search): the workers
around it move to fill it and leave easier places short, and the best rota seen is kept.

Curtois Instance13 (120 workers, 28 days, above ``COLUMNS_MAX_PAIRS``): about a second a
round, ~2 150-2 500 after 25-40 s; with the neighbourhood search after it, ~2 130 at 60 s,
where that search from the rota built by ``patterns`` ended at ~3 500 (docs/engine.md).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from rota_engine.build import Builder
from rota_engine.columns import score_rotas, slack_costs
from rota_engine.day_pricer import DayPricer, Priced

# The price a place gains, as a share of its under-cover weight, for each round it ends short.
GUIDE = 0.2
# Workers priced side by side against the same rota: a batch of two left the second thread
# idle while the slower walk ran (Instance13: 1.46 s a round; in eights 1.09 s; 1.77 s alone).
BATCH = 8
# What a shift at its hard cover limit costs to take: more than any rota can save.
CAPPED = 1e9
# Deterministic seconds of a response besides its walks (its prices, its move): on small
# problems that is most of the work (six workers, two weeks: ~0.25 ms a response).
RESPONSE_DETERMINISTIC = 2e-4


@dataclass(frozen=True)
class Result:
    """The best rota found (one rota per worker, as shift indices), its objective and the
    deterministic time spent; ``rotas`` is ``None`` when some worker found no rota at all."""

    rotas: tuple[frozenset[int], ...] | None
    objective: int | None
    deterministic_time: float


def pricers(b: Builder) -> list[DayPricer] | None:
    """Every worker's walk, or ``None`` when some worker's rules are not the walk's."""
    walks = []
    for i in range(len(b.problem.staff)):
        walk = DayPricer.of(b, i)
        if walk is None:
            return None
        walks.append(walk)
    return walks


def search(
    b: Builder,
    walks: Sequence[DayPricer],
    *,
    seed: int,
    workers: int,
    used: Callable[[float], float],
    cancelled: Callable[[], bool],
    improved: Callable[[int], None],
) -> Result:
    """Rounds of best responses from no rota at all until ``used(spent)`` (the share of the
    time given that is gone after ``spent`` deterministic seconds) reaches 1 or
    ``cancelled()``, telling ``improved`` each better objective. Each round visits the
    workers in a shuffled order, ``BATCH`` at a time: those are priced side by side (in
    ``workers`` threads) against the same rota, and each moves, in turn, only if its new rota
    is still better against the rota as the ones before it left it. The result depends on
    ``seed``, not on ``workers``."""
    p = b.problem
    slack = slack_costs(p)
    need = [s.headcount for s in p.shifts]
    capped = [s.over_weight is None for s in p.shifts]
    guide = [0.0] * len(need)
    count = [0] * len(need)
    rotas: list[frozenset[int] | None] = [None] * len(walks)
    own = [0] * len(walks)
    best: tuple[tuple[frozenset[int], ...], int] | None = None
    order = list(range(len(walks)))
    rng = random.Random(seed)  # noqa: S311 - search diversity, not security
    spent = 0.0

    def worth(j: int, leaving: frozenset[int] | None) -> float:
        """What shift ``j`` is worth to a worker now on ``leaving`` (the rest of the rota
        staying as it is)."""
        others = count[j] - (1 if leaving is not None and j in leaving else 0)
        if others < need[j]:
            return slack[j][0] + guide[j]
        return -CAPPED if capped[j] else -slack[j][1]

    def respond(i: int, prices: list[float]) -> Priced:
        return walks[i].price(prices, thorough=False, alternatives=1)

    def fits(shifts: frozenset[int] | None, leaving: frozenset[int] | None) -> bool:
        """Does a worker now on ``leaving`` keep every hard cover limit on ``shifts``?"""
        return shifts is not None and not any(capped[j] and worth(j, leaving) < 0 for j in shifts)

    def gain(i: int, shifts: frozenset[int], cost: int) -> float:
        return cost - sum(worth(j, rotas[i]) for j in shifts)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while used(spent) < 1 and not cancelled():
            rng.shuffle(order)
            for at in range(0, len(order), BATCH):
                if cancelled():
                    break
                batch = order[at : at + BATCH]
                asked = [[worth(j, rotas[i]) for j in range(len(need))] for i in batch]
                answers = list(pool.map(respond, batch, asked))
                for i, found in zip(batch, answers, strict=True):
                    spent += found.deterministic_time + RESPONSE_DETERMINISTIC
                    old = rotas[i]
                    if old is None and not fits(found.shifts, old):
                        # A first rota the batch before it has made break a cover limit:
                        # this worker answers again, against the rota as it is now.
                        found = respond(i, [worth(j, None) for j in range(len(need))])
                        spent += found.deterministic_time + RESPONSE_DETERMINISTIC
                    new = found.shifts
                    if new is None or not fits(new, old):
                        if old is None:
                            return Result(None, None, spent)
                        continue
                    if old is not None and gain(i, new, found.own) >= gain(i, old, own[i]) - 1e-9:
                        continue
                    for j in old or ():
                        count[j] -= 1
                    for j in new:
                        count[j] += 1
                    rotas[i], own[i] = new, found.own
            done = tuple(r for r in rotas if r is not None)
            if len(done) < len(rotas):  # cancelled before every worker had a rota
                break
            _, objective = score_rotas(p, done, own)
            if best is None or objective < best[1]:
                best = done, objective
                improved(objective)
            for j, short in enumerate(need):
                if count[j] < short:
                    guide[j] += GUIDE * slack[j][0]
    if best is None:
        return Result(None, None, spent)
    return Result(best[0], best[1], spent)

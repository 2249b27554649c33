"""``sammen bench matching``: the matching engine (``sammen.matching``) on synthetic people spread over Denmark,
clustered around its towns, in memory (no database): visiting friends (100,000 requests × 20,000 volunteers, up to
25 candidates each), a national Christmas campaign (5,000 hosts, 8,000 guest parties of 1–6 people) and a
municipality-size one (300 parties), each beside the greedy first-come baseline and the bound (the flow
relaxation).
"""

import math
import random
import time

from sammen.matching import IN_PERSON, Offer, Request, Weights, candidates, greedy, match_one_to_many, match_parties

# Danish towns (lat, lon) and their weight in the population; everyone else lives spread over the country.
TOWNS = [
    ((55.676, 12.568), 30),  # København
    ((56.157, 10.211), 14),  # Aarhus
    ((55.403, 10.402), 8),  # Odense
    ((57.048, 9.919), 7),  # Aalborg
    ((55.476, 8.459), 4),  # Esbjerg
    ((55.709, 9.536), 3),  # Vejle
    ((56.139, 8.974), 2),  # Herning
    ((56.360, 8.616), 2),  # Holstebro
    ((56.460, 10.036), 2),  # Randers
    ((55.490, 9.472), 2),  # Kolding
    ((55.641, 12.080), 2),  # Roskilde
    ((55.233, 11.767), 1),  # Næstved
]
SOUTH, NORTH, WEST, EAST = 54.6, 57.7, 8.1, 12.6
RURAL_SHARE = 0.15
INTERESTS = ["strik", "kaffe", "gåture", "fodbold", "bøger", "musik", "have", "kortspil", "film", "historie", "mad"]
LANGUAGES = ["da", "en", "de", "ar", "uk", "pl", "tr"]
LANGUAGE_WEIGHTS = [60, 20, 6, 5, 4, 3, 2]
SLOTS = [f"{day}_{part}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for part in ("am", "pm", "eve")]
ONLINE = ["video", "phone"]
# Christmas Eve: the distance is the main cost, shared interests a small plus.
CHRISTMAS = Weights(per_km=1.0, in_person=0.0, per_interest=0.5, per_language=1.0, per_availability=0.0)


def run(
    *, stdout, requests: int, volunteers: int, candidates_per_request: int, hosts: int, parties: int, small: int
) -> None:
    _visiting_friends(stdout, requests, volunteers, candidates_per_request)
    # The national campaign's time is spread over its clusters; the municipality's one cluster gets more.
    _christmas(stdout, "national Christmas", hosts, parties, candidates_per_request, seed=2, time_limit=1.0)
    small_hosts = max(1, round(small * hosts / max(parties, 1)))
    _christmas(
        stdout, "municipality Christmas", small_hosts, small, candidates_per_request, seed=3, town=6, time_limit=1.2
    )


def _point(rng: random.Random, town: int | None = None) -> tuple[float, float]:
    if town is None and rng.random() < RURAL_SHARE:
        return rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)
    if town is None:
        town = rng.choices(range(len(TOWNS)), weights=[w for _, w in TOWNS])[0]
    (lat, lon), _ = TOWNS[town]
    spread = 0.06
    return (
        min(NORTH, max(SOUTH, rng.gauss(lat, spread))),
        min(EAST, max(WEST, rng.gauss(lon, spread / math.cos(math.radians(lat))))),
    )


def _person(rng: random.Random) -> dict:
    languages = {"da"} | set(rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS, k=rng.randint(0, 2)))
    return {
        "interests": frozenset(rng.sample(INTERESTS, rng.randint(1, 4))),
        "languages": frozenset(languages),
        "availability": frozenset(rng.sample(SLOTS, rng.randint(2, 8))),
    }


def _channels(rng: random.Random) -> frozenset[str]:
    roll = rng.random()
    if roll < 0.6:
        return frozenset({IN_PERSON})
    if roll < 0.8:
        return frozenset({IN_PERSON, rng.choice(ONLINE)})
    return frozenset(rng.sample(ONLINE, rng.randint(1, 2)))


def _visiting_friends(stdout, n_requests: int, n_volunteers: int, k: int) -> None:
    rng = random.Random(1)
    genders = ["female", "male"]
    requests = [
        Request(
            id=n,
            point=_point(rng),
            channels=_channels(rng),
            wishes={"gender": "female"} if rng.random() < 0.2 else {},
            preferences={"smoking": False} if rng.random() < 0.5 else {},
            attributes={"gender": rng.choice(genders)},
            max_distance_km=rng.choice([5, 10, 15, 25]),
            **_person(rng),
        )
        for n in range(n_requests)
    ]
    offers = [
        Offer(
            id=n,
            point=_point(rng),
            channels=_channels(rng),
            capacity=rng.choices([1, 2, 3], weights=[5, 3, 2])[0],
            max_distance_km=rng.choice([5, 10, 20, 30]),
            attributes={"gender": rng.choice(genders), "smoking": rng.random() < 0.15},
            **_person(rng),
        )
        for n in range(n_volunteers)
    ]
    started = time.perf_counter()
    cand = candidates(requests, offers, k=k)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    best = match_one_to_many(requests, offers, cand=cand)
    solved = time.perf_counter() - started
    first_come = greedy(requests, offers, cand=cand)
    capacity = sum(o.capacity for o in offers)
    stdout.write(
        f"visiting friends: {n_requests:,} requests × {n_volunteers:,} volunteers ({capacity:,} places), "
        f"≤ {k} candidates each"
    )
    stdout.write(
        f"  time {generated + solved:.1f} s (candidates {generated:.1f} s, flow {solved:.1f} s), "
        f"{len(cand):,} arcs, {best.components:,} components"
    )
    stdout.write(
        f"  matched {best.matched:,} ({_share(best.matched, n_requests)} of requests), optimal; "
        f"greedy {first_come.matched:,} ({_share(first_come.matched, best.matched)} of optimal); "
        f"bound {best.bound:,}"
    )


def _christmas(
    stdout, label: str, n_hosts: int, n_parties: int, k: int, *, seed: int, time_limit: float, town: int | None = None
):
    rng = random.Random(seed)
    parties = [
        Request(
            id=n,
            point=_point(rng, town),
            channels=frozenset({IN_PERSON}),
            needs=rng.choices([1, 2, 3, 4, 5, 6], weights=[25, 25, 18, 16, 10, 6])[0],
            wishes={"smoking": False} if rng.random() < 0.3 else {},
            attributes={"pets": rng.random() < 0.2},
            max_distance_km=rng.choice([10, 20, 30]),
            interests=frozenset(rng.sample(INTERESTS, 2)),
        )
        for n in range(n_parties)
    ]
    tables = [
        Offer(
            id=n,
            point=_point(rng, town),
            channels=frozenset({IN_PERSON}),
            capacity=rng.choices([2, 3, 4, 5, 6, 8], weights=[10, 15, 30, 20, 15, 10])[0],
            attributes={"smoking": rng.random() < 0.1},
            wishes={"pets": False} if rng.random() < 0.2 else {},
            interests=frozenset(rng.sample(INTERESTS, 2)),
        )
        for n in range(n_hosts)
    ]
    started = time.perf_counter()
    cand = candidates(parties, tables, weights=CHRISTMAS, k=k)
    best = match_parties(parties, tables, weights=CHRISTMAS, cand=cand, time_limit=time_limit)
    took = time.perf_counter() - started
    first_come = greedy(parties, tables, weights=CHRISTMAS, cand=cand)
    people = sum(p.needs for p in parties)
    seats = sum(t.capacity for t in tables)
    seated_at: dict[object, int] = {}
    tables_of: dict[object, int] = {}
    for proposal in best.proposals:
        tables_of[proposal.request_id] = tables_of.get(proposal.request_id, 0) + 1
        seated_at[proposal.offer_id] = seated_at.get(proposal.offer_id, 0) + parties[proposal.request_id].needs
    split = sum(1 for count in tables_of.values() if count > 1)
    over = sum(max(0, used - tables[table].capacity) for table, used in seated_at.items())
    stdout.write(
        f"{label}: {n_hosts:,} hosts ({seats:,} seats) × {n_parties:,} parties ({people:,} people), "
        f"≤ {k} candidates each"
    )
    stdout.write(f"  time {took:.1f} s, {len(cand):,} arcs, {best.components:,} clusters, {_status(best)}")
    stdout.write(
        f"  seated {best.seated:,} people ({_share(best.seated, best.bound)} of bound {best.bound:,}, "
        f"gap {_share(best.bound - best.seated, best.bound)}); greedy {first_come.seated:,} "
        f"({_share(first_come.seated, best.bound)} of bound)"
    )
    stdout.write(f"  parties split {split}, seats over capacity {over}")


def _status(matching) -> str:
    if matching.optimal:
        return "optimal"
    if matching.seated_optimal:
        return "seated optimal (proven), score best found in the time limit"
    return "feasible (time limit)"


def _share(part: int, whole: int | None) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"

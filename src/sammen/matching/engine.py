"""The matching engine: who could be matched with whom, why, and the best assignment of all of them at once.

Inputs are plain dataclasses, so every programme maps its own models onto them:

- ``Request``: someone who asks (a citizen wanting a visiting friend, a Christmas guest party of ``needs``
  people), with a ``point`` (lat, lon) or None, the ``channels`` they accept (``IN_PERSON`` and/or online ones
  such as "video", "phone"), interests, languages, availability (slot names such as "mon_evening"), hard
  ``wishes`` and soft ``preferences`` about the other side's attributes, their own ``attributes`` and the
  farthest they will travel (``max_distance_km``).
- ``Offer``: someone who gives (a volunteer with room for ``capacity`` friends, a host with ``capacity`` seats),
  with the same kinds of fields and hard ``wishes`` of its own.

A wish or preference maps an attribute name to the value wanted or to a set of acceptable values:
``{"smoking": False, "gender": {"female", "other"}}``. A missing attribute never fulfils a wish.

Hard constraints exclude a pair: an in-person pair needs both points and a distance within both sides' limits
(haversine), an online pair a shared online channel; the offer must have room for the request's ``needs``; every
wish of either side must hold. Everything else is scored by ``Weights`` into explainable ``Part``s ("distance",
"in_person", "interests", "languages", "availability", "preferences"), whose points sum to the pair's score, and
each ``Proposal`` carries them so that the coordinator sees why it was proposed. A part's ``detail`` is neutral
("4.2 km", "strik, kaffe"); the page that shows it labels the part's name in Danish.

- ``candidates``: sparse candidate arcs, never all pairs: in-person offers are bucketed in a grid of 0.25° cells
  and each request looks only at the cells its distance limit reaches; online requests look at the online offers
  sharing a channel. Where a request could reach more than ``pool`` offers (a city), it scores a window of
  ``pool`` of them (a fixed shuffle, each block of requests its own window, so every offer is seen); each request
  keeps its ``k`` best.
- ``match_one_to_many``: requests of one unit each to offers with capacity (visiting friends): the most requests
  matched, then the highest total score, exactly, by OR-Tools' min-cost flow on each connected component of the
  candidate graph.
- ``match_parties``: indivisible parties to tables (Christmas friends): never a party split, never a table over
  its seats; the most people seated, then the highest score, by CP-SAT on clusters of at most ``cluster_size``
  parties (components of the candidate graph, cut in halves where larger), hinted by a repaired flow solution
  improved by local search (ejection chains: an unseated party takes a table whose seats a party there frees by
  moving on to another of its tables, and so on to a table with room); a party the hint seats across a cut
  keeps that seat, and a cluster never ends below its part of the hint. The flow relaxation (parties
  divisible) is the bound.
- ``greedy``: first come, best available, the baseline the benchmark compares with; ``flow_bound``: the most
  people any assignment could seat.
- ``explain``: the parts of one pair's score.
"""

import math
import time
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

IN_PERSON = "in_person"
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
CELL_DEGREES = 0.25
# Scores become integer costs at this resolution (1/100 point) for the flow and 1/10 point for CP-SAT, whose
# objective stays smaller that way.
FLOW_SCALE = 100
SAT_SCALE = 10
BLOCK_CELLS = 2_000_000  # the largest request × offer block scored at once (memory, not speed)
MISSING = 63  # the attribute code of "not stated", which no wish accepts


@dataclass(frozen=True)
class Request:
    id: Hashable
    point: tuple[float, float] | None = None
    channels: frozenset[str] = frozenset({IN_PERSON})
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    wishes: Mapping[str, object] = field(default_factory=dict)
    preferences: Mapping[str, object] = field(default_factory=dict)
    attributes: Mapping[str, object] = field(default_factory=dict)
    needs: int = 1
    max_distance_km: float | None = None


@dataclass(frozen=True)
class Offer:
    id: Hashable
    point: tuple[float, float] | None = None
    channels: frozenset[str] = frozenset({IN_PERSON})
    capacity: int = 1
    max_distance_km: float | None = None
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    attributes: Mapping[str, object] = field(default_factory=dict)
    wishes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Weights:
    """Points of each part of a score; distance costs points, everything else earns them."""

    per_km: float = 0.25
    in_person: float = 2.0
    per_interest: float = 1.0
    max_interests: int = 3
    per_language: float = 1.5
    max_languages: int = 2
    per_availability: float = 0.5
    max_availability: int = 4
    per_preference: float = 1.0


@dataclass(frozen=True)
class Part:
    name: str
    points: float
    detail: str


@dataclass(frozen=True)
class Proposal:
    request_id: Hashable
    offer_id: Hashable
    channel: str  # IN_PERSON or the online channels shared, comma-separated
    score: float
    parts: tuple[Part, ...]


@dataclass
class Matching:
    proposals: list[Proposal]
    unmatched: list[Hashable]
    arcs: int
    components: int
    matched: int  # requests (parties) matched
    seated: int  # people matched: the sum of the matched requests' needs
    score: float
    optimal: bool  # proven best: the most people matched, and with that many the best score
    # The most people any assignment could match: the flow relaxation, or CP-SAT's bound where it is tighter.
    bound: int | None = None
    seated_optimal: bool = False  # proven that no assignment matches more people (the score may not be best)


@dataclass
class Candidates:
    """Candidate arcs as parallel arrays: request index, offer index, score, whether the pair meets in person."""

    request: np.ndarray
    offer: np.ndarray
    score: np.ndarray
    in_person: np.ndarray

    def __len__(self) -> int:
        return len(self.request)


# --- explaining one pair -------------------------------------------------------------------------------------


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def _accepts(wanted: object, value: object) -> bool:
    if isinstance(wanted, set | frozenset | tuple | list):
        return value in wanted
    return value == wanted


def _wishes_hold(wishes: Mapping[str, object], attributes: Mapping[str, object]) -> bool:
    return all(key in attributes and _accepts(wanted, attributes[key]) for key, wanted in wishes.items())


def _in_person_possible(request: Request, offer: Offer, max_km: float) -> float | None:
    """The distance of an in-person pair if it is allowed, else None."""
    if IN_PERSON not in request.channels or IN_PERSON not in offer.channels:
        return None
    if request.point is None or offer.point is None:
        return None
    km = haversine_km(request.point, offer.point)
    limit = min(_limit(request.max_distance_km, max_km), _limit(offer.max_distance_km, max_km))
    return km if km <= limit else None


def _limit(value: float | None, max_km: float) -> float:
    return max_km if value is None else min(value, max_km)


def explain(
    request: Request, offer: Offer, weights: Weights = Weights(), *, in_person: bool | None = None, max_km: float = 100
) -> tuple[str, tuple[Part, ...]] | None:
    """The channel and parts of a pair's score, or None when a hard constraint excludes it. ``in_person`` picks
    the way they meet; by default the better-scoring of the ways allowed."""
    if request.needs > offer.capacity or not _wishes_hold(request.wishes, offer.attributes):
        return None
    if not _wishes_hold(offer.wishes, request.attributes):
        return None
    common = _common_parts(request, offer, weights)
    options = []
    km = _in_person_possible(request, offer, max_km)
    if km is not None and in_person is not False:
        options.append(
            (
                IN_PERSON,
                (
                    Part("distance", -weights.per_km * km, f"{km:.1f} km"),
                    Part("in_person", weights.in_person, IN_PERSON),
                    *common,
                ),
            )
        )
    online = sorted((request.channels & offer.channels) - {IN_PERSON})
    if online and in_person is not True:
        options.append((",".join(online), common))
    if not options:
        return None
    return max(options, key=lambda option: sum(part.points for part in option[1]))


def _common_parts(request: Request, offer: Offer, weights: Weights) -> tuple[Part, ...]:
    parts = []
    for name, per, cap, mine, theirs in (
        ("interests", weights.per_interest, weights.max_interests, request.interests, offer.interests),
        ("languages", weights.per_language, weights.max_languages, request.languages, offer.languages),
        ("availability", weights.per_availability, weights.max_availability, request.availability, offer.availability),
    ):
        shared = sorted(mine & theirs)
        if shared:
            parts.append(Part(name, per * min(len(shared), cap), ", ".join(shared)))
    met = sorted(
        f"{key}={offer.attributes[key]}"
        for key, wanted in request.preferences.items()
        if key in offer.attributes and _accepts(wanted, offer.attributes[key])
    )
    if met:
        parts.append(Part("preferences", weights.per_preference * len(met), ", ".join(met)))
    return tuple(parts)


# --- candidates ------------------------------------------------------------------------------------------------


class _Encoded:
    """Both sides as numpy arrays, so that a block of pairs is checked and scored at once."""

    def __init__(self, requests: Sequence[Request], offers: Sequence[Offer], max_km: float):
        self.requests, self.offers = requests, offers
        channels = sorted({c for r in requests for c in r.channels} | {c for o in offers for c in o.channels})
        channels = [c for c in channels if c != IN_PERSON]
        self.request_point, self.request_has_point = _points(requests)
        self.offer_point, self.offer_has_point = _points(offers)
        # Single precision is ample for scores at 1/100 point and halves what each block moves through memory.
        self.request_radians = np.radians(self.request_point).astype(np.float32)
        self.offer_radians = np.radians(self.offer_point).astype(np.float32)
        self.request_cos, self.offer_cos = np.cos(self.request_radians[:, 0]), np.cos(self.offer_radians[:, 0])
        self.request_in_person = np.array([IN_PERSON in r.channels for r in requests], dtype=bool)
        self.offer_in_person = np.array([IN_PERSON in o.channels for o in offers], dtype=bool)
        self.request_online = _bits([r.channels for r in requests], channels)
        self.offer_online = _bits([o.channels for o in offers], channels)
        self.request_limit = _single_below([_limit(r.max_distance_km, max_km) for r in requests])
        self.offer_limit = _single_below([_limit(o.max_distance_km, max_km) for o in offers])
        self.needs = np.array([r.needs for r in requests], dtype=np.int64)
        self.capacity = np.array([o.capacity for o in offers], dtype=np.int64)
        self.sets = []
        for name in ("interests", "languages", "availability"):
            vocabulary = sorted(
                {v for r in requests for v in getattr(r, name)} & {v for o in offers for v in getattr(o, name)}
            )
            self.sets.append(
                (
                    name,
                    _bits([getattr(r, name) for r in requests], vocabulary),
                    _bits([getattr(o, name) for o in offers], vocabulary),
                )
            )
        self.request_wishes = _wish_codes([r.wishes for r in requests], [o.attributes for o in offers], everyone=True)
        self.offer_wishes = _wish_codes([o.wishes for o in offers], [r.attributes for r in requests], everyone=True)
        self.preferences = _wish_codes(
            [r.preferences for r in requests], [o.attributes for o in offers], everyone=False
        )

    def block(self, ri: np.ndarray, oi: np.ndarray, weights: Weights, in_person: bool):
        """Which pairs of the block are allowed, and their scores. Each check is skipped where the block cannot
        fail it, and a wish or preference is evaluated only on the rows of those who state one."""
        shape = (len(ri), len(oi))
        ok = None
        if self.needs[ri].max(initial=0) > self.capacity[oi].min(initial=0):
            ok = self.needs[ri][:, None] <= self.capacity[oi][None, :]
        if in_person:
            km = _haversine_matrix(
                self.request_radians[ri], self.request_cos[ri], self.offer_radians[oi], self.offer_cos[oi]
            )
            near = km <= np.minimum(self.request_limit[ri][:, None], self.offer_limit[oi][None, :])
            ok = near if ok is None else ok & near
            km *= np.float32(-weights.per_km)
            km += np.float32(weights.in_person)
            score = km
        else:
            shared = (self.request_online[ri][:, None, :] & self.offer_online[oi][None, :, :]) != 0
            shared = shared.any(axis=2)
            ok = shared if ok is None else ok & shared
            score = np.zeros(shape, dtype=np.float32)
        for masks, codes in self.request_wishes:
            rows = np.flatnonzero(masks[ri] != _EVERY)
            if len(rows):
                ok[rows] &= _wanted(masks[ri[rows]][:, None], codes[oi][None, :])
        for masks, codes in self.offer_wishes:
            columns = np.flatnonzero(masks[oi] != _EVERY)
            if len(columns):
                ok[:, columns] &= _wanted(masks[oi[columns]][None, :], codes[ri][:, None])
        caps = {"interests": weights.max_interests, "languages": weights.max_languages}
        per = {"interests": weights.per_interest, "languages": weights.per_language}
        for name, request_bits, offer_bits in self.sets:
            points = per.get(name, weights.per_availability)
            if request_bits.shape[1] == 0 or points == 0:
                continue
            if request_bits.shape[1] == 1:  # the common case: no third axis to allocate and sum
                shared = np.bitwise_count(request_bits[ri, 0][:, None] & offer_bits[oi, 0][None, :])
            else:
                shared = np.bitwise_count(request_bits[ri][:, None, :] & offer_bits[oi][None, :, :]).sum(axis=2)
            cap = caps.get(name, weights.max_availability)
            table = np.float32(points) * np.minimum(np.arange(64 * request_bits.shape[1] + 1), cap).astype(np.float32)
            score += table[shared]
        for masks, codes in self.preferences:
            rows = np.flatnonzero(masks[ri] != 0)
            if len(rows):
                wanted = _wanted(masks[ri[rows]][:, None], codes[oi][None, :])
                score[rows] += np.float32(weights.per_preference) * wanted
        return ok, score


_EVERY = np.uint64(2**64 - 1)


def _single_below(values: list[float]) -> np.ndarray:
    """Distance limits in single precision, rounded down, so that a pair the blocks allow is never one that
    ``explain`` (in double precision) excludes."""
    double = np.array(values, dtype=float)
    single = double.astype(np.float32)
    over = single.astype(float) > double
    single[over] = np.nextafter(single[over], np.float32(0))
    return single


def _points(items) -> tuple[np.ndarray, np.ndarray]:
    has = np.array([item.point is not None for item in items], dtype=bool)
    points = np.array([item.point if item.point is not None else (0.0, 0.0) for item in items], dtype=float)
    return points.reshape(len(items), 2), has


def _bits(sets: list[Iterable[str]], vocabulary: list[str]) -> np.ndarray:
    index = {value: n for n, value in enumerate(vocabulary)}
    words = math.ceil(len(vocabulary) / 64)
    bits = np.zeros((len(sets), words), dtype=np.uint64)
    if not words:
        return bits
    sets = [values if isinstance(values, frozenset | set) else set(values) for values in sets]
    positions = np.fromiter((index.get(value, -1) for values in sets for value in values), dtype=np.int64)
    rows = np.repeat(np.arange(len(sets)), np.fromiter(map(len, sets), dtype=np.int64, count=len(sets)))
    known = positions >= 0
    positions, rows = positions[known], rows[known]
    # Each value is in a set once, so adding its bit is setting it.
    np.add.at(bits, (rows, positions // 64), np.left_shift(np.uint64(1), (positions % 64).astype(np.uint64)))
    return bits


def _wish_codes(wishes: list[Mapping[str, object]], attributes: list[Mapping[str, object]], *, everyone: bool):
    """Per attribute that someone wishes about: each wisher's accepted values as a bit mask over codes, and each
    other person's value as a code. Who has no wish on the attribute accepts everything (``everyone``, for hard
    wishes) or nothing (for preferences, which then earn no points)."""
    result = []
    for key in sorted({key for wish in wishes for key in wish}):
        codes: dict[object, int] = {}
        for attrs in attributes:
            if key in attrs:
                codes.setdefault(attrs[key], len(codes))
        if len(codes) > MISSING:
            raise ValueError(f"too many values of {key!r} to match on")
        other = np.array([codes.get(attrs[key], MISSING) if key in attrs else MISSING for attrs in attributes])
        masks = np.full(len(wishes), np.uint64(2**64 - 1) if everyone else np.uint64(0), dtype=np.uint64)
        for row, wish in enumerate(wishes):
            if key in wish:
                wanted = wish[key]
                accepted = wanted if isinstance(wanted, set | frozenset | tuple | list) else (wanted,)
                mask = 0
                for value in accepted:
                    if value in codes:
                        mask |= 1 << codes[value]
                masks[row] = mask
        result.append((masks, other.astype(np.uint64)))
    return result


def _wanted(masks: np.ndarray, codes: np.ndarray) -> np.ndarray:
    return ((masks >> codes) & np.uint64(1)).astype(bool)


def _haversine_matrix(a: np.ndarray, cos_a: np.ndarray, b: np.ndarray, cos_b: np.ndarray) -> np.ndarray:
    """Distances in km between points given in radians, with the cosines of their latitudes."""
    h = np.sin((b[None, :, 0] - a[:, None, 0]) / 2) ** 2
    h += cos_a[:, None] * cos_b[None, :] * np.sin((b[None, :, 1] - a[:, None, 1]) / 2) ** 2
    return np.float32(2 * EARTH_RADIUS_KM) * np.arcsin(np.sqrt(np.minimum(np.float32(1.0), h)))


def candidates(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    *,
    weights: Weights = Weights(),
    k: int = 25,
    max_km: float = 100,
    pool: int = 400,
    encoded: _Encoded | None = None,
) -> Candidates:
    """The allowed pairs worth considering: for each request its ``k`` best-scoring offers (sparse, see above)."""
    enc = encoded or _Encoded(requests, offers, max_km)
    found = [_in_person_candidates(enc, weights, k, pool), _online_candidates(enc, weights, k, pool)]
    request = np.concatenate([f[0] for f in found])
    offer = np.concatenate([f[1] for f in found])
    score = np.concatenate([f[2] for f in found])
    in_person = np.concatenate([np.full(len(found[0][0]), True), np.full(len(found[1][0]), False)])
    # A pair allowed both ways keeps its better way, then each request keeps its k best (ties: the lower offer).
    score = score.astype(np.float32) + np.float32(0)  # the blocks score in single precision; no -0.0
    pair = request * max(1, len(enc.offers)) + offer
    keep = np.argsort(pair, kind="stable")
    if in_person.any() and not in_person.all():
        pair, score_sorted = pair[keep], score[keep]
        # Of two arcs of one pair (in person first, as concatenated), the better; the in-person one on a tie.
        same_as_next = pair[:-1] == pair[1:]
        drop = np.zeros(len(pair), dtype=bool)
        first_worse = same_as_next & (score_sorted[:-1] < score_sorted[1:])
        drop[:-1] |= first_worse
        drop[1:] |= same_as_next & ~first_worse
        keep = keep[~drop]
    request, offer, score, in_person = request[keep], offer[keep], score[keep], in_person[keep]
    # Sorted by request and offer now: one stable sort on request, then score falling.
    order = np.argsort((request.astype(np.uint64) << np.uint64(32)) | _falling(score), kind="stable")
    request, offer, score, in_person = request[order], offer[order], score[order], in_person[order]
    starts = np.searchsorted(request, request, side="left")
    keep = np.arange(len(request)) - starts < k
    return Candidates(request[keep], offer[keep], score[keep], in_person[keep])


def _falling(score: np.ndarray) -> np.ndarray:
    """A uint64 key (below 2**32) that sorts single-precision scores from the highest to the lowest."""
    bits = score.astype(np.float32).view(np.uint32)
    rising = np.where(bits >> np.uint32(31), ~bits, bits | np.uint32(2**31))
    return (np.uint32(2**32 - 1) - rising).astype(np.uint64)


def _empty():
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)


def _top_k(ok: np.ndarray, score: np.ndarray, ri: np.ndarray, oi: np.ndarray, k: int):
    masked = score
    np.copyto(masked, -np.inf, where=~ok)
    if masked.shape[1] > k:
        columns = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    else:
        columns = np.broadcast_to(np.arange(masked.shape[1]), masked.shape)
    rows = np.broadcast_to(np.arange(masked.shape[0])[:, None], columns.shape)
    chosen = masked[rows, columns]
    good = np.isfinite(chosen)
    return ri[rows[good]], oi[columns[good]], chosen[good]


def _collect(parts):
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _empty()
    return tuple(np.concatenate([p[n] for p in parts]) for n in range(3))


def _in_person_candidates(enc: _Encoded, weights: Weights, k: int, pool_size: int):
    requesting = np.flatnonzero(enc.request_in_person & enc.request_has_point)
    offering = np.flatnonzero(enc.offer_in_person & enc.offer_has_point)
    if not len(requesting) or not len(offering):
        return _empty()
    farthest = enc.offer_limit[offering].max()
    offer_cells: dict[tuple[int, int], list[int]] = {}
    for o, (i, j) in zip(offering, np.floor(enc.offer_point[offering] / CELL_DEGREES).astype(int), strict=True):
        offer_cells.setdefault((int(i), int(j)), []).append(int(o))
    request_cells = np.floor(enc.request_point[requesting] / CELL_DEGREES).astype(int)
    keys = request_cells[:, 0] * 1_000_003 + request_cells[:, 1]
    order = np.argsort(keys, kind="stable")
    requesting, request_cells, keys = requesting[order], request_cells[order], keys[order]
    _, starts = np.unique(keys, return_index=True)
    found = []
    for start, end in zip(starts, [*starts[1:], len(keys)], strict=True):
        i, j = map(int, request_cells[start])
        ri = requesting[start:end]
        radius = min(enc.request_limit[ri].max(), farthest)
        di = math.ceil(radius / (KM_PER_DEGREE * CELL_DEGREES))
        edge = min(89.0, max(abs(i), abs(i + 1)) * CELL_DEGREES + di * CELL_DEGREES)
        dj = math.ceil(radius / (KM_PER_DEGREE * CELL_DEGREES * math.cos(math.radians(edge))))
        near = [
            o for a in range(i - di, i + di + 1) for b in range(j - dj, j + dj + 1) for o in offer_cells.get((a, b), ())
        ]
        if not near:
            continue
        found.extend(_windows(enc, weights, k, ri, np.array(near, dtype=np.int64), pool_size, in_person=True))
    return _collect(found)


def _windows(enc: _Encoded, weights: Weights, k: int, ri: np.ndarray, oi: np.ndarray, pool_size: int, *, in_person):
    """The k best of each request's window of at most ``pool_size`` offers: a fixed shuffle of the offers, and
    each block of requests a different window of it, so that every offer is seen by some requests."""
    if len(oi) > pool_size:
        oi = np.random.default_rng(len(oi)).permutation(oi)
    window = min(pool_size, len(oi))
    step = max(1, min(BLOCK_CELLS // window, math.ceil(len(ri) * window / len(oi))))
    for number, block in enumerate(range(0, len(ri), step)):
        rb = ri[block : block + step]
        ob = oi if window == len(oi) else np.take(oi, np.arange(number * window, (number + 1) * window), mode="wrap")
        ok, score = enc.block(rb, ob, weights, in_person=in_person)
        yield _top_k(ok, score, rb, ob, k)


def _online_candidates(enc: _Encoded, weights: Weights, k: int, pool_size: int):
    requesting = np.flatnonzero(enc.request_online.any(axis=1))
    offering = np.flatnonzero(enc.offer_online.any(axis=1))
    if not len(requesting) or not len(offering):
        return _empty()
    return _collect(list(_windows(enc, weights, k, requesting, offering, pool_size, in_person=False)))


# --- components ------------------------------------------------------------------------------------------------


def components(nodes: int, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """A component label (the smallest node of the component) for each node: hooking and pointer jumping."""
    label = np.arange(nodes)
    while True:
        label_tails, label_heads = label[tails], label[heads]
        open_ = label_tails != label_heads  # only arcs between different labels can change anything
        if not open_.any():
            return label
        tails, heads, label_tails, label_heads = tails[open_], heads[open_], label_tails[open_], label_heads[open_]
        low = np.minimum(label_tails, label_heads)
        hooked = label.copy()
        np.minimum.at(hooked, label_tails, low)
        np.minimum.at(hooked, label_heads, low)
        while True:
            jumped = hooked[hooked]
            if np.array_equal(jumped, hooked):
                break
            hooked = jumped
        label = hooked


def _groups(labels: np.ndarray) -> list[np.ndarray]:
    """Positions of each distinct label."""
    order = np.argsort(labels, kind="stable")
    _, starts = np.unique(labels[order], return_index=True)
    return np.split(order, starts[1:]) if len(order) else []


# --- one-to-many: min-cost flow --------------------------------------------------------------------------------


def _flow(
    request: np.ndarray, offer: np.ndarray, cost: np.ndarray, supply: np.ndarray, room: np.ndarray, arc_room: np.ndarray
) -> tuple[np.ndarray, bool]:
    """Maximum flow of least cost, source → requests (their supply) → offers (arc_room) → sink (room); the flow on
    each request → offer arc. Requests and offers are local indices 0..n-1."""
    n_requests, n_offers = len(supply), len(room)
    source, sink = 0, 1
    solver = min_cost_flow.SimpleMinCostFlow()
    request_nodes = 2 + np.arange(n_requests)
    offer_nodes = 2 + n_requests + np.arange(n_offers)
    solver.add_arcs_with_capacity_and_unit_cost(
        np.full(n_requests, source), request_nodes, supply, np.zeros(n_requests, dtype=np.int64)
    )
    middle = solver.add_arcs_with_capacity_and_unit_cost(2 + request, 2 + n_requests + offer, arc_room, cost)
    solver.add_arcs_with_capacity_and_unit_cost(
        offer_nodes, np.full(n_offers, sink), room, np.zeros(n_offers, dtype=np.int64)
    )
    total = int(supply.sum())
    solver.set_node_supply(source, total)
    solver.set_node_supply(sink, -total)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"the min-cost flow ended with status {status}")
    return solver.flows(middle), True


def _flow_component(arcs: np.ndarray, cand: Candidates, needs: np.ndarray, capacity: np.ndarray, per_person: bool):
    requests, request_local = _local(cand.request[arcs], len(needs))
    offers, offer_local = _local(cand.offer[arcs], len(capacity))
    n = needs[cand.request[arcs]]
    value = np.rint(cand.score[arcs] * FLOW_SCALE / (n if per_person else 1)).astype(np.int64)
    cost = value.max() - value  # not negative; the flow is at its maximum, so the shift changes nothing
    flows, _ = _flow(
        request_local, offer_local, cost, needs[requests], capacity[offers], np.minimum(n, capacity[cand.offer[arcs]])
    )
    return flows


def _local(indices: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct indices (ascending) and each index's position among them: ``np.unique`` without sorting."""
    present = np.zeros(n, dtype=bool)
    present[indices] = True
    position = np.cumsum(present) - 1
    return np.flatnonzero(present), position[indices]


def _component_arcs(cand: Candidates, n_requests: int) -> list[np.ndarray]:
    if not len(cand):
        return []
    labels = components(n_requests + int(cand.offer.max()) + 1, cand.request, n_requests + cand.offer)
    return _groups(labels[cand.request])


def match_one_to_many(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    *,
    weights: Weights = Weights(),
    k: int = 25,
    max_km: float = 100,
    pool: int = 400,
    decompose: bool = True,
    cand: Candidates | None = None,
) -> Matching:
    """Each request to at most one offer, no offer over its capacity: the most requests matched, then the
    highest total score (optimal over the candidates)."""
    if any(r.needs != 1 for r in requests):
        raise ValueError("match_one_to_many matches requests of one unit; use match_parties for parties")
    _check_capacities(offers)
    if cand is None:
        cand = candidates(requests, offers, weights=weights, k=k, max_km=max_km, pool=pool)
    needs = np.ones(len(requests), dtype=np.int64)
    capacity = np.array([o.capacity for o in offers], dtype=np.int64)
    groups = _component_arcs(cand, len(requests)) if decompose else ([np.arange(len(cand))] if len(cand) else [])
    chosen = []
    for arcs in groups:
        flows = _flow_component(arcs, cand, needs, capacity, per_person=False)
        chosen.append(arcs[flows > 0])
    picked = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    result = _matching(requests, offers, cand, picked, weights, max_km, len(groups), optimal=True, bound=len(picked))
    result.seated_optimal = True
    return result


def _check_capacities(offers: Sequence[Offer]) -> None:
    if any(o.capacity < 0 for o in offers):
        raise ValueError("an offer's capacity cannot be negative")


def _matching(requests, offers, cand, picked, weights, max_km, n_components, *, optimal, bound) -> Matching:
    proposals = []
    for arc in picked[np.argsort(cand.request[picked], kind="stable")]:
        request, offer = requests[cand.request[arc]], offers[cand.offer[arc]]
        channel, parts = explain(request, offer, weights, in_person=bool(cand.in_person[arc]), max_km=max_km)
        proposals.append(Proposal(request.id, offer.id, channel, sum(p.points for p in parts), parts))
    matched = set(cand.request[picked].tolist())
    return Matching(
        proposals=proposals,
        unmatched=[r.id for n, r in enumerate(requests) if n not in matched],
        arcs=len(cand),
        components=n_components,
        matched=len(matched),
        seated=sum(requests[n].needs for n in matched),
        score=sum(p.score for p in proposals),
        optimal=optimal,
        bound=bound,
    )


# --- greedy and the bound --------------------------------------------------------------------------------------


def _greedy_arcs(
    cand: Candidates, needs: np.ndarray, capacity: np.ndarray, order: Iterable[int], tightest: bool = False
) -> list[int]:
    left = capacity.astype(np.int64).tolist()
    if tightest:
        return _tightest_arcs(cand, needs, left, order)
    by_request = np.lexsort((-cand.score, cand.request))
    request_sorted = cand.request[by_request]
    starts = np.searchsorted(request_sorted, np.arange(len(needs)), side="left")
    ends = np.searchsorted(request_sorted, np.arange(len(needs)), side="right")
    offer_of = cand.offer.tolist()
    arcs = by_request.tolist()
    picked = []
    for r in order:
        need = int(needs[r])
        for position in range(starts[r], ends[r]):
            arc = arcs[position]
            if left[offer_of[arc]] >= need:
                left[offer_of[arc]] -= need
                picked.append(arc)
                break
    return picked


def _tightest_arcs(cand: Candidates, needs: np.ndarray, left: list[int], order: Iterable[int]) -> list[int]:
    by_request = np.argsort(cand.request, kind="stable")
    request_sorted = cand.request[by_request]
    starts = np.searchsorted(request_sorted, np.arange(len(needs)), side="left")
    ends = np.searchsorted(request_sorted, np.arange(len(needs)), side="right")
    picked = []
    for r in order:
        need = int(needs[r])
        fitting = [
            (left[int(cand.offer[arc])] - need, -cand.score[arc], int(arc))
            for arc in by_request[starts[r] : ends[r]]
            if left[int(cand.offer[arc])] >= need
        ]
        if fitting:
            arc = min(fitting)[2]
            left[int(cand.offer[arc])] -= need
            picked.append(arc)
    return picked


def greedy(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    *,
    weights: Weights = Weights(),
    k: int = 25,
    max_km: float = 100,
    pool: int = 400,
    cand: Candidates | None = None,
) -> Matching:
    """First come, best available: in the order given, each request takes its best candidate with room left."""
    _check_capacities(offers)
    if cand is None:
        cand = candidates(requests, offers, weights=weights, k=k, max_km=max_km, pool=pool)
    needs = np.array([r.needs for r in requests], dtype=np.int64)
    capacity = np.array([o.capacity for o in offers], dtype=np.int64)
    picked = np.array(_greedy_arcs(cand, needs, capacity, range(len(requests))), dtype=np.int64)
    return _matching(requests, offers, cand, picked, weights, max_km, 1, optimal=False, bound=None)


def _relaxation(cand: Candidates, needs: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """People on each candidate arc in the flow relaxation (parties divisible): most people, then best score."""
    flows = np.zeros(len(cand), dtype=np.int64)
    for arcs in _component_arcs(cand, len(needs)):
        flows[arcs] = _flow_component(arcs, cand, needs, capacity, per_person=True)
    return flows


def flow_bound(
    requests: Sequence[Request], offers: Sequence[Offer], *, cand: Candidates | None = None, **options
) -> int:
    """The most people that any assignment over the candidates could match: the flow with parties divisible."""
    if cand is None:
        cand = candidates(requests, offers, **options)
    needs = np.array([r.needs for r in requests], dtype=np.int64)
    capacity = np.array([o.capacity for o in offers], dtype=np.int64)
    return int(_relaxation(cand, needs, capacity).sum())


# --- parties: CP-SAT on clusters -------------------------------------------------------------------------------


def match_parties(
    parties: Sequence[Request],
    tables: Sequence[Offer],
    *,
    weights: Weights = Weights(),
    k: int = 25,
    max_km: float = 100,
    cluster_size: int = 1000,
    time_limit: float = 1.0,
    workers: int = 2,
    cand: Candidates | None = None,
) -> Matching:
    """Indivisible parties (``needs`` people) to tables (``capacity`` seats): no party split, no table over its
    seats; the most people seated, then the highest total score. Optimal when every cluster is solved to
    optimality within ``time_limit`` seconds."""
    if any(p.needs < 1 for p in parties):
        raise ValueError("a party has at least one person")
    _check_capacities(tables)
    if cand is None:
        cand = candidates(parties, tables, weights=weights, k=k, max_km=max_km)
    needs = np.array([p.needs for p in parties], dtype=np.int64)
    seats = np.array([t.capacity for t in tables], dtype=np.int64)
    relaxed = _relaxation(cand, needs, seats)
    bound = int(relaxed.sum())
    hint = _repair(cand, needs, seats, relaxed)
    points = np.array([p.point if p.point is not None else (0.0, 0.0) for p in parties], dtype=float).reshape(-1, 2)
    party_cluster, table_cluster = _clusters(cand, len(parties), len(tables), points, cluster_size, hint)
    inside = party_cluster[cand.request] == table_cluster[cand.offer]
    hinted = np.zeros(len(cand), dtype=bool)
    hinted[hint] = True
    # The hint's parties seated across a cut stay there, their seats taken from the clusters' tables, so that
    # cutting never loses what the hint seats.
    crossing = np.flatnonzero(hinted & ~inside)
    free = seats.copy()
    np.subtract.at(free, cand.offer[crossing], needs[cand.request[crossing]])
    fixed = np.zeros(len(parties), dtype=bool)
    fixed[cand.request[crossing]] = True
    inside &= ~fixed[cand.request]
    picked, optimal, seated_optimal, cluster_bound = crossing.tolist(), True, True, 0
    arc_groups = _groups(party_cluster[cand.request[inside]])
    inside_arcs = np.flatnonzero(inside)
    for group in arc_groups:
        arcs = inside_arcs[group]
        chosen, most, solved, most_possible = _solve_cluster(arcs, cand, needs, free, hinted[arcs], time_limit, workers)
        if _worth(cand, needs, chosen) < _worth(cand, needs, arcs[hinted[arcs]]):
            chosen = arcs[hinted[arcs]].tolist()  # the solver ran out of time below its hint
        cluster_bound += most_possible
        picked.extend(chosen)
        optimal &= solved
        seated_optimal &= most
    # A party whose cluster had no table for it may still fit at a table of another cluster.
    placed = np.zeros(len(parties), dtype=bool)
    placed[cand.request[picked]] = True
    left = seats.copy()
    np.subtract.at(left, cand.offer[picked], needs[cand.request[picked]])
    if not placed.all():
        extra = _place(cand, needs, left, [int(p) for p in np.argsort(-needs, kind="stable") if not placed[p]])
        optimal &= not extra
        seated_optimal &= not extra
        picked.extend(extra)
    uncut = bool(np.all(inside))
    if not uncut and _worth(cand, needs, hint) > _worth(cand, needs, picked):
        picked = hint  # cutting a component into clusters lost more than the solver found
    picked = _regroup(cand, needs, seats, picked)
    result = _matching(
        parties,
        tables,
        cand,
        np.array(picked, dtype=np.int64),
        weights,
        max_km,
        len(arc_groups),
        optimal=optimal and uncut,
        bound=bound,
    )
    if uncut:  # the clusters are whole components: the solver's own bounds hold, and are tighter
        result.bound = min(bound, cluster_bound)
    result.seated_optimal = (seated_optimal and uncut) or result.seated == result.bound
    return result


def _worth(cand: Candidates, needs: np.ndarray, arcs) -> tuple[int, float]:
    arcs = np.asarray(arcs, dtype=np.int64)
    return int(needs[cand.request[arcs]].sum()), float(cand.score[arcs].sum())


def _place(
    cand: Candidates, needs: np.ndarray, left: np.ndarray, order: list[int], tightest: bool = False
) -> list[int]:
    """Greedily seat the parties in ``order`` at their best (or ``tightest``-fitting) candidate table with room;
    changes ``left``."""
    picked = _greedy_arcs(cand, needs, left, order, tightest=tightest)
    for arc in picked:
        left[cand.offer[arc]] -= needs[cand.request[arc]]
    return picked


def _repair(cand: Candidates, needs: np.ndarray, seats: np.ndarray, relaxed: np.ndarray) -> list[int]:
    """An integral solution near the relaxation: the parties the flow keeps whole stay where it put them, the
    rest are seated largest first at the table they fit most tightly (which keeps the large tables for the large
    parties). Plain largest-first without the flow sometimes packs better; the better of the two, after local
    search, is the hint."""
    whole = np.flatnonzero((relaxed > 0) & (relaxed == needs[cand.request]))
    left = seats.copy()
    np.subtract.at(left, cand.offer[whole], needs[cand.request[whole]])
    placed = np.zeros(len(needs), dtype=bool)
    placed[cand.request[whole]] = True
    largest_first = [int(p) for p in np.argsort(-needs, kind="stable")]
    rounded = whole.tolist() + _place(cand, needs, left, [p for p in largest_first if not placed[p]], tightest=True)
    packed = _place(cand, needs, seats.copy(), largest_first, tightest=True)
    # Both get the quick local search (only chains of one move on from the party's own tables), the better one
    # then the whole chains.
    options = [_make_room(cand, needs, seats, arcs, effort=0) for arcs in (rounded, packed)]
    best = max(options, key=lambda arcs: _worth(cand, needs, arcs))
    return _regroup(cand, needs, seats, _make_room(cand, needs, seats, best))


def _regroup(cand: Candidates, needs: np.ndarray, seats: np.ndarray, picked: list[int], rounds: int = 3) -> list[int]:
    """Better tables within a seating, exactly, one party size at a time: the parties of that size (seated or
    not) go by min-cost flow to the places for that size, a table's places being the parties of that size it
    seats plus as many more as its free seats hold; the most of them seated, then the best score. A size's new
    seating is kept only where it is better, so no one seated loses a seat and no table goes over."""
    picked_arcs = np.asarray(picked, dtype=np.int64)
    size_of = needs[cand.request]
    for _ in range(rounds):
        changed = False
        for size in np.unique(size_of).tolist():
            used = np.zeros(len(seats), dtype=np.int64)
            np.add.at(used, cand.offer[picked_arcs], size_of[picked_arcs])
            mine = picked_arcs[size_of[picked_arcs] == size]
            places = np.bincount(cand.offer[mine], minlength=len(seats)) + (seats - used) // size
            arcs = np.flatnonzero((size_of == size) & (places[cand.offer] > 0))
            if not len(arcs):
                continue
            parties, party_local = _local(cand.request[arcs], len(needs))
            tables, table_local = _local(cand.offer[arcs], len(seats))
            value = np.rint(cand.score[arcs] * FLOW_SCALE).astype(np.int64)
            ones = np.ones(len(arcs), dtype=np.int64)
            flows, _ = _flow(
                party_local, table_local, value.max() - value, np.ones(len(parties), np.int64), places[tables], ones
            )
            better = arcs[flows > 0]
            if _worth(cand, needs, better) > _worth(cand, needs, mine):
                picked_arcs = np.concatenate([picked_arcs[size_of[picked_arcs] != size], better])
                changed = True
        if not changed:
            break
    return picked_arcs.tolist()


def _make_room(
    cand: Candidates,
    needs: np.ndarray,
    seats: np.ndarray,
    picked: list[int],
    passes: int = 20,
    reach: int = 2000,
    effort: int | None = None,
) -> list[int]:
    """Local search on a seating. An unseated party is seated by an ejection chain: it takes a table, whose
    seats one party there gives up by moving to another of its tables, whose seats one party there gives up in
    turn, and so on until a table has room (found breadth first, so the shortest chain, over at most ``reach``
    tables). Where no chain reaches room, it takes the seats of a smaller party at one of its tables, which
    tries again in the next pass. Each change seats more people, so it ends. Then the seated move to better
    tables of their own that have room."""
    arcs_of: dict[int, list[int]] = {}
    for arc in np.lexsort((-cand.score, cand.request)).tolist():
        arcs_of.setdefault(int(cand.request[arc]), []).append(arc)
    offer_of = cand.offer.tolist()
    size = needs.tolist()
    left = seats.astype(np.int64).tolist()
    seated_at: dict[int, int] = {}  # party -> arc
    at_table: dict[int, set[int]] = {}
    for arc in picked:
        party, table = int(cand.request[arc]), offer_of[arc]
        seated_at[party] = arc
        at_table.setdefault(table, set()).add(party)
        left[table] -= size[party]

    def seat(party: int, arc: int) -> None:
        if party in seated_at:
            unseat(party)
        seated_at[party] = arc
        at_table.setdefault(offer_of[arc], set()).add(party)
        left[offer_of[arc]] -= size[party]

    def unseat(party: int) -> None:
        arc = seated_at.pop(party)
        at_table[offer_of[arc]].discard(party)
        left[offer_of[arc]] += size[party]

    # All the chains together explore at most ``effort`` tables (by default one per candidate arc) beyond each
    # party's own tables, so that where far more people ask than there are seats, the chains that cannot
    # succeed stop soon; a party there still tries moving one party from each of its tables.
    spent = 0
    if effort is None:
        effort = len(cand) + 10 * reach

    def chain(party: int) -> bool:
        nonlocal spent
        # A step of a chain: (table, seats still to free there, the step before, the arc of the party that
        # moves in, that party). Each step keeps its own chain, so that a chain never visits a table twice; a
        # table is explored again only where fewer seats are missing there.
        fewest: dict[int, int] = {}
        queue: deque[tuple] = deque()

        def reached(step: tuple) -> bool:
            table, missing = step[0], step[1]
            if missing <= 0:  # room: every party of the chain moves one table on, the last one first
                while step is not None:
                    seat(step[4], step[3])
                    step = step[2]
                return True
            if missing < fewest.get(table, missing + 1):
                fewest[table] = missing
                queue.append(step)
            return False

        for arc in arcs_of[party]:
            if reached((offer_of[arc], size[party] - left[offer_of[arc]], None, arc, party)):
                return True
        explored, first = 0, len(queue)
        while queue and explored < reach and (spent < effort or explored < first):
            step = queue.popleft()
            table, missing = step[0], step[1]
            if missing > fewest[table]:
                continue
            explored += 1
            spent += 1
            on_chain, back = set(), step
            while back is not None:
                on_chain.add(back[0])
                back = back[2]
            for other in list(at_table.get(table, ())):
                if size[other] < missing:
                    continue
                for arc in arcs_of[other]:
                    elsewhere = offer_of[arc]
                    still = size[other] - left[elsewhere]
                    if still > 0 and still >= fewest.get(elsewhere, still + 1) or elsewhere in on_chain:
                        continue
                    if reached((elsewhere, still, step, arc, other)):
                        return True
        return False

    for _ in range(passes):
        improved = False
        for party in sorted(set(arcs_of) - set(seated_at), key=lambda p: -size[p]):
            if chain(party):
                improved = True
                continue
            # Else a smaller party at one of its tables gives up its seats (and may find others next pass).
            best = None
            for arc in arcs_of[party]:
                table = offer_of[arc]
                for other in at_table.get(table, ()):
                    if size[other] < size[party] <= left[table] + size[other]:
                        if best is None or size[other] < size[best[1]]:
                            best = (arc, other)
            if best is not None:
                unseat(best[1])
                seat(party, best[0])
                improved = True
        if not improved:
            break
    # Then better tables for the seated: a party moves to a better-scoring table of its own with room.
    for _ in range(passes):
        moved = False
        for party, arc in list(seated_at.items()):
            for better in arcs_of[party]:
                if better == arc:
                    break
                if left[offer_of[better]] >= size[party]:
                    seat(party, better)
                    moved = True
                    break
        if not moved:
            break
    return list(seated_at.values())


def _clusters(cand: Candidates, n_parties: int, n_tables: int, points: np.ndarray, size: int, hint: list[int]):
    """Parties and tables in clusters of at most ``size`` parties: the components of the candidate graph, and
    the large ones cut in halves along their longer side. A table goes with the cluster of the parties the hint
    seats there, else with the cluster that has most candidate arcs to it."""
    party_cluster = np.full(n_parties, -1, dtype=np.int64)
    table_cluster = np.full(n_tables, -2, dtype=np.int64)
    if not len(cand):
        return party_cluster, table_cluster
    labels = components(n_parties + n_tables, cand.request, n_parties + cand.offer)
    next_cluster = 0
    for members in _groups(labels[:n_parties]):
        for chunk in _bisect(members, points, size):
            party_cluster[chunk] = next_cluster
            next_cluster += 1
    votes_table = np.concatenate([cand.offer, cand.offer[hint]])
    votes_cluster = np.concatenate([party_cluster[cand.request], party_cluster[cand.request[hint]]])
    weight = np.concatenate([np.ones(len(cand)), np.full(len(hint), 1e6)])
    order = np.lexsort((votes_cluster, votes_table))
    vt, vc, w = votes_table[order], votes_cluster[order], weight[order]
    boundaries = np.flatnonzero(np.diff(vt) | np.diff(vc)) + 1
    starts = np.concatenate([[0], boundaries])
    sums = np.add.reduceat(w, starts)
    pair_table, pair_cluster = vt[starts], vc[starts]
    best = np.lexsort((-sums, pair_table))
    first = np.ones(len(best), dtype=bool)
    first[1:] = pair_table[best][1:] != pair_table[best][:-1]
    table_cluster[pair_table[best][first]] = pair_cluster[best][first]
    return party_cluster, table_cluster


def _bisect(members: np.ndarray, points: np.ndarray, size: int) -> list[np.ndarray]:
    if len(members) <= size:
        return [members]
    lat, lon = points[members, 0], points[members, 1] * math.cos(math.radians(float(points[members, 0].mean())))
    axis = lat if np.ptp(lat) >= np.ptp(lon) else lon
    order = members[np.argsort(axis, kind="stable")]
    half = len(order) // 2
    return _bisect(order[:half], points, size) + _bisect(order[half:], points, size)


def _solve_cluster(arcs, cand: Candidates, needs, seats, hinted, time_limit: float, workers: int):
    """CP-SAT on one cluster, lexicographically: first the most people seated, then, with that many seated, the
    best score (two solves: one objective with both would need coefficients too large for the solver to prove
    anything quickly)."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{n}") for n in range(len(arcs))]
    party, table = cand.request[arcs], cand.offer[arcs]
    size = needs[party]
    for positions in _groups(party):
        model.add_at_most_one(x[p] for p in positions)
    for positions in _groups(table):
        if size[positions].sum() > seats[table[positions[0]]]:
            model.add(
                cp_model.LinearExpr.weighted_sum([x[p] for p in positions], size[positions].tolist())
                <= int(seats[table[positions[0]]])
            )
    seated = cp_model.LinearExpr.weighted_sum(x, size.tolist())
    model.maximize(seated)
    for var, on in zip(x, hinted.tolist(), strict=True):
        model.add_hint(var, on)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    started = time.perf_counter()
    solver.parameters.max_time_in_seconds = time_limit / 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return arcs[hinted].tolist(), False, False, int(size.sum())
    first = [solver.boolean_value(var) for var in x]
    people_bound = solver.best_objective_bound
    most = int(solver.objective_value)
    model.clear_hints()
    for var, on in zip(x, first, strict=True):
        model.add_hint(var, on)
    if most == int(needs[np.unique(party)].sum()):
        for positions in _groups(party):  # everyone is seated: far stronger than the sum below
            model.add_exactly_one(x[p] for p in positions)
    else:
        model.add(seated >= most)
    model.maximize(cp_model.LinearExpr.weighted_sum(x, np.rint(cand.score[arcs] * SAT_SCALE).astype(np.int64).tolist()))
    solver.parameters.max_time_in_seconds = max(0.05, time_limit - (time.perf_counter() - started))
    second = solver.solve(model)
    if second in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [int(arcs[n]) for n, var in enumerate(x) if solver.boolean_value(var)]
    else:
        chosen = [int(arcs[n]) for n, on in enumerate(first) if on]
    proven = status == cp_model.OPTIMAL
    return chosen, proven, proven and second == cp_model.OPTIMAL, math.floor(people_bound + 1e-9)

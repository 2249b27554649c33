"""The matching engine: hand-made cases whose best assignment is known, and random ones checked by assertion."""

import random
from collections import Counter

import numpy as np
import pytest

from sammen.matching import (
    IN_PERSON,
    Offer,
    Request,
    Weights,
    candidates,
    explain,
    flow_bound,
    greedy,
    match_one_to_many,
    match_parties,
)
from sammen.matching.engine import Candidates, _make_room, _place, _regroup, _worth

HERNING = (56.139, 8.974)
HOLSTEBRO = (56.360, 8.616)
IKAST = (56.139, 9.158)


def east_of(point, km):
    """A point about ``km`` east of ``point``."""
    return point[0], point[1] + km / 62.0


def pairs(matching):
    return {(p.request_id, p.offer_id) for p in matching.proposals}


def test_optimal_matches_more_than_first_come():
    # Karen comes first and takes the nearest volunteer, who is the only one Ole can reach.
    karen = Request("karen", HERNING, max_distance_km=20)
    ole = Request("ole", east_of(HERNING, 1), max_distance_km=2)
    near = Offer("near", east_of(HERNING, 0.5))
    farther = Offer("farther", east_of(HERNING, 8))
    first_come = greedy([karen, ole], [near, farther])
    best = match_one_to_many([karen, ole], [near, farther])
    assert first_come.matched == 1
    assert best.matched == 2
    assert pairs(best) == {("karen", "farther"), ("ole", "near")}


def test_more_matched_wins_over_a_better_score():
    # Giving Karen her ideal volunteer would leave Ole without one: two matched beats one great match.
    karen = Request("karen", HERNING, interests=frozenset({"strik", "kaffe", "bøger"}), max_distance_km=30)
    ole = Request("ole", HERNING, max_distance_km=30)
    ideal = Offer("ideal", HERNING, interests=frozenset({"strik", "kaffe", "bøger"}))
    other = Offer("other", east_of(HERNING, 25), max_distance_km=30)
    best = match_one_to_many([karen, ole], [ideal, other], k=1)  # Ole and Karen both rank "ideal" first
    assert best.matched == 1
    best = match_one_to_many([karen, ole], [ideal, other])
    assert best.matched == 2


def test_capacity_is_never_exceeded():
    rng = random.Random(7)
    requests = [Request(n, east_of(HERNING, rng.uniform(0, 20)), max_distance_km=15) for n in range(300)]
    offers = [Offer(n, east_of(HERNING, rng.uniform(0, 20)), capacity=rng.randint(0, 3)) for n in range(60)]
    for matching in (match_one_to_many(requests, offers), greedy(requests, offers)):
        used = Counter(p.offer_id for p in matching.proposals)
        assert all(used[o.id] <= o.capacity for o in offers)
        assert len({p.request_id for p in matching.proposals}) == len(matching.proposals)
    assert match_one_to_many(requests, offers).matched == flow_bound(requests, offers)


def test_the_distance_limits_of_both_sides_hold():
    citizen = Request("citizen", HERNING, max_distance_km=10)
    too_far = Offer("too far", east_of(HERNING, 12))
    unwilling = Offer("unwilling", east_of(HERNING, 6), max_distance_km=5)
    assert match_one_to_many([citizen], [too_far, unwilling]).matched == 0
    willing = Offer("willing", east_of(HERNING, 6), max_distance_km=7)
    assert pairs(match_one_to_many([citizen], [too_far, unwilling, willing])) == {("citizen", "willing")}


def test_online_pairs_need_a_shared_channel_and_no_distance():
    video = Request("video", HERNING, channels=frozenset({"video"}))
    phone_volunteer = Offer("phone", HOLSTEBRO, channels=frozenset({"phone"}))
    far_video_volunteer = Offer("video far", (55.676, 12.568), channels=frozenset({"video", "phone"}))
    best = match_one_to_many([video], [phone_volunteer, far_video_volunteer])
    assert pairs(best) == {("video", "video far")}
    assert best.proposals[0].channel == "video"
    in_person_only = Request("in person", HERNING)
    assert match_one_to_many([in_person_only], [far_video_volunteer]).matched == 0


def test_wishes_are_hard_constraints():
    citizen = Request("citizen", HERNING, wishes={"gender": "female", "smoking": False})
    smoking_woman = Offer("smoking woman", HERNING, attributes={"gender": "female", "smoking": True})
    man = Offer("man", HERNING, attributes={"gender": "male", "smoking": False})
    unknown = Offer("unknown", HERNING, attributes={"gender": "female"})  # not stated never fulfils a wish
    assert match_one_to_many([citizen], [smoking_woman, man, unknown]).matched == 0
    woman = Offer("woman", east_of(HERNING, 9), attributes={"gender": "female", "smoking": False})
    assert pairs(match_one_to_many([citizen], [smoking_woman, man, unknown, woman])) == {("citizen", "woman")}


def test_the_offers_wishes_hold_too():
    with_dog = Request("with dog", HERNING, attributes={"pets": True}, needs=2)
    allergic_host = Offer("allergic", HERNING, capacity=4, wishes={"pets": False})
    assert match_parties([with_dog], [allergic_host]).matched == 0
    welcoming = Offer("welcoming", east_of(HERNING, 5), capacity=4, wishes={"pets": {True, False}})
    assert pairs(match_parties([with_dog], [allergic_host, welcoming])) == {("with dog", "welcoming")}


def test_proposals_explain_their_score():
    citizen = Request(
        "citizen",
        HERNING,
        channels=frozenset({IN_PERSON, "video"}),
        interests=frozenset({"strik", "kaffe"}),
        languages=frozenset({"da", "uk"}),
        availability=frozenset({"mon_eve"}),
        preferences={"smoking": False},
        max_distance_km=20,
    )
    volunteer = Offer(
        "volunteer",
        east_of(HERNING, 4),
        channels=frozenset({IN_PERSON, "video"}),
        interests=frozenset({"kaffe", "film"}),
        languages=frozenset({"da", "uk", "en"}),
        availability=frozenset({"mon_eve", "tue_am"}),
        attributes={"smoking": False},
    )
    weights = Weights()
    proposal = match_one_to_many([citizen], [volunteer], weights=weights).proposals[0]
    parts = {part.name: part for part in proposal.parts}
    assert proposal.channel == IN_PERSON
    assert set(parts) == {"distance", "in_person", "interests", "languages", "availability", "preferences"}
    assert parts["distance"].detail.endswith(" km")
    assert parts["distance"].points == pytest.approx(-weights.per_km * 4, rel=0.05)
    assert parts["interests"].detail == "kaffe"
    assert parts["languages"] == parts["languages"].__class__("languages", 2 * weights.per_language, "da, uk")
    assert parts["preferences"].detail == "smoking=False"
    assert proposal.score == pytest.approx(sum(part.points for part in proposal.parts))


def test_the_vectorised_scores_agree_with_the_explanations():
    rng = random.Random(3)
    interests = ["strik", "kaffe", "film", "have", "musik"]

    def some(values):
        return frozenset(rng.sample(values, rng.randint(0, 3)))

    requests = [
        Request(
            n,
            east_of(HERNING, rng.uniform(0, 30)),
            channels=rng.choice([frozenset({IN_PERSON}), frozenset({IN_PERSON, "video"}), frozenset({"phone"})]),
            interests=some(interests),
            languages=some(["da", "en", "ar"]),
            preferences={"smoking": False} if rng.random() < 0.5 else {},
            max_distance_km=rng.choice([5, 15, 40]),
        )
        for n in range(80)
    ]
    offers = [
        Offer(
            n,
            east_of(HERNING, rng.uniform(0, 30)),
            channels=rng.choice([frozenset({IN_PERSON}), frozenset({"video", "phone"})]),
            capacity=2,
            interests=some(interests),
            languages=some(["da", "en", "ar"]),
            attributes={"smoking": rng.random() < 0.3},
        )
        for n in range(40)
    ]
    cand = candidates(requests, offers, k=40)
    assert len(cand)
    for r, o, score, in_person in zip(cand.request, cand.offer, cand.score, cand.in_person, strict=True):
        channel, parts = explain(requests[r], offers[o], in_person=bool(in_person))
        assert sum(part.points for part in parts) == pytest.approx(score, abs=1e-3)
    matching = match_one_to_many(requests, offers)
    assert all(p.score == pytest.approx(sum(part.points for part in p.parts)) for p in matching.proposals)
    assert matching.score == pytest.approx(sum(p.score for p in matching.proposals))


def test_candidates_are_capped_and_sparse():
    requests = [Request(n, east_of(HERNING, n % 10)) for n in range(50)]
    offers = [Offer(n, east_of(HERNING, n % 10)) for n in range(100)] + [Offer("holstebro", HOLSTEBRO)]
    cand = candidates(requests, offers, k=5, max_km=30)
    assert max(Counter(cand.request.tolist()).values()) == 5
    assert 100 not in cand.offer.tolist()  # Holstebro is over 30 km away, so never even a candidate


def test_decomposition_gives_the_same_result_as_solving_whole():
    rng = random.Random(11)
    towns = [HERNING, HOLSTEBRO, (55.676, 12.568)]
    requests = [
        Request(n, east_of(rng.choice(towns), rng.uniform(0, 8)), interests=frozenset(rng.sample(["a", "b", "c"], 1)))
        for n in range(200)
    ]
    offers = [
        Offer(n, east_of(rng.choice(towns), rng.uniform(0, 8)), capacity=rng.randint(1, 3), interests=frozenset("a"))
        for n in range(60)
    ]
    parts = match_one_to_many(requests, offers, max_km=15)
    whole = match_one_to_many(requests, offers, max_km=15, decompose=False)
    assert parts.components > 1 and whole.components == 1
    assert parts.matched == whole.matched
    assert parts.score == pytest.approx(whole.score)


def test_a_party_is_never_split_and_seats_are_never_exceeded():
    for seed in range(6):
        rng = random.Random(seed)
        parties = [
            Request(n, east_of(IKAST, rng.uniform(0, 15)), needs=rng.randint(1, 6), max_distance_km=10)
            for n in range(rng.randint(10, 60))
        ]
        tables = [Offer(n, east_of(IKAST, rng.uniform(0, 15)), capacity=rng.randint(1, 8)) for n in range(25)]
        matching = match_parties(parties, tables, cluster_size=20, time_limit=0.5)
        tables_of = Counter(p.request_id for p in matching.proposals)
        assert all(count == 1 for count in tables_of.values())
        seated_at = Counter()
        for proposal in matching.proposals:
            seated_at[proposal.offer_id] += parties[proposal.request_id].needs
        assert all(seated_at[t.id] <= t.capacity for t in tables)
        assert matching.seated == sum(parties[p].needs for p in tables_of)
        assert matching.seated <= matching.bound
        assert set(matching.unmatched) == {p.id for p in parties} - set(tables_of)


def test_a_party_is_kept_whole_where_a_flow_would_split_it():
    # Three couples and two tables of three: a flow seats six by splitting a couple over both tables.
    parties = [Request(name, HERNING, needs=2) for name in ("a", "b", "c")]
    tables = [Offer("one", HERNING, capacity=3), Offer("two", HERNING, capacity=3)]
    assert flow_bound(parties, tables) == 6
    matching = match_parties(parties, tables)
    assert matching.seated == 4 and matching.optimal and len(matching.unmatched) == 1
    assert matching.bound == 4  # CP-SAT's own bound, tighter than the flow's where no component was cut


def test_parties_seat_the_most_people_optimally():
    # First come: the couple takes the big table nearest to them, and the family of five has nowhere to go.
    parties = [Request("couple", HERNING, needs=2), Request("family", east_of(HERNING, 3), needs=5)]
    tables = [Offer("big", east_of(HERNING, 1), capacity=6), Offer("small", east_of(HERNING, 4), capacity=2)]
    assert greedy(parties, tables).seated == 2
    matching = match_parties(parties, tables)
    assert matching.seated == 7 and matching.optimal and matching.seated_optimal
    assert pairs(matching) == {("couple", "small"), ("family", "big")}


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        match_parties([Request("nobody", HERNING, needs=0)], [Offer("table", HERNING, capacity=4)])
    with pytest.raises(ValueError):
        match_parties([Request("party", HERNING, needs=2)], [Offer("table", HERNING, capacity=-1)])
    with pytest.raises(ValueError):
        match_one_to_many([Request("party", HERNING, needs=3)], [Offer("table", HERNING, capacity=4)])


def test_a_party_larger_than_any_table_is_left_unmatched():
    matching = match_parties([Request("eight", HERNING, needs=8)], [Offer("six", HERNING, capacity=6)])
    assert matching.matched == 0 and matching.unmatched == ["eight"] and matching.bound == 0


@pytest.mark.parametrize("match", [match_one_to_many, match_parties, greedy])
def test_empty_inputs(match):
    for requests, offers in (([], []), ([Request("alone", HERNING)], []), ([], [Offer("alone", HERNING)])):
        matching = match(requests, offers)
        assert matching.proposals == [] and matching.matched == 0 and matching.seated == 0
        assert matching.unmatched == [r.id for r in requests]


def _seating(picked, cand, needs, seats):
    """The seated parties of a local search's seating, checked: one table each, no table over its seats."""
    parties = [int(cand.request[arc]) for arc in picked]
    assert len(parties) == len(set(parties))
    used = Counter()
    for arc in picked:
        used[int(cand.offer[arc])] += int(needs[cand.request[arc]])
    assert all(used[table] <= seats[table] for table in used)
    return set(parties)


def test_the_hint_seats_a_party_by_a_chain_of_moves():
    # Three tables of one seat. Anna sits at A (she could sit at B), Bo at B (he could sit at C), C is empty, and
    # Carl can only sit at A: seating him takes two moves, Bo to C and then Anna to B.
    anna, bo, carl = 0, 1, 2
    a, b, c = 0, 1, 2
    arcs = [(anna, a), (anna, b), (bo, b), (bo, c), (carl, a)]
    cand = Candidates(
        np.array([r for r, _ in arcs]), np.array([o for _, o in arcs]), np.zeros(len(arcs)), np.ones(len(arcs), bool)
    )
    needs, seats = np.ones(3, dtype=np.int64), np.ones(3, dtype=np.int64)
    start = [0, 2]  # Anna at A, Bo at B
    assert _seating(_make_room(cand, needs, seats, start), cand, needs, seats) == {anna, bo, carl}
    # With no effort to spend beyond Carl's own table, only Anna may move, and B has no room for her.
    assert _seating(_make_room(cand, needs, seats, start, effort=0), cand, needs, seats) == {anna, bo}


def test_the_hints_local_search_never_splits_overfills_or_seats_fewer():
    for seed in range(8):
        rng = random.Random(seed)
        parties = [
            Request(n, east_of(IKAST, rng.uniform(0, 30)), needs=rng.randint(1, 6), max_distance_km=8)
            for n in range(rng.randint(40, 150))
        ]
        tables = [Offer(n, east_of(IKAST, rng.uniform(0, 30)), capacity=rng.randint(1, 8)) for n in range(40)]
        cand = candidates(parties, tables, k=8)
        needs = np.array([p.needs for p in parties], dtype=np.int64)
        seats = np.array([t.capacity for t in tables], dtype=np.int64)
        start = _place(cand, needs, seats.copy(), list(range(len(parties))))
        before = _seating(start, cand, needs, seats)
        improved = _make_room(cand, needs, seats, start)
        after = _seating(improved, cand, needs, seats)
        assert sum(needs[p] for p in after) >= sum(needs[p] for p in before)
        assert sum(needs[p] for p in after) <= flow_bound(parties, tables, cand=cand)
        regrouped = _regroup(cand, needs, seats, improved)
        _seating(regrouped, cand, needs, seats)  # valid: one table each, none over its seats
        assert _worth(cand, needs, regrouped) >= _worth(cand, needs, improved)


def test_regrouping_swaps_parties_of_one_size_and_fills_free_seats():
    # Two couples each at the other's better table (no table has room, so neither can simply move), and a
    # single who fits in a free seat.
    ane, bent, single = 0, 1, 2
    x, y, z = 0, 1, 2
    arcs = [(ane, x, 5.0), (ane, y, 1.0), (bent, x, 1.0), (bent, y, 5.0), (single, z, 2.0)]
    cand = Candidates(
        np.array([r for r, _, _ in arcs]),
        np.array([o for _, o, _ in arcs]),
        np.array([s for _, _, s in arcs], dtype=np.float32),
        np.ones(len(arcs), bool),
    )
    needs, seats = np.array([2, 2, 1], dtype=np.int64), np.array([2, 2, 1], dtype=np.int64)
    regrouped = _regroup(cand, needs, seats, [1, 2])  # Ane at Y, Bent at X
    assert sorted(regrouped) == [0, 3, 4]
    assert _worth(cand, needs, regrouped) == (5, 12.0)

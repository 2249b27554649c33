"""The one matching engine of Sammen's matching programmes (visiting friends, Christmas friends and any later one):
sparse candidates, explainable scores and optimal assignments. Pure computation on plain dataclasses, no models;
see ``sammen.matching.engine``."""

from sammen.matching.engine import (
    IN_PERSON,
    Matching,
    Offer,
    Part,
    Proposal,
    Request,
    Weights,
    candidates,
    explain,
    flow_bound,
    greedy,
    match_one_to_many,
    match_parties,
)

__all__ = [
    "IN_PERSON",
    "Matching",
    "Offer",
    "Part",
    "Proposal",
    "Request",
    "Weights",
    "candidates",
    "explain",
    "flow_bound",
    "greedy",
    "match_one_to_many",
    "match_parties",
]

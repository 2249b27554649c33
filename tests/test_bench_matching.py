"""`sammen bench matching` at a tiny scale: every figure line of the three campaigns prints, and the Christmas
campaigns split no party and fill no table over its seats."""

import io
import re

from django.core.management import call_command


def test_the_matching_bench_prints_every_figure():
    out = io.StringIO()
    call_command(
        "bench",
        "matching",
        "--requests",
        "300",
        "--volunteers",
        "80",
        "--hosts",
        "40",
        "--parties",
        "60",
        "--small",
        "30",
        "--candidates",
        "10",
        stdout=out,
    )
    text = out.getvalue()
    assert re.search(r"visiting friends: 300 requests × 80 volunteers .*≤ 10 candidates each", text)
    assert re.search(r"time [\d.]+ s \(candidates [\d.]+ s, flow [\d.]+ s\), [\d,]+ arcs, [\d,]+ components", text)
    assert re.search(r"matched [\d,]+ \([\d.]+ % of requests\), optimal; greedy [\d,]+ .*; bound [\d,]+", text)
    for campaign, parties in (("national Christmas", 60), ("municipality Christmas", 30)):
        block = text[text.index(campaign + ":") :]
        assert re.match(rf"{campaign}: \d+ hosts \([\d,]+ seats\) × {parties} parties \([\d,]+ people\)", block)
        assert re.search(r"time [\d.]+ s, [\d,]+ arcs, \d+ clusters, (optimal|seated optimal|feasible)", block)
        assert re.search(r"seated [\d,]+ people \([\d.]+ % of bound [\d,]+, gap [\d.]+ %\); greedy", block)
        assert "parties split 0, seats over capacity 0" in block

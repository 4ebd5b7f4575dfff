"""Generated Guangzhou stations for the benchmark: seeded, realistic, reproducible.

Input: a seed and a count. Output: fact mappings shaped exactly as `tomllib` reads a
fact file (numbers as `Decimal`, dates as `datetime.date`), and `write_toml` to put
them in files. Realistic means what the domain README describes: 1 to 6 service
areas, the twelve contract indicators of the Luopu report, both phases, a few vetoes
hit, some facts missing (whole compliance answers, optional facts, an indicator's
target), a few zero targets, percentages written both as `0.85` and as `"85%"`, and a
declared total/grade on some stations (sometimes disagreeing, as in the Luopu report).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import tomli_w

AREAS = ["六社片区", "丽锦片区", "东西片区", "南村片区", "北亭片区", "新造片区", "石楼片区", "化龙片区"]
DISTRICTS = ["番禺区", "海珠区", "天河区", "白云区", "黄埔区", "花都区", "南沙区", "从化区", "增城区", "越秀区",
             "荔湾区"]
# The twelve indicators of the Luopu report, with a typical annual target.
INDICATORS = [
    ("家访", "人次", 1500), ("电访", "人次", 1500), ("个案接案", "个", 60), ("个案节数", "节", 56),
    ("小组", "个", 18), ("小组节数", "节", 90), ("小组服务人次", "人次", 450), ("社区活动", "次", 64),
    ("社区活动服务人次", "人次", 1280), ("培育志愿者", "名", 100), ("志愿者骨干", "名", 36), ("志愿者队伍", "支", 5),
]
COMPLIANCE_FLAGS = ["non_social_workers_in_posts", "rectification_failed", "professional_evaluation_failed",
                    "financial_evaluation_failed", "serious_violation"]
CENT = Decimal("0.01")


def _score(rng: random.Random, maximum: int, low: float = 0.6) -> Decimal:
    """A score out of `maximum`, two decimals, mostly between low*maximum and maximum."""
    x = rng.betavariate(6, 1.6) * (1 - low) + low if rng.random() > 0.05 else rng.random()
    return (Decimal(maximum) * Decimal(repr(round(x, 6)))).quantize(CENT, ROUND_HALF_UP).normalize() + 0


def station(rng: random.Random, i: int) -> dict[str, Any]:
    phase = rng.choice(["midterm", "final"])
    start = dt.date(2024, 8, 6)
    end = dt.date(2025, 1, 31) if phase == "midterm" else dt.date(2025, 8, 5)
    facts: dict[str, Any] = {
        "station": {
            "name": f"第{i + 1}号社工服务站", "district": rng.choice(DISTRICTS),
            "operator": f"第{i % 97 + 1}社会工作服务中心",
            "phase": phase, "period_start": start, "period_end": end,
            "contract_start": start, "contract_end": dt.date(2025, 8, 5),
            "budget": Decimal(rng.randrange(150, 300)) * 10000,
        },
        "scores": {
            "service_monitoring": _score(rng, 10), "service_outcomes": _score(rng, 15), "operations": _score(rng, 10),
            "service_quality": [{"area": area, "score": _score(rng, 20)}
                                for area in rng.sample(AREAS, rng.randint(1, 6))],
            "purchaser": _score(rng, 20), "supervision_centre": _score(rng, 15), "civil_affairs": _score(rng, 10),
        },
        "compliance": {
            "non_social_workers_in_posts": False, "staffing_shortfall": 0, "certified_shortfall": 0,
            "personnel_spending_ratio": Decimal(rng.randrange(79, 96)) / 100, "rectification_failed": False,
            "professional_evaluation_failed": False, "financial_evaluation_failed": False, "serious_violation": False,
        },
        "indicators": [],
        "staff": {"continuing_education_hours": Decimal(rng.randrange(600, 760)),
                  "continuing_education_required_hours": Decimal(720)},
        "survey": {"respondents": rng.randrange(60, 200)},
    }
    comp = facts["compliance"]
    limit = 5 if phase == "midterm" else 10
    comp["staffing_shortfall"] = rng.choice([0, 0, 0, 1, 2, 3, limit - 1, limit]) if rng.random() < 0.5 else 0
    comp["certified_shortfall"] = rng.choice([0, 0, 1, 2, limit // 2 + 1]) if rng.random() < 0.4 else 0
    for flag in COMPLIANCE_FLAGS:
        comp[flag] = rng.random() < 0.01
    if rng.random() < 0.2:
        comp["personnel_spending_ratio"] = f"{comp['personnel_spending_ratio'] * 100:f}%"
    # Missing facts: a station whose compliance answers were not all filled in, as in Luopu.
    if rng.random() < 0.12:
        for key in rng.sample(sorted(comp), rng.randint(1, len(comp))):
            del comp[key]
    if rng.random() < 0.02:
        del facts["compliance"]
    if rng.random() < 0.6:
        facts["staff"]["retention_rate"] = Decimal(rng.randrange(60, 100)) / 100
    if rng.random() < 0.5:
        facts["survey"]["population"] = rng.randrange(40, 400)
    if rng.random() < 0.02:
        del facts["scores"]["operations"]
    for name, unit, target in INDICATORS:
        row: dict[str, Any] = {"name": name, "unit": unit, "actual": Decimal(int(target * rng.uniform(0.3, 3)))}
        roll = rng.random()
        if roll < 0.03:
            row["target"] = Decimal(0)
        elif roll > 0.97:
            pass  # target not known (the Luopu report's 个案节数)
        else:
            row["target"] = Decimal(target)
        facts["indicators"].append(row)
    if rng.random() < 0.3:
        s = facts["scores"]
        quality = sum((a["score"] for a in s["service_quality"]), Decimal(0)) / len(s["service_quality"])
        quality = quality.quantize(CENT, ROUND_HALF_UP)
        parts = [s.get("service_monitoring"), s["service_outcomes"], s.get("operations", Decimal(0)), quality,
                 s["purchaser"], s["supervision_centre"], s["civil_affairs"]]
        total = sum(parts, Decimal(0)) + (1 if rng.random() < 0.2 else 0)
        grade = "优秀" if total >= 90 else "良好" if total >= 80 else "合格" if total >= 60 else "不合格"
        facts["declared"] = {"total": total, "grade": grade, "service_quality": quality}
    return facts


def stations(n: int, seed: int = 20250131) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [station(rng, i) for i in range(n)]


def iter_stations(n: int, seed: int = 20250131) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(n):
        yield station(rng, i)


def write_toml(folder: Path, n: int, seed: int = 20250131) -> list[Path]:
    """Write n stations as TOML fact files; return their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, facts in enumerate(iter_stations(n, seed)):
        path = folder / f"station-{i:05d}.toml"
        path.write_text(tomli_w.dumps(facts), encoding="utf-8")
        paths.append(path)
    return paths

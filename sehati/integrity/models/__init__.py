"""Integrity measurement (issue #7 points 2-3): the register of published scores
(`scores.py`) and action plans (`plans.py`). Each module lists its models here."""

from sehati.integrity.models.plans import ActionPlan, ActionPlanLink, ActionPlanUpdate
from sehati.integrity.models.scores import IntegrityScore, ScoreImport

__all__ = ["ActionPlan", "ActionPlanLink", "ActionPlanUpdate", "IntegrityScore", "ScoreImport"]

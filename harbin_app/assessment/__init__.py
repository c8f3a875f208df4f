"""中小企业数字化水平自测（2024年版）: indicator data and pure scoring functions."""

from .indicators import Dimension, Field, Group, Indicators, Item, Level, Option, Scene, level_name, load_indicators
from .scoring import (
    DimensionScore,
    GroupScore,
    InvalidAnswers,
    ItemScore,
    Result,
    format_points,
    progress,
    score,
    validate_answers,
)

__all__ = [
    "Dimension",
    "DimensionScore",
    "Field",
    "Group",
    "GroupScore",
    "Indicators",
    "InvalidAnswers",
    "Item",
    "ItemScore",
    "Level",
    "Option",
    "Result",
    "Scene",
    "format_points",
    "level_name",
    "load_indicators",
    "progress",
    "score",
    "validate_answers",
]

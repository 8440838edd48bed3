"""A realistic, deterministic demo district written as exports that follow the contract."""

from .generator import GenerationSummary, generate_district

__all__ = ["GenerationSummary", "generate_district"]

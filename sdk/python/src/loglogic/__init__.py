"""LogLogic-compatible client for Eventlane."""

from .client import LogLogic

__all__ = ["LogLogic"]
__version__ = "0.1.0"

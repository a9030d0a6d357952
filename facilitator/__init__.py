"""Cluster Facilitator: participatory workshops to a cluster competitiveness plan, offline."""

__version__ = "0.1.0"

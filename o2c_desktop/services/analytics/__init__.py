"""Analytics over the warehouse: reconciliation chain, receivables, contract balances and
logistics KPIs, each computable as of a past date (see views.py for how)."""

from o2c_desktop.services.analytics.asof import Cut, make_cut, relation
from o2c_desktop.services.analytics.report import Report, export, parse_filters, records

__all__ = ["Cut", "Report", "export", "make_cut", "parse_filters", "records", "relation"]

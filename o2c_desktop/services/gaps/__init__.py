"""Invoice sequence gaps (DOMAIN §8): engine, ledger, periods and reports."""

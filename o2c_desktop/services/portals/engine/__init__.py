"""The one engine that runs every portal recipe in a real browser (see ``portals``)."""

"""The application layer: what a user action means, decided once for every front end.

The CLI (``o2c_desktop.cli``) and the window (``o2c_desktop.ui``) parse what the user typed or
picked and render what comes back; in between, one module per family of actions turns those
choices into the services' questions (which period, which as-of instant, team or local read)
and answers with typed results. The modules take their inputs explicitly (settings, paths,
warehouse access), never import Qt, the CLI or the UI, and are not imported by the services.
"""

"""``python -m planmodel`` runs the command-line interface."""

from .cli import main

main()

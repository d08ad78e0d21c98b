"""``python -m planmodel`` runs the command-line interface."""

from .cli import main

if __name__ == "__main__":  # report workers import the main module: it must not run the CLI again
    main()

"""``python -m planmodel`` runs the command-line interface (via :mod:`planmodel.launch`)."""

from .launch import main

if __name__ == "__main__":  # report workers import the main module: it must not run the CLI again
    main()

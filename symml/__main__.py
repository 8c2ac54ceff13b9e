"""``python -m symml`` is the ``symml`` command."""

from symml.cli import main

if __name__ == "__main__":
    main()

"""Side-by-side timings of symml against raw SymPy / sympy.stats, printed as ratios.

Run all with ``python -m benchmarks``, or some with ``python -m benchmarks identity losses``.
Each ``bench_<name>.py`` module defines ``main() -> None`` that prints its own table.
"""

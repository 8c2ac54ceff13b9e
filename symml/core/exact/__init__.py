"""The exact-decision kernel: signs of numbers and expressions, parameter cells, witnesses.

Nothing else in symml decides a sign (see DESIGN.md); the modules here are being merged
into one kernel (issue: one exact-decision kernel).
"""

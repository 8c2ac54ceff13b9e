"""The named functions of the convexity tests and benchmark, with their known curvature.

Each entry: (name, f, variables, domain, assumptions, expected), where ``expected`` is a
curvature string for parameter-free functions, or a dict {parameter value: curvature}
checked through ``Cases.where``.  Known closed forms from Boyd & Vandenberghe, ch. 3.
"""

from __future__ import annotations

import sympy as sp

x, y, z = sp.symbols("x y z")
a = sp.Symbol("a")
p = sp.Symbol("p")
SC, C, AF, CC, SCC, N = "strictly convex", "convex", "affine", "concave", "strictly concave", "neither"

SUITE = [
    # the notes' list (Section 2.3), with the notes' domains and parameter ranges
    ("x^2", x**2, [x], None, None, SC),
    ("exp(a x)", sp.exp(a * x), [x], None, None, {-2: SC, 0: AF, 3: SC}),
    ("-log x", -sp.log(x), [x], x > 0, None, SC),
    ("x^a, a>1", x**a, [x], x > 0, a > 1, {2: SC, sp.Rational(3, 2): SC, 7: SC}),
    ("|x|^a, a>=1", sp.Abs(x) ** a, [x], None, a >= 1, {1: C, 2: SC, sp.Rational(5, 2): SC}),
    ("x log x", x * sp.log(x), [x], x > 0, None, SC),
    # x^a on x > 0 over every a
    ("x^a all a", x**a, [x], x > 0, None, {-1: SC, 0: AF, sp.Rational(1, 2): SCC, 1: AF, 3: SC}),
    # one variable
    ("x^4", x**4, [x], None, None, SC),
    ("x^3", x**3, [x], None, None, N),
    ("x^3 on x>0", x**3, [x], x > 0, None, SC),
    ("x^3 on x<0", x**3, [x], x < 0, None, SCC),
    ("|x|^3", sp.Abs(x) ** 3, [x], None, None, SC),
    ("|x|", sp.Abs(x), [x], None, None, C),
    ("sqrt|x|", sp.sqrt(sp.Abs(x)), [x], None, None, N),
    ("sin", sp.sin(x), [x], None, None, N),
    ("sin on (0,pi)", sp.sin(x), [x], [x > 0, x < sp.pi], None, SCC),
    ("cos", sp.cos(x), [x], None, None, N),
    ("exp", sp.exp(x), [x], None, None, SC),
    ("exp(-x)", sp.exp(-x), [x], None, None, SC),
    ("exp(x^2)", sp.exp(x**2), [x], None, None, SC),
    ("exp(-x^2)", sp.exp(-(x**2)), [x], None, None, N),
    ("log x", sp.log(x), [x], x > 0, None, SCC),
    ("log(1+x)", sp.log(1 + x), [x], x > -1, None, SCC),
    ("sqrt x", sp.sqrt(x), [x], x > 0, None, SCC),
    ("1/x on x>0", 1 / x, [x], x > 0, None, SC),
    ("1/x on x<0", 1 / x, [x], x < 0, None, SCC),
    ("logistic loss", sp.log(1 + sp.exp(-x)), [x], None, None, SC),
    ("softplus", sp.log(1 + sp.exp(x)), [x], None, None, SC),
    ("sigmoid", 1 / (1 + sp.exp(-x)), [x], None, None, N),
    ("x", x, [x], None, None, AF),
    ("3x-2", 3 * x - 2, [x], None, None, AF),
    ("constant", sp.Integer(5), [x], None, None, AF),
    ("-x^2", -(x**2), [x], None, None, SCC),
    ("x^4 - x^2", x**4 - x**2, [x], None, None, N),
    ("x^2/4 + sin", x**2 / 4 + sp.sin(x), [x], None, None, N),
    ("x^2/2 + sin", x**2 / 2 + sp.sin(x), [x], None, None, SC),
    ("x^2 + sin/2", x**2 + sp.sin(x) / 2, [x], None, None, SC),
    ("cosh", sp.cosh(x), [x], None, None, SC),
    ("x^6 + x^2", x**6 + x**2, [x], None, None, SC),
    ("x exp x", x * sp.exp(x), [x], None, None, N),
    ("x^-2 on x>0", x**-2, [x], x > 0, None, SC),
    ("sqrt(1+x^2)", sp.sqrt(1 + x**2), [x], None, None, SC),
    ("max(x, -x, 1)", sp.Max(x, -x, 1), [x], None, None, C),
    ("max(x^2, x)", sp.Max(x**2, x), [x], None, None, C),
    ("min(x, 1-x)", sp.Min(x, 1 - x), [x], None, None, CC),
    ("entropy", -x * sp.log(x), [x], x > 0, None, SCC),
    ("x^(1/3) on x>0", x ** sp.Rational(1, 3), [x], x > 0, None, SCC),
    ("log(x)^2 on x>1", sp.log(x) ** 2, [x], x > 1, None, N),
    ("(a x)^2", (a * x) ** 2, [x], None, None, {0: AF, 2: SC, -1: SC}),
    ("a x^2", a * x**2, [x], None, None, {-1: SCC, 0: AF, 1: SC}),
    ("x^3 + a x", x**3 + a * x, [x], None, None, {-1: N, 0: N, 2: N}),
    # several variables
    ("x^2 + y^2", x**2 + y**2, [x, y], None, None, SC),
    ("x y", x * y, [x, y], None, None, N),
    ("x^2 + x y + y^2", x**2 + x * y + y**2, [x, y], None, None, SC),
    ("x^2 + 3 x y + y^2", x**2 + 3 * x * y + y**2, [x, y], None, None, N),
    ("(x-y)^2", (x - y) ** 2, [x, y], None, None, C),
    ("log-sum-exp 2", sp.log(sp.exp(x) + sp.exp(y)), [x, y], None, None, C),
    ("log-sum-exp 3", sp.log(sp.exp(x) + sp.exp(y) + sp.exp(z)), [x, y, z], None, None, C),
    ("quad over lin", x**2 / y, [x, y], y > 0, None, C),
    ("geometric mean", sp.sqrt(x * y), [x, y], [x > 0, y > 0], None, CC),
    ("neg entropy 2", x * sp.log(x) + y * sp.log(y), [x, y], [x > 0, y > 0], None, SC),
    ("|Ax-b|^2", (x + 2 * y - 1) ** 2 + (3 * x - y) ** 2, [x, y], None, None, SC),
    ("|Ax-b|^2 rank 1", (x + y - 1) ** 2 + (2 * x + 2 * y) ** 2, [x, y], None, None, C),
    ("Rosenbrock", (1 - x) ** 2 + 100 * (y - x**2) ** 2, [x, y], None, None, N),
    ("norm", sp.sqrt(x**2 + y**2), [x, y], None, None, C),
    ("max(x,y)", sp.Max(x, y), [x, y], None, None, C),
    ("exp(x+y)", sp.exp(x + y), [x, y], None, None, C),
    ("x^4 + y^4", x**4 + y**4, [x, y], None, None, SC),
    ("|x| + |y|", sp.Abs(x) + sp.Abs(y), [x, y], None, None, C),
    ("x^2 - y^2", x**2 - y**2, [x, y], None, None, N),
    ("-x^2 - y^2", -(x**2) - y**2, [x, y], None, None, SCC),
    ("log x + log y", sp.log(x) + sp.log(y), [x, y], [x > 0, y > 0], None, SCC),
    ("x y on x,y>0", x * y, [x, y], [x > 0, y > 0], None, N),
    ("logistic 2", sp.log(1 + sp.exp(-(x + 2 * y))), [x, y], None, None, C),
    ("x^2 + y^2 + z^2", x**2 + y**2 + z**2, [x, y, z], None, None, SC),
    ("x + y + z", x + y + z, [x, y, z], None, None, AF),
    (
        "(p-1)x^2+(p+1)y^2",
        (p - 1) * x**2 + (p + 1) * y**2,
        [x, y],
        None,
        None,
        {-2: SCC, -1: CC, 0: N, 1: C, 2: SC},
    ),
    ("exp(x) + y^2 on disc", sp.exp(x) + y**2, [x, y], [x**2 + y**2 < 1], None, SC),
    ("x/y on y>0", x / y, [x, y], y > 0, None, N),
]

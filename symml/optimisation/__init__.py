"""Chapter 2 of the notes: losses, calculus, stationary points, convexity, methods."""

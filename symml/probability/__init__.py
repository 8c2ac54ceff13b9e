"""Chapter 3 of the notes: finite probability spaces, events and random variables."""

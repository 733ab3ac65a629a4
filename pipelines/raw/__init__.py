"""raw stage."""

"""Marts, the figures every output reads; the analysts' snapshot, national export and schema doc made from them."""

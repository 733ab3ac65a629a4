"""Transform stage: raw cells mapped to canonical fields, each distinct value parsed once, typed staging rows."""

"""Development tools: the demo data (``sammen demo_data``, ``sammen demo_totp``) and the benchmarks
(``sammen bench …``). The top layer: it uses every app through its services, and nothing imports it."""

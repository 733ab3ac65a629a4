"""The bundled demo: realistic form exports of five Kanim and their truth, simulated from the tables in data/.

`tables` reads data/; `records` holds the simulated world; `people`, `stays` and `alerts` simulate an
office's foreigners and `simulate` adds the public's complaints; `spelling` and `forms` write it all
down as people type; `generate` writes the sheets and truth.csv.
"""

from pipelines.demo.generate import DemoManifest, generate_demo

__all__ = ["DemoManifest", "generate_demo"]

"""The bundled demo: realistic form exports of five Kanim, their truth, and a large benchmark file."""

from pipelines.demo.generate import DemoManifest, generate_demo, rows_for_benchmark

__all__ = ["DemoManifest", "generate_demo", "rows_for_benchmark"]

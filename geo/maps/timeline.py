"""folium's ``Timeline`` and ``TimelineSlider`` (leaflet.timeline) without ``folium.plugins``.

``from folium.plugins import Timeline`` runs ``folium/plugins/__init__.py``, which imports all
forty-odd plugins and compiles each one's Jinja template: a fifth of a second of every
``territory run`` (and of every map drawn) for two classes. Their module is loaded here from
its file under a private name instead; it imports only folium's core, which the map imports
anyway. The classes are folium's own code, so the page is the same; when the file is not where
folium 0.15+ keeps it, or ``folium.plugins`` is loaded already, the plugin package's are used.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import folium


def _timeline_module() -> ModuleType:
    if "folium.plugins" not in sys.modules:
        path = Path(folium.__file__).parent / "plugins" / "timeline.py"
        spec = importlib.util.spec_from_file_location(f"{__name__}._folium", path) if path.is_file() else None
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            if hasattr(module, "Timeline") and hasattr(module, "TimelineSlider"):
                return module
    from folium.plugins import timeline

    return timeline


_module = _timeline_module()
Timeline = _module.Timeline
TimelineSlider = _module.TimelineSlider

__all__ = ["Timeline", "TimelineSlider"]

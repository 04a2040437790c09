"""What every page needs: the services, the event bus and the current look."""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.app import AppServices
from studyapp.content.local_images import media_dir
from studyapp.content.render import AnswerRenderer, library_renderer
from studyapp.content.render_cache import RenderCache
from studyapp.content.theme import Theme
from studyapp.paths import RENDER_CACHE_FOLDER, prerendered_dir
from studyapp.ui.events import EventBus


@dataclass
class UiContext:
    services: AppServices
    bus: EventBus
    theme: Theme
    renderer: AnswerRenderer

    def set_theme(self, theme: Theme, font_px: float) -> None:
        self.theme = theme
        self.renderer = make_renderer(self.services, theme, font_px)


def make_renderer(services: AppServices, theme: Theme, font_px: float) -> AnswerRenderer:
    cache = RenderCache(
        services.data_dir / "cache" / RENDER_CACHE_FOLDER,
        seed=prerendered_dir() / RENDER_CACHE_FOLDER,
    )
    renderer = library_renderer(
        services.content_root, services.library.questions, theme, font_px, cache
    )
    renderer.media_dir = media_dir(services.data_dir)
    return renderer

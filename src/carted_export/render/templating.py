"""The Jinja environment (templates, autoescape, UI translations) and page rendering.

Templates are the built-in ones shipped in the package, except those the project overrides:
a file in the project's ``templates/`` replaces the built-in file of the same name, as in
MkDocs and Sphinx.  The overrides travel with each job as text, so a worker reads nothing
from the project's disk.  Environments are cached per overrides and translations, so a
worker compiles each template once per locale, not once per document.
"""

from __future__ import annotations

import base64
import enum
import functools
import gettext
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from carted_export.config import BUILTIN_TEMPLATES, RenderContext
from carted_export.document import ImageData, Text
from carted_export.render.context import PageContext, lang_attrs

#: The language of the interface strings' msgids (what a label without translation shows).
UI_SOURCE_LANGUAGE = "en"
_Gettext = Callable[[str], Markup]
_Ngettext = Callable[[str, str, int], Markup]

#: Stylesheets per output, in cascade order (all rendered through Jinja from templates/css/).
STYLESHEETS: dict[str, tuple[str, ...]] = {
    "html": ("css/base.css", "css/screen.css"),
    "pdf": ("css/base.css", "css/print.css"),
    "epub": ("css/base.css", "css/epub.css"),
}


class Flavor(enum.StrEnum):
    """How the one document template is serialized."""

    HTML = "html"  # standalone HTML5 page, CSS inline
    PDF = "pdf"  # HTML5 page for WeasyPrint, print CSS inline
    EPUB = "epub"  # XHTML content document, CSS linked


Templates = tuple[tuple[str, str], ...]


def template_loader(overrides: Templates) -> jinja2.BaseLoader:
    """The project's overrides by name first, then the built-in templates."""
    return jinja2.ChoiceLoader(
        [jinja2.DictLoader(dict(overrides)), jinja2.FileSystemLoader(BUILTIN_TEMPLATES)]
    )


def template_text(overrides: Templates, name: str) -> str:
    """The source of template ``name``: the project's override, else the built-in file."""
    return dict(overrides).get(name) or (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")


def read_overrides(folder: Path | None) -> Templates:
    """Every file of a project's templates folder, by its name relative to the folder."""
    if folder is None or not folder.is_dir():
        return ()
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return tuple(
        (path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8")) for path in files
    )


#: No interface translation: labels show their English msgids.
_NO_TRANSLATIONS = gettext.NullTranslations()


def jinja_environment(
    overrides: Templates = (),
    ui: gettext.NullTranslations | None = None,
    lang: str = UI_SOURCE_LANGUAGE,
) -> jinja2.Environment:
    """The one Jinja environment every page is rendered with (documents, their stylesheets,
    the download page, the readability report): the project's ``overrides`` over the
    built-in templates, autoescaped, strict, and the ``ui`` translations installed for a
    page in ``lang``.  Cached, so each template compiles once per overrides and locale."""
    return _environment(overrides, ui or _NO_TRANSLATIONS, lang)


def environment(ctx: RenderContext) -> jinja2.Environment:
    return jinja_environment(ctx.templates, ctx.ui, ctx.lang_tag)


def _labels(ui: gettext.NullTranslations, lang: str) -> tuple[_Gettext, _Ngettext]:
    """``gettext``/``ngettext`` for templates: a label without a usable translation (a
    missing or rejected entry) is shown in English inside ``<span lang="en" dir="ltr">``,
    so screen readers switch voice; where no element can go (an attribute, ``<title>``)
    templates pipe the label through ``|striptags``."""
    translated: frozenset[str] = getattr(ui, "translated", frozenset())
    attributes = lang_attrs(Text("label", UI_SOURCE_LANGUAGE), lang)

    def mark(message: str, text: str) -> Markup:
        if not attributes or message in translated:
            return escape(text)
        return Markup("<span{}>{}</span>").format(attributes, text)

    return (
        lambda message: mark(message, ui.gettext(message)),
        lambda singular, plural, n: mark(singular, ui.ngettext(singular, plural, n)),
    )


@functools.lru_cache(maxsize=32)
def _environment(
    overrides: Templates, ui: gettext.NullTranslations, lang: str
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=template_loader(overrides),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2", "xhtml")),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Jinja marks translated UI strings as safe markup; a catalog is data, so escape it first.
    label, labels = _labels(ui, lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=label, ngettext=labels, newstyle=True
    )
    return env


def render_css(env: jinja2.Environment, flavor: Flavor, page: PageContext) -> str:
    """The concatenated stylesheets for ``flavor``."""
    variables = page.variables()
    parts = [env.get_template(name).render(variables) for name in STYLESHEETS[flavor.value]]
    return "\n".join(parts)


def data_url(image: ImageData) -> str:
    """The image as a ``data:`` URL: the HTML stays one self-contained file."""
    return f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"


def epub_image_href(image: ImageData) -> str:
    """Where the EPUB packages the image, relative to the content document."""
    return f"images/{image.filename}"


def render_page(
    page: PageContext, ctx: RenderContext, flavor: Flavor, *, css_href: str | None = None
) -> str:
    """Render the document page; CSS is inlined unless ``css_href`` links a stylesheet."""
    env = environment(ctx)
    variables = page.variables(
        flavor=flavor.value,
        css_href=css_href,
        image_src=epub_image_href if flavor is Flavor.EPUB else data_url,
        css="" if css_href else render_css(env, flavor, page),
    )
    return env.get_template("document.html.j2").render(variables)

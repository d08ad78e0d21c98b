"""Slides, speaker notes and pictures added to a python-pptx deck without searching the whole package.

python-pptx finds the name of every new notes slide and picture by walking every relationship of
the package (``next_partname``, ``next_image_partname``), looks for an identical picture the same
way, clones the layout's placeholders for every new slide (none, for the blank layout used here)
and, for every notes slide, clones the notes master's placeholders through its proxy objects (an
XPath query per property). For a deck of 20–40 slides that was a quarter of the deck's writing.

:class:`DeckParts` does the same through the same library objects, keeping count instead of
searching: the n-th notes slide is ``notesSlide{n}.xml``, the n-th distinct picture
``image{n}.png``, which is what python-pptx names them in a deck built from its default template
(it starts with neither); shape ids on a slide are counted on from the last (python-pptx's
"turbo add" mode) instead of searched for. Every notes slide is a copy of one that python-pptx
made on a scratch deck before any text went in (:func:`blank_notes`, once per process), and a
shape that is the same on many slides (the rule under each title) is made once and copied. The
parts, their XML and their relationships come out the same as python-pptx's (the tests compare
them).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Length

__all__ = ["DeckParts", "blank_notes"]


@cache
def blank_notes() -> tuple[Any, int]:
    """A new notes slide as python-pptx makes it, before any text, and where its text goes.

    Returns the ``p:notes`` element (the default notes master's slide image, body and slide number
    placeholders, cloned through python-pptx on a scratch deck) and the index, in its shape tree,
    of the body placeholder that takes the notes text. Made once per process; never modified.
    """
    scratch = Presentation()
    notes = scratch.slides.add_slide(scratch.slide_layouts[6]).notes_slide
    placeholder = notes.notes_placeholder
    assert placeholder is not None
    return deepcopy(notes._element), list(notes.shapes._spTree).index(placeholder._element)


class DeckParts:
    """Adds blank slides, notes and pictures to the python-pptx ``presentation``.

    Use one instance for everything added to a deck, and add notes and pictures only through it
    (it counts what it has added).
    """

    def __init__(self, presentation: Any, layout: int = 6) -> None:
        self.presentation = presentation
        self.package = presentation.part.package
        self.layout = presentation.slide_layouts[layout]
        self._notes = 0
        self._images: dict[str, ImagePart] = {}
        self._shapes: dict[Callable[[Slide], Any], Any] = {}

    def slide(self) -> Slide:
        """A new slide on the blank layout, at the end of the deck.

        ``Slides.add_slide`` without cloning the layout's placeholders: the blank layout's are
        date, footer and slide number, which python-pptx never clones.
        """
        rid, slide = self.presentation.part.add_slide(self.layout)
        self.presentation.slides._sldIdLst.add_sldId(rid)
        slide.shapes.turbo_add_enabled = True  # shape ids counted on, not searched for on every shape
        return slide

    def copy_shape(self, slide: Slide, make: Callable[[Slide], Any]) -> None:
        """Add the shape ``make(slide)`` adds and returns (its element) to ``slide``.

        ``make`` runs once per deck; later slides get a copy of the shape it made, renumbered and
        renamed as python-pptx numbers and names a new shape (``"Connector 2"`` for id 3).
        """
        made = self._shapes.get(make)
        if made is None:
            self._shapes[make] = deepcopy(make(slide))
            return
        shape = deepcopy(made)
        number = slide.shapes._next_shape_id
        props = shape[0][0]  # the ``p:cNvPr`` of the shape's non-visual properties
        props.set("id", str(number))
        props.set("name", f"{props.get('name').rpartition(' ')[0]} {number - 1}")
        slide.shapes._spTree.insert_element_before(shape, "p:extLst")

    def notes(self, slide: Slide, text: str) -> None:
        """Give ``slide`` (which has none yet) speaker notes reading ``text``.

        As ``slide.notes_slide`` makes them: the deck's notes master (made on first use), then a
        notes slide related to it and to ``slide``, with the master's placeholders
        (:func:`blank_notes`), the text in its notes placeholder.
        """
        master = self.presentation.part.notes_master_part
        blank, body = blank_notes()
        self._notes += 1
        name = PackURI(f"/ppt/notesSlides/notesSlide{self._notes}.xml")
        part = NotesSlidePart(name, CT.PML_NOTES_SLIDE, self.package, deepcopy(blank))
        part.relate_to(master, RT.NOTES_MASTER)  # the order of ``NotesSlidePart.new``
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        TextFrame(part._element.cSld.spTree[body].txBody, None).text = text  # type: ignore[arg-type]

    def image(self, path: Path) -> ImagePart:
        """The picture part holding the image file at ``path`` (one part per distinct image)."""
        image = Image.from_file(str(path))
        part = self._images.get(image.sha1)
        if part is None:
            name = PackURI(f"/ppt/media/image{len(self._images) + 1}.{image.ext}")
            part = ImagePart(name, image.content_type, self.package, image.blob, image.filename)
            self._images[image.sha1] = part
        return part

    def picture(self, slide: Slide, part: ImagePart, left: Length, top: Length, width: Length,
                height: Length) -> None:  # fmt: skip
        """Place the picture in ``part`` on ``slide`` (``SlideShapes.add_picture`` after its search)."""
        rid = slide.part.relate_to(part, RT.IMAGE)
        slide.shapes._add_pic_from_image_part(part, rid, left, top, width, height)
